"""The unlock screen derives the key in a thread worker (it says it is unlocking, a second
Enter does nothing) and, when only the key file's backup copy opens, says so and puts it back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tui_helpers import open_app, screen_text, type_into

from outpost.store.kdf import WRAP_COST
from outpost.store.vault import read_unlock, unwrap, wrapped, write_unlock
from outpost.tui.screens.home import HomeScreen
from outpost.tui.screens.unlock import UnlockScreen
from tests.test_tui_unlock import PASSPHRASE, make_sealed


def wrap_at_full_cost(folder: Path) -> None:
    """Rewrap the station's key at the real Argon2id cost (the tests' own is instant)."""
    fields = read_unlock(folder)
    key = unwrap(fields, PASSPHRASE.encode(), folder / "unlock.json")
    write_unlock(folder, {**fields, **wrapped(key, PASSPHRASE.encode(), WRAP_COST)})


async def test_the_screen_says_it_is_unlocking_and_ignores_a_second_enter(
    station_dir: Path, clock: Any
) -> None:
    """Right after Enter the screen is still drawn, saying it is unlocking; a second Enter
    starts nothing; then home opens as before."""
    make_sealed(station_dir, clock)
    wrap_at_full_cost(station_dir)
    app = open_app(station_dir, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_into(pilot, "#in-passphrase", PASSPHRASE)
        await pilot.press("enter")
        assert isinstance(app.screen, UnlockScreen)  # not frozen until Argon2id is done
        assert "Unlocking…" in screen_text(app)
        await pilot.press("enter")
        assert len([w for w in app.workers if w.group == "unlock"]) == 1
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "wrong station passphrase" not in screen_text(app)
    assert app.book is not None and app.book.state.last_seq == 1
    app.book.close()


async def test_opening_from_the_key_files_backup_is_said_and_the_backup_put_back(
    station_dir: Path, clock: Any
) -> None:
    """A cut-short unlock.json: the backup copy opens the station, a notification names it,
    and unlock.json is the backup's bytes again, as the commands leave it."""
    make_sealed(station_dir, clock)
    backup = (station_dir / "unlock.json.bak").read_bytes()
    (station_dir / "unlock.json").write_bytes(backup[: len(backup) // 2])
    app = open_app(station_dir, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_into(pilot, "#in-passphrase", PASSPHRASE)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        shown = [str(n.message) for n in app._notifications]
        assert any("backup copy unlock.json.bak" in line for line in shown), shown
    assert (station_dir / "unlock.json").read_bytes() == backup
    assert app.book is not None
    app.book.close()


def test_a_key_derived_in_a_child_process_is_the_same_key() -> None:
    """The child process derives the very key this process would."""
    from outpost.store.kdf import KdfCost, derive_key
    from outpost.store.kdf_aside import ASIDE_FROM_KIB, derivations_aside, derive

    cost = KdfCost(memory_kib=ASIDE_FROM_KIB, iterations=1, lanes=1)
    with derivations_aside():
        aside = derive("口令-passphrase".encode(), b"s" * 16, cost)
    assert aside == derive_key("口令-passphrase".encode(), b"s" * 16, cost)
