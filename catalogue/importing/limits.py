"""How much an import may take in: one object, read from the settings, for every way in.

The admin's upload, a zip's entries, the command line and the decoder all ask ``import_limits()``;
the numbers themselves are written once, in ``config/settings.py`` (``GLOSSA_IMPORT_*``, each
overridable from the environment). Plain values, so code without Django (``uploads.py``) takes
them as an argument and tests can shrink them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ImportLimits:
    max_file_bytes: int  # one text file
    max_line_chars: int  # one line of it
    max_zip_bytes: int  # all entries of a zip, uncompressed
    max_zip_files: int  # entries of a zip that are files


def import_limits() -> ImportLimits:
    from django.conf import settings

    return ImportLimits(
        max_file_bytes=settings.GLOSSA_IMPORT_MAX_BYTES,
        max_line_chars=settings.GLOSSA_IMPORT_MAX_LINE_CHARS,
        max_zip_bytes=settings.GLOSSA_IMPORT_MAX_ZIP_BYTES,
        max_zip_files=settings.GLOSSA_IMPORT_MAX_ZIP_FILES,
    )
