"""Uploaded files, whatever they are attached to: checked by their content, stored outside
static/ under a random key, and served as downloads that a browser never runs.

``save`` writes the file before the database row commits, so the session remembers the
files written and removed in the current transaction: when the transaction ends without a
commit, new files are deleted (no orphans); removed files are deleted only once the commit
has succeeded (no rows pointing at nothing).

The areas that attach files (proposals, reports) keep their own rows, limits, permissions
and audit rows on top of this module.
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import filetype
from flask import abort, current_app, send_file
from flask_babel import gettext as _
from sqlalchemy import event
from sqlalchemy.orm import Session

from proposals.extensions import db

CHUNK = 64 * 1024
MAX_FILENAME_LENGTH = 120

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FileKind:
    mimetype: str
    extensions: tuple[str, ...]  # the first is added when a name lacks a fitting one
    label: str


# filetype's MIME -> what we store and serve. Anything else is refused.
ACCEPTED = {
    "application/pdf": FileKind("application/pdf", ("pdf",), "PDF"),
    "image/png": FileKind("image/png", ("png",), "PNG"),
    # An animated PNG is still a PNG to every program that opens one.
    "image/apng": FileKind("image/png", ("png",), "PNG"),
    "image/jpeg": FileKind("image/jpeg", ("jpg", "jpeg"), "JPEG"),
    "image/gif": FileKind("image/gif", ("gif",), "GIF"),
    "image/webp": FileKind("image/webp", ("webp",), "WebP"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": FileKind(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ("xlsx",), "XLSX"
    ),
    "application/vnd.oasis.opendocument.spreadsheet": FileKind(
        "application/vnd.oasis.opendocument.spreadsheet", ("ods",), "ODS"
    ),
}
CSV = FileKind("text/csv", ("csv",), "CSV")
ACCEPTED_LABELS = ("PDF", "PNG", "JPEG", "GIF", "WebP", "XLSX", "ODS", "CSV")
# For the file input's accept attribute: a hint to the browser's picker, never trusted.
ACCEPT_ATTRIBUTE = ",".join(
    sorted({f".{ext}" for kind in [*ACCEPTED.values(), CSV] for ext in kind.extensions})
)


class UploadError(Exception):
    """The file was refused; the message says why, for the person uploading."""


# --- names ----------------------------------------------------------------------------

# Path separators, and the characters Windows refuses in names, which people download to.
_DROPPED = set('/\\:*?"<>|')


def sanitise_filename(name: str | None) -> str:
    """A safe display and download name that keeps Japanese and other letters.

    werkzeug's ``secure_filename`` keeps ASCII only, which would turn "事業計画書.pdf"
    into "pdf". This drops path separators, control and format characters and the
    characters Windows refuses, collapses whitespace and trims leading dots.
    """
    name = unicodedata.normalize("NFC", name or "")
    # Browsers on Windows used to send the full path; keep the last part only.
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    kept = []
    for char in name:
        category = unicodedata.category(char)
        if category.startswith("Z") or char in "\t\n\r\f\v":
            kept.append(" ")
        elif char not in _DROPPED and not category.startswith("C"):
            kept.append(char)
    name = " ".join("".join(kept).split()).lstrip(". ")
    if len(name) > MAX_FILENAME_LENGTH:
        stem, dot, ext = name.rpartition(".")
        if dot and 0 < len(ext) <= 10:
            name = stem[: MAX_FILENAME_LENGTH - len(ext) - 1].rstrip() + "." + ext
        else:
            name = name[:MAX_FILENAME_LENGTH].rstrip()
    return name


def with_extension(name: str, kind: FileKind) -> str:
    """``name`` ending in an extension that fits ``kind``, so it opens in the right program."""
    stem, dot, ext = name.rpartition(".")
    if dot and ext.lower() in kind.extensions and stem:
        return name
    if not name:
        return f"{_('attachment')}.{kind.extensions[0]}"
    if dot and stem and 0 < len(ext) <= 5 and ext.isascii() and ext.isalnum():
        name = stem  # a wrong extension is replaced rather than followed by the right one
    return f"{name[: MAX_FILENAME_LENGTH - 6]}.{kind.extensions[0]}"


# --- content --------------------------------------------------------------------------


def detect_kind(path: Path, filename: str) -> FileKind:
    """What the file is, by its content. Raises UploadError for anything not accepted."""
    guess = filetype.guess(str(path))
    if guess is not None:
        kind = ACCEPTED.get(guess.mime)
        if kind is None:
            raise UploadError(
                _(
                    "Files of this type (%(type)s) are not accepted. Accepted: %(accepted)s.",
                    type=guess.extension.upper(),
                    accepted=", ".join(ACCEPTED_LABELS),
                )
            )
        return kind
    # No magic number: only plain UTF-8 text named .csv is accepted.
    if not filename.lower().endswith(".csv"):
        raise UploadError(
            _(
                "This file's content is not one of the accepted types: %(accepted)s.",
                accepted=", ".join(ACCEPTED_LABELS),
            )
        )
    if not _is_csv_text(path):
        raise UploadError(
            _("This file is named .csv but is not plain text in UTF-8. Save it as CSV (UTF-8).")
        )
    return CSV


def _is_csv_text(path: Path) -> bool:
    data = path.read_bytes()
    if b"\x00" in data:
        return False
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    # Markup (HTML, SVG, XML) renamed .csv is not a spreadsheet.
    return not text.lstrip().startswith("<")


# --- storage --------------------------------------------------------------------------


def folder() -> Path:
    """UPLOAD_FOLDER, created when missing."""
    path = Path(current_app.config["UPLOAD_FOLDER"])
    path.mkdir(parents=True, exist_ok=True)
    return path


def path_of_key(key: str) -> Path:
    # Keys are generated here, never taken from a request; the check guards old rows.
    if not key.isalnum():
        raise ValueError("invalid storage key")
    return folder() / key


def max_bytes() -> int:
    """The size limit of one uploaded file (MAX_ATTACHMENT_BYTES)."""
    return current_app.config["MAX_ATTACHMENT_BYTES"]


def max_megabytes() -> float:
    return max_bytes() / (1024 * 1024)


@dataclass(frozen=True)
class StoredFile:
    """A file written under ``key``, checked: what its row records."""

    key: str
    filename: str
    mimetype: str
    size: int
    sha256: str


def _new_files(session) -> list[Path]:
    return session.info.setdefault("kyodo_new_files", [])


def _removed_files(session) -> list[Path]:
    return session.info.setdefault("kyodo_removed_files", [])


def save(upload) -> StoredFile:
    """Write ``upload`` (a werkzeug FileStorage) under a new random key and check it.

    The file is deleted again if the current transaction ends without a commit. Raises
    UploadError with a message for the person uploading (and then leaves no file).
    """
    limit = max_bytes()
    key = secrets.token_hex(16)
    path = folder() / key
    digest = hashlib.sha256()
    size = 0
    try:
        # O_EXCL: a key collision fails loudly instead of overwriting another file.
        with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as out:
            while chunk := upload.stream.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise UploadError(
                        _(
                            "The file is too large: at most %(max)s MB per attachment.",
                            max=f"{limit / (1024 * 1024):g}",
                        )
                    )
                digest.update(chunk)
                out.write(chunk)
        if size == 0:
            raise UploadError(_("The file is empty."))
        filename = sanitise_filename(upload.filename)
        kind = detect_kind(path, filename)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    _new_files(db.session).append(path)
    return StoredFile(
        key=key,
        filename=with_extension(filename, kind),
        mimetype=kind.mimetype,
        size=size,
        sha256=digest.hexdigest(),
    )


def discard(key: str) -> None:
    """Delete the file stored under ``key`` once the current transaction commits."""
    _removed_files(db.session).append(path_of_key(key))


def download(key: str, *, mimetype: str, filename: str, etag: str | None = None):
    """The stored file as a download a browser never renders as a page (404 if missing)."""
    path = path_of_key(key)
    if not path.is_file():
        log.error("upload %s: file %s is missing", key, path)
        abort(404)
    response = send_file(
        path,
        mimetype=mimetype,
        as_attachment=True,
        download_name=filename,
        etag=etag or key,
        max_age=0,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    # Should a browser render it anyway, it runs nothing and reaches nothing.
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.cache_control.private = True
    return response


# --- files follow the transaction -------------------------------------------------------


@event.listens_for(Session, "after_commit")
def _files_after_commit(session) -> None:
    session.info.pop("kyodo_new_files", None)
    for path in session.info.pop("kyodo_removed_files", []):
        path.unlink(missing_ok=True)


@event.listens_for(Session, "after_transaction_end")
def _files_after_transaction_end(session, transaction) -> None:
    if transaction.parent is not None:
        return  # a savepoint: the outer transaction decides
    # Still listed here means the transaction ended without a commit.
    for path in session.info.pop("kyodo_new_files", []):
        path.unlink(missing_ok=True)
    session.info.pop("kyodo_removed_files", None)
