"""HQ's key files: Argon2id and ChaCha20-Poly1305, old PEM files re-wrapped, damage refused."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

import pytest
from conftest import HQ_PASSPHRASE, run_cli, run_outpost
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from outpost.errors import InputRefused
from outpost.hq import HqArchive
from outpost.sync.identity import HQ_KEY_FILES, load_hq_keys, raw_public
from outpost.sync.keyfile import TEST_COST, WRAP_COST, KdfCost

Raw = (serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def make_hq(folder: Path) -> Path:
    HqArchive.create(folder, hq_id="alxa-brigade", name="大队", passphrase=HQ_PASSPHRASE).close()
    return folder


def key_fields(path: Path) -> dict[str, Any]:
    fields: dict[str, Any] = json.loads(path.read_bytes())
    return fields


def stated_cost(path: Path) -> KdfCost:
    kdf = key_fields(path)["kdf"]
    return KdfCost(kdf["memory_kib"], kdf["iterations"], kdf["lanes"])


def write_old_pem_keys(folder: Path) -> tuple[Ed25519PrivateKey, X25519PrivateKey]:
    """Replace HQ's key files with PKCS#8 PEM under BestAvailableEncryption, as before issue 9."""
    signing, encryption = Ed25519PrivateKey.generate(), X25519PrivateKey.generate()
    protect = serialization.BestAvailableEncryption(HQ_PASSPHRASE)
    for role, key in (("signing", signing), ("encryption", encryption)):
        pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, protect
        )
        (folder / HQ_KEY_FILES[role]).write_bytes(pem)
    return signing, encryption


def test_new_key_files_state_argon2id_and_hold_no_pem(hq: HqArchive) -> None:
    """A new HQ's key files are format 1 JSON: Argon2id, ChaCha20-Poly1305, salt, nonce, 0600."""
    for role, name in HQ_KEY_FILES.items():
        path = hq.folder / name
        data = path.read_bytes()
        assert b"PRIVATE KEY" not in data
        fields = key_fields(path)
        assert (fields["key_file"], fields["format"], fields["key"]) == ("outpost-hq-key", 1, role)
        assert fields["kdf"]["name"] == "argon2id" and fields["aead"]["name"] == "chacha20-poly1305"
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    salts = {key_fields(hq.folder / name)["kdf"]["salt"] for name in HQ_KEY_FILES.values()}
    assert len(salts) == 2


