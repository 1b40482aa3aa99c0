"""What the classifier reads: the new text, without quotes, signatures and disclaimers."""

from __future__ import annotations

import pytest

from classifiers.text import REPLY_PREFIXES, prepare, strip_reply_prefixes


def test_a_swedish_reply_loses_its_quote_and_signature():
    body = (
        "Hej igen,\n\nNär kan jag hämta nyckeln?\n\nMvh\nAnna Svensson\n070-123 45 67\n\n"
        "Den 3 okt. 2026 kl. 14:12 skrev Bostadsservice <housing@example.se>:\n"
        "> Hej Anna, din studieavgift är betald.\n"
    )

    prepared = prepare("SV: Re: Fråga", body)

    assert prepared.subject == "Fråga"
    assert "hämta nyckeln" in prepared.body
    assert "studieavgift" not in prepared.body
    assert "070-123" not in prepared.body


def test_an_outlook_reply_loses_the_quoted_header_block():
    body = (
        "And what about the refund of my tuition fee?\n\nBest regards,\nJohn\n\n"
        "From: Housing Office <housing@example.se>\nSent: Monday, 3 October 2026 14:12\n"
        "To: John\nSubject: Keys\n\nYour key is ready at the reception."
    )

    prepared = prepare("RE: Question", body)

    assert prepared.body == "And what about the refund of my tuition fee?"


def test_a_forwarded_question_keeps_the_forwarded_text():
    body = (
        "Kan ni svara på detta?\n\n---------- Forwarded message ---------\nFrom: s@example.org\n\n"
        "I need a letter for Migrationsverket about my residence permit."
    )

    prepared = prepare("Fwd: question", body)

    assert "residence permit" in prepared.body


def test_a_disclaimer_paragraph_is_dropped():
    body = (
        "Where do I pay the application fee?\n\n"
        "This e-mail and any attachments are confidential and intended solely for the addressee. "
        "If you have received this e-mail in error, please notify the sender."
    )

    assert prepare("", body).body == "Where do I pay the application fee?"


def test_a_one_line_note_above_a_quote_keeps_the_quote_as_the_question():
    body = (
        "se nedan\n\nOn Mon, 3 Oct 2026 at 10:00, Student <s@example.org> wrote:\n"
        "> Hur betalar jag hyran?"
    )

    assert "betalar jag hyran" in prepare("VB: hyra", body).body


def test_only_a_signature_leaves_nothing_to_classify():
    assert prepare("", "--\nAnna Svensson\nStudent").is_empty


def test_the_reply_and_forward_prefixes_are_those_of_the_mail_programs_we_meet():
    assert set(REPLY_PREFIXES) == {"re", "sv", "vs", "aw", "antw", "fw", "fwd", "vb"}


@pytest.mark.parametrize(
    "subject",
    [
        *(f"{p}: Fråga" for p in ("Re", "RE", "re", "Sv", "SV", "Vs", "VS", "AW", "Aw")),
        *(f"{p}: Fråga" for p in ("Antw", "Fw", "FW", "Fwd", "FWD", "VB", "Vb")),
        "SV: Re: VB: Fråga",
        "Re[2]: Fwd : Fråga",
        "  re:sv:   Fråga",
    ],
)
def test_every_reply_and_forward_prefix_is_stripped_from_a_subject(subject):
    assert strip_reply_prefixes(subject) == "Fråga"


@pytest.mark.parametrize("subject", ["Fråga", "Reading list", "Sverige: visum", "  Fråga"])
def test_a_subject_without_a_prefix_is_left_as_it_is(subject):
    assert strip_reply_prefixes(subject) == subject


def test_a_subject_of_blanks_after_a_prefix_word_is_read_in_one_pass():
    subject = "Re" + " " * 200_000 + "x"

    assert strip_reply_prefixes(subject) == subject


@pytest.mark.parametrize(
    "subject",
    ["Re: Room offer", "SV: Rumserbjudande", "Sv: Re: Fråga [#12]", "AW: Zimmer", "Vs: x"],
)
def test_an_answers_subject_is_known_as_reused(subject):
    assert prepare(subject, "Hej").answering


@pytest.mark.parametrize("subject", ["Fwd: Room offer", "VB: Faktura", "FW: Re: x", "Room offer"])
def test_a_forward_or_a_new_subject_is_not_reused(subject):
    assert not prepare(subject, "Hej").answering


def test_a_reused_subject_does_not_count_where_the_new_text_asks_its_own_question():
    body = (
        "Hej igen! Nu gäller det något annat: fakturan för terminsavgiften har kommit, "
        "men jag trodde att jag var befriad. Stämmer det?\n\n"
        "Den 3 nov. 2026 kl. 10:12 skrev Housing <housing@uni.example.se>:\n"
        "> Nyckeln hämtas i receptionen."
    )

    prepared = prepare("SV: Nyckel till rummet", body)

    assert "Nyckel" not in prepared.combined()
    assert "terminsavgiften" in prepared.combined()
    assert "receptionen" not in prepared.combined()


