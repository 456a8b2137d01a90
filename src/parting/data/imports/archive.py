"""One member out of an uploaded ZIP, without trusting its header: size, ratio, then a byte cap.

A 249 KB ZIP can unpack to gigabytes. The declared size and the compression ratio are checked
before anything is inflated, and the member is read in chunks that stop at the same limit as
an upload (PARTING_IMPORT_MAX_MB), so a header that lies cannot get past it either.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Callable

from django.conf import settings

from parting.core.domain.errors import Invalid
from parting.data.imports.rows import FileError, max_bytes

CHUNK = 1 << 20
# Deflate packs a real contacts CSV about 3-10 to 1; 100 to 1 is repetition built on purpose.
MAX_RATIO = 100
RATIO_FLOOR = 1 << 20  # small members may pack tightly (a header and a few empty rows)


def is_zip(data: bytes) -> bool:
    return data.startswith(b"PK\x03\x04")


def member(
    data: bytes, filename: str, wanted: Callable[[str], bool], what: str
) -> tuple[bytes, str]:
    """The bytes of the first member whose base name `wanted` accepts, and its display name."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise FileError(filename, 1, "a damaged ZIP file") from exc
    info = next((i for i in infos if wanted(i.filename.rsplit("/", 1)[-1].lower())), None)
    if info is None:
        raise FileError(filename, 1, f"the ZIP holds no {what}")
    name = f"{filename}:{info.filename}"
    check_declared(info, name)
    return read_capped(archive, info, name), name


def check_declared(info: zipfile.ZipInfo, name: str) -> None:
    """Refuse by the header alone, before inflating a byte."""
    if info.file_size > max_bytes():
        raise too_large(name, f"it says {info.file_size / 1048576:,.0f} MB")
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
        raise too_large(name, f"packed {ratio:,.0f} to 1, far tighter than real contacts")


def read_capped(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> bytes:
    """Inflate in chunks and stop at the limit, whatever the header claimed."""
    limit = max_bytes()
    chunks: list[bytes] = []
    total = 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(CHUNK):
                total += len(chunk)
                if total > limit:
                    raise too_large(name, f"more than {settings.PARTING_IMPORT_MAX_MB} MB")
                chunks.append(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
        raise FileError(name, 1, f"a damaged ZIP member ({exc})") from None
    except RuntimeError as exc:  # encrypted members
        raise FileError(name, 1, f"cannot read this ZIP member ({exc})") from None
    return b"".join(chunks)


def too_large(name: str, detail: str) -> Invalid:
    return Invalid(
        f"{name} is too large once unpacked ({detail}); the limit is "
        f"{settings.PARTING_IMPORT_MAX_MB} MB (PARTING_IMPORT_MAX_MB)",
        field="file",
    )
