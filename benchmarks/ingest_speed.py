"""How fast is PDF ingest? Builds a statute PDF of about 100 pages and reads it.

    python benchmarks/ingest_speed.py [--pages 100] [--repeat 3] [--parse]

The PDF is made with reportlab by tests/fixtures/ingest/make_fixtures.py (a marginal-note
column beside the body, running heads, page numbers, hyphenated line ends), so it has the
layout the ingest code exists for. It is read with each extractor available here
(``pdftotext -layout`` when poppler-utils is installed, and pypdfium2 always), best of
--repeat; with --parse the structure parser runs on the result too. Prints pages, seconds,
pages per second, characters and sections. Not a test: the target (a 100-page PDF ingested
in under 2 s on a 2-core machine) is checked by eye.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests" / "fixtures" / "ingest"))

from make_fixtures import statute_pdf  # noqa: E402

from harmonise.ingest import read_bytes  # noqa: E402
from harmonise.settings import Settings  # noqa: E402
from harmonise.structure.parser import parse  # noqa: E402

#: Pages one repetition of the fixture statute's 8 sections fills (measured: 25 -> 30 pages).
PAGES_PER_REPEAT = 1.2


def build(pages: int) -> bytes:
    """A statute PDF of at least ``pages`` pages."""
    import pypdfium2 as pdfium

    repeat = max(1, round(pages / PAGES_PER_REPEAT))
    while True:
        data = statute_pdf(repeat=repeat)
        if len(pdfium.PdfDocument(data)) >= pages:
            return data
        repeat += max(1, repeat // 20)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=100, help="about how many pages (100)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per extractor; best is shown")
    ap.add_argument("--parse", action="store_true", help="also time the structure parser")
    args = ap.parse_args()
    t = time.perf_counter()
    data = build(args.pages)
    print(f"built the PDF in {time.perf_counter() - t:.2f} s ({len(data):,} bytes)")
    extractors = ["pypdfium2"] + (["pdftotext"] if shutil.which("pdftotext") else [])
    for extractor in extractors:
        settings = Settings(pdf_extractor=extractor)  # type: ignore[arg-type]
        best = float("inf")
        doc = None
        for _ in range(args.repeat):
            t = time.perf_counter()
            doc = read_bytes(data, "bench.pdf", settings)
            best = min(best, time.perf_counter() - t)
        assert doc is not None
        pages = len(doc.page_starts)
        line = (
            f"{extractor:10} {pages} pages in {best:.3f} s ({pages / best:,.0f} pages/s), "
            f"{len(doc.text):,} characters, extractor recorded: {doc.extractor}"
        )
        if args.parse:
            t = time.perf_counter()
            act = parse(doc, settings)
            line += f"; parsed in {time.perf_counter() - t:.2f} s: {len(act.sections())} sections"
        print(line)
    if not shutil.which("pdftotext"):
        print("pdftotext not installed (apt-get install poppler-utils): pypdfium2 only")


if __name__ == "__main__":
    main()
