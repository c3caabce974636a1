from __future__ import annotations

from datetime import datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from models import ChatSession, Message
from tests.support.factories import (
    SESSIONS,
    add_messages,
    answer,
    create_session,
    db,
    question,
    signed_in,
)
from tests.support.shapes import SESSION_FIELDS

MESSAGE_FIELDS = {
    "id",
    "role",
    "kind",
    "content",
    "knowledge_type",
    "gate",
    "job_id",
    "created_at",
    "verified",
    "rating",
    "mode",
}


@pytest.fixture
def student(client: TestClient) -> dict[str, str]:
    """A student's auth headers."""
    return signed_in(client, "student")[1]


class TestCreateSession:
    def test_without_a_title_gets_a_default_one(
        self, client: TestClient, student: dict[str, str]
    ) -> None:
        created = create_session(client, student)
        assert set(created) >= SESSION_FIELDS
        assert isinstance(created["id"], int)
        assert isinstance(created["title"], str)
        assert created["title"].strip()
        assert created["status"] == "active"
        assert created["message_count"] == 0
        datetime.fromisoformat(created["created_at"])
        datetime.fromisoformat(created["updated_at"])

    def test_with_a_title_keeps_it(self, client: TestClient, student: dict[str, str]) -> None:
        created = create_session(client, student, title="Quadratic equations")
        assert created["title"] == "Quadratic equations"
        fetched = client.get(f"{SESSIONS}{created['id']}", headers=student).json()
        assert fetched["title"] == "Quadratic equations"

    def test_anonymous_is_401(self, client: TestClient) -> None:
        assert client.post(SESSIONS, json={}).status_code == 401


class TestListSessions:
    def test_own_sessions_newest_first_with_message_counts(
        self, client: TestClient, student: dict[str, str]
    ) -> None:
        older = create_session(client, student, title="older")
        newer = create_session(client, student, title="newer")
        add_messages(client, older["id"], question("What is 2+2?"), answer("4"))

        response = client.get(SESSIONS, headers=student)
        assert response.status_code == 200
        listed = response.json()
        assert [item["id"] for item in listed] == [newer["id"], older["id"]]
        assert {item["id"]: item["message_count"] for item in listed} == {
            older["id"]: 2,
            newer["id"]: 0,
        }
        assert all(set(item) >= SESSION_FIELDS for item in listed)
        assert all(item["active_job_id"] is None for item in listed)  # nothing is running

    def test_newest_means_created_last_not_touched_last(
        self, client: TestClient, student: dict[str, str]
    ) -> None:
        older = create_session(client, student, title="older")
        newer = create_session(client, student, title="newer")
        client.put(f"{SESSIONS}{older['id']}", json={"title": "renamed"}, headers=student)
        listed = client.get(SESSIONS, headers=student).json()
        assert [item["id"] for item in listed] == [newer["id"], older["id"]]

    def test_lists_only_the_callers_sessions(
        self, client: TestClient, student: dict[str, str]
    ) -> None:
        mine = create_session(client, student, title="mine")
        other = signed_in(client, "student")[1]
        create_session(client, other, title="theirs")
        assert [item["id"] for item in client.get(SESSIONS, headers=student).json()] == [mine["id"]]

    def test_empty_list_for_a_new_user(self, client: TestClient, student: dict[str, str]) -> None:
        response = client.get(SESSIONS, headers=student)
        assert response.status_code == 200
        assert response.json() == []


class TestGetSession:
    def test_detail_has_messages_oldest_first_with_every_field(
        self, client: TestClient, student: dict[str, str]
    ) -> None:
        created = create_session(client, student, title="Derivatives")
        ids = add_messages(
            client,
            created["id"],
            question("d/dx x^2?", job_id="job-1"),
            answer("2x", job_id="job-1", knowledge_type="K3", gate="answerable"),
            question("and x^3?", job_id="job-2"),
        )

        response = client.get(f"{SESSIONS}{created['id']}", headers=student)
        assert response.status_code == 200, response.text
        detail = response.json()
        assert set(detail) >= SESSION_FIELDS | {"messages", "summary", "feedback"}
        assert detail["id"] == created["id"]
        assert detail["title"] == "Derivatives"
        assert detail["message_count"] == 3
        assert detail["summary"] is None
        assert detail["feedback"] == []

        messages = detail["messages"]
        assert [m["id"] for m in messages] == ids
        assert all(set(m) == MESSAGE_FIELDS for m in messages)
        first, second, third = messages
        assert first["role"] == "user"
        assert first["kind"] == "question"
        assert first["content"] == "d/dx x^2?"
        assert first["job_id"] == "job-1"
        # A question carries its job's labels, read from the job's one verdict.
        assert first["knowledge_type"] == "K3"
        assert first["gate"] == "answerable"
        assert second["role"] == "assistant"
        assert second["kind"] == "answer"
        assert second["content"] == "2x"
        assert second["knowledge_type"] == "K3"
        assert second["gate"] == "answerable"
        assert third["content"] == "and x^3?"
        assert third["knowledge_type"] is None  # its job has no verdict yet
        assert third["gate"] is None
        for message in messages:
            datetime.fromisoformat(message["created_at"])

    def test_missing_session_is_404(self, client: TestClient, student: dict[str, str]) -> None:
        response = client.get(f"{SESSIONS}987654", headers=student)
        assert response.status_code == 404
        assert response.json()["detail"]


