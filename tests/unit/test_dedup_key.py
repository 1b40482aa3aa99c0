"""One mail seen in several mailboxes is stored once; different mails are never merged."""

from __future__ import annotations

from triage.mail.mime import dedup_key, parse_message

QUESTION = (
    b"From: Asa Oberg <asa@example.se>\n"
    b"To: io@uni.se, housing@uni.se\n"
    b"Subject: =?utf-8?Q?Fr=C3=A5ga_om_nyckel?=\n"
    b"Date: Tue, 3 Mar 2020 14:05:00 +0100\n"
    b"Message-ID: <question-1@example.se>\n"
    b"MIME-Version: 1.0\n"
    b"Content-Type: text/plain; charset=utf-8\n"
    b"\n"
    b"Hej! Var h\xc3\xa4mtar jag nyckeln till mitt rum?\n"
)


def test_the_same_mail_delivered_to_two_mailboxes_gets_the_same_key() -> None:
    in_io = (
        b"Return-Path: <asa@example.se>\n"
        b"Delivered-To: io@uni.se\n"
        b"Received: from mx1.uni.se by imap1.uni.se; Tue, 3 Mar 2020 14:05:02 +0100\n" + QUESTION
    )
    in_housing = (
        b"Delivered-To: housing@uni.se\n"
        b"Received: from mx2.uni.se\n by imap2.uni.se; Tue, 3 Mar 2020 14:05:09 +0100\n"
        b"X-Spam-Score: 0.1\n" + QUESTION
    ).replace(b"\n", b"\r\n")

    key_io = parse_message(in_io).dedup_key
    key_housing = parse_message(in_housing).dedup_key

    assert key_io == key_housing


def test_the_key_of_a_parsed_mail_is_the_key_of_its_raw_bytes_and_message_id() -> None:
    parsed = parse_message(QUESTION)

    assert parsed.dedup_key == dedup_key(QUESTION, "<question-1@example.se>")


def test_two_different_bodies_with_one_message_id_get_different_keys() -> None:
    other = QUESTION.replace(b"nyckeln till mitt rum", b"mitt studentkort")

    key_question = parse_message(QUESTION).dedup_key
    key_other = parse_message(other).dedup_key

    assert key_question != key_other


def test_two_different_subjects_with_one_message_id_get_different_keys() -> None:
    other = QUESTION.replace(b"Fr=C3=A5ga_om_nyckel", b"Fr=C3=A5ga_om_kort")

    assert parse_message(QUESTION).dedup_key != parse_message(other).dedup_key


def test_a_mail_with_no_headers_gets_a_key_that_depends_on_its_body() -> None:
    first = b"Hej, jag har tappat min nyckel.\n\nMvh Asa\n"
    second = b"Hej, jag har tappat mitt kort.\n\nMvh Asa\n"

    first_key = parse_message(first).dedup_key
    second_key = parse_message(second).dedup_key
    first_again = parse_message(first).dedup_key

    assert first_key != second_key
    assert first_key == first_again
