"""The current view of a log, kept up to date one entry at a time.

`LogState` folds entries in `seq` order: the chain head, the household registry, medicine stock,
amendments and voids. The station store keeps it on disk so that saving an entry never reads the
whole history, and `outpost check` rebuilds it from the log and compares. It also holds the rules
that need the rest of the log: a known household, a correction of an existing entry.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import tzinfo
from typing import Any

from outpost.errors import InvalidEntry
from outpost.model.canonical import GENESIS, entry_hash
from outpost.model.describe import kind_label
from outpost.model.entry import Entry, validate_data
from outpost.model.kinds import KINDS, Data, normalise_data, stock_effect


def chain_hash(entry: Entry) -> str:
    """`entry_hash`, and for an entry that has no canonical bytes (a NaN or a lone surrogate in
    a page file, which no version of outpost wrote) the hash of its lenient JSON: reading such
    a log goes on, the next entry's `prev` cannot match it, and `outpost check` names it."""
    try:
        return entry_hash(entry)
    except ValueError:
        text = json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


Lookup = Callable[[str], Entry | None]
"""Find an earlier entry of the same log by id (None when there is none)."""


@dataclass
class Warning_:
    """Something the officer should know about a saved entry (it was saved all the same)."""

    key: str
    params: dict[str, Any]


