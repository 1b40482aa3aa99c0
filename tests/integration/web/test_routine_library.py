"""The routine library page lists routines in the language asked for, whatever the user's own."""

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
