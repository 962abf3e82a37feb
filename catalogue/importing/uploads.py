"""Uploaded files → the text files inside them, each kept or refused with a reason.

An admin may upload .txt and .md files, or a .zip of them. A zip is opened with the same
suspicion as any upload: its entry count and the total it expands to are limited (read, not
trusted from the headers, which a zip bomb can forge), and entries with absolute or ``..``
paths, encrypted entries and anything that is not a text file are refused by name. What the
files *contain* is judged later by ``decode.py``, the same as for the command line.

No Django here: the limits are an argument (``limits.ImportLimits``), so tests can shrink them.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import BinaryIO

from catalogue.importing.decode import _describe_size
from catalogue.importing.limits import ImportLimits

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
ZIP_SUFFIX = ".zip"
_CHUNK = 64 * 1024

# What archivers put beside the files without asking (Finder's resource forks, Windows'
# thumbnails): not the admin's files, so passed over without an error to worry about.
_ARCHIVER_NOISE = ("__MACOSX/", ".DS_Store", "Thumbs.db", "desktop.ini")


@dataclass(frozen=True)
class UploadedText:
    """One file to preview: its bytes, or the reason it was refused before any parsing.

    A file over the size limit is refused here, having been read only one byte past the
    limit, so a huge upload is never held in memory whole.
    """

    name: str
    data: bytes = b""
    error: str = ""


def read_uploads(files: Iterable[tuple[str, BinaryIO]], limits: ImportLimits) -> list[UploadedText]:
    """Every text file among ``(name, stream)`` uploads, a zip's entries in archive order."""
    found: list[UploadedText] = []
    for name, stream in files:
        name = _display_name(name)
        lowered = name.lower()
        if lowered.endswith(ZIP_SUFFIX):
            found.extend(read_zip(name, stream, limits))
        elif lowered.endswith(TEXT_SUFFIXES):
            data = _read_capped(stream, limits.max_file_bytes + 1)
            if len(data) > limits.max_file_bytes:
                found.append(UploadedText(name, error=_too_large(getattr(stream, "size", None), limits)))
            else:
                found.append(UploadedText(name, data))
        else:
            found.append(UploadedText(name, error=_not_text_reason(name)))
    return found


def read_zip(name: str, stream: BinaryIO, limits: ImportLimits) -> list[UploadedText]:
    """The text files of one zip; the whole zip is refused when it is not a zip or too big."""
    # The compressed zip can be no larger than what it may expand to: refuse a huge upload
    # before reading all of it.
    data = _read_capped(stream, limits.max_zip_bytes + 1)
    if len(data) > limits.max_zip_bytes:
        return [UploadedText(name, error=f"The zip is larger than {_describe_size(limits.max_zip_bytes)}.")]
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        return [UploadedText(name, error="This is not a readable zip archive.")]
    with archive:
        entries = [info for info in archive.infolist() if not info.is_dir() and not _is_noise(info.filename)]
        if len(entries) > limits.max_zip_files:
            return [UploadedText(name, error=(
                f"The zip holds {len(entries):,} files; the limit is {limits.max_zip_files:,}. "
                "Please upload it in smaller parts."
            ))]
        declared = sum(info.file_size for info in entries)
        if declared > limits.max_zip_bytes:
            return [UploadedText(name, error=_bomb_reason(limits))]
        found: list[UploadedText] = []
        budget = limits.max_zip_bytes
        for info in entries:
            entry_name = f"{name}: {info.filename}"
            reason = _entry_refusal(info)
            if reason:
                found.append(UploadedText(entry_name, error=reason))
                continue
            try:
                with archive.open(info) as entry:
                    # Never more than the file limit (+1 to let decode say "too large") nor
                    # what is left of the zip's budget (+1 to notice it is exceeded).
                    content = _read_capped(entry, min(limits.max_file_bytes, budget) + 1)
            except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError, EOFError) as error:
                found.append(UploadedText(entry_name, error=f"This entry of the zip cannot be read ({error})."))
                continue
            budget -= len(content)
            if budget < 0:
                # The headers understated the sizes: a zip bomb. Nothing of it is kept.
                return [UploadedText(name, error=_bomb_reason(limits))]
            if len(content) > limits.max_file_bytes:
                found.append(UploadedText(entry_name, error=_too_large(info.file_size, limits)))
            else:
                found.append(UploadedText(entry_name, content))
        return found


def _entry_refusal(info: zipfile.ZipInfo) -> str:
    path = info.filename.replace("\\", "/")
    if path.startswith("/") or (len(path) > 1 and path[1] == ":"):
        return "The zip entry has an absolute path; only relative paths are accepted."
    if ".." in path.split("/"):
        return "The zip entry's path contains “..”, which could point outside the archive."
    if info.flag_bits & 0x1:
        return "The zip entry is encrypted."
    if not path.lower().endswith(TEXT_SUFFIXES):
        return _not_text_reason(path)
    return ""


def _not_text_reason(name: str) -> str:
    suffix = posixpath.splitext(name)[1] or "no extension"
    return f"Only .txt and .md files (or a .zip of them) can be imported, not {suffix}."


def _too_large(size: int | None, limits: ImportLimits) -> str:
    # The same words as decode.py's, which says this for files given on the command line.
    stated = _describe_size(size) if size else f"more than {_describe_size(limits.max_file_bytes)}"
    return f"The file is too large ({stated}); the limit is {_describe_size(limits.max_file_bytes)}."


def _bomb_reason(limits: ImportLimits) -> str:
    return (
        f"The zip expands to more than {_describe_size(limits.max_zip_bytes)}; "
        "nothing of it was imported."
    )


def _is_noise(path: str) -> bool:
    return path.startswith(_ARCHIVER_NOISE[0]) or posixpath.basename(path) in _ARCHIVER_NOISE[1:]


def _display_name(name: str) -> str:
    """The file's own name: browsers may send a path, and a name is only ever shown."""
    return posixpath.basename(name.replace("\\", "/")) or "unnamed file"


def _read_capped(stream: BinaryIO, cap: int) -> bytes:
    """Up to ``cap`` bytes, read in chunks, so a huge upload is never read whole."""
    parts, size = [], 0
    while size < cap:
        chunk = stream.read(min(_CHUNK, cap - size))
        if not chunk:
            break
        parts.append(chunk)
        size += len(chunk)
    return b"".join(parts)