class TestUpdateSession:
    def test_rename_and_archive(self, client: TestClient, student: dict[str, str]) -> None:
        created = create_session(client, student)
        url = f"{SESSIONS}{created['id']}"

        renamed = client.put(url, json={"title": "Limits"}, headers=student)
        assert renamed.status_code == 200, renamed.text
        assert renamed.json()["title"] == "Limits"
        assert renamed.json()["status"] == "active"

        archived = client.put(url, json={"status": "archived"}, headers=student)
        assert archived.status_code == 200, archived.text
        assert archived.json()["status"] == "archived"
        assert archived.json()["title"] == "Limits"

        fetched = client.get(url, headers=student).json()
        assert (fetched["title"], fetched["status"]) == ("Limits", "archived")

        reactivated = client.put(url, json={"status": "active"}, headers=student)
        assert reactivated.json()["status"] == "active"

    def test_update_reports_the_message_count(
        self, client: TestClient, student: dict[str, str]
    ) -> None:
        created = create_session(client, student)
        add_messages(client, created["id"], question("1+1?"))
        updated = client.put(f"{SESSIONS}{created['id']}", json={"title": "x"}, headers=student)
        assert updated.json()["message_count"] == 1

    @pytest.mark.parametrize("status", ["deleted", "ARCHIVED", "", 1, ["archived"]])
    def test_invalid_status_is_422(
        self, client: TestClient, student: dict[str, str], status: object
    ) -> None:
        created = create_session(client, student)
        response = client.put(
            f"{SESSIONS}{created['id']}", json={"status": status}, headers=student
        )
        assert response.status_code == 422
        assert "status" in str(response.json()["detail"])
        fetched = client.get(f"{SESSIONS}{created['id']}", headers=student).json()
        assert fetched["status"] == "active"


class TestDeleteSession:
    def test_delete_is_204_then_404_and_the_messages_go_too(
        self, client: TestClient, student: dict[str, str]
    ) -> None:
        created = create_session(client, student)
        add_messages(client, created["id"], question("1+1?"), answer("2"))
        url = f"{SESSIONS}{created['id']}"

        response = client.delete(url, headers=student)
        assert response.status_code == 204
        assert response.content == b""
        assert client.get(url, headers=student).status_code == 404
        assert client.delete(url, headers=student).status_code == 404
        assert client.get(SESSIONS, headers=student).json() == []
        with db(client) as session:
            count = session.scalar(
                select(func.count(Message.id)).where(Message.session_id == created["id"])
            )
            assert count == 0


class TestOwnership:
    def test_another_students_session_is_404_for_get_put_and_delete(
        self, client: TestClient, student: dict[str, str]
    ) -> None:
        owner = signed_in(client, "student")[1]
        theirs = create_session(client, owner, title="private")
        add_messages(client, theirs["id"], question("secret question"))
        url = f"{SESSIONS}{theirs['id']}"

        got = client.get(url, headers=student)
        assert got.status_code == 404
        assert "secret question" not in got.text
        assert client.put(url, json={"title": "pwned"}, headers=student).status_code == 404
        assert client.delete(url, headers=student).status_code == 404

        # Same answer as for a session that does not exist at all.
        assert got.json() == client.get(f"{SESSIONS}987654", headers=student).json()
        with db(client) as session:
            chat = session.get(ChatSession, theirs["id"])
            assert chat is not None
            assert chat.title == "private"
        assert client.get(url, headers=owner).status_code == 200

    def test_admin_does_not_see_students_sessions_through_this_route(
        self, client: TestClient, student: dict[str, str]
    ) -> None:
        # /maice/sessions is "own sessions"; teachers and admins use /teacher/sessions.
        theirs = create_session(client, student)
        admin = signed_in(client, "admin")[1]
        assert client.get(f"{SESSIONS}{theirs['id']}", headers=admin).status_code == 404
        assert client.get(SESSIONS, headers=admin).json() == []


def test_create_without_a_body_uses_the_default_title(client: TestClient) -> None:
    _, headers = signed_in(client)
    response = client.post(SESSIONS, headers=headers)
    assert response.status_code == 201
    assert response.json()["title"] == "New chat"
