"""The batch file of `outpost add --batch`: one `{"kind": ..., "data": {...}}` per line."""

from __future__ import annotations

import sys
from pathlib import Path

from outpost.errors import InputRefused, InvalidEntry
from outpost.i18n import t
from outpost.logbook import Draft, Logbook, SaveResult
from outpost.model.bounds import read_json

KEYS = {"kind", "data", "occurred_at", "officers"}
"""What a line may hold."""

Batch = list[tuple[int, Draft]]
"""(line number, draft) for each entry line of a batch file."""


def read_batch(path: str) -> Batch:
    """The drafts of a JSON Lines batch file (`-`: standard input); InvalidEntry naming the
    first bad line, InputRefused when the file cannot be read."""
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputRefused("store.unreadable", path=path, reason=str(exc)) from None
    return parse_batch(text)


def parse_batch(text: str) -> Batch:
    """The drafts of a batch file's text; blank lines are skipped, an empty batch refused."""
    drafts: Batch = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = read_json(line)
        except ValueError as exc:
            raise InvalidEntry("entry.batch_json", line=number, error=str(exc)) from None
        if not isinstance(record, dict):
            raise InvalidEntry("entry.batch_line", line=number, reason=t("entry.not_object"))
        extra = set(record) - KEYS
        if extra:
            raise InvalidEntry("entry.batch_keys", line=number, keys=", ".join(sorted(extra)))
        officers = record.get("officers")
        if officers is not None and not (
            isinstance(officers, list) and all(isinstance(o, str) for o in officers)
        ):
            raise InvalidEntry(
                "entry.batch_line",
                line=number,
                reason=t("schema.type", field="officers", expected="array", value=officers),
            )
        drafts.append(
            (
                number,
                Draft(
                    kind=record.get("kind", ""),
                    data=record.get("data"),
                    occurred_at=record.get("occurred_at"),
                    officers=officers,
                ),
            )
        )
    if not drafts:
        raise InvalidEntry("entry.batch_empty")
    return drafts


def add_batch(book: Logbook, batch: Batch) -> SaveResult:
    """Save the whole batch or nothing; a refusal names the batch file's line."""
    return book.add_many([draft for _, draft in batch], lines=[number for number, _ in batch])
