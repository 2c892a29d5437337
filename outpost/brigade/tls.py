"""HQ's own TLS certificate for the inbox server: made once, pinned by stations by its SHA-256."""

from __future__ import annotations

import datetime
import hashlib
import ipaddress
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from outpost.store.files import atomic_write

TLS_CERT = "tls.crt"
TLS_KEY = "tls.key"
VALID_DAYS = 3650


@dataclass(frozen=True)
class TlsFiles:
    """The certificate and key files `uvicorn` serves, and the pin a station checks."""

    cert: Path
    key: Path
    fingerprint: str


def pin_of(der: bytes) -> str:
    """The pin of a certificate: SHA-256 of its DER bytes, 64 lower-case hex digits."""
    return hashlib.sha256(der).hexdigest()


def hq_tls(folder: Path, hq_id: str, now: datetime.datetime) -> TlsFiles:
    """HQ's certificate in `folder`, made on first need (ECDSA P-256, ten years). No CA signs
    it: stations pin its fingerprint (docs/sync-protocol.md, "Transport")."""
    cert_path, key_path = folder / TLS_CERT, folder / TLS_KEY
    if not (cert_path.exists() and key_path.exists()):
        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"outpost-hq {hq_id}")])
        cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=VALID_DAYS))
            .add_extension(
                x509.SubjectAlternativeName(
                    [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
                ),
                critical=False,
            )
            .sign(key, hashes.SHA256())
        )
        pem_key = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        atomic_write(key_path, pem_key)  # 0600: the server reads it at every start
        atomic_write(cert_path, cert.public_bytes(serialization.Encoding.PEM))
    cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
    return TlsFiles(cert_path, key_path, pin_of(cert.public_bytes(serialization.Encoding.DER)))