@dataclass
class LogState:
    """Everything about a log that is derived from its entries and needed to append one more."""

    last_seq: int = 0
    last_hash: str = GENESIS
    months: dict[str, list[int]] = field(default_factory=dict)
    """Month of `recorded_at` -> [first seq, last seq] stored in that month's file."""
    kinds: dict[str, int] = field(default_factory=dict)
    households: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    """household_id -> registrations still standing, oldest first: {id, seq, data}."""
    stock: dict[str, dict[str, dict[str, float]]] = field(default_factory=dict)
    """medicine -> unit -> {"in": received, "out": handed out} (current view)."""
    amended: dict[str, dict[str, Any]] = field(default_factory=dict)
    """target id -> {"by": latest amendment id, "data": current data, "count": amendments,
    and "occurred_at": its time when an amendment moved it}."""
    voided: dict[str, str] = field(default_factory=dict)
    """target id -> id of the void entry."""

    # -- reading ---------------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> LogState:
        return cls(**raw)

    def copy(self) -> LogState:
        return copy.deepcopy(self)

    def household(self, household_id: str) -> Data | None:
        """The current record of a household, or None when it is not registered."""
        versions = self.households.get(household_id)
        return versions[-1]["data"] if versions else None

    def registry(self) -> dict[str, Data]:
        """household_id -> current record, for every registered household."""
        return {hid: v[-1]["data"] for hid, v in self.households.items() if v}

    def stock_levels(self) -> list[dict[str, Any]]:
        """One row per medicine and unit: received, handed out, balance."""
        rows = []
        for medicine in sorted(self.stock):
            for unit, moved in sorted(self.stock[medicine].items()):
                rows.append(
                    {
                        "medicine": medicine,
                        "unit": unit,
                        "received": _num(moved["in"]),
                        "handed_out": _num(moved["out"]),
                        "balance": _num(moved["in"] - moved["out"]),
                    }
                )
        return rows

    def current_data(self, entry: Entry) -> Data:
        """The data of `entry` as its latest amendment left it."""
        amended = self.amended.get(entry["id"])
        return amended["data"] if amended else entry["data"]  # type: ignore[no-any-return]

    def current_time(self, entry: Entry) -> str:
        """The `occurred_at` of `entry` as the latest amendment that moved it left it (the
        month it counts in, docs/summary-definitions.md)."""
        amended = self.amended.get(entry["id"])
        moved = amended.get("occurred_at") if amended else None
        return moved or entry["occurred_at"]  # type: ignore[no-any-return]

    def current(self, entry: Entry) -> dict[str, Any]:
        """An entry as it reads now: its latest data and time, and whether it is voided or
        amended (how many times)."""
        amended = self.amended.get(entry["id"])
        return {
            **entry,
            "occurred_at": self.current_time(entry),
            "data": self.current_data(entry),
            "voided": self.is_voided(entry["id"]),
            "amendments": amended["count"] if amended else 0,
        }

    def is_voided(self, entry_id: str) -> bool:
        return entry_id in self.voided

    # -- appending -------------------------------------------------------------------------

    def admit(
        self, entry: Entry, month: str, lookup: Lookup, tz: tzinfo, *, trusted: bool = False
    ) -> list[Warning_]:
        """Check `entry` against the log so far and fold it in; nothing changes on a refusal.

        The entry's own schema is checked by the caller (`validate_entry`); this checks what
        needs the log: its place in the chain, known households, correction targets. With
        `trusted` (rebuilding from a log already saved) none of this is re-applied, so a
        rebuild never refuses what was saved; `outpost check` verifies the chain itself.
        """
        broken = entry["seq"] != self.last_seq + 1 or entry["prev"] != self.last_hash
        if broken and not trusted:
            raise InvalidEntry(
                "entry.chain_broken", field="seq", seq=entry["seq"], expected=self.last_seq + 1
            )
        kind = entry["kind"]
        data = entry["data"]
        target: Entry | None = None
        if kind in ("amendment", "void"):
            target = self._correction_target(entry, lookup, tz, trusted)
        elif not trusted:
            self._check_households(kind, data, "")
        warnings = self._fold(entry, target)
        self.last_seq = entry["seq"]
        self.last_hash = chain_hash(entry)
        span = self.months.setdefault(month, [entry["seq"], entry["seq"]])
        span[1] = entry["seq"]
        self.kinds[kind] = self.kinds.get(kind, 0) + 1
        return warnings

    def _check_households(self, kind: str, data: Data, prefix: str) -> None:
        for name in KINDS[kind].household_fields:
            household_id = data.get(name)
            if household_id is not None and household_id not in self.households:
                where = f"{prefix}.{name}" if prefix else name
                raise InvalidEntry("entry.unknown_household", field=where, household=household_id)

    def _correction_target(self, entry: Entry, lookup: Lookup, tz: tzinfo, trusted: bool) -> Entry:
        target_id = entry["data"]["target"]
        target = lookup(target_id)
        if target is None:
            raise InvalidEntry("entry.unknown_target", field="target", target=target_id)
        if trusted:
            return target
        if KINDS[target["kind"]].correction:
            raise InvalidEntry(
                f"entry.{entry['kind']}_of_correction",
                field="target",
                target=target_id,
                kind=kind_label(target["kind"]),
            )
        if target_id in self.voided:
            raise InvalidEntry("entry.already_voided", field="target", target=target_id)
        if entry["kind"] == "amendment":
            new = entry["data"]["data"]
            validate_data(target["kind"], new, tz, prefix="data")
            if normalise_data(KINDS[target["kind"]], new, tz) != new:
                raise InvalidEntry("entry.bad_time", field="data", value="")
            self._check_households(target["kind"], new, "data")
            if (
                target["kind"] == "household"
                and new["household_id"] != self.current_data(target)["household_id"]
            ):
                raise InvalidEntry("entry.household_id_changed", field="data.household_id")
        return target

    def _fold(self, entry: Entry, target: Entry | None) -> list[Warning_]:
        kind = entry["kind"]
        if target is None:
            self._apply(entry["id"], entry["seq"], kind, None, entry["data"])
            return self._stock_warnings(kind, entry["data"])
        old = self.current_data(target)
        if kind == "void":
            self._apply(target["id"], target["seq"], target["kind"], old, None)
            self.voided[target["id"]] = entry["id"]
            return []
        new = entry["data"]["data"]
        self._apply(target["id"], target["seq"], target["kind"], old, new)
        before = self.amended.get(target["id"], {})
        record = {"by": entry["id"], "data": new, "count": before.get("count", 0) + 1}
        moved = entry["data"].get("occurred_at") or before.get("occurred_at")
        if moved:  # a later amendment that says no time keeps the one an earlier one gave
            record["occurred_at"] = moved
        self.amended[target["id"]] = record
        return self._stock_warnings(target["kind"], new)

    def _apply(
        self, entry_id: str, seq: int, kind: str, old: Data | None, new: Data | None
    ) -> None:
        """Move the registry and stock from what `old` data said to what `new` data says."""
        for data, sign in ((old, -1), (new, +1)):
            if data is None:
                continue
            for medicine, unit, qty in stock_effect(kind, data):
                moved = self.stock.setdefault(medicine, {}).setdefault(unit, {"in": 0, "out": 0})
                column = "in" if qty > 0 else "out"
                moved[column] = _num(moved[column] + sign * abs(qty))
        if kind != "household":
            return
        if old is not None:
            versions = self.households.get(old["household_id"], [])
            versions[:] = [v for v in versions if v["id"] != entry_id]
            if not versions:
                self.households.pop(old["household_id"], None)
        if new is not None:
            versions = self.households.setdefault(new["household_id"], [])
            versions.append({"id": entry_id, "seq": seq, "data": new})
            versions.sort(key=lambda v: v["seq"])

    def _stock_warnings(self, kind: str, data: Data) -> list[Warning_]:
        warnings = []
        for medicine, unit, qty in stock_effect(kind, data):
            if qty >= 0:
                continue
            moved = self.stock[medicine][unit]
            balance = _num(moved["in"] - moved["out"])
            if balance < 0:
                warnings.append(
                    Warning_(
                        "stock.deficit", {"medicine": medicine, "unit": unit, "balance": balance}
                    )
                )
        return warnings


def _num(value: float) -> float:
    """Keep whole quantities as integers so the stock reads 12, not 12.0."""
    rounded = round(value, 6)
    return int(rounded) if float(rounded).is_integer() else rounded


def fold(entries: list[Entry], month_of: Callable[[Entry], str], tz: tzinfo) -> LogState:
    """Rebuild the state of a whole log from its entries (seq order), trusting what was saved."""
    state = LogState()
    by_id: dict[str, Entry] = {}
    for entry in entries:
        state.admit(entry, month_of(entry), by_id.get, tz, trusted=True)
        by_id[entry["id"]] = entry
    return state
