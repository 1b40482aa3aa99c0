"""Who may open what, and why nobody can change anything from another site: logins, roles,
CSRF tokens, cookie flags, security headers, and what a missing case looks like."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from fastapi.testclient import TestClient
from sqlmodel import SQLModel, select

from api.app import create_app
from tests.factories import make_mail
from tests.integration.web.conftest import PASSWORDS, Office, csrf_of, post
from triage.cases import service as service
from triage.db import transaction
from triage.mail.ingest.store import Ingestor, Location, RawMail
from triage.models import CaseNote, Mailbox, Quarantine
from triage.people.absences import add_absence
from triage.people.users import user_named

PAGES = [
    "/",
    "/cases/1",
    "/cases/1/reply-editor?reply=housing-key-pickup&lang=en",
    "/cases/1/attachments/1",
    "/routines",
    "/routines/housing-key-handout/en",
    "/absences",
    "/replies",
    "/replies/housing-key-pickup",
    "/replies/new",
    "/admin/mailboxes",
    "/admin/quarantine",
    "/admin/quarantine/1/raw",
]
API = ["/api/v1/cases", "/api/v1/cases/1", "/api/v1/mailboxes", "/api/v1/quarantine"]
ADMIN_PAGES = ["/admin/mailboxes", "/admin/quarantine", "/admin/quarantine/{quarantine}/raw"]
ADMIN_API = ["/api/v1/mailboxes", "/api/v1/quarantine"]
# Every role has WORK_CASES (triage/users.py _GRANTS): all of them open the queue and cases.
WORK = ["/", "/cases/{case}", "/absences", "/routines", "/api/v1/cases", "/api/v1/cases/{case}"]


@pytest.fixture
def scene(office: Office, a_case: int) -> dict[str, int]:
    """An open case, a closed one, an absence of Anna's and a quarantined mail."""
    (closed,) = office.deliver(
        make_mail("Deposit", "When do I get my deposit back?", sender="Li <li@uni.example.org>")
    )
    assert closed is not None
    with transaction(office.engine) as session:
        anna = user_named(session, "anna")
        service.close_case(session, service.get_case(session, closed), "personal_reply", anna)
        absence = add_absence(session, anna, date(2026, 12, 1), date(2026, 12, 5), "", anna)
        mailbox = session.get(Mailbox, office.mailbox_id)
        assert mailbox is not None
        ingestor = Ingestor(session, office_addresses={mailbox.address})
        ingestor.quarantine(RawMail(make_mail("Broken"), mailbox, Location("test")), "why")
        session.flush()
        quarantined = session.exec(select(Quarantine.id)).one()
        assert absence.id is not None
        return {"case": a_case, "closed": closed, "absence": absence.id, "quarantine": quarantined}


