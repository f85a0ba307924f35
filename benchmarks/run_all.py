"""Run every benchmark in this folder, one after the other, and collect their tables.

Usage: ``python benchmarks/run_all.py [NAME ...]`` (default: all, in pipeline order). Each
benchmark prints a markdown table; the combined output goes to stdout and to
``benchmarks/out/results.md``. Run one script directly to pass it options (``--help``).
"""

from __future__ import annotations

import platform
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).parent
ORDER = ["ingest", "extract", "forecast", "deals", "web"]


def machine() -> str:
    """One line describing the machine the numbers come from."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import os

    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def main(argv: list[str]) -> int:
    names = argv or ORDER
    parts = [f"# Benchmark run {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC", "", f"Machine: {machine()}", ""]
    failed = 0
    for name in names:
        script = HERE / f"{name}.py"
        if not script.exists():
            continue
        print(f"== {name}", file=sys.stderr, flush=True)
        cmd = [sys.executable, str(script)]
        done = subprocess.run(cmd, capture_output=True, text=True)
        parts += [f"## {name}", "", f"`{' '.join(['python', f'benchmarks/{name}.py'] + cmd[2:])}`", "", done.stdout.strip(), ""]
        if done.returncode:
            failed += 1
            parts += ["```", done.stderr.strip()[-2000:], "```", ""]
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    text = "\n".join(parts)
    (out / "results.md").write_text(text)
    print(text)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
