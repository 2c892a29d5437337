"""Why fastjsonschema: validating entries with it against jsonschema (the reference library).

Prints the cost per entry of each on the same 5,000 entries of every kind, in the same run.
Floor: fastjsonschema validates an entry (envelope + data) in under 0.1 ms median.
"""

from __future__ import annotations

import json
import statistics
import sys
import time

import jsonschema

from outpost.model import GENESIS, build_entry
from outpost.model.schema import load_schema, validator

SAMPLES = {
    "water_delivery": {"household": "hh-0007", "litres": 800, "note": "旱情"},
    "patrol": {
        "started_at": "2026-11-26T06:00:00+08:00",
        "ended_at": "2026-11-26T11:30:00+08:00",
        "route": "界桩 101-108",
        "distance_km": 42.5,
        "mode": "vehicle",
        "markers": ["101", "102", "103"],
    },
    "medicine_handout": {
        "recipient": "巴特尔",
        "items": [{"medicine": "布洛芬", "quantity": 2, "unit": "盒"}],
        "people": 2,
    },
    "herder_visit": {"household": "hh-0007", "purpose": "welfare_check", "issues_raised": 1},
}


def entries(n: int) -> list[dict[str, object]]:
    kinds = list(SAMPLES)
    return [
        build_entry(
            station="bench-post",
            seq=i + 1,
            prev=GENESIS,
            kind=kinds[i % len(kinds)],
            data=SAMPLES[kinds[i % len(kinds)]],
            occurred_at="2026-11-26T09:00:00+08:00",
            recorded_at="2026-11-26T09:00:00+08:00",
            officers=["张伟"],
        )
        for i in range(n)
    ]


def per_entry(check: object, batch: list[dict[str, object]], rounds: int = 5) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        for entry in batch:
            check(entry)  # type: ignore[operator]
        times.append((time.perf_counter() - start) / len(batch))
    return statistics.median(times)


def main() -> int:
    batch = entries(5000)
    fast = {name: validator(name) for name in ["envelope", *SAMPLES]}
    ref = {
        name: jsonschema.Draft7Validator(
            load_schema(name), format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
        )
        for name in ["envelope", *SAMPLES]
    }

    def with_fast(entry: dict[str, object]) -> None:
        fast["envelope"](entry)
        fast[str(entry["kind"])](entry["data"])

    def with_ref(entry: dict[str, object]) -> None:
        ref["envelope"].validate(entry)
        ref[str(entry["kind"])].validate(entry["data"])

    start = time.perf_counter()
    for name in ["envelope", *SAMPLES]:
        validator.cache_clear()
        validator(name)
    compile_ms = (time.perf_counter() - start) * 1000
    f = per_entry(with_fast, batch)
    r = per_entry(with_ref, batch)
    print(json.dumps({"entries": len(batch)}))
    print(f"fastjsonschema  {f * 1e6:8.1f} µs/entry   (compile {compile_ms:.1f} ms for 5 schemas)")
    print(f"jsonschema      {r * 1e6:8.1f} µs/entry")
    print(f"ratio           jsonschema / fastjsonschema = {r / f:.1f}x")
    ok = f < 1e-4
    print(f"floor: fastjsonschema < 100 µs/entry: {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