def test_a_reused_subject_counts_once_over_a_short_answer_and_a_new_one_twice():
    answer = prepare("Re: Residence permit card", "Thanks, and when?").combined()
    new = prepare("Residence permit card", "Thanks, and when?").combined()

    assert answer.count("Residence permit card") == 1
    assert new.count("Residence permit card") == 2


@pytest.mark.parametrize(
    ("body", "question"),
    [
        ("Hej!\n\nNär kan jag hämta nyckeln?\n\nKram,\nMaja", "När kan jag hämta nyckeln?"),
        ("Dear Sir/Madam,\nIs my permit ready?\n\nAll the best,\nJo", "Is my permit ready?"),
        ("Tjena!\nHur många platser finns?\n/Erik", "Hur många platser finns?"),
        ("Hi\nI paid twice.\nCheers\nAnna\nSent from Outlook for iOS", "I paid twice."),
        ("God morgon,\nFinns det stipendium?\nTack på förhand!\nLi", "Finns det stipendium?"),
        ("To whom it may concern\nWhat is the fee?\nRespectfully, K. Obi", "What is the fee?"),
    ],
)
def test_greetings_closings_and_device_lines_in_both_languages_are_dropped(body, question):
    assert prepare("", body).body == question


@pytest.mark.parametrize(
    ("body", "question"),
    [
        ("Where is my key?\n\nWarm wishes,\nEmily Carter\nExchange student", "Where is my key?"),
        ("Is my permit ready?\n\nThanks a lot!\nNoah (student no. 2022)", "Is my permit ready?"),
        ("When is the fee due?\n\nMany thanks in advance,\nIsabella", "When is the fee due?"),
        (
            "Can I pay in two parts?\nThank you so much for your help.\nAmir",
            "Can I pay in two parts?",
        ),
        (
            "Can I stay longer?\n\nLooking forward to your reply.\nBest regards,\nJo",
            "Can I stay longer?",
        ),
        ("Is there a deposit?\nWith gratitude,\nA. Mensah\nGhana", "Is there a deposit?"),
        ("När betalar jag?\n\nTack för hjälpen!\nLi", "När betalar jag?"),
        ("Hur söker jag?\nStort tack på förhand\nSara Ek", "Hur söker jag?"),
        ("Får jag bo kvar?\nSer fram emot ditt svar.\nMvh Omar", "Får jag bo kvar?"),
    ],
)
def test_the_many_ways_of_thanking_and_closing_start_the_signature(body, question):
    assert prepare("", body).body == question


@pytest.mark.parametrize(
    "notice",
    [
        "E-post till och från myndigheten kan bli allmän handling och lämnas ut enligt "
        "offentlighetsprincipen.",
        "E-mail to and from a Swedish public authority may become an official document and be "
        "disclosed under the principle of public access.",
    ],
)
def test_a_public_authoritys_notice_is_a_disclaimer(notice):
    body = f"Hur lång tid tar beslutet?\n\nMvh\nAnna\n\n{notice}"

    assert (
        prepare("", f"Hur lång tid tar beslutet?\n\n{notice}").body == "Hur lång tid tar beslutet?"
    )
    assert prepare("", body).body == "Hur lång tid tar beslutet?"


def test_thanks_that_go_on_to_ask_are_no_closing():
    body = "Thanks a lot, but where is my key?\nI arrive on Sunday."

    assert prepare("", body).body == body


def test_a_thanking_line_that_asks_more_is_kept():
    body = "Thanks, but where is my key?\nI arrive on Sunday."

    assert prepare("", body).body == body


def test_a_greeting_alone_is_kept_as_the_text():
    assert prepare("", "Hej!").body == "Hej!"


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        (
            "Re: Your room",
            "When is the tuition fee due?\n\nOn 4 Aug 2026, at 10:15, Housing Office "
            "<housing@uni.example> wrote:\n\nYour room is ready and the key can be collected.",
        ),
        (
            "Your room",
            "When is the tuition fee due?\n\n-----Original Message-----\nFrom: Housing\n"
            "Sent: 4 August 2026 10:15\nSubject: Your room\n\nYour room is ready.",
        ),
        (
            "SV: Ditt rum",
            "Hej! När ska avgiften betalas?\n\nDen 4 aug. 2026 kl. 10:15 skrev Bostad "
            "<bostad@uni.example>:\n> Ditt rum är klart och nyckeln kan hämtas.",
        ),
    ],
)
def test_a_short_question_above_the_offices_last_mail_is_the_question(subject, body):
    prepared = prepare(subject, body)

    assert "?" in prepared.body
    assert "room" not in prepared.body.lower()
    assert "rum" not in prepared.body.lower().split()
    assert "key" not in prepared.body
    assert "nyckeln" not in prepared.body


def test_a_greeting_and_a_see_below_over_a_quote_still_leave_the_quote():
    body = (
        "Hej,\nse nedan!\n/Anna\n\nDen 4 aug. 2026 kl. 10:15 skrev Anna <a@x.se>:\n"
        "> Var hämtar jag nyckeln?"
    )

    assert prepare("Rum", body).body == "Var hämtar jag nyckeln?"
