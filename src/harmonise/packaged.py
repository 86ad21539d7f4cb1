"""Where the data files that ship with harmonise live (checklists and report templates).

In an installed wheel they sit inside the package (``harmonise/data/models`` and
``harmonise/data/templates``, put there by hatch's force-include). In a source checkout or an
editable install they are the repository's top-level ``models/`` and ``reports/templates/``.
Both are found from the package's own location, never from the working directory.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

_SOURCE_ROOT = Path(__file__).resolve().parent.parent.parent


def _locate(packaged: str, source: str) -> Path:
    inside = Path(str(resources.files("harmonise") / "data" / packaged))
    if inside.is_dir():
        return inside
    return _SOURCE_ROOT / source


def models_dir() -> Path:
    """Folder of the packaged checklists (``hipcar/*.yaml``, ``international/*.yaml``)."""
    return _locate("models", "models")


def templates_dir() -> Path:
    """Folder of the packaged Jinja report templates."""
    return _locate("templates", "reports/templates")
