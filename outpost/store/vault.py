"""A station's unlock file: its data key wrapped by the station passphrase (Argon2id, ChaCha20).

`unlock.json` stays clear: it holds only the salt, the Argon2id cost, the nonce and the wrapped
key (and, once HQ's card is known, the key sealed to HQ for recovery). The passphrase can change
without touching a single sealed file: only the wrapping is rewritten, crash-safely, first into
the backup copy `unlock.json.bak`, then into `unlock.json`. A cut anywhere in between leaves at
least one of the two whole and opening under the old or the new passphrase, and a station whose
`unlock.json` is missing, cut short, damaged or does not open tries its backup (`backup_note`
says so, in one line).
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import os
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from outpost.errors import InputRefused, StorageFailed, UsageError
from outpost.i18n import t
from outpost.store.atrest import (
    CLEAR,
    KEY_BYTES,
    MAGIC,
    UNLOCK_BACKUP,
    UNLOCK_NAME,
    DataKey,
    converting,
    is_sealed,
    unlock,
)
from outpost.store.files import atomic_write, failure_reason
from outpost.store.kdf import (
    MAX_ITERATIONS,
    MAX_LANES,
    MAX_MEMORY_KIB,
    KdfCost,
    cost_in_use,
)
from outpost.store.kdf_aside import derive

UNLOCK_FILE = "outpost-station-unlock"
FORMAT = 1
SALT_BYTES = 16
NONCE_BYTES = 12
MAX_UNLOCK_BYTES = 16 * 1024
MIN_PASSPHRASE = 8
"""Characters a station passphrase has at least (two officers type it several times a day)."""


def read_unlock(folder: Path) -> dict[str, Any]:
    """The unlock file's fields, or its backup copy's when the file does not read;
    InputRefused ("store.unreadable", naming the file) when neither is one."""
    try:
        return _read_fields(folder / UNLOCK_NAME)
    except InputRefused as refused:
        try:
            fields = _read_fields(folder / UNLOCK_BACKUP)
        except InputRefused:
            raise refused from None
        _note_backup(folder, refused)
        return fields


def _read_fields(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
        if len(raw) > MAX_UNLOCK_BYTES:
            raise ValueError(f"over {MAX_UNLOCK_BYTES} bytes")
        fields = json.loads(raw.decode("ascii"))
        if not isinstance(fields, dict) or fields.get("unlock_file") != UNLOCK_FILE:
            raise ValueError("not a station unlock file")
        if fields.get("format") != FORMAT:
            raise ValueError(f"unsupported format {fields.get('format')!r}")
        _cost(fields)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputRefused("store.unreadable", path=str(path), reason=failure_reason(exc)) from None
    return fields


def write_unlock(folder: Path, fields: dict[str, Any]) -> None:
    """Replace the unlock file crash-safely, its backup copy first: after a cut at any point one
    of the two is whole and opens, under the old passphrase or the new one (never neither)."""
    payload = (json.dumps(fields, indent=2) + "\n").encode("ascii")
    atomic_write(folder / UNLOCK_BACKUP, payload)
    atomic_write(folder / UNLOCK_NAME, payload)


_backup_used: dict[str, str] = {}
"""Station folders whose unlock file did not serve in this process → why (for `backup_note`)."""


def _note_backup(folder: Path, refused: InputRefused) -> None:
    if refused.key == "atrest.bad_passphrase":
        reason = t("atrest.backup_other_passphrase")
    else:
        reason = str(refused.params.get("reason", refused.message()))
    _backup_used[os.path.abspath(folder)] = reason


def backup_note(folder: Path) -> str | None:
    """The line saying `folder`'s unlock file could not serve and its backup copy did, once
    (None when the file served)."""
    reason = _backup_used.pop(os.path.abspath(folder), None)
    if reason is None:
        return None
    path = folder / UNLOCK_NAME
    return t("atrest.backup_used", path=str(path), reason=reason, backup=UNLOCK_BACKUP)


def restore_from_backup(folder: Path) -> None:
    """After the backup copy served in this process, put it back as the unlock file, so the
    next unlock need not fall back again (on a refusing disk, it falls back again). The caller
    holds the folder's lock."""
    if os.path.abspath(folder) not in _backup_used:
        return
    with contextlib.suppress(OSError, StorageFailed):
        atomic_write(folder / UNLOCK_NAME, (folder / UNLOCK_BACKUP).read_bytes())


