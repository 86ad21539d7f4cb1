"""Ingest: bytes on disk -> :class:`SourceDocument` (decoded text with provenance).

:func:`read_document` is the one entry point: it takes a file, a folder or several files,
tells each file's format from its content (:mod:`.detect`), reads it with the module for
that format (:mod:`.text`, :mod:`.pdf`, :mod:`.docx`, :mod:`.html`, :mod:`.akn`) and, for
several files, joins them in order into one document (law websites print each section on a
page of its own).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path

from harmonise.errors import HarmoniseError
from harmonise.ingest import detect
from harmonise.ingest.source import IngestNote, OutlineNode, SourceDocument
from harmonise.ingest.text import decode_bytes, read_file_bytes, read_text
from harmonise.settings import Settings

__all__ = [
    "IngestNote",
    "OutlineNode",
    "SourceDocument",
    "read_document",
    "read_file",
    "read_text",
]

Source = str | Path | Sequence[str | Path]
_DIGITS = re.compile(r"(\d+)")


def read_document(
    source: Source, settings: Settings | None = None, *, ocr: bool = False
) -> SourceDocument:
    """Read one Act from a file, a folder of files, or several files (in the order given;
    a folder's files in natural order: ``s2.html`` before ``s10.html``)."""
    settings = settings or Settings()
    paths = expand(source)
    if len(paths) == 1:
        return read_file(paths[0], settings, ocr=ocr)
    total = sum(_size(p) for p in paths)
    if total > settings.max_input_bytes:
        raise HarmoniseError(
            "H105",
            f"{_label(source, paths)}: the {len(paths)} files add up to {total:,} bytes, more "
            f"than the limit of {settings.max_input_bytes:,} bytes (max_input_bytes)",
        )
    docs = [read_file(p, settings, ocr=ocr) for p in paths]
    return combine(docs, _label(source, paths))


def expand(source: Source) -> list[Path]:
    """The files to read: a folder's readable files (hidden ones and other extensions
    left out), or the paths given."""
    items = [source] if isinstance(source, str | Path) else list(source)
    if not items:
        raise HarmoniseError("H116", "no input file given")
    paths: list[Path] = []
    for item in items:
        path = Path(item)
        if path.is_dir():
            found = sorted(
                (
                    p
                    for p in path.iterdir()
                    if p.is_file()
                    and not p.name.startswith(".")
                    and (p.suffix.lower() in detect.EXTENSIONS or not p.suffix)
                ),
                key=_natural,
            )
            if not found:
                raise HarmoniseError(
                    "H116", f"{path}: the folder holds no PDF, DOCX, HTML, XML or text file"
                )
            paths.extend(found)
        else:
            paths.append(path)
    return paths


def read_file(path: Path, settings: Settings | None = None, *, ocr: bool = False) -> SourceDocument:
    """Read one file, whatever its format."""
    settings = settings or Settings()
    path = Path(path)
    data = read_file_bytes(path, settings)
    return read_bytes(data, path.name, settings, ocr=ocr)


def read_bytes(
    data: bytes, name: str, settings: Settings | None = None, *, ocr: bool = False
) -> SourceDocument:
    """Read ``data`` (called ``name``) in the format its content shows."""
    settings = settings or Settings()
    if len(data) > settings.max_input_bytes:
        raise HarmoniseError(
            "H105",
            f"{name}: {len(data):,} bytes is more than the limit of "
            f"{settings.max_input_bytes:,} bytes (max_input_bytes)",
        )
    fmt = detect.sniff(data, name)
    detect.check_name(fmt, name)
    if fmt == detect.PDF:
        from harmonise.ingest.pdf import read_pdf

        return read_pdf(data, name, settings, ocr=ocr)
    if fmt == detect.DOCX:
        from harmonise.ingest.docx import read_docx

        return read_docx(data, name, settings)
    if fmt == detect.HTML:
        from harmonise.ingest.html import read_html

        return read_html(data, name, settings)
    if fmt == detect.AKN:
        from harmonise.ingest.akn import read_akn

        return read_akn(data, name, settings)
    return decode_bytes(data, name, settings)


def combine(docs: list[SourceDocument], name: str) -> SourceDocument:
    """Several documents as one, in order, a blank line between them. Pages are not kept
    (page 3 of which file?); the notes name their file; the hash covers every file's hash in
    order; a structure an Akoma Ntoso file states is not merged (the text is parsed)."""
    parts: list[str] = []
    notes: list[IngestNote] = []
    digest = hashlib.sha256()
    for doc in docs:
        text = doc.text if doc.text.endswith("\n") else doc.text + "\n"
        parts.append(text)
        digest.update(f"{doc.name}\0{doc.sha256}\n".encode())
        notes.extend(
            IngestNote(code=n.code, severity=n.severity, message=f"{doc.name}: {n.message}")
            for n in doc.notes
        )
    formats = {d.format for d in docs}
    extractors = list(dict.fromkeys(d.extractor for d in docs if d.extractor))
    return SourceDocument(
        name=name,
        text="\n".join(parts),
        sha256=digest.hexdigest(),
        format=formats.pop() if len(formats) == 1 else "mixed",
        encoding=docs[0].encoding if len({d.encoding for d in docs}) == 1 else "mixed",
        extractor="+".join(extractors) or None,
        notes=notes,
    )


def _label(source: Source, paths: list[Path]) -> str:
    if isinstance(source, str | Path):
        return Path(source).name or str(source)
    return f"{paths[0].name} (+{len(paths) - 1} files)"


def _natural(path: Path) -> list[str | int]:
    return [int(x) if x.isdigit() else x.lower() for x in _DIGITS.split(path.name)]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
