"""The mail-structure rules on 140 mails written apart from them (tests/unit/data/
mail_structure.md): what the classifier reads of each is what its sender wrote now.

Replies and new mail: exactly the new words, without greeting, closing, signature, disclaimer or
the quoted thread, above or below it. Forwards: the forwarding note and every line of the
forwarded question (the forwarded mail's header lines and signature may stay: its words are the
question, and what it came with says what it is about)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from classifiers.text import is_answer, is_forward, new_text, normalise

CORPUS = Path(__file__).parent / "data" / "mail_structure.jsonl"
RECORDS = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
# Known and left: a "> " line inside a new mail (a web page quoted in the question) is taken
# for quoted mail and dropped; the rest of the question stays.
KNOWN = {"en-044": "a '> ' line quoted inside a new question is dropped as a quote"}


def _read(record: dict[str, str]) -> str:
    subject = record["subject"]
    answering = is_answer(subject)
    forwarding = not answering and is_forward(subject)
    return normalise(new_text(record["body"], answering=answering, forwarding=forwarding))


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def _case(record: dict[str, str]) -> object:
    known = KNOWN.get(record["id"])
    marks = [pytest.mark.xfail(strict=True, reason=known)] if known else []
    return pytest.param(record, id=record["id"], marks=marks)


@pytest.mark.parametrize("record", [_case(r) for r in RECORDS if r["kind"] != "forward"])
def test_a_reply_or_new_mail_reads_as_exactly_what_its_sender_wrote_now(record):
    assert _read(record) == normalise(record["expected"])


@pytest.mark.parametrize("record", [_case(r) for r in RECORDS if r["kind"] == "forward"])
def test_a_forward_keeps_its_note_and_the_whole_forwarded_question(record):
    read = _lines(_read(record))

    missing = [line for line in _lines(record["expected"]) if line not in read]

    assert missing == []


def test_the_corpus_is_the_one_described():
    kinds = {(r["language"], r["kind"]) for r in RECORDS}
    assert len(RECORDS) == 140
    assert kinds == {
        (lang, kind) for lang in ("sv", "en") for kind in ("reply", "new", "forward", "inline")
    }
