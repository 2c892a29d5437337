"""Run every benchmark script `tests/bench/bench_*.py` in turn (`make bench`).

Each script prints its own figures and ratios against a baseline measured in the same run, and
exits non-zero when a floor of its issue is missed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def main() -> int:
    here = Path(__file__).parent
    failed = []
    for script in sorted(here.glob("bench_*.py")):
        print(f"\n=== {script.name} ===", flush=True)
        if subprocess.run([sys.executable, str(script)], check=False).returncode != 0:
            failed.append(script.name)
    if failed:
        print(f"\nfloors missed in: {', '.join(failed)}")
        return 1
    print("\nall floors met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