def _unlocked_fields(folder: Path, passphrase: bytes) -> tuple[dict[str, Any], DataKey]:
    """The fields of the unlock file, or of its backup copy, that `passphrase` opens, and the
    data key; InputRefused (bad passphrase, or neither file reads) when none does."""
    refusals: list[InputRefused] = []
    tried: list[dict[str, Any]] = []
    for name in (UNLOCK_NAME, UNLOCK_BACKUP):
        path = folder / name
        if name == UNLOCK_BACKUP and not os.path.lexists(path):
            break  # a station sealed before backups were kept, or one only just made
        try:
            fields = _read_fields(path)
            if fields in tried:  # the backup is the file itself: one Argon2id run is enough
                continue
            tried.append(fields)
            key = unwrap(fields, passphrase, path)
        except InputRefused as exc:
            refusals.append(exc)
            continue
        if refusals:
            _note_backup(folder, refusals[0])
        return fields, key
    wrong = [r for r in refusals if r.key == "atrest.bad_passphrase"]
    raise (wrong or refusals)[0]


def check_passphrase(passphrase: bytes) -> None:
    """Refuse (UsageError) a new station passphrase that is too short."""
    if len(passphrase.decode("utf-8", "replace")) < MIN_PASSPHRASE:
        raise UsageError("atrest.short_passphrase", least=MIN_PASSPHRASE)


def wrapped(key: DataKey, passphrase: bytes, cost: KdfCost | None = None) -> dict[str, Any]:
    """The `passphrase` part of an unlock file: `key` wrapped at `cost` (by default the cost
    in use), under a fresh salt and nonce."""
    cost = cost or cost_in_use()
    salt, nonce = os.urandom(SALT_BYTES), os.urandom(NONCE_BYTES)
    kdf = {
        "name": "argon2id",
        "memory_kib": cost.memory_kib,
        "iterations": cost.iterations,
        "lanes": cost.lanes,
        "salt": _b64(salt),
    }
    fields = {"kdf": kdf, "aead": {"name": "chacha20-poly1305", "nonce": _b64(nonce)}}
    wrapping = derive(passphrase, salt, cost)
    sealed = ChaCha20Poly1305(wrapping).encrypt(nonce, key.raw, _ad(fields))
    return {**fields, "wrapped_key": _b64(sealed)}


def new_unlock(key: DataKey, passphrase: bytes) -> dict[str, Any]:
    """A whole unlock file for `key` under `passphrase`."""
    return {"unlock_file": UNLOCK_FILE, "format": FORMAT, **wrapped(key, passphrase)}


def unwrap(fields: dict[str, Any], passphrase: bytes, path: Path) -> DataKey:
    """The data key in `fields`; InputRefused ("atrest.bad_passphrase") when it does not open."""
    try:
        cost = _cost(fields)
        salt = base64.b64decode(fields["kdf"]["salt"], validate=True)
        nonce = base64.b64decode(fields["aead"]["nonce"], validate=True)
        sealed = base64.b64decode(fields["wrapped_key"], validate=True)
        if len(salt) < SALT_BYTES or len(nonce) != NONCE_BYTES:
            raise ValueError("salt or nonce of the wrong length")
    except (KeyError, TypeError, ValueError, binascii.Error) as exc:
        raise InputRefused("store.unreadable", path=str(path), reason=failure_reason(exc)) from None
    wrapping = derive(passphrase, salt, cost)
    try:
        raw = ChaCha20Poly1305(wrapping).decrypt(nonce, sealed, _ad(fields))
    except InvalidTag:
        raise InputRefused("atrest.bad_passphrase", path=str(path.parent)) from None
    if len(raw) != KEY_BYTES:
        raise InputRefused("store.unreadable", path=str(path), reason="key of the wrong length")
    return DataKey(raw)


def open_vault(folder: Path, passphrase: bytes) -> DataKey:
    """Unlock the sealed station in `folder` for this process and return its data key
    (InputRefused, exit 3, nothing touched, for a wrong passphrase)."""
    fields, key = _unlocked_fields(folder, passphrase)
    unlock(folder, key)
    converting(folder, _converting_marked(fields, key))
    return key


def create_vault(folder: Path, passphrase: bytes) -> DataKey:
    """A new data key for `folder`, its unlock file written, unlocked for this process."""
    check_passphrase(passphrase)
    key = DataKey.generate()
    write_unlock(folder, new_unlock(key, passphrase))
    unlock(folder, key)
    return key


def change_passphrase(folder: Path, old: bytes, new: bytes) -> None:
    """Wrap the data key under `new` (the sealed files stay as they are); InputRefused when
    `old` does not open it."""
    check_passphrase(new)
    fields, key = _unlocked_fields(folder, old)
    write_unlock(folder, {**fields, **wrapped(key, new)})


