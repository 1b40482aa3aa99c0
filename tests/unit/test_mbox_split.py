"""An mbox export splits into exactly the mails it holds, whatever their bodies say."""

from __future__ import annotations

from pathlib import Path

from triage.mail.ingest.mbox import iter_mbox


def _mbox(tmp_path: Path, content: bytes) -> Path:
    path = tmp_path / "export.mbox"
    path.write_bytes(content)
    return path


def test_an_mbox_splits_at_each_from_line_and_drops_it(tmp_path: Path) -> None:
    path = _mbox(
        tmp_path,
        b"From asa@example.se Tue Mar  3 14:05:00 2020\n"
        b"From: asa@example.se\nSubject: Ett\n\nF\xc3\xb6rsta\n"
        b"\n"
        b"From bjorn@example.se Wed Mar  4 09:00:00 2020\n"
        b"From: bjorn@example.se\nSubject: Tv\xc3\xa5\n\nAndra\n",
    )

    mails = list(iter_mbox(path))

    assert mails == [
        b"From: asa@example.se\nSubject: Ett\n\nF\xc3\xb6rsta\n",
        b"From: bjorn@example.se\nSubject: Tv\xc3\xa5\n\nAndra\n",
    ]


def test_a_body_line_starting_with_from_stays_in_its_mail(tmp_path: Path) -> None:
    path = _mbox(
        tmp_path,
        b"From asa@example.se Tue Mar  3 14:05:00 2020\n"
        b"From: asa@example.se\nSubject: Spr\xc3\xa5k\n\n"
        b"Hej,\n"
        b"\n"
        b"From here on I will write in English.\n"
        b"From Monday I live in Lund.\n",
    )

    [mail] = list(iter_mbox(path))

    assert b"From here on I will write in English.\n" in mail
    assert b"From Monday I live in Lund.\n" in mail


def test_a_from_line_not_after_a_blank_line_does_not_start_a_mail(tmp_path: Path) -> None:
    path = _mbox(
        tmp_path,
        b"From asa@example.se Tue Mar  3 14:05:00 2020\n"
        b"From: asa@example.se\nSubject: Vidarebefordrat\n\n"
        b"Se nedan:\n"
        b"From bjorn@example.se Thu Mar  5 10:00:00 2020\n"
        b"Hej Asa!\n",
    )

    [mail] = list(iter_mbox(path))

    assert mail.endswith(b"Se nedan:\nFrom bjorn@example.se Thu Mar  5 10:00:00 2020\nHej Asa!\n")


def test_escaped_from_lines_are_unescaped(tmp_path: Path) -> None:
    path = _mbox(
        tmp_path,
        b"From asa@example.se Tue Mar  3 14:05:00 2020\n"
        b"From: asa@example.se\nSubject: Citat\n\n"
        b">From the office: welcome\n"
        b">>From a quoted reply\n"
        b"> From stays quoted\n",
    )

    [mail] = list(iter_mbox(path))

    assert mail.endswith(b"\nFrom the office: welcome\n>From a quoted reply\n> From stays quoted\n")


def test_a_file_without_a_from_line_first_is_read_as_its_first_mail(tmp_path: Path) -> None:
    path = _mbox(
        tmp_path,
        b"From: asa@example.se\nSubject: Ensam\n\nEtt brev\n"
        b"\n"
        b"From bjorn@example.se Thu Mar  5 10:00:00 2020\n"
        b"From: bjorn@example.se\nSubject: Tv\xc3\xa5\n\nAndra\n",
    )

    mails = list(iter_mbox(path))

    assert mails == [
        b"From: asa@example.se\nSubject: Ensam\n\nEtt brev\n",
        b"From: bjorn@example.se\nSubject: Tv\xc3\xa5\n\nAndra\n",
    ]


def test_a_file_with_a_single_mail_and_no_from_line_gives_that_mail(tmp_path: Path) -> None:
    path = _mbox(tmp_path, b"From: asa@example.se\nSubject: Ensam\n\nEtt brev\n")

    assert list(iter_mbox(path)) == [b"From: asa@example.se\nSubject: Ensam\n\nEtt brev\n"]


def test_an_mbox_with_crlf_line_ends_splits_too(tmp_path: Path) -> None:
    path = _mbox(
        tmp_path,
        b"From asa@example.se Tue Mar  3 14:05:00 2020\r\n"
        b"From: asa@example.se\r\n\r\nEtt\r\n"
        b"\r\n"
        b"From bjorn@example.se Wed Mar  4 09:00:00 2020\r\n"
        b"From: bjorn@example.se\r\n\r\nTv\xc3\xa5\r\n",
    )

    mails = list(iter_mbox(path))

    assert mails == [
        b"From: asa@example.se\r\n\r\nEtt\r\n",
        b"From: bjorn@example.se\r\n\r\nTv\xc3\xa5\r\n",
    ]


def test_an_empty_file_has_no_mails(tmp_path: Path) -> None:
    path = _mbox(tmp_path, b"")

    assert list(iter_mbox(path)) == []
