"""The public FAQ at /faq: readable without a login, nothing personal, only approved public
replies, escaped, grouped by type, searchable, cacheable and indexable while the rest is not."""

from __future__ import annotations

from datetime import date

from sqlmodel import select

from canned_replies.library import Reply
from tests.integration.web.conftest import Office
from triage.cases.standard_replies import save_reply
from triage.db import transaction
from triage.models import User


def public_reply(
    reply_id: str,
    language: str,
    question: str,
    answer: str,
    *,
    types: tuple[str, ...] = ("housing",),
    public: bool = True,
) -> str:
    return Reply(
        id=reply_id,
        language=language,
        title=question,
        question_types=types,
        tags=(),
        owner="housing-office",
        last_reviewed=date(2026, 11, 2),
        examples=(question,),
        placeholders=("officer.signature",),
        body="Hello,\n\nsee our pages.\n\n{{ officer.signature }}\n",
        public=public,
        faq_question=question,
        faq_answer=answer,
    ).to_text()


def add(office: Office, *texts: str) -> None:
    with transaction(office.engine) as session:
        user = session.exec(select(User).where(User.username == "maria")).one()
        for text in texts:
            save_reply(session, text, user)


def test_anyone_reads_the_public_answers_with_office_facts_and_no_cookie(office: Office) -> None:
    add(
        office,
        public_reply(
            "laundry-times",
            "en",
            "When can I use the laundry room?",
            "Book a time at the desk, open {{ office.opening_hours }}.",
        ),
        public_reply(
            "laundry-times",
            "sv",
            "När får jag använda tvättstugan?",
            "Boka en tid i receptionen, öppet {{ office.opening_hours }}.",
        ),
        public_reply("internal-only", "en", "A private matter?", "Not for the web.", public=False),
        public_reply("internal-only", "sv", "Något internt?", "Inte för webben.", public=False),
    )
    client = office.client()  # nobody logged in
    page = client.get("/faq?lang=en")
    assert page.status_code == 200
    assert "When can I use the laundry room?" in page.text
    assert f"open {office.settings.office['opening_hours']}." in page.text
    assert "A private matter?" not in page.text
    assert "När får jag" not in page.text
    assert '<h2 id="topic-housing">Housing</h2>' in page.text
    assert "2026-11-02" in page.text or "2 Nov 2026" in page.text
    assert "set-cookie" not in page.headers
    assert page.headers["cache-control"].startswith("public")
    assert "x-robots-tag" not in page.headers
    assert 'name="csrf_token"' not in page.text

    swedish = client.get("/faq?lang=sv")
    assert "När får jag använda tvättstugan?" in swedish.text
    assert "Vanliga frågor" in swedish.text
    assert "When can I" not in swedish.text


def test_the_browser_language_chooses_without_a_parameter(office: Office) -> None:
    add(office, public_reply("bikes", "sv", "Var ställer jag cykeln?", "I cykelrummet."))
    add(office, public_reply("bikes", "en", "Where do I park my bike?", "In the bike room."))
    assert "Var ställer jag cykeln?" in office.client(language="sv").get("/faq").text
    assert "Where do I park my bike?" in office.client(language="en").get("/faq").text


def test_search_and_topic_narrow_the_list(office: Office) -> None:
    add(
        office,
        public_reply("bikes", "en", "Where do I park my bike?", "In the bike room."),
        public_reply("bikes", "sv", "Var ställer jag cykeln?", "I cykelrummet."),
        public_reply("fee-deadline", "en", "When is the fee due?", "Before term.", types=("fees",)),
        public_reply(
            "fee-deadline", "sv", "När ska avgiften betalas?", "Före terminen.", types=("fees",)
        ),
    )
    client = office.client()
    found = client.get("/faq", params={"lang": "en", "q": "BIKE room"}).text
    assert "Where do I park my bike?" in found
    assert "When is the fee due?" not in found
    fees = client.get("/faq", params={"lang": "en", "type": "fees"}).text
    assert "When is the fee due?" in fees
    assert "Where do I park my bike?" not in fees
    none = client.get("/faq", params={"lang": "en", "q": "visa for my cat"}).text
    assert "No question matches" in none


def test_hostile_text_in_a_public_reply_is_escaped(office: Office) -> None:
    add(
        office,
        public_reply(
            "hostile",
            "en",
            "<script>alert(1)</script> rooms?",
            "Click <img src=x onerror=alert(2)> or [here](javascript:alert(3)).",
        ),
        public_reply("hostile", "sv", "Rum?", "Svar."),
    )
    page = office.client().get("/faq?lang=en").text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; rooms?" in page
    assert "<img" not in page
    assert 'href="javascript:' not in page


def test_the_rest_of_the_app_still_needs_a_login_and_stays_out_of_search_engines(
    office: Office,
) -> None:
    client = office.client()
    routines = client.get("/routines", follow_redirects=False)
    assert routines.status_code in (302, 303, 307)
    assert "/login" in routines.headers["location"]
    login = client.get("/login")
    assert login.headers["x-robots-tag"] == "noindex, nofollow"
    robots = client.get("/robots.txt").text
    assert "Allow: /faq" in robots
    assert "Disallow: /" in robots
