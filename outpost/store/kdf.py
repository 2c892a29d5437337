"""Argon2id for the keys a passphrase wraps: its cost, the bounds a reader holds, the derivation.

HQ's key files (outpost.sync.keyfile) and a station's unlock file (outpost.store.vault) both use
it. The choice of cost is in docs/threat-model.md, its time in docs/benchmarks.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from cryptography.hazmat.primitives.kdf.argon2 import Argon2id


@dataclass(frozen=True, order=True)
class KdfCost:
    """Argon2id's cost: memory in KiB, passes over it, and lanes (parallelism)."""

    memory_kib: int
    iterations: int
    lanes: int

    def below(self, other: KdfCost) -> bool:
        """True when any part of this cost is lower than `other`'s (a file worth re-wrapping)."""
        return (
            self.memory_kib < other.memory_kib
            or self.iterations < other.iterations
            or self.lanes < other.lanes
        )


WRAP_COST = KdfCost(memory_kib=64 * 1024, iterations=3, lanes=4)
"""RFC 9106's second recommended setting; about 0.25 s per key file here (docs/threat-model.md).
Every new key file gets it, and a file wrapped with less is re-wrapped at its next unlock."""

TEST_COST = KdfCost(memory_kib=8, iterations=1, lanes=1)
"""Argon2's smallest cost, for test suites only, through `cheap_keys_for_tests` (see there)."""

_cost_in_use = WRAP_COST


def cost_in_use() -> KdfCost:
    """The cost new key files get: WRAP_COST, unless inside `cheap_keys_for_tests`."""
    return _cost_in_use


@contextmanager
def cheap_keys_for_tests() -> Iterator[None]:
    """Inside the block, key files are wrapped at TEST_COST (a test suite makes hundreds of HQs).

    Only Python code that calls this can select it: no variable, option or file does, so a real
    HQ never gets it; and a file wrapped at it is re-wrapped at WRAP_COST at its first unlock
    outside the block (its cost is below)."""
    global _cost_in_use
    _cost_in_use = TEST_COST
    try:
        yield
    finally:
        _cost_in_use = WRAP_COST


# Bounds a reader holds a file's stated cost to, so that a damaged or hostile file cannot ask
# for gigabytes of memory or hours of work before the tag is even checked.
MAX_MEMORY_KIB = 1024 * 1024
MAX_ITERATIONS = 64
MAX_LANES = 64


def derive_key(passphrase: bytes, salt: bytes, cost: KdfCost) -> bytes:
    """The 32-byte key `passphrase` gives with `salt` at `cost`."""
    kdf = Argon2id(
        salt=salt,
        length=32,
        iterations=cost.iterations,
        lanes=cost.lanes,
        memory_cost=cost.memory_kib,
    )
    return kdf.derive(passphrase)
