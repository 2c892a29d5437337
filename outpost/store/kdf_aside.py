"""Argon2id in a child process, for a screen whose thread must keep drawing while it runs.

`cryptography`'s Argon2id holds Python's GIL for the whole derivation (about 0.4 s at the
station's cost): a thread worker alone would still freeze the screen. Inside
`derivations_aside()` (one thread only), a derivation at a real cost runs in a fresh
`python -m outpost.store.kdf_aside` instead, fed the passphrase on its stdin (never on its
command line); a cheap one, or one where no child can start, runs here as before.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from outpost.store.kdf import KdfCost, derive_key

ASIDE_FROM_KIB = 1024
"""Derivations using less memory than this take no time worth a process (the tests' cost)."""
CHILD_TIMEOUT = 120
_aside = threading.local()


@contextmanager
def derivations_aside() -> Iterator[None]:
    """In this thread, until the block ends, derive keys in a child process."""
    _aside.on = True
    try:
        yield
    finally:
        _aside.on = False


def derive(passphrase: bytes, salt: bytes, cost: KdfCost) -> bytes:
    """The key Argon2id derives from `passphrase` (outpost.store.kdf.derive_key), computed in
    a child process when asked to and worth it; the same bytes either way."""
    if not getattr(_aside, "on", False) or cost.memory_kib < ASIDE_FROM_KIB:
        return derive_key(passphrase, salt, cost)
    asked = {"passphrase": passphrase.hex(), "salt": salt.hex(), "cost": list(cost_fields(cost))}
    try:
        done = subprocess.run(
            [sys.executable, "-m", "outpost.store.kdf_aside"],
            input=json.dumps(asked).encode("ascii"),
            capture_output=True,
            timeout=CHILD_TIMEOUT,
            check=True,
        )
        key = bytes.fromhex(done.stdout.decode("ascii").strip())
    except (OSError, ValueError, subprocess.SubprocessError):
        key = b""
    # No child here (a frozen build, no memory): the same derivation in this process.
    return key if len(key) == 32 else derive_key(passphrase, salt, cost)


def cost_fields(cost: KdfCost) -> tuple[int, int, int]:
    return cost.memory_kib, cost.iterations, cost.lanes


def _child() -> None:
    asked = json.loads(sys.stdin.buffer.read())
    memory_kib, iterations, lanes = (int(n) for n in asked["cost"])
    key = derive_key(
        bytes.fromhex(asked["passphrase"]),
        bytes.fromhex(asked["salt"]),
        KdfCost(memory_kib, iterations, lanes),
    )
    sys.stdout.write(key.hex() + "\n")


if __name__ == "__main__":
    _child()
