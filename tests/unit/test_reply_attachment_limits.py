"""A file over the size limit is refused by its uploaded size, from only its first bytes: the
page reads no more than one byte over the limit, so a huge file never fills the memory."""

from __future__ import annotations

import pytest

from triage.cases.reply_attachments import ReplyAttachment, check_file, read_limit
from triage.mail.failures import RefusedInput
from triage.settings.sections import RepliesSettings

PDF = b"%PDF-1.4\n%%EOF\n"


def test_the_page_reads_one_byte_more_than_a_file_may_have():
    assert read_limit(RepliesSettings(max_attachment_mb=1)) == 1024 * 1024 + 1


def test_a_huge_upload_is_refused_by_its_size_from_its_first_megabyte():
    limits = RepliesSettings(max_attachment_mb=1)
    start = PDF + b"0" * (read_limit(limits) - len(PDF))

    with pytest.raises(RefusedInput) as refused:
        check_file(limits, ReplyAttachment("scan.pdf", start, size=2_000 * 1024 * 1024))

    assert refused.value.code == "attachment_too_big"
    assert refused.value.params["size_mb"] == "2000.0"


def test_a_file_within_the_limit_is_checked_whole():
    limits = RepliesSettings(max_attachment_mb=1)

    checked = check_file(limits, ReplyAttachment("intyg.pdf", PDF, size=len(PDF)))

    assert checked.data == PDF