def test_a_real_outpost_process_wraps_at_the_real_cost_and_rewraps_a_cheap_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`outpost hq init` in a real process states WRAP_COST; a file made at the tests' cost is
    re-wrapped at WRAP_COST by the first real process that unlocks it (a test cost never stays).
    Two real processes at the real cost: about 2 s."""
    monkeypatch.setenv("OUTPOST_HQ_PASSPHRASE", HQ_PASSPHRASE.decode())
    real = tmp_path / "real"
    made = run_outpost("hq", "init", "--id", "alxa-brigade", "--name", "大队", data_dir=real)
    assert made.returncode == 0, made.stderr
    assert stated_cost(real / HQ_KEY_FILES["signing"]) == WRAP_COST
    cheap = make_hq(tmp_path / "cheap")
    signing = cheap / HQ_KEY_FILES["signing"]
    assert stated_cost(signing) == TEST_COST
    before = load_hq_keys(cheap, HQ_PASSPHRASE)
    acked = run_outpost("hq", "ack", "nobody", "--out", str(tmp_path / "a"), data_dir=cheap)
    assert "passphrase" not in acked.stderr
    assert {stated_cost(cheap / name) for name in HQ_KEY_FILES.values()} == {WRAP_COST}
    after = load_hq_keys(cheap, HQ_PASSPHRASE)
    assert raw_public(after.signing.public_key()) == raw_public(before.signing.public_key())
    assert raw_public(after.encryption.public_key()) == raw_public(before.encryption.public_key())


def test_an_old_pem_hq_opens_and_is_rewrapped(tmp_path: Path) -> None:
    """Key files from before (encrypted PEM) open with the passphrase and are then rewritten in
    the new format, whole, holding the same keys; the PEM is gone."""
    folder = make_hq(tmp_path / "hq")
    signing, encryption = write_old_pem_keys(folder)
    result = run_cli("hq", "ack", "no-such-station", "--out", str(tmp_path / "a"),
                     "--passphrase-file", str(passfile(tmp_path)), data_dir=folder)  # fmt: skip
    assert result.returncode != 0 and "wrong passphrase" not in result.stderr
    for name in HQ_KEY_FILES.values():
        data = (folder / name).read_bytes()
        assert b"ENCRYPTED PRIVATE KEY" not in data and b"-----BEGIN" not in data
        assert key_fields(folder / name)["kdf"]["name"] == "argon2id"
        assert stat.S_IMODE((folder / name).stat().st_mode) == 0o600
    assert sorted(p.name for p in folder.iterdir() if p.name.endswith(".key")) == sorted(
        HQ_KEY_FILES.values()
    )  # no temporary file left beside them
    keys = load_hq_keys(folder, HQ_PASSPHRASE)
    assert raw_public(keys.signing.public_key()) == raw_public(signing.public_key())
    assert raw_public(keys.encryption.public_key()) == raw_public(encryption.public_key())


def passfile(tmp_path: Path, text: str = HQ_PASSPHRASE.decode()) -> Path:
    path = tmp_path / "pass.txt"
    path.write_text(text + "\n", encoding="utf-8")
    return path


def test_an_old_pem_hq_with_a_wrong_passphrase_stays_as_it_was(tmp_path: Path) -> None:
    """A wrong passphrase on old key files: one line, exit 3, the PEM files untouched."""
    folder = make_hq(tmp_path / "hq")
    write_old_pem_keys(folder)
    before = {name: (folder / name).read_bytes() for name in HQ_KEY_FILES.values()}
    result = run_cli("hq", "ack", "no-such-station", "--out", str(tmp_path / "a"),
                     "--passphrase-file", str(passfile(tmp_path, "not-the-passphrase")),
                     data_dir=folder)  # fmt: skip
    assert result.returncode == 3
    assert result.stderr.count("\n") == 1 and "wrong passphrase" in result.stderr
    assert {name: (folder / name).read_bytes() for name in HQ_KEY_FILES.values()} == before


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_wrong_passphrase_is_one_line_and_changes_nothing(tmp_path: Path, lang: str) -> None:
    """A wrong passphrase on new key files: one line in the user's language, exit 3."""
    folder = make_hq(tmp_path / "hq")
    before = {name: (folder / name).read_bytes() for name in HQ_KEY_FILES.values()}
    result = run_cli("hq", "ack", "no-such-station", "--out", str(tmp_path / "a"),
                     "--passphrase-file", str(passfile(tmp_path, "saxaul-dune-camel-well-28")),
                     data_dir=folder, lang=lang)  # fmt: skip
    assert result.returncode == 3 and result.stderr.count("\n") == 1
    assert ("口令错误" if lang == "zh" else "wrong passphrase") in result.stderr
    assert {name: (folder / name).read_bytes() for name in HQ_KEY_FILES.values()} == before


def _flip_b64(text: str) -> str:
    return ("B" if text[0] == "A" else "A") + text[1:]


TAMPERINGS = {
    "salt": lambda f: f["kdf"].update(salt=_flip_b64(f["kdf"]["salt"])),
    "nonce": lambda f: f["aead"].update(nonce=_flip_b64(f["aead"]["nonce"])),
    "ciphertext": lambda f: f.update(ciphertext=_flip_b64(f["ciphertext"])),
    "public key": lambda f: f.update(public_key=_flip_b64(f["public_key"])),
    "iterations": lambda f: f["kdf"].update(iterations=f["kdf"]["iterations"] + 1),
    "memory": lambda f: f["kdf"].update(memory_kib=f["kdf"]["memory_kib"] + 8),
    "huge memory": lambda f: f["kdf"].update(memory_kib=2**40),
    "lanes": lambda f: f["kdf"].update(lanes=0),
    "role": lambda f: f.update(key="encryption"),
    "format": lambda f: f.update(format=2),
    "kdf name": lambda f: f["kdf"].update(name="pbkdf2"),
    "short salt": lambda f: f["kdf"].update(salt="AAAA"),
    "bad base64": lambda f: f.update(ciphertext="!!!!"),
}


