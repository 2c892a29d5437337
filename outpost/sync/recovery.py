"""A forgotten station passphrase, recovered through HQ: the data key sealed to HQ's card.

The station keeps its data key sealed with HPKE to HQ's X25519 key (the card it already holds)
in `unlock.json` under `recovery`. `outpost recovery-request` copies that into a small file;
HQ (`outpost hq recover`, its passphrase) opens it and answers with the data key wrapped by a
one-time code that HQ reads out over the phone (Argon2id, as the station passphrase wraps it):
the answer file alone, or the code alone, unlocks nothing. `outpost recover ANSWER` with the code
checks the key opens this station's files, then wraps it under a new passphrase.

Each answer carries a random `answer_id`, bound to its wrapped key (the code and the id are
what Argon2id derives from, so an edited id opens nothing). The station keeps the ids of the
answers it used, sealed in its unlock file, and refuses an answer a second time.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import secrets
import unicodedata
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from outpost.errors import InputRefused, UsageError
from outpost.logbook.config import CONFIG_NAME
from outpost.store.atrest import UNLOCK_NAME, DataKey, key_for, lock, unlock
from outpost.store.files import read_json
from outpost.store.vault import (
    check_passphrase,
    read_unlock,
    unwrap,
    used_answers,
    with_used_answer,
    wrapped,
    write_unlock,
)
from outpost.sync.identity import Card, card_encryption_key, key_fingerprint
from outpost.sync.packet import SUITE

REQUEST = "outpost-recovery-request"
ANSWER = "outpost-recovery-answer"
FORMAT = 1
MAX_FILE_BYTES = 16 * 1024
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
"""No 0/O, 1/I/L: the code is read out over a poor line."""
CODE_GROUPS = 5
ANSWER_ID = re.compile(r"[0-9a-f]{32}")


def _info(station_id: str) -> bytes:
    return b"outpost station data key for " + station_id.encode("ascii")


def seal_to_hq(folder: Path, station_id: str, card: Card) -> None:
    """Keep the unlocked station's data key sealed to HQ's card in its unlock file (a no-op
    for a clear station, or one not unlocked in this process)."""
    key = key_for(folder)
    if key is None or not (folder / UNLOCK_NAME).exists():
        return
    sealed = SUITE.encrypt(key.raw, card_encryption_key(card), info=_info(station_id))
    fields = read_unlock(folder)
    fields["recovery"] = {
        "station": station_id,
        "hq": card["id"],
        "hq_fingerprint": card["fingerprint"],
        "sealed_key": _b64(sealed),
    }
    write_unlock(folder, fields)


def recovery_request(folder: Path) -> bytes:
    """The request file's bytes (no passphrase needed); UsageError when the station's key was
    never sealed to an HQ."""
    recovery = read_unlock(folder).get("recovery")
    if not isinstance(recovery, dict):
        raise UsageError("atrest.no_recovery", path=str(folder))
    doc = {"recovery": REQUEST, "format": FORMAT, **recovery}
    return (json.dumps(doc, indent=2) + "\n").encode("ascii")


def answer_request(raw: bytes, hq_key: X25519PrivateKey, source: str) -> tuple[bytes, str]:
    """HQ's answer to a request: the answer file's bytes and the one-time code to read out.
    InputRefused when the request is not one, or not sealed to this HQ."""
    doc = parse_recovery(raw, REQUEST, source)
    station = doc["station"]
    mine = key_fingerprint(hq_key.public_key())
    try:
        sealed = base64.b64decode(doc["sealed_key"], validate=True)
        data_key = SUITE.decrypt(sealed, hq_key, info=_info(station))
    except (InvalidTag, ValueError, binascii.Error):
        raise InputRefused("atrest.request_refused", path=source) from None
    code = "-".join(
        "".join(secrets.choice(CODE_ALPHABET) for _ in range(4)) for _ in range(CODE_GROUPS)
    )
    answer_id = secrets.token_hex(16)
    answer = {
        "recovery": ANSWER,
        "format": FORMAT,
        "station": station,
        "hq": doc.get("hq"),
        "hq_encryption_key": mine,
        "hq_fingerprint": doc.get("hq_fingerprint"),
        "answer_id": answer_id,
        **wrapped(DataKey(data_key), _secret(code, answer_id)),
    }
    return (json.dumps(answer, indent=2) + "\n").encode("ascii"), code


def recover(folder: Path, raw: bytes, code: str, new: bytes, source: str) -> None:
    """Unlock the sealed station in `folder` with HQ's answer and its one-time code (typed
    with or without its dashes and spaces, in any case), and wrap its key under `new`.
    InputRefused, nothing changed, when the answer is for another station or from another HQ,
    the code is wrong, or this station already used the answer. The caller holds the lock."""
    check_passphrase(new)
    fields = read_unlock(folder)
    recovery = fields.get("recovery")
    if not isinstance(recovery, dict):
        raise UsageError("atrest.no_recovery", path=str(folder))
    doc = parse_recovery(raw, ANSWER, source)
    answer_id = doc.get("answer_id")
    if not isinstance(answer_id, str) or not ANSWER_ID.fullmatch(answer_id):
        raise InputRefused("atrest.not_recovery", path=source, kind=ANSWER)
    if doc["station"] != recovery["station"] or doc.get("hq") != recovery["hq"]:
        raise InputRefused("atrest.answer_foreign", path=source)
    try:
        key = unwrap(doc, _secret(normal_code(code), answer_id), Path(source))
    except InputRefused as exc:
        if exc.key == "atrest.bad_passphrase":
            raise InputRefused("atrest.bad_code", path=source) from None
        raise
    unlock(folder, key)
    try:
        read_json(folder / CONFIG_NAME)  # the key must open this station's own files
    except (OSError, ValueError):
        lock(folder)
        raise InputRefused("atrest.answer_foreign", path=source) from None
    try:
        if answer_id in used_answers(fields, key, folder / UNLOCK_NAME):
            raise InputRefused("recovery.answer_used", path=source)
    except InputRefused:
        lock(folder)
        raise
    write_unlock(folder, {**with_used_answer(fields, key, answer_id), **wrapped(key, new)})


def normal_code(typed: str) -> str:
    """The one-time code as HQ printed it (`ABCD-EFGH-…`) from however it was typed: with or
    without dashes or spaces (full-width ones too, from a Chinese input method), in any case.
    Anything that is not a whole code comes back as typed, to be refused as a wrong code."""
    folded = unicodedata.normalize("NFKC", typed).upper()
    bare = "".join(c for c in folded if not c.isspace() and c not in "-‐‑‒–—")
    if len(bare) != 4 * CODE_GROUPS:
        return folded.strip()
    return "-".join(bare[i : i + 4] for i in range(0, len(bare), 4))


def _secret(code: str, answer_id: str) -> bytes:
    """What the answer's key is wrapped under: the code and the answer's id together."""
    return f"{code}\n{answer_id}".encode()


def parse_recovery(raw: bytes, kind: str, source: str) -> dict[str, Any]:
    """A request's or an answer's fields; InputRefused when the file is not one."""
    try:
        if len(raw) > MAX_FILE_BYTES:
            raise ValueError("too big")
        doc = json.loads(raw.decode("ascii"))
        if not isinstance(doc, dict) or doc.get("recovery") != kind:
            raise ValueError(kind)
        if doc.get("format") != FORMAT or not isinstance(doc.get("station"), str):
            raise ValueError(kind)
    except (ValueError, UnicodeDecodeError):
        raise InputRefused("atrest.not_recovery", path=source, kind=kind) from None
    return doc


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")
