"""The layers of DESIGN.md §2: only outpost.tui may import textual."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import outpost

CORE = sorted(
    m.name
    for m in pkgutil.walk_packages(outpost.__path__, "outpost.")
    if not m.name.startswith("outpost.tui") and m.name != "outpost.__main__"
)


@pytest.mark.parametrize("module", CORE)
def test_core_module_does_not_load_textual(module: str) -> None:
    """Importing a core module in a fresh interpreter leaves textual unloaded."""
    code = f"import sys, {module}; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_model_loads_no_storage_or_crypto() -> None:
    """The entry model imports neither TinyDB nor cryptography."""
    code = (
        "import sys, outpost.model; "
        "print(any(m.split('.')[0] in ('tinydb', 'cryptography', 'sqlite3') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
