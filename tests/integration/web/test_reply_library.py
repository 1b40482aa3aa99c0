"""The standard-reply library in the browser: officers propose, the owner or a manager
approves, nothing reaches a student before that; history, restore, conflicts, the live check."""

from __future__ import annotations

import re
from urllib.parse import quote

from sqlmodel import select

from tests.factories import make_mail
from tests.integration.web.conftest import Office, post
from triage.cases.standard_replies import matcher, render_for_case
from triage.db import transaction
from triage.models import Case, ReplyProposal, StandardReply
from triage.people.users import user_named


def _form(client, url: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The editor's fields as the browser would send them (first value of each, checkboxes
    only when checked), so a test changes what an officer would type and nothing else."""
    page = client.get(url).text
    form: dict[str, str] = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page):
        if name in ("question_types", "public"):
            continue
        form.setdefault(name, _unescape(value))
    for name, value in re.findall(
        r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S
    ):
        form[name] = _unescape(value)
    checked = re.findall(r'name="question_types" value="([^"]+)" checked', page)
    form["question_types"] = checked[0] if checked else ""
    if re.search(r'name="public" value="1" checked', page):
        form["public"] = "1"
    return form


def _unescape(text: str) -> str:
    return (
        text.replace("&#34;", '"')
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
    )


def _stored(office: Office, reply_id: str, language: str) -> StandardReply:
    with office.session() as session:
        return session.exec(
            select(StandardReply).where(
                StandardReply.reply_id == reply_id, StandardReply.language == language
            )
        ).one()


def test_an_officers_change_waits_for_a_manager_and_then_reaches_students(
    office: Office, a_case: int
) -> None:
    anna, maria = office.client("anna"), office.client("maria")
    form = _form(anna, "/replies/housing-key-pickup/edit")
    assert form["base_version_en"] == "1"
    form["body_en"] = form["body_en"].replace("Dear", "Hello")
    before = _stored(office, "housing-key-pickup", "en").text

    proposed = post(anna, "/replies/housing-key-pickup/edit", form)
    assert proposed.status_code == 303
    assert "owner or a manager approves" in anna.get(proposed.headers["location"]).text
    assert _stored(office, "housing-key-pickup", "en").text == before  # not live yet
    with transaction(office.engine) as session:
        case = session.get(Case, a_case)
        text = render_for_case(
            session, office.settings, case, "housing-key-pickup", "en", user_named(session, "anna")
        )
        assert text.startswith("Dear")

    page = maria.get("/replies/housing-key-pickup").text
    assert "Proposed change" in page
    assert "+Hello" in page
    (proposal_id,) = re.findall(r"/replies/proposals/(\d+)/approve", page)
    assert "/approve" not in anna.get("/replies/housing-key-pickup").text  # anna may not approve
    refused = post(anna, f"/replies/proposals/{proposal_id}/approve")
    assert refused.status_code == 403

    approved = post(maria, f"/replies/proposals/{proposal_id}/approve")
    assert approved.status_code == 303
    row = _stored(office, "housing-key-pickup", "en")
    assert row.version == 2
    assert "Hello" in row.text
    history = maria.get("/replies/housing-key-pickup").text
    assert "approved by Maria" in history  # as the office knows her, not her login
    assert "version 2" in history

    restored = post(maria, "/replies/housing-key-pickup/en/restore/1")
    assert restored.status_code == 303
    assert _stored(office, "housing-key-pickup", "en").text == before
    assert _stored(office, "housing-key-pickup", "en").version == 3


def test_a_broken_placeholder_or_missing_language_is_said_beside_the_field_and_nothing_is_stored(
    office: Office,
) -> None:
    maria = office.client("maria")
    form = _form(maria, "/replies/fees-refund-rules/edit")
    form["body_sv"] = form["body_sv"] + "\n{{ requester.shoe_size }}\n"
    form["body_en"] = ""
    form["title_en"] = ""

    answer = post(maria, "/replies/fees-refund-rules/edit", form)

    assert answer.status_code == 400
    sv = re.search(r'id="msg-body_sv"[^>]*>([^<]*)<', answer.text)
    en = re.search(r'id="msg-body_en"[^>]*>([^<]*)<', answer.text)
    assert sv is not None
    assert "shoe_size" in sv.group(1)
    assert en is not None
    assert "missing language version" in en.group(1)
    assert "{{ requester.shoe_size }}" in answer.text  # what was typed is kept
    assert _stored(office, "fees-refund-rules", "sv").version == 1
    with office.session() as session:
        assert session.exec(select(ReplyProposal)).all() == []


def test_a_public_answer_may_not_print_anything_personal(office: Office) -> None:
    maria = office.client("maria")
    form = _form(maria, "/replies/fees-refund-rules/edit")
    assert form.get("public") == "1"
    form["faq_answer_en"] = "Write to us, {{ requester.first_name }}."

    answer = post(maria, "/replies/fees-refund-rules/edit", form)

    assert answer.status_code == 400
    message = re.search(r'id="msg-faq_answer_en"[^>]*>([^<]*)<', answer.text)
    assert message is not None
    assert "office facts only" in message.group(1)


def test_the_second_editor_of_the_same_version_gets_the_difference_not_an_overwrite(
    office: Office,
) -> None:
    anna, maria = office.client("anna"), office.client("maria")
    annas = _form(anna, "/replies/housing-deposit-return/edit")
    marias = _form(maria, "/replies/housing-deposit-return/edit")
    marias["body_en"] = marias["body_en"].replace("Dear", "Hi")
    assert post(maria, "/replies/housing-deposit-return/edit", marias).status_code == 303
    annas["body_en"] = annas["body_en"] + "\nP.S. Anna's addition.\n"

    answer = post(anna, "/replies/housing-deposit-return/edit", annas)

    assert answer.status_code == 409
    assert "while you edited" in answer.text
    assert "+P.S. Anna&#39;s addition." in answer.text or "+P.S. Anna's addition." in answer.text
    assert "Anna&#39;s addition" in answer.text or "Anna's addition" in answer.text
    assert 'name="base_version_en" value="2"' in answer.text  # saving again is deliberate
    assert "Hi" in _stored(office, "housing-deposit-return", "en").text
    assert "Anna" not in _stored(office, "housing-deposit-return", "en").text


def test_a_new_reply_from_the_analysis_puts_each_example_in_its_own_language(
    office: Office,
) -> None:
    """The analysis links its candidate's representative questions (excerpts, a long one cut
    with "…"): each becomes an example question of the version in its language."""
    examples = [
        "Can I get a parking permit for the garage under the student housing?",
        "Var kan jag parkera bilen när jag flyttar in i korridoren? Finns det garage…",
    ]
    query = "&".join(f"example={quote(e)}" for e in examples)
    form = _form(office.client("anna"), f"/replies/new?type=housing&{query}")

    assert form["examples_en"].splitlines() == [examples[0]]
    assert form["examples_sv"].splitlines() == [examples[1].removesuffix("…")]


def test_a_new_reply_from_a_case_carries_its_question_and_the_matcher_uses_it_once_approved(
    office: Office,
) -> None:
    (case_id,) = office.deliver(
        make_mail(
            "Laundry",
            "Hi,\n\nHow do I book a time in the laundry room of my corridor?\n\n"
            "Best regards,\nIrene Martínez\n+46 70 000 00 00",
        )
    )
    anna, maria = office.client("anna"), office.client("maria")
    form = _form(anna, f"/replies/new?case={case_id}")
    assert (
        form["examples_en"] == "Laundry. How do I book a time in the laundry room of my corridor?"
    )
    form |= {
        "reply_id": "housing-laundry-booking",
        "question_types": "housing",
        "owner": "maria",
        "title_en": "Booking the laundry room",
        "body_en": "Dear {{ requester.first_name }},\n\nBook it online.\n\n{{ officer.signature }}",
        "title_sv": "Boka tvättstugan",
        "body_sv": "Hej {{ requester.first_name }}!\n\nBoka i portalen.\n\n{{ officer.signature }}",
        "examples_sv": "Hur bokar jag tvättstugan?",
    }
    assert post(anna, "/replies/new", form).status_code == 303
    with office.session() as session:
        assert "housing-laundry-booking" not in matcher(session).ids
        ids = [p.id for p in session.exec(select(ReplyProposal)).all()]
    assert len(ids) == 2
    for proposal_id in ids:
        assert post(maria, f"/replies/proposals/{proposal_id}/approve").status_code == 303
    with office.session() as session:
        found = matcher(session).suggest(
            "Laundry", "How can I book the laundry room?", language="en", question_type="housing"
        )
    assert found[0].reply.id == "housing-laundry-booking"

    taken = post(anna, "/replies/new", form)
    assert taken.status_code == 400
    message = re.search(r'id="msg-reply_id"[^>]*>([^<]*)<', taken.text)
    assert message is not None
    assert "exists already" in message.group(1)


def test_the_live_check_answers_each_field_and_previews_with_the_office_facts(
    office: Office,
) -> None:
    anna = office.client("anna")
    form = _form(anna, "/replies/housing-key-pickup/edit")
    form["body_en"] += "\n{% for x in y %}{% endfor %}"

    answer = post(anna, "/replies/check", form)

    assert answer.status_code == 200
    assert re.search(r'id="msg-body_en" class="field-error" hx-swap-oob="true">[^<]+<', answer.text)
    assert re.search(r'id="msg-body_sv" class="field-error" hx-swap-oob="true"><', answer.text)
    assert office.settings.office["key_pickup_location"] in answer.text  # facts filled in
    assert "Hej Anna" in answer.text  # the Swedish preview; the English one says what is wrong


def test_the_live_check_speaks_swedish_with_the_placeholders_named(office: Office) -> None:
    anna = office.client("anna", language="sv")
    form = _form(anna, "/replies/housing-key-pickup/edit")
    form["body_sv"] += "\n{{ requester.firstname }} {{ office.nonexistent }}"

    answer = post(anna, "/replies/check", form).text

    found = re.search(r'id="msg-body_sv"[^>]*>(.*?)</', answer, re.DOTALL)
    assert found is not None
    assert "okänd platshållare requester.firstname (kända: " in found.group(1)
    assert "office.nonexistent är inte en av kontorets uppgifter" in found.group(1)
    assert "(rad " in found.group(1)
    assert "unknown placeholder" not in answer
    assert "⚠ inte ett giltigt standardsvar: okänd platshållare" in answer  # the preview


def test_the_library_lists_use_and_needs_a_login_and_csrf(office: Office) -> None:
    anonymous = office.client()
    assert anonymous.get("/replies", follow_redirects=False).status_code == 303
    anna = office.client("anna")
    page = anna.get("/replies?type=fees&language=en").text
    assert "Tuition fee refunds" in page
    assert "Key pick-up" not in page
    assert "housing-key-pickup" not in page
    found = anna.get("/replies", params={"q": "deposit"}).text
    assert "housing-deposit-return" in found
    assert "fees-refund-rules" not in found
    refused = anna.post("/replies/housing-key-pickup/en/restore/1", follow_redirects=False)
    assert refused.status_code == 403


def _editor_says(page: str) -> tuple[str, str]:
    """What the editor tells its user about saving: the note under the heading, the button."""
    note = re.search(r'</h1>\s*<p class="muted">([^\n]*)', page)
    button = re.search(r'<button type="submit" class="button primary">([^<]+)</button>', page)
    assert note is not None
    assert button is not None
    return _unescape(note.group(1)), button.group(1)


def _name(office: Office, username: str, display_name: str) -> None:
    with transaction(office.engine) as session:
        user_named(session, username).display_name = display_name


def test_the_editor_says_propose_only_to_whom_saving_is_a_proposal(office: Office) -> None:
    anna, maria = office.client("anna"), office.client("maria")
    from_analysis = f"/replies/new?type=housing&example={quote('Where can I park my car?')}"
    for url in ("/replies/new", from_analysis, "/replies/housing-key-pickup/edit"):
        note, button = _editor_says(anna.get(url).text)
        assert "What you save is a proposal" in note, url
        assert button == "Propose", url
        note, button = _editor_says(maria.get(url).text)
        assert "what you save reaches students at once" in note, url
        assert "proposal" not in note, url
        assert button == "Save and publish", url

    _name(office, "anna", "Housing-Office")  # the owner the approved reply names
    assert _editor_says(anna.get("/replies/housing-key-pickup/edit").text)[1] == "Save and publish"
    assert _editor_says(anna.get("/replies/new").text)[1] == "Propose"  # she owns no new reply


def test_a_manager_told_her_new_reply_is_published_at_once_finds_it_published(
    office: Office,
) -> None:
    maria = office.client("maria")
    url = f"/replies/new?type=housing&example={quote('How do I book the laundry room?')}"
    assert _editor_says(maria.get(url).text)[1] == "Save and publish"
    form = _form(maria, url) | {
        "reply_id": "housing-laundry-booking",
        "title_en": "Booking the laundry room",
        "body_en": "Dear {{ requester.first_name }},\n\nBook it online.\n\n{{ officer.signature }}",
        "title_sv": "Boka tvättstugan",
        "body_sv": "Hej {{ requester.first_name }}!\n\nBoka i portalen.\n\n{{ officer.signature }}",
        "examples_sv": "Hur bokar jag tvättstugan?",
    }

    saved = post(maria, "/replies/new", form)

    assert saved.status_code == 303
    assert "Saved and approved" in maria.get(saved.headers["location"]).text
    assert _stored(office, "housing-laundry-booking", "en").version == 1
