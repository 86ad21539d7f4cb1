"""The command line: parses options, calls the library, echoes. No domain logic here."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

import click

from harmonise import __version__
from harmonise.checklist import ChecklistRegistry, load_checklist
from harmonise.errors import HarmoniseError
from harmonise.settings import Settings


class HarmoniseGroup(click.Group):
    """Turns a HarmoniseError into ``Error: [Hnnn] ...`` on stderr and exit code 1."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except HarmoniseError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"Error: {exc.render()}", err=True)
            ctx.exit(1)


def _settings(ctx: click.Context) -> Settings:
    return ctx.obj["settings"]


def _registry(ctx: click.Context) -> ChecklistRegistry:
    if "registry" not in ctx.obj:
        ctx.obj["registry"] = ChecklistRegistry(_settings(ctx).checklist_dirs)
    return ctx.obj["registry"]


@click.group(cls=HarmoniseGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="harmonise")
@click.option("--debug", is_flag=True, help="Show tracebacks instead of short error messages.")
@click.option(
    "--checklists",
    "checklist_dirs",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Folder of your own checklist YAML files, read ahead of the packaged ones.",
)
@click.pass_context
def main(ctx: click.Context, debug: bool, checklist_dirs: tuple[Path, ...]) -> None:
    """harmonise: check national cyber legislation against the HIPCAR model laws."""
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
    ctx.obj["settings"] = Settings.from_env(checklist_dirs=checklist_dirs or None)


# --- frameworks ---------------------------------------------------------------------------


