"""HQ's inbox card: the inbox address and TLS pin signed by HQ, taken by `outpost sync --card`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli
from net_helpers import (
    PASSPHRASE,
    add,
    entries_at_hq,
    free_port,
    run_outpost_sync,
    serve,
    set_up,
)

from outpost.sync.status import SyncBook


def remembered(station: Path) -> tuple[str | None, str | None]:
    """The inbox address and pin the station remembers."""
    from outpost.logbook import Logbook

    with Logbook.open(station, read_only=True) as book:
        sync = SyncBook.of(book)
        return sync.hq_url, sync.hq_pin


def issue(hq: Path, url: str) -> Path:
    done = run_cli("hq", "inbox-card", "--url", url, data_dir=hq)
    assert done.returncode == 0, done.stderr
    assert "inbox.card.json" in done.stdout and "TLS pin" in done.stdout
    return hq / "inbox.card.json"


def test_a_good_card_uploads_over_tls_and_a_changed_or_foreign_one_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A card HQ signed for its running TLS server is taken and `outpost sync` (a real process)
    uploads with no --url or --pin, then again with nothing at all; a card whose address was
    changed on the way, and another HQ's card, are refused in one line (exit 3) with nothing
    remembered and nothing sent."""
    monkeypatch.setenv("OUTPOST_HQ_PASSPHRASE", PASSPHRASE)
    hq, station = set_up(tmp_path)
    other = tmp_path / "other-hq"
    assert (
        run_cli("hq", "init", "--id", "alxa-brigade", "--name", "HQ", data_dir=other).returncode
        == 0
    )
    served = serve(hq, tls=True)
    try:
        card = issue(hq, served.url)  # beside the running server: its lock is shared
        body = json.loads(card.read_text())
        assert body["url"] == served.url and body["pin"] == served.pin

        changed = tmp_path / "changed.card.json"
        changed.write_text(json.dumps({**body, "url": "https://203.0.113.9:8443"}))
        refused = run_cli("sync", "--card", str(changed), data_dir=station)
        assert refused.returncode == 3
        assert "signature does not verify" in refused.stderr
        assert len(refused.stderr.strip().splitlines()) == 1

        foreign = issue(other, served.url)
        refused = run_cli("sync", "--card", str(foreign), data_dir=station)
        assert refused.returncode == 3 and "another HQ" in refused.stderr
        assert len(refused.stderr.strip().splitlines()) == 1
        assert remembered(station) == (None, None)
        assert " PUT " not in served.log() and entries_at_hq(hq) == 0

        both = run_cli("sync", "--card", str(card), "--url", served.url, data_dir=station)
        assert both.returncode == 2

        done = run_outpost_sync("--card", str(card), "--data-dir", str(station))
        assert done.returncode == 0, done.stderr
        assert "acknowledged through entry 1" in done.stdout and "plain" not in done.stderr
        assert remembered(station) == (served.url, served.pin)
        add(station, "water_delivery", {"household": "hh-0007", "litres": 800})
        again = run_cli("sync", data_dir=station)
        assert again.returncode == 0, again.stderr
        assert "acknowledged through entry 2" in again.stdout
        assert entries_at_hq(hq) == 2
    finally:
        assert served.stop() == 0


def test_a_card_whose_pin_is_not_the_servers_is_refused_as_a_pin_mismatch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A card signed for HQ's old certificate, once HQ made a new one, is refused by the TLS pin
    check before a byte is sent (exit 3), as a mistyped --pin is."""
    monkeypatch.setenv("OUTPOST_HQ_PASSPHRASE", PASSPHRASE)
    hq, station = set_up(tmp_path)
    port = free_port()
    card = issue(hq, f"https://127.0.0.1:{port}")  # makes HQ's certificate, as `hq serve` would
    old_pin = json.loads(card.read_text())["pin"]
    (hq / "tls.crt").unlink()  # HQ's certificate made anew: the card's pin is the old one
    (hq / "tls.key").unlink()
    served = serve(hq, tls=True, port=port)
    try:
        assert served.pin != old_pin and served.url == f"https://127.0.0.1:{port}"
        refused = run_outpost_sync("--card", str(card), "--data-dir", str(station))
        assert refused.returncode == 3, refused.stderr
        assert "does not match the pin" in refused.stderr
        assert " PUT " not in served.log() and entries_at_hq(hq) == 0
    finally:
        assert served.stop() == 0


@pytest.mark.parametrize(
    "text",
    ['{"url": NaN}', '{"url": Infinity}', "[" * 100_000, '{"url": "\\ud800"}', "x" * 70_000],
)
def test_a_card_that_is_no_json_or_carries_nan_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    """An inbox card is read as strictly as every card: NaN and Infinity, a nesting bomb, a lone
    surrogate or a file over the card cap are one line (exit 3), nothing remembered."""
    monkeypatch.setenv("OUTPOST_HQ_PASSPHRASE", PASSPHRASE)
    _, station = set_up(tmp_path)
    card = tmp_path / "bad.card.json"
    card.write_text(text, errors="surrogatepass")
    refused = run_cli("sync", "--card", str(card), data_dir=station)
    assert refused.returncode == 3, refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    assert "Traceback" not in refused.stderr
    assert remembered(station) == (None, None)
