"""How fast is the structure parser? Builds a ~100,000-word fictional statute and parses it.

    python benchmarks/parse_speed.py [--words 100000] [--repeat 3]

The statute is made by replicating the fictional test statutes in tests/fixtures/structure
(an old-style print with marginal notes and running heads, a clean modern act and an
OCR-damaged print) with their sections renumbered, so every layout path of the normaliser
and the parser is exercised. Prints words, seconds (best of --repeat) and words per second.
Not a test: the target (under 2 s for 100,000 words on a 2-core machine) is checked by eye.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from harmonise.ingest.source import SourceDocument  # noqa: E402
from harmonise.structure.parser import parse  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "structure"
SOURCES = ("old-style-notes.txt", "clean-modern.txt", "ocr-noisy.txt")
#: A section number at the start of a line, in any of the fixtures' styles.
_SECTION = re.compile(
    r"^(?P<pre>\s*(?:[^\s]+(?: [^\s]+)*\s{2,})?)(?P<num>\d+[A-Z]?)(?P<post>\.[-—( ]*)", re.MULTILINE
)


def body_of(name: str) -> str:
    """The fixture's body: from its first PART or section to its schedules (no title page,
    no arrangement, no schedules, whose numbered items would be renumbered too)."""
    text = (FIXTURES / name).read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    start = next(
        k
        for k, line in enumerate(lines)
        if (re.match(r"^\s*PART\b", line) and k > 20)
        or re.match(r"^\S.*\s{3,}1\. ", line)
        or re.match(r"^\s+PART I1", line)
    )
    end = next((k for k, line in enumerate(lines) if line.startswith("SCHEDULE")), len(lines))
    return "".join(lines[start:end])


def build(words: int) -> str:
    bodies = [body_of(name) for name in SOURCES]
    out = ["FICTIONAL STATUTE BUILT FOR THE HARMONISE PARSE BENCHMARK.\n\n"]
    count = 0
    number = 0
    while count < words:
        for body in bodies:

            def renumber(m: re.Match[str]) -> str:
                nonlocal number
                number += 1
                return f"{m.group('pre')}{number}{m.group('post')}"

            chunk = _SECTION.sub(renumber, body)
            out.append(chunk + "\n")
            count += len(chunk.split())
    return "".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    text = build(args.words)
    doc = SourceDocument(
        name="benchmark.txt", text=text, sha256=hashlib.sha256(text.encode()).hexdigest()
    )
    parse(doc)  # warm up: word list, regex caches
    best = float("inf")
    for _ in range(args.repeat):
        start = time.perf_counter()
        act = parse(doc)
        best = min(best, time.perf_counter() - start)
    nodes = sum(1 for _ in act.walk())
    print(f"words: {doc.words}")
    print(f"lines: {text.count(chr(10))}, sections: {len(act.sections())}, nodes: {nodes}")
    print(f"seconds: {best:.3f} (best of {args.repeat})")
    print(f"words/s: {doc.words / best:,.0f}")


if __name__ == "__main__":
    main()