def _cost(fields: dict[str, Any]) -> KdfCost:
    kdf = fields["kdf"]
    if not isinstance(kdf, dict) or kdf.get("name") != "argon2id":
        raise ValueError("kdf is not argon2id")
    bounds = {"memory_kib": MAX_MEMORY_KIB, "iterations": MAX_ITERATIONS, "lanes": MAX_LANES}
    for name, most in bounds.items():
        value = kdf.get(name)
        if type(value) is not int or not 1 <= value <= most:
            raise ValueError(f"kdf {name} is not between 1 and {most}")
    if kdf["memory_kib"] < 8 * kdf["lanes"]:
        raise ValueError("kdf memory_kib is under 8 KiB per lane")
    return KdfCost(kdf["memory_kib"], kdf["iterations"], kdf["lanes"])


def _ad(fields: dict[str, Any]) -> bytes:
    """What the tag also covers: the file's kind and the KDF settings that made the key."""
    kdf = fields["kdf"]
    parts = [UNLOCK_FILE, str(FORMAT), "argon2id"]
    parts += [str(kdf[n]) for n in ("memory_kib", "iterations", "lanes", "salt")]
    return " ".join(parts).encode("ascii")


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def seal_folder(folder: Path, passphrase: bytes) -> int:
    """Seal every file of the clear station in `folder` under a new data key, resumably: the
    unlock file is written first, marked `converting` (a kill from then on leaves a station
    whose clear files still read), then each file is rewritten sealed, crash-safely, and the
    mark is taken off last. On a station marked `converting`, `passphrase` must open it and
    the files not yet sealed are sealed. Returns how many files were sealed now.

    The caller holds the folder's lock."""
    if is_sealed(folder):
        fields, key = _unlocked_fields(folder, passphrase)
        if not _converting_marked(fields, key):
            raise UsageError("atrest.already_sealed", path=str(folder))
    else:
        check_passphrase(passphrase)
        key = DataKey.generate()
        fields = {**new_unlock(key, passphrase), "converting": converting_mark(key)}
        write_unlock(folder, fields)
    unlock(folder, key)
    converting(folder, True)
    count = 0
    for path in _station_files(folder):
        stored = path.read_bytes()
        if stored.startswith(MAGIC):
            continue
        atomic_write(path, stored)  # sealed on the way out (outpost.store.atrest)
        count += 1
    fields.pop("converting", None)
    write_unlock(folder, fields)
    converting(folder, False)
    return count


USED_ANSWERS = "unlock.json used recovery answers"
"""The name the list of recovery answers already used is sealed under."""


def used_answers(fields: dict[str, Any], key: DataKey, path: Path) -> list[str]:
    """The ids of the recovery answers this station has already used (sealed by its data key
    in the unlock file, so nobody without the key can read or forge the list); InputRefused
    ("store.unreadable") when the list is there but does not open."""
    sealed = fields.get("used_answers")
    if sealed is None:
        return []
    try:
        listed = json.loads(key.open(USED_ANSWERS, base64.b64decode(sealed, validate=True)))
        if not isinstance(listed, list) or not all(isinstance(i, str) for i in listed):
            raise ValueError("used_answers is not a list of ids")
    except (ValueError, TypeError, binascii.Error) as exc:
        raise InputRefused("store.unreadable", path=str(path), reason=failure_reason(exc)) from None
    return listed


def with_used_answer(fields: dict[str, Any], key: DataKey, answer_id: str) -> dict[str, Any]:
    """`fields` with `answer_id` added to the sealed list of recovery answers used."""
    listed = used_answers(fields, key, Path(UNLOCK_NAME))
    plain = json.dumps([*listed, answer_id]).encode("ascii")
    return {**fields, "used_answers": _b64(key.seal(USED_ANSWERS, plain))}


CONVERTING = "unlock.json converting"
"""The name the `converting` mark is sealed under."""


def converting_mark(key: DataKey) -> str:
    """The `converting` mark: an empty file sealed by the data key, so that nobody without the
    key can mark a sealed station as half-converted (whose clear files would then be read)."""
    return _b64(key.seal(CONVERTING, b""))


def _converting_marked(fields: dict[str, Any], key: DataKey) -> bool:
    """Whether `fields` carry a `converting` mark made with `key` (any other value: no)."""
    mark = fields.get("converting")
    if not isinstance(mark, str):
        return False
    try:
        key.open(CONVERTING, base64.b64decode(mark, validate=True))
    except (ValueError, binascii.Error):
        return False
    return True


def _station_files(folder: Path) -> list[Path]:
    """The files of `folder` and its subfolders that a sealed station keeps sealed."""
    found = []
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if name.split("/", 1)[0] in CLEAR or path.name.startswith("."):
            continue
        if path.is_file() and not path.is_symlink():
            found.append(path)
    return found
