"""User text made safe for a terminal: one rule for the screens, the summaries and the CLI."""

from __future__ import annotations

import subprocess
import sys

from outpost.text import printable, width


def test_control_characters_show_as_symbols() -> None:
    """ESC, a newline and DEL show as ␛, ␊ and ␡; C1 controls and hidden marks as �."""
    assert printable("碘伏\x1b[2J\n\x7f") == "碘伏␛[2J␊␡"
    assert printable("a\x85b\u200bc\u2028") == "a\ufffdb\ufffdc\ufffd"


def test_only_the_plain_and_ideographic_spaces_pass() -> None:
    """A space and 　 stay; a no-break, em or thin space, which looks like one, shows as �."""
    assert printable("巴特尔 　hh-0007") == "巴特尔 　hh-0007"
    assert printable("a\u00a0b\u2003c\u2009d") == "a\ufffdb\ufffdc\ufffdd"


def test_printable_text_comes_back_unchanged_and_anything_becomes_text() -> None:
    """Ordinary names in any script are returned as given; numbers and None read as strings."""
    for name in ("[bold red]x[/]", "🐪🚰", "ᠮᠣᠩᠭᠣᠯ", "界桩 101-108"):
        assert printable(name) == name
    assert printable(42) == "42" and printable(None) == "None"


def test_width_counts_chinese_characters_as_two_columns() -> None:
    """`布洛芬 3` takes eight columns in a terminal."""
    assert width("布洛芬 3") == 8


def test_the_text_module_loads_neither_rich_nor_textual() -> None:
    """outpost.text is the base layer: the CLI and the summaries use it without Rich."""
    code = "import sys, outpost.text; print(sorted({'rich', 'textual'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
