"""Attachments and quarantined raw mail as downloads that a browser saves and never runs.

The sender chose the name and the content type: both are hostile. A download is always
`Content-Disposition: attachment`, and only a few harmless types keep their type.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import quote

from sqlmodel import Session, col, select

from triage.errors import NotFound
from triage.mail.ingest.quarantine import quarantined_mail
from triage.models import Attachment, Blob, Message

FALLBACK_NAME = "attachment.bin"
OCTET_STREAM = "application/octet-stream"
_MAX_NAME_CHARS = 150
# Types a browser shows without running anything, each with the bytes such a file starts with:
# a "PNG" that is really HTML is served as octet-stream.
_MAGIC: dict[str, tuple[bytes, ...]] = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/gif": (b"GIF87a", b"GIF89a"),
}
_PDF_HEAD_BYTES = 1024  # a PDF may have junk before its header; readers look this far
_ALIASES = {"image/jpg": "image/jpeg", "image/pjpeg": "image/jpeg"}
_RESERVED = re.compile(r'[<>:|?*"\\/]')  # not allowed in a Windows file name (and quotes)
_NOT_ASCII_SAFE = re.compile(r"[^A-Za-z0-9._ ()+,=-]")


@dataclass(frozen=True)
class Download:
    filename: str
    content_type: str
    data: bytes
    disposition: str  # the Content-Disposition header value


def attachment_download(session: Session, attachment_id: int, case_id: int) -> Download:
    """An attachment of a message of `case_id`; NotFound for any other id (no case leaks)."""
    found = session.exec(
        select(Attachment, Blob.data)
        .join(Message, col(Message.id) == col(Attachment.message_id))
        .join(Blob, col(Blob.sha256) == col(Attachment.blob_sha256))
        .where(col(Attachment.id) == attachment_id, col(Message.case_id) == case_id)
    ).first()
    if found is None:
        raise NotFound(f"no attachment {attachment_id} on case {case_id}")
    attachment, data = found
    name = safe_filename(attachment.filename)
    return Download(
        name, safe_content_type(attachment.content_type, data), data, content_disposition(name)
    )


def raw_mail_download(session: Session, quarantine_id: int) -> Download:
    """The bytes of a quarantined mail as they came, for an admin to inspect offline."""
    row, data = quarantined_mail(session, quarantine_id)
    name = f"quarantine-{row.id}.eml"
    return Download(name, OCTET_STREAM, data, content_disposition(name))


def original_download(session: Session, message_id: int, case_id: int) -> Download:
    """A message of `case_id` as it came (for one too long to show in full); NotFound for a
    message of any other case, or when retention has removed the raw mail."""
    found = session.exec(
        select(Blob.data)
        .join(Message, col(Message.raw_sha256) == col(Blob.sha256))
        .where(col(Message.id) == message_id, col(Message.case_id) == case_id)
    ).first()
    if found is None:
        raise NotFound(f"no original of message {message_id} on case {case_id}")
    name = f"message-{message_id}.eml"
    return Download(name, OCTET_STREAM, found, content_disposition(name))


def safe_filename(name: str) -> str:
    """The last path part of `name`, without control, format or reserved characters."""
    base = PurePosixPath(name.replace("\\", "/")).name
    chars = (" " if unicodedata.category(c) == "Zs" else c for c in base)
    kept = "".join(c for c in chars if unicodedata.category(c)[0] not in "CZ" or c == " ")
    cleaned = _RESERVED.sub("_", kept).strip(" .")
    if len(cleaned) > _MAX_NAME_CHARS:
        _, dot, ext = cleaned.rpartition(".")
        suffix = f".{ext}" if dot and len(ext) <= 10 else ""
        cleaned = cleaned[: _MAX_NAME_CHARS - len(suffix)].rstrip(" .") + suffix
    return cleaned or FALLBACK_NAME


def content_disposition(filename: str) -> str:
    """`attachment` with an ASCII `filename` and, for other names, an RFC 5987 `filename*`."""
    name = safe_filename(filename)
    ascii_name = _ascii_fallback(name)
    header = f'attachment; filename="{ascii_name}"'
    if ascii_name != name:
        header += f"; filename*=UTF-8''{quote(name, safe='')}"
    return header


def safe_content_type(declared: str, data: bytes) -> str:
    """The declared type when it is harmless and the bytes agree, else octet-stream."""
    ctype = declared.split(";", 1)[0].strip().lower()
    ctype = _ALIASES.get(ctype, ctype)
    if ctype == "text/plain":
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return "text/plain"
        return "text/plain; charset=utf-8"
    magic = _MAGIC.get(ctype)
    if magic is None:
        return OCTET_STREAM
    if ctype == "application/pdf":
        matches = magic[0] in data[:_PDF_HEAD_BYTES]
    else:
        matches = data.startswith(magic)
    return ctype if matches else OCTET_STREAM


def _ascii_fallback(name: str) -> str:
    """Accents dropped (ö -> o), other characters outside a plain set replaced by "_"."""
    stem, dot, ext = name.rpartition(".") if "." in name else (name, "", "")
    plain_stem, plain_ext = _ascii(stem), _ascii(ext)
    if not stem.isascii() and not plain_stem.strip("_ ."):  # "报告.pdf": nothing readable left
        plain_stem = "attachment"
    return f"{plain_stem}{dot}{plain_ext}".strip(" .") or FALLBACK_NAME


def _ascii(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_ASCII_SAFE.sub("_", plain)
