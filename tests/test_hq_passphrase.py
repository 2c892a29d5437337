"""HQ's passphrase rule: short and common passphrases refused at set-up, weak ones warned about."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import HQ_PASSPHRASE, run_cli

from outpost.brigade import judge_passphrase, set_up_hq
from outpost.demo import PASSPHRASE as DEMO_PASSPHRASE
from outpost.errors import UsageError

REFUSED = [
    " ",
    "a",
    "123456",
    "戍边守望银根",  # 6 characters, 18 bytes: characters are what count
    "correct horse battery staple",  # famous, hence common
    "Correct-Horse-Battery-Staple",
    "123456789012",
    "password1234",
    "!!Password!!2026",
    "qwertyuiopas",
    "aaaaaaaaaaaa",
    "            ",
    "abcabcabcabc",
    "woaini1314520",
]


@pytest.mark.parametrize("passphrase", REFUSED)
def test_short_or_common_passphrase_is_refused_by_the_service(
    tmp_path: Path, passphrase: str
) -> None:
    """Set-up refuses a passphrase under 12 characters or a common one and makes nothing."""
    with pytest.raises(UsageError):
        set_up_hq(tmp_path / "hq", hq_id="alxa", name="大队", passphrase=passphrase.encode())
    assert not (tmp_path / "hq").exists()


@pytest.mark.parametrize("passphrase", ["a", "123456", "correct horse battery staple"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_hq_init_refuses_a_weak_passphrase_in_one_line(
    tmp_path: Path, passphrase: str, lang: str
) -> None:
    """`hq init` with a short or common passphrase: one line in the user's language, exit 2,
    no folder made."""
    file = tmp_path / "pass.txt"
    file.write_text(passphrase + "\n", encoding="utf-8")
    hq = tmp_path / "hq"
    result = run_cli(
        "hq", "init", "--id", "alxa-brigade", "--name", "大队", "--passphrase-file", str(file),
        data_dir=hq, lang=lang,
    )  # fmt: skip
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert ("口令" if lang == "zh" else "passphrase") in result.stderr
    assert "Traceback" not in result.stderr
    assert not hq.exists()


def test_hq_init_says_how_many_characters_it_counted(tmp_path: Path) -> None:
    """The refusal of a short Chinese passphrase counts its characters, not its bytes."""
    result = run_cli(
        "hq", "init", "--id", "alxa-brigade", "--name", "大队", data_dir=tmp_path / "hq",
        input="戍边守望银根\n",
    )  # fmt: skip
    assert result.returncode == 2
    assert "has 6 characters" in result.stderr and "at least 12" in result.stderr


def test_hq_init_takes_a_strong_passphrase_asked_twice(tmp_path: Path) -> None:
    """A long passphrase typed twice on the terminal sets HQ up, without a warning."""
    hq = tmp_path / "hq"
    typed = "梭梭林 查干敖包 第207号界桩\n"
    result = run_cli(
        "hq", "init", "--id", "alxa-brigade", "--name", "大队", data_dir=hq, input=typed * 2
    )
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr
    assert (hq / "hq.json").is_file()


def test_hq_init_refuses_two_different_passphrases(tmp_path: Path) -> None:
    """The repeat must match the first: else one line, exit 2, nothing set up."""
    hq = tmp_path / "hq"
    result = run_cli(
        "hq", "init", "--id", "alxa-brigade", "--name", "大队", data_dir=hq,
        input="saxaul-dune-camel-well-27\nsaxaul-dune-camel-well-28\n",
    )  # fmt: skip
    assert result.returncode == 2 and "differ" in result.stderr
    assert not hq.exists()


def test_a_short_passphrase_is_refused_before_it_is_asked_again(tmp_path: Path) -> None:
    """No one types a passphrase twice to learn that it is too short."""
    result = run_cli(
        "hq", "init", "--id", "alxa-brigade", "--name", "大队", data_dir=tmp_path / "hq",
        input="short\n",
    )  # fmt: skip
    assert result.returncode == 2 and "Repeat" not in result.stderr


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_hq_init_warns_on_a_weak_passphrase_and_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """A passphrase long enough but of one kind of character is taken, with a warning."""
    monkeypatch.setenv("OUTPOST_HQ_PASSPHRASE", "bluewatertower")
    hq = tmp_path / "hq"
    result = run_cli("hq", "init", "--id", "alxa-brigade", "--name", "大队", data_dir=hq, lang=lang)
    assert result.returncode == 0, result.stderr
    assert ("警告" if lang == "zh" else "warning: this passphrase is weak") in result.stderr
    assert (hq / "hq.json").is_file()


@pytest.mark.parametrize(
    "passphrase",
    [HQ_PASSPHRASE.decode(), DEMO_PASSPHRASE, "梭梭林查干敖包第二零七号界桩", "Saxaul & 7 wells"],
)
def test_the_fixture_the_demo_and_good_passphrases_pass(passphrase: str) -> None:
    """The tests' and the demo's passphrases obey the rule they enforce, with no warning."""
    assert judge_passphrase(passphrase.encode()) is None


def test_a_long_number_is_weak_but_not_refused() -> None:
    """Twelve digits that are no run nor repeat are taken, with a warning."""
    assert judge_passphrase(b"199001017342") == "hq.passphrase_weak"
