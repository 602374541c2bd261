"""Keep README and docs/ examples true: re-run every marked command and paste its real output.

A README region looks like::

    <!-- run: sarcoma stage --site leg --size-cm 8 -->
    ```console
    $ sarcoma stage --site leg --size-cm 8
    ...output...
    ```
    <!-- end -->

``python scripts/readme.py`` rewrites every region with the command's real output (stdout and
stderr, then ``(exit code N)`` when it is not 0). ``python scripts/readme.py --check`` exits 1 if
the README differs from a fresh run (timings such as ``0.04 s`` are compared loosely). Commands run
in a temporary folder holding a copy of ``docs/examples/``, with ``.venv/bin`` first on PATH and a
100-column terminal width.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REGION = re.compile(
    r"(<!-- run: (?P<cmd>[^\n]+?) -->\n)```console\n(?:(?!<!-- run: ).)*?```\n(<!-- end -->)", re.DOTALL
)
"""A marked region: the command on one line, then its console block. Neither may run into the next region
(a region written without its ``console`` fence used to swallow the ones after it)."""
TIMING = re.compile(r"\d+(?:\.\d+)? s\b|\d[\d,]* rows/s")


def run(cmd: str, workdir: Path) -> str:
    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}
    env["PATH"] = f"{ROOT / '.venv' / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    proc = subprocess.run(
        ["bash", "-c", cmd], cwd=workdir, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    out = proc.stdout.rstrip("\n")
    if proc.returncode:
        out += f"\n(exit code {proc.returncode})"
    return out


def render(text: str) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        for item in (ROOT / "docs" / "examples").iterdir():
            shutil.copy(item, workdir / item.name)

        def replace(match: re.Match[str]) -> str:
            cmd = match.group("cmd")
            return f"{match.group(1)}```console\n$ {cmd}\n{run(cmd, workdir)}\n```\n{match.group(3)}"

        return REGION.sub(replace, text)


def documents() -> list[Path]:
    """The README and every guide under docs/."""
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def main(argv: list[str]) -> int:
    stale = []
    for path in documents():
        current = path.read_text(encoding="utf-8")
        markers, regions = current.count("<!-- run: "), len(REGION.findall(current))
        if markers != regions:
            sys.stderr.write(
                f"{path.relative_to(ROOT).as_posix()}: {markers - regions} run marker(s) without their "
                "```console block and <!-- end --> (see this script's docstring); nothing was written\n"
            )
            return 2
        fresh = render(current)
        if "--check" not in argv:
            path.write_text(fresh, encoding="utf-8")
        elif TIMING.sub("<t>", fresh) != TIMING.sub("<t>", current):
            stale.append(path.relative_to(ROOT).as_posix())
    if stale:
        sys.stderr.write(f"examples are stale in {', '.join(stale)}: run `python scripts/readme.py`\n")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
