"""The zip archive of a torch file: ``NAME/data.pkl``, ``NAME/data/<key>`` storages, and the small records.

:func:`write_archive` lays the records out as ``torch.save`` (2.13) does: every
record stored uncompressed and aligned to 64 bytes (padding in the local header's
extra field, id ``FB``), in the order ``data.pkl``, ``.format_version``,
``.storage_alignment``, ``byteorder``, ``data/0...``, ``version``,
``.data/serialization_id``. :func:`read_archive` reads any torch zip file
(whatever its top folder is called) into :class:`TorchArchive`.
"""

from __future__ import annotations

import secrets
import struct
import zipfile
import zlib
from dataclasses import dataclass
from typing import IO

ALIGNMENT = 64
_LOCAL_HEADER = 30  # bytes of a zip local file header before its name and extra field
_DAMAGE = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError, RuntimeError)


def write_archive(handle: IO[bytes], name: str, pickle_bytes: bytes, storages: list[bytes]) -> None:
    """Write a torch zip archive with top folder ``name`` to the seekable binary ``handle``."""
    records: list[tuple[str, bytes]] = [
        ("data.pkl", pickle_bytes),
        (".format_version", b"1"),
        (".storage_alignment", str(ALIGNMENT).encode()),
        ("byteorder", b"little"),
    ]
    records += [(f"data/{key}", data) for key, data in enumerate(storages)]
    records += [("version", b"3\n"), (".data/serialization_id", _serialization_id())]
    start = handle.tell()
    with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_STORED) as archive:
        for record, data in records:
            info = zipfile.ZipInfo(f"{name}/{record}", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED
            offset = handle.tell() - start + _LOCAL_HEADER + len(info.filename.encode("utf-8"))
            info.extra = _padding(offset)
            archive.writestr(info, data)


def _padding(offset: int) -> bytes:
    """An extra field (id ``FB``) that moves a record's data from ``offset`` to the next multiple of 64."""
    pad = (-(offset + 4)) % ALIGNMENT
    return b"FB" + struct.pack("<H", pad) + b"Z" * pad


def _serialization_id() -> bytes:
    """A 40-digit decimal identifier, as torch writes in ``.data/serialization_id``."""
    return str(secrets.randbelow(10**40)).zfill(40).encode()


@dataclass
class TorchArchive:
    """The records of a torch zip file, with their common top folder ``prefix``."""

    where: str
    archive: zipfile.ZipFile
    prefix: str

    def read(self, record: str) -> bytes:
        """The bytes of ``prefix/record``; a missing or damaged record names the file."""
        from ligero.serialization.errors import damaged

        try:
            return self.archive.read(f"{self.prefix}/{record}")
        except KeyError:
            raise damaged(self.where, f"the record {record!r} is missing") from None
        except _DAMAGE as exc:
            raise damaged(self.where, f"the record {record!r} is damaged ({exc})") from None


def read_archive(file: IO[bytes], where: str) -> TorchArchive:
    """Open the torch zip archive in the binary ``file`` (``where`` names it in errors)."""
    from ligero.serialization.errors import damaged

    try:
        archive = zipfile.ZipFile(file)
        names = archive.namelist()
    except _DAMAGE as exc:
        raise damaged(where, f"not a torch zip archive, or truncated ({exc})") from None
    pickles = [n for n in names if n.endswith("/data.pkl") and n.count("/") == 1]
    if not pickles:
        raise damaged(where, "a zip archive without the record data.pkl (not written by torch.save)")
    return TorchArchive(where, archive, pickles[0].split("/")[0])
