"""The test mail factory dates mail from a clock that starts afresh in every test, so a test's
dates never depend on which tests ran before it."""

from __future__ import annotations

from email import message_from_bytes
from email.utils import parsedate_to_datetime

from tests.factories import START, make_mail


def _date(raw: bytes):
    return parsedate_to_datetime(message_from_bytes(raw)["Date"])


def test_a_tests_first_mail_is_dated_a_minute_after_the_start():
    first, second = make_mail(), make_mail()

    assert (_date(first) - START).total_seconds() == 60
    assert (_date(second) - START).total_seconds() == 120


def test_the_next_test_starts_from_the_same_minute():
    assert (_date(make_mail()) - START).total_seconds() == 60
