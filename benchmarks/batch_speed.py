"""Speed of `harmonise batch`: N instruments (the demo region replicated) reviewed,
aggregated and written, against a bare spaCy pass over the same text.

    python benchmarks/batch_speed.py [--sizes 10 50 200] [--workers 1] [--named]

Each size runs in a fresh process so that its peak memory (getrusage max RSS, of the process
and of any worker processes) is its own. The bare pass is what every review has to do at
least: tokenise and lemmatise the documents with harmonise.match.nlp.get_nlp(), pipeline
already built. Times exclude process start-up and the first pipeline build (a warm-up
review), and the run history (SQLite) write. As in `harmonise batch`, the review's process
pool is kept for the regional outputs (a worker writes regional.xlsx meanwhile).
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
REGION = ROOT / "corpora" / "region" / "manifest.yaml"


def build_region(size: int, folder: Path, named: dict[str, list[str]] | None = None) -> Path:
    """A manifest of ``size`` instruments: the demo region's rows, copied as often as needed
    (each copy a new set of states with its own copies of the files). With ``named`` (file ->
    framework ids), each row names its frameworks instead of leaving them to ``auto``."""
    rows = yaml.safe_load(REGION.read_text(encoding="utf-8"))["instruments"]
    out = []
    for i in range(size):
        row = dict(rows[i % len(rows)])
        if named is not None:
            row["frameworks"] = named[row["file"]]
        copy = i // len(rows)
        src = (REGION.parent / row["file"]).resolve()
        dest = folder / f"copy{copy}" / src.name
        dest.parent.mkdir(parents=True, exist_ok=True)
        if not dest.exists():
            shutil.copy(src, dest)
        row.update(country=f"{row['country']} {copy}", iso=f"{row['iso']}{copy}",
                   file=dest.relative_to(folder).as_posix())  # fmt: skip
        out.append(row)
    manifest = folder / "manifest.yaml"
    manifest.write_text(yaml.safe_dump({"name": f"bench {size}", "instruments": out}), "utf-8")
    return manifest


def named_frameworks() -> dict[str, list[str]]:
    """What an analyst would write in the manifest: for each demo instrument, the frameworks
    ``auto`` assesses it against (found once, in a separate process, before any timing)."""
    from harmonise.batch import review_instrument
    from harmonise.checklist import ChecklistRegistry
    from harmonise.manifest import load_manifest
    from harmonise.settings import Settings

    manifest = load_manifest(REGION, ChecklistRegistry())
    rows = yaml.safe_load(REGION.read_text(encoding="utf-8"))["instruments"]
    out = {}
    for row, inst in zip(rows, manifest.instruments, strict=True):
        review = review_instrument(inst, Settings())
        out[row["file"]] = [f.id for f in review.frameworks if f.assessed]
    return out


def measure(size: int, workers: int, named: dict[str, list[str]] | None = None) -> dict[str, float]:
    from harmonise.batch import aggregate, review_instrument, run_batch, worker_pool
    from harmonise.checklist import ChecklistRegistry
    from harmonise.manifest import load_manifest
    from harmonise.match.nlp import fold_for_matching, get_nlp
    from harmonise.report.regional import write_instrument_report, write_regional
    from harmonise.settings import Settings

    settings = Settings()
    registry = ChecklistRegistry()
    with tempfile.TemporaryDirectory() as tmp:
        manifest = load_manifest(build_region(size, Path(tmp), named), registry)
        review_instrument(manifest.instruments[0], settings)  # warm-up: pipeline, cue indexes
        begin = time.perf_counter()
        out = Path(tmp) / "out"

        def done(result) -> None:  # as `harmonise batch` does: each report written as it comes
            if result.review is not None:
                write_instrument_report(result, out, registry)

        # as `harmonise batch` does: one pool for the reviews, then the spreadsheet export
        with worker_pool(workers, len(manifest.instruments)) as pool:
            results = run_batch(manifest, settings, render=True, on_done=done, pool=pool)
            review_s = time.perf_counter() - begin
            regional = aggregate(manifest.name, results)
            write_regional(regional, results, out, registry, pool=pool)
            total = time.perf_counter() - begin
        words = sum(r.review.document.words for r in results if r.review)
        texts = [fold_for_matching(i.path.read_text(encoding="utf-8")) for i in
                 manifest.instruments]  # fmt: skip
        nlp = get_nlp()
        start = time.perf_counter()
        for doc in nlp.pipe(texts):
            _ = [t.lemma_ for t in doc]
        bare = time.perf_counter() - start
    parent_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    worker_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    rss_kb = max(parent_kb, worker_kb)
    return {
        "instruments": size,
        "workers": workers,
        "words": words,
        "review_s": review_s,
        "total_s": total,
        "words_per_s": words / total,
        "bare_spacy_s": bare,
        "ratio_to_spacy": total / bare,
        "peak_rss_mb": rss_kb / 1024,
        "parent_rss_mb": parent_kb / 1024,
        "worker_rss_mb": worker_kb / 1024,
        "failed": sum(not r.ok for r in results),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10, 50, 200])
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument(
        "--named",
        action="store_true",
        help="each instrument names its frameworks (those auto picks for it) instead of auto",
    )
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--named-map", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        named = json.loads(Path(args.named_map).read_text()) if args.named_map else None
        print(json.dumps(measure(args.one, args.workers, named)))
        return
    extra: list[str] = []
    if args.named:
        mapping = Path(tempfile.mkdtemp()) / "named.json"
        mapping.write_text(json.dumps(named_frameworks()), encoding="utf-8")
        extra = ["--named-map", str(mapping)]
    print(f"{'N':>5} {'workers':>7} {'words':>9} {'review s':>8} {'total s':>8} {'words/s':>9} "
          f"{'spaCy s':>8} {'ratio':>6} {'peak MB':>8} {'parent':>7} {'worker':>7}")  # fmt: skip
    for size in args.sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(size), "--workers", str(args.workers), *extra],
            check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
        m = json.loads(out.strip().splitlines()[-1])
        print(
            f"{size:>5} {m['workers']:>7} {m['words']:>9} {m['review_s']:>8.1f} "
            f"{m['total_s']:>8.1f} "
            f"{m['words_per_s']:>9.0f} {m['bare_spacy_s']:>8.2f} {m['ratio_to_spacy']:>6.1f} "
            f"{m['peak_rss_mb']:>8.0f} {m['parent_rss_mb']:>7.0f} {m['worker_rss_mb']:>7.0f}"
            + (f"  ({m['failed']} failed)" if m["failed"] else "")
        )


if __name__ == "__main__":
    main()
