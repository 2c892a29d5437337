"""The message catalogue: every key in both languages with the same placeholders, and every
key the TUI asks for exists."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

import outpost
from outpost import i18n
from outpost.i18n import LANGUAGES, catalogue, t
from outpost.station.forms import FORMS
from outpost.tui.keys import FORM_KEYS, HELP_ROWS, SCREEN_KEYS

CATALOGUE = catalogue()
PACKAGE = Path(outpost.__file__).parent


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_message_has_both_languages_with_the_same_placeholders(key: str) -> None:
    """A message exists in Chinese and English, non-empty, asking for the same parameters."""
    texts = CATALOGUE[key]
    assert set(texts) >= set(LANGUAGES), key
    assert all(texts[lang].strip() for lang in LANGUAGES), key
    assert placeholders(texts["en"]) == placeholders(texts["zh"]), key


def literal_keys() -> set[str]:
    """Message keys written out literally in the TUI, the demo and their command."""
    files = [*(PACKAGE / "tui").rglob("*.py"), PACKAGE / "demo.py", PACKAGE / "cli" / "cmd_tui.py"]
    found: set[str] = set()
    for path in files:
        found |= set(re.findall(r'"((?:tui|demo)\.[a-z_.0-9]+[a-z0-9_])"', path.read_text()))
    return found


def test_every_key_the_tui_asks_for_is_in_the_catalogue() -> None:
    """Literal keys, field labels, key descriptions and choices all have messages."""
    wanted = literal_keys()
    wanted |= {f"tui.key.new.{kind}" for kind in FORM_KEYS}
    wanted |= {f"tui.key.screen.{name}" for name in SCREEN_KEYS}
    wanted |= {message for _, message in HELP_ROWS}
    for fields in FORMS.values():
        for spec in fields:
            wanted.add(spec.label_key)
            if spec.type != "text":
                wanted.add(f"tui.hint.{spec.type}")
            wanted |= {spec.choice_prefix + choice for choice in spec.choices}
    wanted |= {f"tui.weekday.{n}" for n in range(7)}
    missing = sorted(k for k in wanted if k not in CATALOGUE and not k.endswith("."))
    assert missing == []


def source_strings() -> tuple[set[str], tuple[str, ...]]:
    """The program's string literals that look like message keys, and the key prefixes it
    completes at run time (`f"tui.weekday.{n}"`, `"purpose." + value`, `choice_prefix=...`)."""
    code = "\n".join(
        path.read_text(encoding="utf-8")
        for path in PACKAGE.rglob("*.py")
        if path.parent.name != "i18n"
    )
    keys = set(re.findall(r"""["']([a-z][a-z_0-9]*(?:\.[a-z_0-9]+)+)["']""", code))
    literal = r"""["']([a-z][a-z_0-9]*(?:\.[a-z_0-9]+)*[._])["']"""
    fstring = r"""f["']([a-z][a-z_0-9]*(?:\.[a-z_0-9]+)*[._])\{"""
    prefixes = set(re.findall(literal, code)) | set(re.findall(fstring, code))
    return keys, tuple(sorted(prefixes))


def test_every_message_is_used_by_the_program() -> None:
    """Each catalogue key is written out in the code, or starts with a prefix the code completes
    at run time: a message nobody can see is not kept."""
    keys, prefixes = source_strings()
    unused = sorted(k for k in CATALOGUE if k not in keys and not k.startswith(prefixes))
    assert unused == []


def test_an_unknown_key_fails_a_test_and_shows_as_itself_for_users(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """In the tests (strict) `t()` raises on a key no catalogue has; for users it shows the key."""
    with pytest.raises(i18n.MissingMessage):
        t("no.such.message")
    assert i18n.missing == ["no.such.message"]
    i18n.missing.clear()  # noted for the fixture, which would fail this test otherwise
    monkeypatch.setattr(i18n, "strict", False)
    assert t("no.such.message") == "no.such.message"
    assert t("no.such.message", n=1) == "no.such.message {'n': 1}"
