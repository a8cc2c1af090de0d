"""Terms of reference uploaded with a request: a PDF or a plain-text file, its size and type checked from
its bytes (never from the name or the browser's word alone)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

from roster.errors import InputRefused

TERMS_MAX_BYTES = 2 * 1024 * 1024
PDF = "application/pdf"
TEXT = "text/plain"
_SUFFIXES = {".pdf": PDF, ".txt": TEXT, ".md": TEXT}


@dataclass(frozen=True, slots=True)
class TermsFile:
    filename: str
    media_type: str
    size: int


def safe_filename(raw: str) -> str:
    """The file's own name (no folders), printable, at most 100 characters."""
    name = PureWindowsPath(PurePosixPath(str(raw or "")).name).name
    name = "".join(ch for ch in unicodedata.normalize("NFC", name) if unicodedata.category(ch)[0] != "C")
    name = name.strip().lstrip(".")
    return name[-100:] or "terms"


def check_terms_file(filename: str, data: bytes) -> TermsFile:
    """The upload's name, type and size if it is a PDF (``%PDF-`` header, ``.pdf``) or UTF-8 text without
    control characters (``.txt``, ``.md``) of at most 2 MB; else :class:`InputRefused`."""
    name = safe_filename(filename)
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in _SUFFIXES:
        raise InputRefused("roster.errors.terms_type", field="terms_file")
    if not data:
        raise InputRefused("roster.errors.terms_empty", field="terms_file")
    if len(data) > TERMS_MAX_BYTES:
        raise InputRefused("roster.errors.terms_size", field="terms_file", max_mb=TERMS_MAX_BYTES // 2**20)
    media_type = _SUFFIXES[suffix]
    if media_type == PDF:
        if not data.startswith(b"%PDF-"):
            raise InputRefused("roster.errors.terms_type", field="terms_file")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputRefused("roster.errors.terms_type", field="terms_file") from None
        if any(unicodedata.category(ch) == "Cc" and ch not in "\n\r\t" for ch in text):
            raise InputRefused("roster.errors.terms_type", field="terms_file")
    return TermsFile(name, media_type, len(data))