def _database(office: Office) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in primary-key order."""
    with office.engine.connect() as conn:
        return {
            table.name: [
                tuple(row)
                for row in conn.execute(table.select().order_by(*table.primary_key.columns))
            ]
            for table in SQLModel.metadata.sorted_tables
        }


def _logged_in(client: TestClient) -> bool:
    return client.get("/routines", follow_redirects=False).status_code == 200


# --- a login first ---------------------------------------------------------------------------


@pytest.mark.parametrize("url", PAGES)
def test_a_page_without_a_login_sends_you_to_log_in_and_back(office, url):
    response = office.client().get(url, follow_redirects=False)

    assert response.status_code == 303
    location = urlsplit(response.headers["location"])
    assert location.path == "/login"
    assert urlsplit(parse_qs(location.query)["next"][0]).path == urlsplit(url).path


@pytest.mark.parametrize("url", API)
def test_the_api_without_a_login_answers_401_without_a_browser_challenge(office, url):
    response = office.client().get(url, follow_redirects=False)

    assert response.status_code == 401
    assert "www-authenticate" not in response.headers  # a browser would cache Basic past logout
    assert response.json() == {"detail": "login required"}


# --- who may and who may not -----------------------------------------------------------------


def _forbidden_page(response) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 403
    assert response.headers["content-type"].startswith("text/html")
    assert "You may not do this" in response.text
    assert '<a href="/">Back to the queue</a>' in response.text
    assert "Traceback" not in response.text


@pytest.mark.parametrize("url", ADMIN_PAGES)
@pytest.mark.parametrize("who", ["anna", "maria"])
def test_an_officer_or_a_manager_may_not_open_the_admin_pages(office, scene, who, url):
    response = office.client(who).get(url.format(**scene))

    _forbidden_page(response)


@pytest.mark.parametrize("url", ADMIN_API)
@pytest.mark.parametrize("who", ["anna", "maria"])
def test_an_officer_or_a_manager_may_not_read_the_admin_api(office, who, url):
    response = office.client(who).get(url)

    assert response.status_code == 403
    assert set(response.json()) == {"detail"}


@pytest.mark.parametrize("who", ["anna", "maria"])
def test_an_officer_or_a_manager_may_not_run_a_quarantined_mail_again(office, scene, who):
    client = office.client(who)

    response = post(client, f"/admin/quarantine/{scene['quarantine']}/rerun")

    _forbidden_page(response)
    with office.session() as session:
        assert session.get(Quarantine, scene["quarantine"]).resolved_at is None  # type: ignore[union-attr]


@pytest.mark.parametrize("url", ADMIN_PAGES + ADMIN_API)
def test_an_admin_may_open_the_admin_pages(office, scene, url):
    response = office.client("root").get(url.format(**scene))

    assert response.status_code == 200


@pytest.mark.parametrize("url", WORK)
@pytest.mark.parametrize("who", ["anna", "maria", "root"])
def test_officers_managers_and_admins_may_open_the_queue_and_the_cases(office, a_case, who, url):
    response = office.client(who).get(url.format(case=a_case))

    assert response.status_code == 200


@pytest.mark.parametrize(("who", "sees_admin_links"), [("anna", False), ("root", True)])
def test_only_an_admin_sees_the_admin_pages_in_the_menu(office, who, sees_admin_links):
    page = office.client(who).get("/").text

    assert ('href="/admin/quarantine"' in page) is sees_admin_links
    assert ('href="/admin/mailboxes"' in page) is sees_admin_links


# --- CSRF ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    who: str | None
    path: str
    form: dict[str, str] | None = None
    json: dict[str, Any] | None = None
    done: int = 303

    def send(self, client: TestClient, scene: dict[str, int], **kw: Any):  # type: ignore[no-untyped-def]
        url = self.path.format(**scene)
        if self.json is not None:
            return client.post(url, json=self.json, follow_redirects=False, **kw)
        form = {**(self.form or {}), **kw.pop("data", {})}
        return client.post(url, data=form, follow_redirects=False, **kw)


CASE = "/cases/{case}"
CHANGES = {
    "log in": Change(None, "/login", {"username": "anna", "password": PASSWORDS["anna"]}),
    "log out": Change("anna", "/logout"),
    "change language": Change("anna", "/preferences", {"locale": "sv"}),
    "set the question type": Change("anna", f"{CASE}/type", {"label": "fees"}),
    "take a case": Change("anna", f"{CASE}/claim"),
    "assign a case": Change("anna", f"{CASE}/assign", {"assignee": "bo"}),
    "change the status": Change("anna", f"{CASE}/status", {"status": "waiting"}),
    "close a case": Change("anna", f"{CASE}/close", {"outcome": "personal_reply"}),
    "reopen a case": Change("anna", "/cases/{closed}/reopen"),
    "write a note": Change("anna", f"{CASE}/notes", {"text": "Called the student."}),
    "tick a step": Change(
        "anna", f"{CASE}/checklist", {"routine_id": "housing-key-handout", "step": "1", "done": "1"}
    ),
    "save a reply": Change(
        "anna", f"{CASE}/reply", {"subject": "Re: key", "body": "Hello!", "action": "save"}
    ),
    "register an absence": Change(
        "anna", "/absences", {"starts_on": "2026-11-02", "ends_on": "2026-11-06"}
    ),
    "remove an absence": Change("anna", "/absences/{absence}/delete"),
    "run a mail again": Change("root", "/admin/quarantine/{quarantine}/rerun"),
    "api: set the type": Change(
        "anna", "/api/v1/cases/{case}/type", json={"label": "fees"}, done=200
    ),
    "api: take a case": Change("anna", "/api/v1/cases/{case}/claim", json={}, done=200),
    "api: close a case": Change(
        "anna", "/api/v1/cases/{case}/close", json={"outcome": "spam"}, done=200
    ),
    "api: write a note": Change(
        "anna", "/api/v1/cases/{case}/notes", json={"text": "Called."}, done=201
    ),
}
API_CHANGES = {name: c for name, c in CHANGES.items() if c.json is not None}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_a_change_without_the_csrf_token_is_refused_and_changes_nothing(office, scene, change):
    client = office.client(change.who)
    was_logged_in = _logged_in(client)
    before = _database(office)

    response = change.send(client, scene)

    assert response.status_code == 403
    assert _database(office) == before
    assert _logged_in(client) is was_logged_in


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_a_change_with_a_wrong_csrf_token_is_refused_and_changes_nothing(office, scene, change):
    client = office.client(change.who)
    csrf_of(client)  # the session has a token; the request carries another
    before = _database(office)

    if change.json is None:
        response = change.send(client, scene, data={"csrf_token": "not-the-token"})
    else:
        response = change.send(client, scene, headers={"X-CSRF-Token": "not-the-token"})

    assert response.status_code == 403
    assert _database(office) == before


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_a_change_with_the_token_in_the_htmx_header_is_done(office, scene, change):
    client = office.client(change.who)
    was_logged_in = _logged_in(client)
    before = _database(office)

    response = change.send(client, scene, headers={"X-CSRF-Token": csrf_of(client)})

    assert response.status_code == change.done, response.text
    assert _database(office) != before or _logged_in(client) is not was_logged_in


def test_a_script_with_http_basic_and_json_needs_no_token(office, a_case):
    script = TestClient(create_app(office.settings))

    response = script.post(
        f"/api/v1/cases/{a_case}/notes",
        json={"text": "Sent from the nightly script."},
        auth=("anna", PASSWORDS["anna"]),
    )

    assert response.status_code == 201
    assert response.json()["text"] == "Sent from the nightly script."


def test_a_script_with_a_wrong_password_is_not_let_in_by_its_json_body(office, a_case):
    script = TestClient(create_app(office.settings))

    response = script.post(
        f"/api/v1/cases/{a_case}/notes", json={"text": "x"}, auth=("anna", "wrong-password")
    )

    assert response.status_code == 401
    with office.session() as session:
        assert session.exec(select(CaseNote)).all() == []


@pytest.mark.parametrize("change", API_CHANGES.values(), ids=API_CHANGES.keys())
def test_http_basic_with_a_form_body_still_needs_the_token(office, scene, change):
    script = TestClient(create_app(office.settings))
    before = _database(office)

    response = script.post(
        change.path.format(**scene),
        content=urlencode(change.json or {}),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        auth=("anna", PASSWORDS["anna"]),
    )

    assert response.status_code == 403
    assert _database(office) == before


def test_what_a_refused_change_would_have_done_is_not_in_the_case(office, a_case):
    client = office.client("anna")

    client.post(f"/cases/{a_case}/claim", data={}, follow_redirects=False)
    client.post(f"/cases/{a_case}/notes", data={"text": "forged"}, follow_redirects=False)
    client.post(f"/cases/{a_case}/close", data={"outcome": "spam"}, follow_redirects=False)

    case = office.case(a_case)
    assert (case.assignee_id, case.status, case.outcome) == (None, "new", None)
    assert "forged" not in client.get(f"/cases/{a_case}").text


# --- the session cookie and the headers -------------------------------------------------------


def _login_cookie(client: TestClient) -> str:
    token = csrf_of(client)
    response = client.post(
        "/login",
        data={"username": "anna", "password": PASSWORDS["anna"], "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("mailtriage=")
    return cookie.lower()


def test_the_session_cookie_is_out_of_reach_of_scripts_and_other_sites(office):
    cookie = _login_cookie(office.client())

    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    assert "secure" not in cookie.split("; ")


def test_behind_https_the_session_cookie_is_sent_only_over_https(office, make_settings):
    app = create_app(make_settings(secure_cookies=True))
    client = TestClient(app, base_url="https://testserver")

    cookie = _login_cookie(client)

    assert "secure" in cookie.split("; ")
    assert "httponly" in cookie
    assert "samesite=lax" in cookie


@pytest.mark.parametrize(
    "url", ["/login", "/", "/cases/{case}", "/absences", "/admin/quarantine", "/cases/99999"]
)
def test_every_page_forbids_inline_scripts_sniffing_and_framing(office, a_case, url):
    client = office.client("root") if url != "/login" else office.client()

    response = client.get(url.format(case=a_case))

    csp = response.headers["content-security-policy"]
    policy = {name: value for name, _, value in (d.partition(" ") for d in csp.split("; "))}
    assert policy["script-src"] == "'self'"
    assert "unsafe-inline" not in csp
    assert policy["frame-ancestors"] == "'none'"
    assert response.headers["x-content-type-options"] == "nosniff"


# --- what is not there ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("/cases/99999", "case 99999 does not exist"),
        ("/cases/abc", "There is no page at this address."),
        ("/no/such/page", "There is no page at this address."),
    ],
)
def test_a_case_or_page_that_does_not_exist_is_a_not_found_page(office, url, says):
    response = office.client("anna").get(url)

    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "Not found" in response.text
    assert says in response.text
    assert '<a href="/">Back to the queue</a>' in response.text
    assert "Traceback" not in response.text


def test_the_api_answers_a_missing_case_with_json(office):
    response = office.client("anna").get("/api/v1/cases/99999")

    assert response.status_code == 404
    assert response.json() == {"detail": "case 99999 does not exist"}
