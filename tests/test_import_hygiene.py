"""Import hygiene that the import-linter contracts in pyproject.toml cannot see: what a fresh
interpreter actually loads (third-party packages may pull in others)."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import outpost

SCREENS = ("outpost.tui", "outpost.__main__")  # __main__ would run the command line
CORE = sorted(
    m.name
    for m in pkgutil.walk_packages(outpost.__path__, "outpost.")
    if not m.name.startswith(SCREENS)
)

PROBE = """
import importlib, json, sys
loaded = {}
importlib.import_module("outpost.model")
loaded["model"] = sorted({m.split(".")[0] for m in sys.modules})
for name in sys.argv[1:]:
    importlib.import_module(name)
loaded["core"] = sorted({m.split(".")[0] for m in sys.modules})
print(json.dumps(loaded))
"""


def test_the_model_and_every_core_module_load_without_textual() -> None:
    """In one fresh interpreter, the model loads neither textual nor TinyDB, cryptography or
    sqlite3, and every module but the screens loads without textual (the command line too:
    `outpost add` must start fast)."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *CORE], capture_output=True, text=True, check=True
    )
    loaded = json.loads(done.stdout)
    assert not {"textual", "tinydb", "cryptography", "sqlite3"} & set(loaded["model"])
    assert "textual" not in loaded["core"]
    assert {"outpost.cli", "outpost.logbook", "outpost.hq", "outpost.demo"} <= set(CORE)
