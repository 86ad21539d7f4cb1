"""The command line: parses options, calls the library, echoes. No domain logic here."""

from __future__ import annotations

import json
import sys
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
    width = max([len(r["id"]) for r in rows] + [2])
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


@main.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
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
@click.pass_context
def check(
    ctx: click.Context,
    file: Path,
    frameworks_: tuple[str, ...],
    country: str | None,
    html_out: str | None,
    json_out: str | None,
) -> None:
    """Check a national law against model-law checklists and write the gap report.

    Without -o or --json the HTML report goes to FILE's name with '.report.html'.
    """
    from harmonise.report import render_html, render_json
    from harmonise.review import review_file

    registry = _registry(ctx)
    review = review_file(
        file, list(frameworks_), settings=_settings(ctx), registry=registry, country=country
    )
    if html_out is None and json_out is None:
        html_out = str(Path(file.name).with_suffix("").name + ".report.html")
    if html_out:
        _write(html_out, render_html(review, registry), "HTML report")
    if json_out:
        _write(json_out, render_json(review), "JSON report")
    if "-" in (html_out, json_out):
        return
    for fw in review.frameworks:
        if not fw.assessed:
            click.echo(f"{file.name}: {fw.id}: not assessed ({fw.reason})")
            continue
        found = [f for f in review.findings if f.framework == fw.id]
        counts = {s: sum(f.status.value == s for f in found) for s in ("addressed", "partial")}
        missing = len(found) - counts["addressed"] - counts["partial"]
        click.echo(
            f"{file.name}: {fw.id}: {counts['addressed']} addressed, {counts['partial']} partial, "
            f"{missing} missing ({len(found)} provisions)"
        )
    for target in (html_out, json_out):
        if target:
            click.echo(f"wrote {target}")


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
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Dump the parsed Act tree as JSON.")
@click.option(
    "--offsets", is_flag=True, help="With --json, include the map back to source offsets."
)
@click.pass_context
def parse_(ctx: click.Context, file: Path, as_json: bool, offsets: bool) -> None:
    """Parse a statute and print its outline: parts, sections, headings, defined terms."""
    from harmonise.ingest.text import read_text
    from harmonise.structure.outline import format_outline, outline
    from harmonise.structure.parser import parse

    act = parse(read_text(file, _settings(ctx)), _settings(ctx))
    if as_json:
        click.echo(
            act.model_dump_json(
                indent=2, exclude=None if offsets else {"source_offsets", "source_line_starts"}
            )
        )
        return
    click.echo(format_outline(outline(act)))


if __name__ == "__main__":  # pragma: no cover
    main(sys.argv[1:])
