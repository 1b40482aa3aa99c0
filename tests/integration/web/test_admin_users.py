"""An admin manages the logins in the browser: add, set role, disable and enable, new password.
Disabling and a new password end the user's sessions; nobody else may do any of it."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from tests.integration.web.conftest import csrf_of, post
from triage.models import User


def _id(office, username: str) -> int:  # type: ignore[no-untyped-def]
    with office.session() as session:
        user = session.exec(select(User).where(User.username == username)).one()
        assert user.id is not None
        return user.id


def _logs_in(office, username: str, password: str) -> bool:  # type: ignore[no-untyped-def]
    client = office.client()
    response = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": csrf_of(client)},
        follow_redirects=False,
    )
    return response.status_code == 303


def test_the_users_page_lists_everyone_with_their_role_and_is_in_the_menu(office):
    root = office.client("root")

    page = root.get("/admin/users").text

    for name in ("anna", "bo", "maria", "root"):
        assert f"<td>{name}</td>" in page
    assert '<a href="/admin/users" aria-current="page">Users</a>' in page
    assert '<option value="manager" selected>manager</option>' in page


def test_an_admin_adds_a_user_who_can_then_log_in(office):
    root = office.client("root")

    response = post(
        root,
        "/admin/users",
        {
            "username": "li.wei",
            "display_name": "Li Wei",
            "role": "officer",
            "password": "li-wei-password-1",
        },
    )
    page = root.get(response.headers["location"]).text

    assert response.status_code == 303
    assert "li.wei can log in now." in page
    assert "<td>Li Wei</td>" in page
    assert _logs_in(office, "li.wei", "li-wei-password-1")


def test_a_short_initial_password_or_a_taken_name_is_refused_with_a_reason(office):
    root = office.client("root")

    short = post(root, "/admin/users", {"username": "eve", "role": "officer", "password": "short"})
    short_page = root.get(short.headers["location"]).text
    taken = post(
        root, "/admin/users", {"username": "anna", "role": "admin", "password": "long-enough-1"}
    )
    taken_page = root.get(taken.headers["location"]).text

    assert "The password needs at least 10 characters." in short_page
    assert "<td>eve</td>" not in short_page
    assert "There is a user named anna already." in taken_page
    with office.session() as session:
        assert session.exec(select(User).where(User.username == "anna")).one().role == "officer"


def test_an_admin_sets_a_role_and_the_user_gets_its_pages(office):
    root = office.client("root")
    anna = office.client("anna")
    assert anna.get("/stats").status_code == 403

    post(root, f"/admin/users/{_id(office, 'anna')}/role", {"role": "manager"})

    assert "Anna is now manager." in root.get("/admin/users").text
    assert anna.get("/stats").status_code == 200


def test_disabling_a_user_logs_them_out_and_enabling_lets_them_back_in(office):
    root = office.client("root")
    bo = office.client("bo")
    bo_id = _id(office, "bo")

    post(root, f"/admin/users/{bo_id}/active", {"active": "0"})

    assert "Bo is disabled and logged out." in root.get("/admin/users").text
    assert bo.get("/", follow_redirects=False).headers["location"].startswith("/login")
    assert not _logs_in(office, "bo", "bo-password-12")

    post(root, f"/admin/users/{bo_id}/active", {"active": "1"})

    assert _logs_in(office, "bo", "bo-password-12")


def test_a_new_password_ends_the_users_sessions_and_the_old_password(office):
    root = office.client("root")
    anna = office.client("anna")

    post(root, f"/admin/users/{_id(office, 'anna')}/password", {"password": "a-brand-new-one-1"})

    assert "Anna has a new password and was logged out everywhere." in root.get("/admin/users").text
    assert anna.get("/", follow_redirects=False).status_code == 303
    assert not _logs_in(office, "anna", "anna-password-1")
    assert _logs_in(office, "anna", "a-brand-new-one-1")


def test_the_last_admin_can_be_neither_disabled_nor_demoted(office):
    root = office.client("root")
    root_id = _id(office, "root")

    post(root, f"/admin/users/{root_id}/active", {"active": "0"})
    after_disable = root.get("/admin/users").text
    post(root, f"/admin/users/{root_id}/role", {"role": "officer"})
    after_demote = root.get("/admin/users").text

    assert "Root is the last admin and cannot be disabled." in after_disable
    assert "Root is the last admin and stays one." in after_demote
    with office.session() as session:
        kept = session.get(User, root_id)
        assert kept is not None
        assert (kept.role, kept.is_active) == ("admin", True)


@pytest.mark.parametrize("who", ["anna", "maria"])
def test_only_an_admin_may_see_or_change_users(office, who):
    client: TestClient = office.client(who)
    anna_id = _id(office, "anna")

    listing = client.get("/admin/users")
    promoted = post(client, f"/admin/users/{anna_id}/role", {"role": "admin"})
    added = post(
        client, "/admin/users", {"username": "x", "role": "admin", "password": "long-enough-1"}
    )

    assert listing.status_code == 403
    assert promoted.status_code == 403
    assert added.status_code == 403
    assert 'href="/admin/users"' not in client.get("/").text
    with office.session() as session:
        assert session.get(User, anna_id).role == "officer"  # type: ignore[union-attr]
        assert session.exec(select(User).where(User.username == "x")).first() is None


def test_changing_a_user_without_the_forms_token_is_refused(office):
    root = office.client("root")

    response = root.post(
        f"/admin/users/{_id(office, 'anna')}/role",
        data={"role": "admin"},
        follow_redirects=False,
    )

    assert response.status_code == 403
    with office.session() as session:
        assert session.exec(select(User).where(User.username == "anna")).one().role == "officer"
