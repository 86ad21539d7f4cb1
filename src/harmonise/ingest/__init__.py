"""Ingest: bytes on disk -> :class:`SourceDocument` (decoded text with provenance)."""

from harmonise.ingest.source import SourceDocument

__all__ = ["SourceDocument"]
