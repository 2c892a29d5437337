"""A data directory belongs to one program: the station and HQ each refuse the other's folder,
and a folder of someone's files, through the one check in `outpost.store.role`."""

from __future__ import annotations

from pathlib import Path

import pytest

from outpost.errors import ForeignDataDir
from outpost.logbook import Logbook
from outpost.store import HQ, LOCK_NAME, STATION, Role, refuse_foreign, refuse_other_role


def test_a_missing_folder_is_no_one_elses(tmp_path: Path) -> None:
    """A folder that does not exist yet may be set up by either program."""
    refuse_foreign(tmp_path / "new", STATION)
    refuse_foreign(tmp_path / "new", HQ)


def test_a_file_is_not_a_data_folder(tmp_path: Path) -> None:
    """A path naming a file is refused as "not a folder"."""
    path = tmp_path / "notes.txt"
    path.write_text("x")
    with pytest.raises(ForeignDataDir) as caught:
        refuse_foreign(path, HQ)
    assert caught.value.params["reason"] == "not a folder"


@pytest.mark.parametrize(("mine", "theirs"), [(STATION, HQ), (HQ, STATION)])
def test_each_role_refuses_the_others_folder(tmp_path: Path, mine: Role, theirs: Role) -> None:
    """A folder holding the other program's marker is refused, named as that program."""
    (tmp_path / theirs.marker).write_text("{}")
    with pytest.raises(ForeignDataDir) as caught:
        refuse_foreign(tmp_path, mine)
    assert caught.value.params["reason"] == theirs.label
    with pytest.raises(ForeignDataDir) as caught:
        refuse_other_role(tmp_path, mine)
    assert caught.value.params["reason"] == theirs.label


def test_own_files_the_lock_and_dot_files_are_let_be(tmp_path: Path) -> None:
    """The lock and the role's own files never count as strangers; dot files only where the
    role allows them (the station), since HQ's set-up wants an empty folder."""
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / LOCK_NAME).write_text("")
    (folder / "log").mkdir()
    (folder / ".DS_Store").write_text("")
    refuse_foreign(folder, STATION, ["log"], hidden_ok=True)
    with pytest.raises(ForeignDataDir) as caught:
        refuse_foreign(folder, HQ, ["log"])
    assert caught.value.params["reason"] == ".DS_Store"


def test_a_station_is_not_set_up_in_an_hq_folder(tmp_path: Path) -> None:
    """`Logbook.create` and `Logbook.open` refuse a folder marked for HQ, saying so."""
    folder = tmp_path / "hq"
    folder.mkdir()
    (folder / HQ.marker).write_text('{"role": "hq"}')
    with pytest.raises(ForeignDataDir) as caught:
        Logbook.create(folder, station_id="abc", name="x", officers=["a"])
    assert caught.value.params["reason"] == "HQ"
    with pytest.raises(ForeignDataDir):
        Logbook.open(folder)
