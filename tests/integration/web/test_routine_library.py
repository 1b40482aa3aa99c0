"""The routine library page lists routines in the language asked for, else the user's own, and
searches them the same way: nothing for nonsense."""

from __future__ import annotations

from sqlmodel import select

from triage.models import User


def test_the_language_asked_for_wins_for_a_user_whose_locale_is_neither_swedish_nor_english(
    office,
):
    client = office.client("anna")
    with office.session() as session:
        anna = session.exec(select(User).where(User.username == "anna")).one()
        anna.locale = "de"
        session.commit()

    page = client.get("/routines", params={"language": "en"}).text

    assert "/routines/housing-key-handout/en" in page
    assert "/routines/housing-key-handout/sv" not in page


def _set_locale(office, username: str, locale: str) -> None:
    with office.session() as session:
        user = session.exec(select(User).where(User.username == username)).one()
        user.locale = locale
        session.commit()


def test_a_search_lists_each_routine_once_in_the_users_language_first(office):
    client = office.client("anna")
    _set_locale(office, "anna", "sv")

    page = client.get("/routines", params={"q": "residence permit"}).text

    assert "/routines/migration-support-letter/sv" in page
    assert "/routines/migration-support-letter/en" not in page
    assert page.index("migration-support-letter/sv") < page.index(
        "migration-appeal-and-complement/sv"
    )


def test_a_search_for_nonsense_says_no_routine_matches(office):
    client = office.client("anna")

    page = client.get("/routines", params={"q": "snorkelfenix"}).text

    assert "No routine matches." in page
    assert "/routines/housing-key-handout/" not in page


def test_a_user_without_a_language_of_their_own_gets_the_routines_of_the_pages_language(office):
    client = office.client("anna")  # the browser asks for English
    _set_locale(office, "anna", "")

    page = client.get("/routines").text

    assert "/routines/housing-key-handout/en" in page
    assert "/routines/housing-key-handout/sv" not in page
