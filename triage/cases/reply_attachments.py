"""Files an officer attaches to a reply: checked against [replies] limits and a type allow-list,
kept on the draft as blobs (stored once, however many replies carry the same certificate), so a
send that fails keeps them with the text.

The type comes from the file name and must agree with the bytes: a "certificate.pdf" that is
really an executable is refused, whatever type the browser declared.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, delete, select

from triage.mail.attachments import safe_filename
from triage.mail.failures import RefusedInput
from triage.mail.ingest.blobwrite import store_blobs
from triage.models import Blob, DraftAttachment, ReplyDraft
from triage.settings import RepliesSettings

_ZIP = (b"PK\x03\x04",)  # docx, xlsx, pptx, odt, ods, odp
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)  # doc, xls, ppt
_TEXT: tuple[bytes, ...] = ()  # no magic: checked as text
# Extension: (content type, what such a file starts with).
ALLOWED: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "gif": ("image/gif", (b"GIF87a", b"GIF89a")),
    "webp": ("image/webp", (b"RIFF",)),
    "heic": ("image/heic", (b"ftyp",)),  # at offset 4
    "doc": ("application/msword", _OLE),
    "xls": ("application/vnd.ms-excel", _OLE),
    "ppt": ("application/vnd.ms-powerpoint", _OLE),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _ZIP),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", _ZIP),
    "odt": ("application/vnd.oasis.opendocument.text", _ZIP),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", _ZIP),
    "odp": ("application/vnd.oasis.opendocument.presentation", _ZIP),
    "rtf": ("application/rtf", (b"{\\rtf",)),
    "txt": ("text/plain", _TEXT),
    "csv": ("text/csv", _TEXT),
}
_PDF_HEAD_BYTES = 1024  # a PDF may have junk before its header; readers look this far
_MB = 1024 * 1024


@dataclass(frozen=True)
class ReplyAttachment:
    """A file to attach, as the officer uploaded it (the declared type is not trusted)."""

    filename: str
    data: bytes  # for a file over the limit, only its start: it is refused by `size`
    size: int | None = None  # the whole upload's size, where more was sent than read

    @property
    def length(self) -> int:
        return len(self.data) if self.size is None else max(self.size, len(self.data))


@dataclass(frozen=True)
class CheckedFile:
    """A file that may go out: a safe name, its type from the allow-list, and its bytes."""

    filename: str
    content_type: str
    data: bytes


def read_limit(limits: RepliesSettings) -> int:
    """How much of an upload to read: one byte over the limit tells it is too big."""
    return int(limits.max_attachment_mb * _MB) + 1


def check_file(limits: RepliesSettings, upload: ReplyAttachment) -> CheckedFile:
    """`upload` as it may be sent, or RefusedInput: empty, over the size limit, a type not on
    the allow-list, or bytes that do not match the name's type."""
    name = safe_filename(upload.filename)
    params = {"filename": name}
    if not upload.data:
        raise RefusedInput(f"{name} is empty", "attachment_empty", params)
    if upload.length > limits.max_attachment_mb * _MB:
        size = {"size_mb": _mb(upload.length), "max_mb": f"{limits.max_attachment_mb:g}"}
        text = f"{name} is {size['size_mb']} MB; a file may be at most {size['max_mb']} MB"
        raise RefusedInput(text, "attachment_too_big", params | size)
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    if extension not in ALLOWED:
        text = f"{name}: only PDF, images, office documents and text files can be attached"
        raise RefusedInput(text, "attachment_type", params | {"extension": extension})
    content_type, magic = ALLOWED[extension]
    if not _starts_right(upload.data, extension, magic):
        text = f"{name} is not a real .{extension} file (its contents are something else)"
        raise RefusedInput(text, "attachment_type", params | {"extension": extension})
    return CheckedFile(name, content_type, upload.data)


def check_together(limits: RepliesSettings, files: Sequence[CheckedFile | DraftAttachment]) -> None:
    """The files of one mail: how many and how much together."""
    if len(files) > limits.max_attachments:
        text = f"at most {limits.max_attachments} files on one mail, not {len(files)}"
        params = {"max": str(limits.max_attachments), "count": str(len(files))}
        raise RefusedInput(text, "too_many_attachments", params)
    total = sum(f.size if isinstance(f, DraftAttachment) else len(f.data) for f in files)
    if total > limits.max_total_attachments_mb * _MB:
        size = {"size_mb": _mb(total), "max_mb": f"{limits.max_total_attachments_mb:g}"}
        text = f"the files come to {size['size_mb']} MB; one mail may carry {size['max_mb']} MB"
        raise RefusedInput(text, "attachments_too_big", size)


def attach(
    session: Session, limits: RepliesSettings, draft: ReplyDraft, upload: ReplyAttachment
) -> DraftAttachment:
    """Check `upload` (alone and with the draft's other files) and keep it on the draft."""
    assert draft.id is not None, "flush the draft before attaching to it"
    checked = check_file(limits, upload)
    check_together(limits, [*attachments_of(session, draft), checked])
    sha = hashlib.sha256(checked.data).hexdigest()
    store_blobs(session, {sha: checked.data})
    row = DraftAttachment(
        draft_id=draft.id,
        filename=checked.filename,
        content_type=checked.content_type,
        size=len(checked.data),
        blob_sha256=sha,
    )
    session.add(row)
    session.flush()
    return row


def attachments_of(session: Session, draft: ReplyDraft | None) -> list[DraftAttachment]:
    """The files on a draft, in the order they were attached."""
    if draft is None or draft.id is None:
        return []
    return list(
        session.exec(
            select(DraftAttachment)
            .where(DraftAttachment.draft_id == draft.id)
            .order_by(col(DraftAttachment.id))
        )
    )


def files_of(session: Session, draft: ReplyDraft | None) -> list[CheckedFile]:
    """The draft's files with their bytes, ready to go into a mail."""
    files = []
    for row in attachments_of(session, draft):
        blob = session.get(Blob, row.blob_sha256)
        assert blob is not None  # a foreign key: the blob is there
        files.append(CheckedFile(row.filename, row.content_type, blob.data))
    return files


def detach(session: Session, draft: ReplyDraft, attachment_id: int) -> bool:
    """Take one file off the draft (the blob stays while anything else uses it). True if it
    was there."""
    row = session.get(DraftAttachment, attachment_id)
    if row is None or row.draft_id != draft.id:
        return False
    session.delete(row)
    session.flush()
    return True


def detach_all(session: Session, draft: ReplyDraft) -> None:
    session.execute(delete(DraftAttachment).where(col(DraftAttachment.draft_id) == draft.id))


def _starts_right(data: bytes, extension: str, magic: tuple[bytes, ...]) -> bool:
    if extension == "pdf":
        return magic[0] in data[:_PDF_HEAD_BYTES]
    if extension == "webp":
        return data.startswith(b"RIFF") and data[8:12] == b"WEBP"
    if extension == "heic":
        return data[4:8] == b"ftyp"
    if not magic:  # text: readable as UTF-8 (or Latin-1 without control bytes), no NULs
        return b"\x00" not in data[: _PDF_HEAD_BYTES * 64]
    return data.startswith(magic)


def _mb(size: int) -> str:
    return f"{size / _MB:.1f}"
