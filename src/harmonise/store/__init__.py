"""Run history in SQLite: every stored review, what produced it, and diffs between them.

SQL lives only in this package. ``open_store(path)`` applies the numbered migrations;
:class:`RunStore` saves runs (one ``check`` or one ``batch``) transactionally and reads
them back.
"""

from harmonise.store.db import default_db_path, open_store
from harmonise.store.runs import ProvisionChange, RunStore, StoredReview, diff_reviews

__all__ = [
    "ProvisionChange",
    "RunStore",
    "StoredReview",
    "default_db_path",
    "diff_reviews",
    "open_store",
]
