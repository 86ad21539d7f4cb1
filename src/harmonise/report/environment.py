"""The one Jinja environment: autoescape on, StrictUndefined, user templates first."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from harmonise.packaged import templates_dir


@lru_cache(maxsize=8)
def get_environment(user_dir: Path | None = None) -> Environment:
    folders = [str(user_dir)] if user_dir else []
    folders.append(str(templates_dir()))
    env = Environment(
        loader=FileSystemLoader(folders),
        autoescape=select_autoescape(["html", "j2", "xml"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env
