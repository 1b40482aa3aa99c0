"""The queue as an officer works it: filters, counts per type, pages, search, what is new.

Its SQL (keyset pages, full-text search) differs per database; db_url runs each test on both."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from sqlmodel import select

from tests.factories import make_mail
from tests.integration.web.conftest import Office, post
from triage.db import transaction
from triage.models import Case, CaseStatus


def _case_ids(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'data-case-id="(\d+)"', html)]


def _classify(office: Office, types: dict[int, str], review: set[int] = frozenset()) -> None:  # type: ignore[assignment]
    with transaction(office.engine) as session:
        for case_id, label in types.items():
            case = session.get(Case, case_id)
            assert case is not None
            case.question_type, case.type_confidence = label, 0.9
            case.needs_review = case_id in review


def test_the_queue_lists_open_cases_oldest_first_with_counts_per_type(office):
    ids = office.deliver(*(make_mail(f"Fråga {n}", f"Text {n}") for n in range(4)))
    _classify(office, {ids[0]: "housing", ids[1]: "fees", ids[2]: "housing", ids[3]: "fees"})
    client = office.client("anna")

    page = client.get("/").text

    assert _case_ids(page) == ids
    counts = dict(re.findall(r"(Housing|Fees|All) <span class=\"count\">(\d+)</span>", page))
    assert counts == {"All": "4", "Housing": "2", "Fees": "2"}


def test_filtering_by_type_keeps_the_other_counts_visible(office):
    ids = office.deliver(*(make_mail(f"Fråga {n}", f"Text {n}") for n in range(3)))
    _classify(office, {ids[0]: "housing", ids[1]: "fees", ids[2]: "housing"})
    client = office.client("anna")

    page = client.get("/?question_type=housing").text

    assert _case_ids(page) == [ids[0], ids[2]]
    assert 'Fees <span class="count">1</span>' in page


def test_filters_for_review_language_age_and_status_narrow_the_list(office):
    old = datetime.now(UTC) - timedelta(days=10)
    ids = office.deliver(
        make_mail("Old question", "Hello, where do I pay the fee?", date=old),
        make_mail("Ny fråga", "Hej, var betalar jag avgiften?", date=datetime.now(UTC)),
    )
    _classify(office, {ids[0]: "fees", ids[1]: "fees"}, review={ids[1]})
    client = office.client("anna")

    assert _case_ids(client.get("/?needs_review=true").text) == [ids[1]]
    assert _case_ids(client.get("/?older_than_days=7").text) == [ids[0]]
    assert _case_ids(client.get("/?status=closed").text) == []
    assert _case_ids(client.get("/?order=newest").text) == [ids[1], ids[0]]


def test_pages_follow_one_another_without_repeating_a_case(office):
    ids = office.deliver(*(make_mail(f"Fråga {n}", f"Text {n}") for n in range(120)))
    client = office.client("anna")

    seen, url = [], "/"
    while url:
        page = client.get(url).text
        seen += _case_ids(page)
        found = re.search(r'<a href="([^"]+)" rel="next">', page)
        url = found.group(1).replace("&amp;", "&") if found else ""

    assert seen == ids


def test_search_finds_cases_by_subject_requester_and_text(office):
    ids = office.deliver(
        make_mail("Deposition", "Jag vill ha tillbaka min deposition."),
        make_mail(
            "Visum", "When will Migrationsverket decide?", sender="Li Wei <li.wei@example.cn>"
        ),
    )
    client = office.client("anna")

    assert _case_ids(client.get("/?search=deposition").text) == [ids[0]]
    assert _case_ids(client.get("/?search=migrationsverk").text) == [ids[1]]  # a prefix
    assert _case_ids(client.get("/?search=li.wei").text) == [ids[1]]
    assert _case_ids(client.get('/?search=zzz" OR ("').text) == []  # syntax is only text
    assert client.get('/?search="NEAR(*').status_code == 200


def test_a_case_number_finds_that_case_closed_or_not(office):
    """A student on the phone reads "[#141]" from the subject of our answer."""
    ids = office.deliver(
        make_mail("Nyckel", "När får jag nyckeln?"), make_mail("Hyra", "Hur betalar jag hyran?")
    )
    with transaction(office.engine) as session:
        closed = session.get(Case, ids[1])
        assert closed is not None
        closed.status = CaseStatus.CLOSED
    client = office.client("anna")

    for typed in (f"{ids[1]}", f"#{ids[1]}", f"[#{ids[1]}]", f" #{ids[1]} "):
        assert _case_ids(client.get("/", params={"search": typed}).text) == [ids[1]], typed
    assert _case_ids(client.get("/", params={"search": "#999999"}).text) == []
    found = client.get("/", params={"search": f"#{ids[1]}"}).text
    assert f'action="/cases/{ids[1]}/claim"' not in found  # a closed case is not for taking


def test_an_htmx_filter_change_gets_only_the_results(office):
    office.deliver(make_mail())
    client = office.client("anna")

    response = client.get("/", headers={"HX-Request": "true", "HX-Target": "queue-results"})

    assert response.status_code == 200
    assert "<html" not in response.text
    assert 'class="queue"' in response.text
    # What a screen reader says of the change: the count, not the table (a live region).
    assert '<p id="queue-status" hx-swap-oob="innerHTML">1 case matches these filters.</p>' in (
        response.text
    )
    page = client.get("/").text
    assert '<p id="queue-status" class="visually-hidden" aria-live="polite"></p>' in page
    assert "aria-live" not in page.split('id="queue-results"', 1)[1].split(">", 1)[0]


def test_a_case_is_new_until_you_open_it_and_again_when_mail_arrives(office, a_case):
    client = office.client("anna")
    assert ">Unread</span>" in client.get("/").text  # not "New", which is also a status

    client.get(f"/cases/{a_case}")
    after_looking = client.get("/").text
    office.deliver(
        make_mail(
            "Re: Nyckel till rummet",
            "Och en sak till: kan min bror hämta den?",
            references=None,
            date=datetime.now(UTC) + timedelta(minutes=1),  # written after the look
            headers={"In-Reply-To": _first_message_id(office, a_case)},
        )
    )

    assert "badge-new" not in after_looking
    assert "badge-new" in client.get("/").text
    assert "badge-new" in office.client("bo").get("/").text  # new for a colleague all along


def _first_message_id(office: Office, case_id: int | None) -> str:
    from triage.models import Message

    with office.session() as session:
        return session.exec(select(Message.message_id).where(Message.case_id == case_id)).first()


def test_taking_a_case_from_the_queue_assigns_it_and_filters_by_me(office, a_case):
    client = office.client("anna")

    response = post(client, f"/cases/{a_case}/claim", {"next": "/"})

    assert response.status_code == 303
    assert office.case(a_case).status == "open"
    assert _case_ids(client.get("/?assignee=me").text) == [a_case]
    assert _case_ids(client.get("/?assignee=unassigned").text) == []
    assert _case_ids(office.client("bo").get("/?assignee=me").text) == []


def test_the_menu_marks_the_view_of_the_queue_whose_heading_the_page_shows(office):
    client = office.client("anna")
    views = {
        "/": "Queue",
        "/?assignee=me": "My cases",
        "/?assignee=covering": "Covering",
        "/?assignee=unassigned": "Queue",
        "/?assignee=me&status=closed": "My cases",
    }

    for url, current in views.items():
        page = client.get(url).text
        marked = re.findall(r'<a href="[^"]*" aria-current="page">([^<]+)</a>', page)
        assert marked == [current], url
    heading = re.search(r"<h1>([^<]+)</h1>", client.get("/?assignee=covering").text)
    assert heading is not None
    assert heading.group(1) == "Covering for absent colleagues"
    assert re.findall(r'aria-current="page">([^<]+)<', client.get("/absences").text) == ["Absences"]


def test_a_bad_filter_value_is_a_clear_error_not_a_crash(office):
    client = office.client("anna")

    assert client.get("/?status=sideways").status_code == 400
    assert client.get("/?older_than_days=soon").status_code == 400
    assert client.get("/?after=garbage").status_code == 400
    assert "older_than_days" in client.get("/?older_than_days=soon").text


def test_mail_content_in_the_queue_is_shown_as_text(office):
    office.deliver(
        make_mail(
            '<script>alert("x")</script>',
            "body",
            sender='"<img src=x onerror=alert(1)>" <evil@example.org>',
        )
    )

    page = office.client("anna").get("/").text

    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;" in page


def test_after_logging_in_you_land_on_the_filtered_queue_you_asked_for(office):
    client = office.client()

    sent_away = client.get("/?assignee=covering&status=new", follow_redirects=False)

    assert sent_away.headers["location"] == "/login?next=/%3Fassignee%3Dcovering%26status%3Dnew"
    assert "assignee=covering&amp;status=new" in client.get(sent_away.headers["location"]).text


def test_the_api_describes_itself_to_logged_in_scripts_only(office):
    anonymous = office.client().get("/api/v1/openapi.json")
    schema = office.client("anna").get("/api/v1/openapi.json").json()

    assert anonymous.status_code == 401
    assert "/api/v1/cases" in schema["paths"]
    assert not any(path.startswith("/cases") for path in schema["paths"])  # pages are not API


def test_closing_a_case_goes_back_to_the_queue_as_it_was_filtered(office):
    ids = office.deliver(make_mail("Nyckel", "När får jag nyckeln?"))
    client = office.client("anna")
    client.get("/", params={"mailbox": "housing", "language": "sv"})

    page = client.get(f"/cases/{ids[0]}").text
    closed = post(client, f"/cases/{ids[0]}/close", {"outcome": "spam"})

    assert '<a href="/?mailbox=housing&amp;language=sv">' in page  # back to the queue
    assert closed.status_code == 303
    assert closed.headers["location"] == "/?mailbox=housing&language=sv"
