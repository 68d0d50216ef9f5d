"""The one upload reader every importer uses: a file's size, then the parts of a zip-based file.

An upload is measured before it is read: the size people are told is the file's own, not
that of the first bytes read (a 50 MB roster is "50.0 MB", not "5.0 MB"). Zip-based files
(.xlsx, .docx) are unpacked with a running count of the bytes actually decompressed, since
the sizes a zip declares can lie; nothing is handed to a parser before it has passed.
"""

from __future__ import annotations

import io
import math
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django import forms
from django.utils.translation import gettext

from training.importers.errors import ImportRejected

MB = 1024 * 1024
# Office files hold a few dozen parts; thousands are a sign of a hostile archive.
MAX_ZIP_MEMBERS = 1000
_CHUNK = 64 * 1024


def megabytes(size: int, *, round_up: bool = False) -> str:
    """A size in MB with one decimal, as people read it ("50.0").

    Rounded up, a file one byte over a 5 MB limit reads "5.1", not "5.0"."""
    tenths = size * 10 / MB
    return f"{(math.ceil(tenths) if round_up else round(tenths)) / 10:.1f}"


def refuse_if_too_large(size: int, *, limit: int) -> None:
    """Refuse a file of `size` bytes over `limit`, naming both sizes."""
    if size > limit:
        raise ImportRejected.single(
            gettext("The file is %(size)s MB, over the limit of %(limit)s MB.")
            % {"size": megabytes(size, round_up=True), "limit": megabytes(limit)}
        )


def read_upload(upload, *, limit: int) -> bytes:
    """The bytes of an uploaded file (a Django UploadedFile or an open binary file).

    Raises ImportRejected, without reading the file, when it is larger than `limit`.
    """
    size = getattr(upload, "size", None)
    if size is None:
        try:
            size = os.fstat(upload.fileno()).st_size
        except (AttributeError, OSError, io.UnsupportedOperation):
            size = None
    if size is not None:
        refuse_if_too_large(size, limit=limit)
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(limit + 1)  # a stream of unknown size: one byte over is enough to refuse
    refuse_if_too_large(len(data) if size is None else size, limit=limit)
    return data


class UploadField(forms.FileField):
    """A file field that refuses, as a form error naming both sizes, a file over `max_bytes`.

    The cleaned value is the upload with its bytes read once, as `upload.checked_bytes`, so a
    view can hand them to an import job without reading (or measuring) the file again.
    """

    def __init__(self, *, max_bytes: int, **kwargs):
        self.max_bytes = max_bytes
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            try:
                upload.checked_bytes = read_upload(upload, limit=self.max_bytes)
            except ImportRejected as rejected:
                raise forms.ValidationError([p.message for p in rejected.problems]) from None
        return upload


def read_path(path: str | Path, *, limit: int) -> bytes:
    """The bytes of a file on disk; ImportRejected if it is larger than `limit`.

    Raises OSError when the file cannot be opened, for the caller to report.
    """
    with Path(path).open("rb") as handle:
        return read_upload(handle, limit=limit)


@dataclass(frozen=True)
class ZipLimits:
    """How much a zip-based upload may unpack to: in all, per part, and how many parts.

    With `small_member`, only the parts `is_large` names may reach `member`; the others
    (styles, settings, …) are held to `small_member`.
    """

    total: int
    member: int
    members: int = MAX_ZIP_MEMBERS
    small_member: int | None = None
    is_large: Callable[[str], bool] = lambda _name: True

    def member_limit(self, name: str) -> int:
        if self.small_member is None or self.is_large(name):
            return self.member
        return self.small_member


def unpack_zip(
    archive: zipfile.ZipFile,
    *,
    limits: ZipLimits,
    too_large: str,
    damaged: ImportRejected,
    names: set[str] | None = None,
) -> dict[str, bytes]:
    """The members of `archive` (those in `names`, or all), unpacked with a running count of
    the bytes decompressed.

    Raises ImportRejected(`too_large` % {"limit": the limit in MB}) as soon as the count
    passes a limit, ImportRejected
    when the archive has too many members, and `damaged` when a member cannot be unpacked.
    """
    try:
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise damaged from None
    if len(infos) > limits.members:
        raise ImportRejected.single(
            gettext(
                "The file is an archive of %(count)s parts; an Office file has a few dozen, "
                "and at most %(limit)s are read."
            )
            % {"count": len(infos), "limit": limits.members}
        )
    parts: dict[str, bytes] = {}
    total = 0
    for info in infos:
        if info.is_dir() or (names is not None and info.filename not in names):
            continue
        chunks: list[bytes] = []
        size = 0
        member_limit = limits.member_limit(info.filename)
        try:
            with archive.open(info) as member:
                # Small reads bound what one call decompresses, whatever the header claims.
                while chunk := member.read(_CHUNK):
                    size += len(chunk)
                    total += len(chunk)
                    if size > member_limit or total > limits.total:
                        limit = member_limit if size > member_limit else limits.total
                        raise ImportRejected.single(too_large % {"limit": limit // MB})
                    chunks.append(chunk)
        except ImportRejected:
            raise
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError):
            raise damaged from None  # NotImplementedError (an unknown method) is a RuntimeError
        parts[info.filename] = b"".join(chunks)
    return parts
