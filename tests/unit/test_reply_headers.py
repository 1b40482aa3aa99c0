"""Stored ids and names become header values that cannot carry a header of their own."""

from __future__ import annotations

from email.message import EmailMessage
from email.policy import SMTP

from hypothesis import given
from hypothesis import strategies as st

from triage.mail.reply_headers import clean_ids, one_line, thread_headers


def test_a_crlf_between_ids_separates_them_and_an_injected_header_is_dropped():
    stored = "<first@x.example>\r\nBcc: victim@x.example\r\n\t<second@x.example>"

    assert clean_ids(stored) == ["<first@x.example>", "<second@x.example>"]


def test_ids_that_are_not_angle_bracketed_after_cleaning_are_left_out():
    assert clean_ids("bare@x.example <ok@x> <has space@x> <é@x> <a<b@x> <>") == ["<ok@x>"]


def test_a_parent_id_that_cannot_be_cleaned_leaves_in_reply_to_out():
    headers = thread_headers("Bcc: victim@x.example", "<root@x>", max_references=20)

    assert headers == {"References": "<root@x>"}


def test_references_keep_the_first_and_the_latest_ids_and_end_with_the_parent():
    stored = " ".join(f"<{n}@x>" for n in range(30))

    headers = thread_headers("<parent@x>", stored, max_references=5)

    assert headers["References"].split() == ["<0@x>", "<27@x>", "<28@x>", "<29@x>", "<parent@x>"]
    assert headers["In-Reply-To"] == "<parent@x>"


def test_a_name_with_line_breaks_becomes_one_line():
    assert one_line("Anna\r\nBcc: victim@x\u2028\x00Lind ") == "Anna Bcc: victim@x Lind"


@given(st.text(), st.text())
def test_whatever_was_stored_the_thread_headers_can_be_set_and_carry_no_line_break(mid, refs):
    msg = EmailMessage(policy=SMTP)

    for name, value in thread_headers(mid, refs, max_references=20).items():
        msg[name] = value

    lines = msg.as_bytes().split(b"\r\n")
    assert all(line == b"" or line[:1] in b" \t" or b":" in line for line in lines)
    assert {k.lower() for k in msg} <= {"in-reply-to", "references"}