@main.group(invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list instead of a table.")
@click.pass_context
def frameworks(ctx: click.Context, as_json: bool) -> None:
    """List the model-law checklists harmonise knows (packaged and your own)."""
    if ctx.invoked_subcommand is not None:
        return
    rows = [
        {
            "id": item.checklist.id,
            "title": item.checklist.framework.title,
            "year": item.checklist.framework.year,
            "provisions": len(item.checklist.provisions),
            "source": "packaged" if item.packaged else item.path,
        }
        for item in _registry(ctx)
    ]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    width = max([len(str(r["id"])) for r in rows] + [2])
    click.echo(f"{'ID':<{width}}  PROVISIONS  TITLE")
    for r in rows:
        click.echo(f"{r['id']:<{width}}  {r['provisions']:>10}  {r['title']} ({r['year']})")


@frameworks.command("show")
@click.argument("framework_id")
@click.option("--json", "as_json", is_flag=True, help="Dump the checklist as loaded.")
@click.pass_context
def frameworks_show(ctx: click.Context, framework_id: str, as_json: bool) -> None:
    """Show a checklist's provisions and the elements each needs."""
    loaded = _registry(ctx).get(framework_id)
    checklist = loaded.checklist
    if as_json:
        click.echo(checklist.model_dump_json(indent=2))
        return
    fw = checklist.framework
    counts = checklist.counts()
    click.echo(f"{fw.title} ({fw.year}) [{fw.id}]")
    click.echo(
        f"{counts['provisions']} provisions, {counts['elements']} elements, "
        f"{counts['cues']} cues, {counts['terms']} defined terms"
    )
    part = None
    for p in checklist.provisions:
        if p.part != part:
            part = p.part
            click.echo(f"\n{part}")
        flag = " (optional in the model)" if p.optional else ""
        click.echo(f"  s.{p.model_ref:<4} {p.title}  [{p.id}; {p.verification}]{flag}")
        for e in p.elements:
            need = "required" if e.required else "optional"
            click.echo(f"         - {e.label} ({e.role}, {need})")


@frameworks.command("validate")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
def frameworks_validate(file: Path) -> None:
    """Check a checklist YAML file of your own; lists every problem at once."""
    loaded = load_checklist(file)
    c = loaded.checklist.counts()
    click.echo(
        f"{file.name}: OK, framework {loaded.checklist.id!r}: {c['provisions']} provisions, "
        f"{c['elements']} elements, {c['cues']} cues"
    )


# --- check ----------------------------------------------------------------------------


def _write(target: str, text: str, what: str) -> None:
    if target == "-":
        click.echo(text, nl=False)
        return
    try:
        Path(target).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise HarmoniseError(
            "H501", f"cannot write the {what} to {target}: {exc.strerror}"
        ) from None


def _more_files(f: Callable[..., None]) -> Callable[..., None]:
    """A folder or further FILEs after the first, and --ocr: read as one Act."""
    f = click.option(
        "--ocr",
        is_flag=True,
        help="Read PDF pages that have no text layer with OCRmyPDF or tesseract.",
    )(f)
    return click.argument("more", metavar="[FILE]...", nargs=-1, type=click.Path(path_type=Path))(f)


def _source(file: Path, more: tuple[Path, ...]) -> Path | list[Path]:
    return [file, *more] if more else file


def _db_option(f: Callable[..., None]) -> Callable[..., None]:
    return click.option(
        "--db",
        "db",
        type=click.Path(path_type=Path, dir_okay=False),
        help="Run history SQLite file (default: $XDG_DATA_HOME/harmonise/runs.db).",
    )(f)


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@_more_files
@click.option(
    "--framework",
    "-f",
    "frameworks_",
    multiple=True,
    default=("hipcar-cybercrime",),
    show_default=True,
    help="Checklist id to check against (repeatable); 'all' for every framework, 'auto' for "
    "those the document speaks to.",
)
@click.option("--country", help="Country the law belongs to, shown in the report.")
@click.option("-o", "--output", "html_out", help="Write the HTML report here ('-' = stdout).")
@click.option("--json", "json_out", help="Write the JSON report here ('-' = stdout).")
@_db_option
@click.pass_context
def check(
    ctx: click.Context,
    file: Path,
    more: tuple[Path, ...],
    ocr: bool,
    frameworks_: tuple[str, ...],
    country: str | None,
    html_out: str | None,
    json_out: str | None,
    db: Path | None,
) -> None:
    """Check a national law against model-law checklists and write the gap report.

    Without -o or --json the HTML report goes to FILE's name with '.report.html'.
    FILE is a PDF, DOCX, HTML, Akoma Ntoso XML or text file, or a folder of them; several
    FILEs are read in order as one Act (a law website's section pages).
    """
    from harmonise.report import render_html, render_json
    from harmonise.review import review_file

    registry = _registry(ctx)
    review = review_file(
        _source(file, more),
        list(frameworks_),
        settings=_settings(ctx),
        registry=registry,
        country=country,
        ocr=ocr,
    )
    name = review.document.source
    if html_out is None and json_out is None:
        html_out = str(Path(name).with_suffix("").name + ".report.html")
    html = render_html(review, registry) if html_out or db else None
    if html_out and html is not None:
        _write(html_out, html, "HTML report")
    if json_out:
        _write(json_out, render_json(review), "JSON report")
    if db is not None and html is not None:  # the run history: only when --db is given
        _store_check(db, review, html)
    if "-" in (html_out, json_out):
        return
    for fw in review.frameworks:
        if not fw.assessed:
            click.echo(f"{name}: {fw.id}: not assessed ({fw.reason})")
            continue
        found = [f for f in review.findings if f.framework == fw.id]
        counts = {s: sum(f.status.value == s for f in found) for s in ("addressed", "partial")}
        missing = len(found) - counts["addressed"] - counts["partial"]
        click.echo(
            f"{name}: {fw.id}: {counts['addressed']} addressed, {counts['partial']} partial, "
            f"{missing} missing ({len(found)} provisions)"
        )
    for target in (html_out, json_out):
        if target:
            click.echo(f"wrote {target}")


def _store_check(db: Path, review, html: str) -> None:
    import hashlib

    from harmonise.store.runs import ReviewRecord

    store, path = _store(db)
    digest = hashlib.sha256(html.encode("utf-8")).hexdigest()
    run_id = store.save_run(
        "check", review.document.source, [ReviewRecord(review, html_sha256=digest)],
        strategy=review.tool.strategy,
    )  # fmt: skip
    click.echo(f"stored run {run_id} in {path}", err=True)


# --- eval -----------------------------------------------------------------------------


@main.command("eval")
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option("--split", type=click.Choice(["dev", "test"]), help="Only this split.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("-v", "--verbose", is_flag=True, help="List every disagreement with the gold.")
@click.pass_context
def eval_(
    ctx: click.Context, folder: Path, split: str | None, as_json: bool, verbose: bool
) -> None:
    """Score harmonise against the labelled corpus (*.gold.yaml files under FOLDER)."""
    from harmonise.evaluation import evaluate, format_report

    report = evaluate(folder, _settings(ctx), _registry(ctx), split=split)
    click.echo(report.model_dump_json(indent=2) if as_json else format_report(report, verbose))


# --- parse ----------------------------------------------------------------------------


@main.command("parse")
@click.argument("file", type=click.Path(path_type=Path))
@_more_files
@click.option("--json", "as_json", is_flag=True, help="Dump the parsed Act tree as JSON.")
@click.option("--akn", is_flag=True, help="Print the parsed Act as Akoma Ntoso 3.0 XML.")
@click.option(
    "--offsets", is_flag=True, help="With --json, include the map back to source offsets."
)
@click.pass_context
def parse_(
    ctx: click.Context,
    file: Path,
    more: tuple[Path, ...],
    ocr: bool,
    as_json: bool,
    akn: bool,
    offsets: bool,
) -> None:
    """Parse a statute and print its outline: parts, sections, headings, defined terms.

    FILE is a PDF, DOCX, HTML, Akoma Ntoso XML or text file, or a folder of them; several
    FILEs are read in order as one Act (a law website's section pages).
    """
    from harmonise.review import load_act
    from harmonise.structure.outline import format_outline, outline

    act = load_act(_source(file, more), _settings(ctx), ocr=ocr)
    if akn:
        from harmonise.export import to_akn

        click.echo(to_akn(act).decode("utf-8"), nl=False)
        return
    if as_json:
        click.echo(
            act.model_dump_json(
                indent=2, exclude=None if offsets else {"source_offsets", "source_line_starts"}
            )
        )
        return
    click.echo(format_outline(outline(act)))


# --- batch and run history ---------------------------------------------------------------


def _store(db: Path | None):
    from harmonise.store import RunStore, default_db_path, open_store

    return RunStore(open_store(db or default_db_path())), db or default_db_path()


@main.command("batch")
@click.argument("manifest", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "outdir",
    required=True,
    type=click.Path(path_type=Path),
    help="Folder for index.html, countries/ and the regional.csv/json/xlsx exports.",
)
@click.option(
    "--workers",
    default=0,
    type=click.IntRange(0, 64),
    help="Processes reviewing instruments in parallel [default: 0, one per CPU core, at most "
    "8; 1 runs in this process].",
)
@_db_option
@click.option("--no-db", is_flag=True, help="Do not record the run in the run history.")
@click.pass_context
def batch(
    ctx: click.Context, manifest: Path, outdir: Path, workers: int, db: Path | None, no_db: bool
) -> None:
    """Review every instrument of a region and write the regional report.

    MANIFEST is a YAML or CSV manifest (country, iso, title, year, status, file, frameworks)
    or a folder laid out COUNTRY/instrument.ext. Exits 1 if any instrument failed; the
    others are still reported.
    """
    from harmonise.batch import STRATEGY, InstrumentResult, aggregate, run_batch, worker_pool
    from harmonise.manifest import load_manifest
    from harmonise.report.regional import write_instrument_report, write_regional
    from harmonise.store.runs import ReviewRecord

    registry = _registry(ctx)
    loaded = load_manifest(manifest, registry)
    workers = workers or min(os.cpu_count() or 1, 8)
    # one pool for the reviews and then the spreadsheet export, written by a worker while
    # this process renders the regional pages
    with worker_pool(workers, len(loaded.instruments)) as pool:
        with click.progressbar(
            length=len(loaded.instruments), label="Reviewing", file=sys.stderr, show_pos=True
        ) as bar:

            def done(result: InstrumentResult) -> None:
                if result.review is not None:  # each report written as it comes, not held
                    write_instrument_report(result, outdir, registry)
                bar.update(1)

            results = run_batch(loaded, _settings(ctx), render=True, on_done=done, pool=pool)
        regional = aggregate(loaded.name, results)
        write_regional(regional, results, outdir, registry, pool=pool)
    _batch_summary(regional)
    if not no_db:
        store, path = _store(db)
        records = [
            ReviewRecord(r.review, r.instrument.country, r.instrument.iso, r.instrument.title,
                         r.instrument.status.value,
                         _sha256_file(outdir / "countries" / r.instrument.iso
                                      / f"{r.instrument.key}.html"),
                         r.review_json())
            for r in results if r.review is not None
        ]  # fmt: skip
        run_id = store.save_run(
            "batch", loaded.name, records, strategy=STRATEGY,
            regional_json=regional.model_dump_json(),
        )  # fmt: skip
        click.echo(f"stored run {run_id} ({len(records)} reviews) in {path}")
    click.echo(f"wrote {outdir / 'index.html'}")
    failed = [r for r in results if not r.ok]
    for r in failed:
        click.echo(f"failed: {r.instrument.country}: {r.instrument.file}: {r.error}", err=True)
    if failed:
        ctx.exit(1)


def _sha256_file(path: Path) -> str | None:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


def _batch_summary(regional) -> None:
    ids = [b.id for b in regional.frameworks]
    click.echo(f"{'ISO':<4} {'STATE':<16} {'INSTR':>5}  COVERAGE (frameworks assessed)")
    for c in regional.countries:
        bad = sum(i.error is not None for i in c.instruments)
        cov = ", ".join(
            f"{fid} {c.coverage[fid]}%" for fid in ids
            if any(fid in i.frameworks for i in c.instruments)
        )  # fmt: skip
        extra = f" [{bad} failed]" if bad else ""
        if all(i.status.value == "bill" for i in c.instruments):
            extra += " [bills only: nothing in force]"
        click.echo(f"{c.iso:<4} {c.name[:16]:<16} {len(c.instruments):>5}  {cov or '-'}{extra}")


@main.group("runs")
def runs() -> None:
    """The run history: stored reviews of `check --db` and `batch`."""


@runs.command("list")
@_db_option
@click.option("--limit", type=int, help="Only the first N reviews.")
def runs_list(db: Path | None, limit: int | None) -> None:
    """List the stored reviews, one line each: ID, run, date, state, document, summary."""
    store, path = _store(db)
    items = store.list_reviews(limit)
    if not items:
        click.echo(f"no stored reviews in {path}")
        return
    click.echo(f"{'ID':>4} {'RUN':>4} {'KIND':<5} {'CREATED':<25} {'STATE':<14} "
               f"{'A/P/M':<10} DOCUMENT")  # fmt: skip
    for s in items:
        apm = f"{s.summary['addressed']}/{s.summary['partial']}/{s.summary['missing']}"
        click.echo(
            f"{s.id:>4} {s.run_id:>4} {s.kind:<5} {s.created:<25} {(s.country or '-')[:14]:<14} "
            f"{apm:<10} {s.source}" + (f" ({s.instrument_status})" if s.instrument_status else "")
        )


@runs.command("show")
@click.argument("review_id", type=int)
@_db_option
@click.option(
    "-o",
    "--output",
    "html_out",
    default="-",
    show_default=True,
    help="Write the re-rendered HTML report here ('-' = stdout).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the stored JSON report instead.")
@click.pass_context
def runs_show(
    ctx: click.Context, review_id: int, db: Path | None, html_out: str, as_json: bool
) -> None:
    """Re-render a stored review's report (byte-identical to the original HTML)."""
    import hashlib

    from harmonise.report import render_html, render_json

    store, _ = _store(db)
    stored = store.get_review(review_id)
    if as_json:
        _write(html_out, render_json(stored.review), "JSON report")
        return
    html = render_html(stored.review, _registry(ctx))
    if stored.html_sha256 and hashlib.sha256(html.encode()).hexdigest() != stored.html_sha256:
        click.echo("note: the checklists or templates changed since this review was stored; "
                   "the page differs from the original", err=True)  # fmt: skip
    _write(html_out, html, "HTML report")
    if html_out != "-":
        click.echo(f"wrote {html_out}")


@runs.command("diff")
@click.argument("a", type=int)
@click.argument("b", type=int)
@_db_option
@click.option("--html", "html_out", help="Also write the comparison as an HTML page.")
@click.option(
    "--runs", "whole_runs", is_flag=True, help="A and B are batch runs: compare every state."
)
def runs_diff(a: int, b: int, db: Path | None, html_out: str | None, whole_runs: bool) -> None:
    """What changed between two stored reviews A and B (of the same state or document).

    With --runs, A and B are two batch runs: what changed for each state, provision by
    provision (the regional matrix).
    """
    from harmonise.report.runs import render_diff_html
    from harmonise.store import diff_reviews

    store, _ = _store(db)
    if whole_runs:
        _diff_runs(store, a, b, html_out)
        return
    ra, rb = store.get_review(a), store.get_review(b)
    if ra.document_sha256 != rb.document_sha256 and (ra.iso or ra.country) != (
        rb.iso or rb.country
    ):
        click.echo(f"note: {a} and {b} are reviews of different documents and states", err=True)
    changes = diff_reviews(ra.review, rb.review)
    click.echo(f"{a}: {ra.source} ({ra.created})  ->  {b}: {rb.source} ({rb.created})")
    if not changes:
        click.echo("no provision changed status")
    _echo_changes(changes)
    if html_out:
        before = f"review {a}: {ra.source}, {ra.country or '-'} ({ra.created})"
        after = f"review {b}: {rb.source}, {rb.country or '-'} ({rb.created})"
        _write(html_out, render_diff_html(before, after, changes), "HTML comparison")
        click.echo(f"wrote {html_out}")


def _echo_changes(changes: list, *, with_country: bool = False) -> None:
    for c in changes:
        where = f"{c.country} " if with_country else ""
        before, after = c.before or "not assessed", c.after or "not assessed"
        click.echo(f"  {where}{c.framework} s.{c.model_ref} {c.title}: {before} -> {after}")


def _diff_runs(store, a: int, b: int, html_out: str | None) -> None:
    from harmonise.batch import Regional, diff_regional
    from harmonise.report.runs import render_diff_html

    (la, ca, ja), (lb, cb, jb) = store.get_regional(a), store.get_regional(b)
    changes = diff_regional(Regional.model_validate_json(ja), Regional.model_validate_json(jb))
    click.echo(f"run {a}: {la} ({ca})  ->  run {b}: {lb} ({cb})")
    if not changes:
        click.echo("no provision changed status in any state")
    _echo_changes(changes, with_country=True)
    if html_out:
        for c in changes:  # the page's framework column names the state too
            c.framework = f"{c.country} {c.framework}"
        page = render_diff_html(
            f"run {a}: {la} ({ca})", f"run {b}: {lb} ({cb})", changes, where="State, framework"
        )
        _write(html_out, page, "HTML comparison")
        click.echo(f"wrote {html_out}")


# --- serve ------------------------------------------------------------------------------


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@_db_option
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, db: Path | None) -> None:
    """Serve the web app: upload a law, read its report, review it, browse the history.

    Single-user and without login: keep the default 127.0.0.1 unless the network in front
    of it is trusted. API schema at /docs.
    """
    import uvicorn

    from harmonise.store import default_db_path
    from harmonise.web import create_app

    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(
            f"warning: serving on {host} without login: anyone who can reach it can upload "
            "and review. Keep 127.0.0.1 unless the network in front of it is trusted.",
            err=True,
        )
    app = create_app(_settings(ctx), db=db or default_db_path(), registry=_registry(ctx))
    click.echo(f"harmonise on http://{host}:{port}/ (run history {db or default_db_path()})")
    uvicorn.run(app, host=host, port=port, log_level="info")


if __name__ == "__main__":  # pragma: no cover
    main(sys.argv[1:])
