"""Speed of `harmonise check`: a ~20,000-word Act against the HIPCAR cybercrime checklist.

Targets (issue 4): under 0.5 s warm (library call, pipeline and checklist already loaded) and
under 3 s for the whole CLI run (process start, imports, pipeline build, report writing).

    python benchmarks/check_speed.py [--words 20000] [--runs 5]

The Act is built from a fictional statute in corpora/labelled by appending renumbered copies
of its sections until it reaches the word count.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "corpora" / "labelled" / "beltrania-electronic-crimes-act-2015.txt"
_SECTION_START = re.compile(r"^(\s*)(\d+)([A-Z]?\.)", re.M)


def build_act(words: int) -> str:
    text = SOURCE.read_text(encoding="utf-8")
    body_at = text.find("\n1.")
    body = text[body_at:] if body_at > 0 else text
    out = [text]
    copy = 1
    while len(" ".join(out).split()) < words:
        shift = 100 * copy
        out.append(
            _SECTION_START.sub(
                lambda m, shift=shift: f"{m.group(1)}{int(m.group(2)) + shift}{m.group(3)}", body
            )
        )
        copy += 1
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", type=int, default=20_000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()

    from harmonise.checklist import ChecklistRegistry
    from harmonise.ingest.text import decode_bytes
    from harmonise.review import review_act
    from harmonise.settings import Settings
    from harmonise.structure.parser import parse

    text = build_act(args.words)
    settings = Settings()
    registry = ChecklistRegistry()
    checklist = registry.get("hipcar-cybercrime")
    doc = decode_bytes(text.encode(), "bench.txt", settings)
    review_act(parse(doc, settings), [checklist], settings=settings)  # warm-up

    parse_times, check_times = [], []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        act = parse(doc, settings)
        t1 = time.perf_counter()
        review_act(act, [checklist], settings=settings)
        t2 = time.perf_counter()
        parse_times.append(t1 - t0)
        check_times.append(t2 - t1)
    words = len(text.split())
    warm = [p + c for p, c in zip(parse_times, check_times, strict=True)]
    print(f"document: {words} words, {len(act.sections())} sections")
    print(f"warm parse        median {statistics.median(parse_times):.3f} s")
    print(f"warm match+assess median {statistics.median(check_times):.3f} s")
    print(f"warm total        median {statistics.median(warm):.3f} s  (target < 0.5 s)")

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.txt"
        path.write_text(text, encoding="utf-8")
        cli = []
        for _ in range(3):
            t0 = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "harmonise",
                    "check",
                    str(path),
                    "-o",
                    str(Path(tmp) / "r.html"),
                    "--json",
                    str(Path(tmp) / "r.json"),
                ],
                check=True,
                capture_output=True,
            )
            cli.append(time.perf_counter() - t0)
    print(f"whole CLI run     median {statistics.median(cli):.3f} s  (target < 3 s)")


if __name__ == "__main__":
    main()
