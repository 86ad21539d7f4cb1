"""Bounded reading of zip archives (DOCX): zip bombs and oversized parts are refused (H114).

The sizes a zip directory declares can lie, so they are checked first (cheap) and then
enforced while each part is actually inflated: reading stops one byte past the limit.
Limits come from the settings: ``max_unzipped_bytes`` for the archive's total,
``max_zip_member_bytes`` per part, and ``max_zip_ratio`` (unpacked/packed) for any part
larger than ``zip_ratio_min_bytes``.
"""

from __future__ import annotations

import io
import zipfile

from harmonise.errors import HarmoniseError
from harmonise.settings import Settings

_CHUNK = 1 << 16


class GuardedZip:
    """A zip archive whose parts are read within the settings' limits."""

    def __init__(self, data: bytes, name: str, settings: Settings) -> None:
        self.name = name
        self.settings = settings
        self.packed = len(data)
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, ValueError, OSError) as exc:
            raise HarmoniseError("H115", f"{name}: not a readable zip archive ({exc})") from None
        self.infos = {info.filename: info for info in infos}
        self.total = 0
        declared = sum(info.file_size for info in infos)
        if declared > settings.max_unzipped_bytes:
            self._refuse(
                f"it declares {declared:,} bytes unpacked, more than max_unzipped_bytes "
                f"({settings.max_unzipped_bytes:,})"
            )
        for info in infos:
            self._check_member(info.filename, info.file_size, info.compress_size)

    def __contains__(self, member: str) -> bool:
        return member in self.infos

    def read(self, member: str) -> bytes:
        """The unpacked bytes of ``member``, stopping at the first limit crossed."""
        info = self.infos[member]
        limit = min(
            self.settings.max_zip_member_bytes,
            self.settings.max_unzipped_bytes - self.total,
        )
        out = bytearray()
        try:
            with self.zip.open(info) as stream:
                while chunk := stream.read(_CHUNK):
                    out += chunk
                    if len(out) > limit:
                        break
        except (zipfile.BadZipFile, EOFError, OSError, RuntimeError, ValueError) as exc:
            raise HarmoniseError(
                "H115", f"{self.name}: part {member} cannot be unpacked ({exc})"
            ) from None
        if len(out) > limit:
            what = (
                "max_zip_member_bytes"
                if limit == self.settings.max_zip_member_bytes
                else "max_unzipped_bytes"
            )
            self._refuse(f"part {member} unpacks to more than {limit:,} bytes ({what})")
        self._check_member(member, len(out), info.compress_size)
        self.total += len(out)
        return bytes(out)

    def _check_member(self, member: str, size: int, packed: int) -> None:
        s = self.settings
        if size > s.max_zip_member_bytes:
            self._refuse(
                f"part {member} is {size:,} bytes unpacked, more than max_zip_member_bytes "
                f"({s.max_zip_member_bytes:,})"
            )
        if size >= s.zip_ratio_min_bytes and size > s.max_zip_ratio * max(packed, 1):
            self._refuse(
                f"part {member} unpacks {size / max(packed, 1):,.0f} times its packed size, "
                f"more than max_zip_ratio ({s.max_zip_ratio:g})"
            )

    def _refuse(self, why: str) -> None:
        raise HarmoniseError("H114", f"{self.name}: refused: {why}")