@pytest.mark.parametrize("part", sorted(TAMPERINGS))
def test_a_tampered_key_file_is_refused_in_one_line(tmp_path: Path, part: str) -> None:
    """A changed salt, cost, nonce, ciphertext or identity: one line, exit 3, nothing changed."""
    folder = make_hq(tmp_path / "hq")
    path = folder / HQ_KEY_FILES["signing"]
    fields = key_fields(path)
    TAMPERINGS[part](fields)
    path.write_text(json.dumps(fields), encoding="ascii")
    before = path.read_bytes()
    with pytest.raises(InputRefused):
        load_hq_keys(folder, HQ_PASSPHRASE)
    result = run_cli("hq", "ack", "no-such-station", "--out", str(tmp_path / "a"),
                     "--passphrase-file", str(passfile(tmp_path)), data_dir=folder)  # fmt: skip
    assert result.returncode == 3 and result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert path.read_bytes() == before


@pytest.mark.parametrize("content", [b"", b"{", b"[]", b"\xff\xfe", b"{" + b" " * 5000 + b"}"])
def test_a_damaged_key_file_is_refused_in_one_line(tmp_path: Path, content: bytes) -> None:
    """An empty, cut, foreign or oversized key file is refused (exit 3), never a traceback."""
    folder = make_hq(tmp_path / "hq")
    (folder / HQ_KEY_FILES["encryption"]).write_bytes(content)
    with pytest.raises(InputRefused):
        load_hq_keys(folder, HQ_PASSPHRASE)


def test_swapped_key_files_are_refused(tmp_path: Path) -> None:
    """The signing file in the encryption file's place is refused: its role is authenticated."""
    folder = make_hq(tmp_path / "hq")
    signing, encryption = (folder / HQ_KEY_FILES[r] for r in ("signing", "encryption"))
    data = signing.read_bytes()
    signing.write_bytes(encryption.read_bytes())
    encryption.write_bytes(data)
    with pytest.raises(InputRefused):
        load_hq_keys(folder, HQ_PASSPHRASE)


def test_a_key_file_opens_as_the_format_document_says(hq: HqArchive) -> None:
    """Argon2id and ChaCha20-Poly1305 with the associated data spelled out in
    docs/packet-format.md open the file to the key HQ holds."""
    import base64

    from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
    from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

    f = key_fields(hq.folder / "hq-signing.key")
    kdf = f["kdf"]
    values = [
        *(f["key_file"], f["format"], f["key"], f["algorithm"], f["public_key"], kdf["name"]),
        *(kdf["memory_kib"], kdf["iterations"], kdf["lanes"], kdf["salt"], f["aead"]["name"]),
    ]
    wrapping = Argon2id(
        salt=base64.b64decode(kdf["salt"]),
        length=32,
        iterations=kdf["iterations"],
        lanes=kdf["lanes"],
        memory_cost=kdf["memory_kib"],
    ).derive(HQ_PASSPHRASE)
    raw = ChaCha20Poly1305(wrapping).decrypt(
        base64.b64decode(f["aead"]["nonce"]),
        base64.b64decode(f["ciphertext"]),
        " ".join(str(v) for v in values).encode("ascii"),
    )
    key = Ed25519PrivateKey.from_private_bytes(raw)
    assert raw_public(key.public_key()) == raw_public(hq.keys.signing.public_key())
    assert base64.b64decode(f["public_key"]) == raw_public(key.public_key())
