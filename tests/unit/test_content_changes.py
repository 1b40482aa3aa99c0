"""What a proposed routine or standard reply changes, read field by field from the two files'
texts (triage.cases.content_changes): the approval view is built from this."""

from __future__ import annotations

from triage.cases.content_changes import Change, changes_between

BEFORE = """---
id: key-handout
title: Key hand-out
question_types: [housing]
owner: housing-coordinator
public: false
steps:
  - text: Pull the list of move-ins.
  - text: Check the contract is signed.
    reply: housing-room-offer-acceptance
  - text: Hand out the key.
---
## Background

One.
Two.
Three.
Four lines of text.
Five.
Six.
Seven.
"""


def _field(before: str, after: str, name: str) -> Change:
    (found,) = [c for c in changes_between(before, after).changes if c.field == name]
    return found


def test_the_same_text_changes_nothing():
    assert changes_between(BEFORE, BEFORE).changes == []


def test_a_changed_value_is_given_before_and_after_with_the_new_words_marked():
    after = BEFORE.replace("title: Key hand-out", "title: Key hand-out and late arrival")

    title = _field(BEFORE, after, "title")

    assert (title.kind, title.before, title.after) == (
        "value",
        "Key hand-out",
        "Key hand-out and late arrival",
    )
    assert [text for text, changed in title.words_after if changed] == [" and late arrival"]
    assert [c.field for c in changes_between(BEFORE, after).changes] == ["title"]


def test_a_yes_or_no_field_keeps_its_value():
    public = _field(BEFORE, BEFORE.replace("public: false", "public: true"), "public")

    assert (public.before, public.after) == (False, True)


def test_list_items_added_and_removed_are_named_with_their_place():
    after = BEFORE.replace("[housing]", "[housing, fees]").replace(
        "  - text: Pull the list of move-ins.\n", ""
    )

    types = _field(BEFORE, after, "question_types")
    steps = _field(BEFORE, after, "steps")

    assert [(i.kind, i.number, i.after) for i in types.items] == [("added", 2, (("fees", False),))]
    assert [(i.kind, i.number) for i in steps.items] == [("removed", 1)]


def test_a_step_whose_standard_reply_changed_is_one_changed_step_with_both_replies():
    after = BEFORE.replace("reply: housing-room-offer-acceptance", "reply: housing-key-pickup")

    (step,) = _field(BEFORE, after, "steps").items

    assert (step.kind, step.number) == ("changed", 2)
    assert step.details_before == (("reply", "housing-room-offer-acceptance"),)
    assert step.details_after == (("reply", "housing-key-pickup"),)


def test_a_reworded_line_of_the_text_is_marked_between_a_few_unchanged_ones_and_gaps():
    after = BEFORE.replace("Four lines of text.", "Four lines of prose.")

    body = _field(BEFORE, after, "body")

    assert [line.kind for line in body.lines] == [
        "gap",
        "same",
        "same",
        "removed",
        "added",
        "same",
        "same",
        "gap",
    ]
    assert ("text.", True) in body.lines[3].segments
    assert ("prose.", True) in body.lines[4].segments


def test_a_long_paragraph_with_one_word_changed_is_paired_not_removed_and_added_whole():
    paragraph = " ".join(f"word{n}" for n in range(200))
    before = f"---\ntitle: T\n---\n{paragraph}\n"
    after = before.replace("word100 ", "changed ")

    body = _field(before, after, "body")

    marked = [text for line in body.lines for text, changed in line.segments if changed]
    assert marked == ["word100", "changed"]


def test_a_new_routine_shows_every_field_as_new():
    changes = changes_between("", BEFORE).changes

    title = next(c for c in changes if c.field == "title")
    assert (title.before, title.after) == (None, "Key hand-out")
    assert {c.field for c in changes} >= {"id", "owner", "steps", "body"}


def test_a_file_whose_fields_cannot_be_read_is_compared_line_by_line():
    broken = BEFORE.replace("title: Key hand-out", "title: Key: hand-out")

    result = changes_between(BEFORE, broken)

    assert result.readable is False
    (whole,) = result.changes
    assert whole.kind == "lines"
    assert [line.kind for line in whole.lines if line.kind in ("added", "removed")] == [
        "removed",
        "added",
    ]
