"""Whether the laptop's network just came up: a cheap look at Linux's interfaces and default
routes every few seconds, a hint for `outpost sync --watch` to try at once rather than wait out
its backoff.

Only a hint: a link that comes up may still not reach HQ, and the try it starts is one more
try of the backoff. Where the files are missing (not Linux, a container without /sys), the
watch just waits.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

POLL = 2.0
"""Seconds between two looks at the network: a few small reads each, never a busy loop."""
UP = ("up", "unknown")
"""Operstates of a working link: `unknown` is what a VPN tunnel (tun, wireguard) reports."""
RTF_UP = 0x1


@dataclass(frozen=True)
class NetState:
    """The links that are up (loopback aside) and the default routes (`iface gateway`)."""

    up: frozenset[str]
    routes: frozenset[str]

    def came_up(self, before: NetState) -> bool:
        """Whether a link came up or a default route appeared since `before` (a link going
        down is no reason to try)."""
        return bool(self.up - before.up or self.routes - before.routes)


def read_state(root: Path = Path("/")) -> NetState | None:
    """The network as `root/sys/class/net/*/operstate` and `root/proc/net/route` tell it; None
    where there is no `sys/class/net` (tests point `root` at a folder laid out the same way)."""
    net = root / "sys" / "class" / "net"
    try:
        names = os.listdir(net)
    except OSError:
        return None
    up = set()
    for name in names:
        if name == "lo":
            continue
        try:
            state = (net / name / "operstate").read_text(encoding="ascii").strip()
        except (OSError, ValueError):
            continue
        if state in UP:
            up.add(name)
    routes = set()
    try:
        lines = (root / "proc" / "net" / "route").read_text(encoding="ascii").splitlines()[1:]
    except (OSError, ValueError):
        lines = []
    for line in lines:
        fields = line.split()
        # Iface Destination Gateway Flags RefCnt Use Metric Mask ...: a default route goes to
        # 0.0.0.0/0 and is up.
        if len(fields) < 8 or fields[1] != "00000000" or fields[7] != "00000000":
            continue
        try:
            flags = int(fields[3], 16)
        except ValueError:
            continue
        if flags & RTF_UP:
            routes.add(f"{fields[0]} {fields[2]}")
    return NetState(frozenset(up), frozenset(routes))


class NetworkWatch:
    """Waits like `time.sleep`, but ends early (True) when the network came up since the last
    look. Each change ends one wait only: the state seen is the new baseline."""

    def __init__(
        self,
        root: Path = Path("/"),
        every: float = POLL,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.root = root
        self.every = every
        self.sleep = sleep
        self.clock = clock
        self.seen = read_state(root)

    def came_up(self) -> bool:
        """One look: whether the network came up since the last look (the state seen becomes
        the one to compare the next look with)."""
        state = read_state(self.root)
        if state is None:
            return False  # no files (or gone for a moment): nothing to go by
        came_up = self.seen is not None and state.came_up(self.seen)
        self.seen = state
        return came_up

    def wait(self, seconds: float) -> bool:
        """Wait `seconds`, looking at the network every `every` seconds; True as soon as it
        came up (a change seen during the try before counts too), False at the end."""
        if self.seen is None:
            self.sleep(seconds)
            return False
        end = self.clock() + seconds
        while (left := end - self.clock()) > 0:
            self.sleep(min(self.every, left))
            if self.came_up():
                return True
        return False
