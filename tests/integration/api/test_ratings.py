"""Students rate the tutor's answers; teachers see the ratings on sessions and dashboards."""

from __future__ import annotations

import itertools
from typing import Any

from fastapi.testclient import TestClient

from tests.support.factories import (
    add_messages,
    answer,
    create_classroom,
    create_session,
    join,
    question,
    signed_in,
)

_jobs = itertools.count(1)


def rating_url(message_id: int) -> str:
    return f"/api/v1/maice/messages/{message_id}/rating"


def a_session_with_an_answer(client: TestClient, headers: dict[str, str]) -> tuple[int, int, int]:
    """(session id, question id, answer id)."""
    chat = create_session(client, headers)["id"]
    job = f"job-{next(_jobs)}"
    asked, answered = add_messages(
        client, chat, question("2+2?", job_id=job), answer("4", job_id=job)
    )
    return chat, asked, answered


def session_messages(client: TestClient, headers: dict[str, str], chat: int) -> list[Any]:
    response = client.get(f"/api/v1/maice/sessions/{chat}", headers=headers)
    assert response.status_code == 200, response.text
    messages: list[Any] = response.json()["messages"]
    return messages


def test_a_student_rates_an_answer_and_sees_it_on_the_session(client: TestClient) -> None:
    _, headers = signed_in(client, "student")
    chat, asked, answered = a_session_with_an_answer(client, headers)

    response = client.put(
        rating_url(answered), json={"helpful": True, "comment": "clear"}, headers=headers
    )

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["message_id"] == answered
    assert body["helpful"] is True
    assert body["comment"] == "clear"
    assert body["created_at"]
    by_id = {m["id"]: m for m in session_messages(client, headers, chat)}
    assert by_id[answered]["rating"] == {"helpful": True, "comment": "clear"}
    assert by_id[asked]["rating"] is None


def test_rating_again_replaces_the_rating(client: TestClient) -> None:
    _, headers = signed_in(client, "student")
    chat, _, answered = a_session_with_an_answer(client, headers)
    client.put(rating_url(answered), json={"helpful": True, "comment": "clear"}, headers=headers)

    response = client.put(rating_url(answered), json={"helpful": False}, headers=headers)

    assert response.status_code == 200, response.text
    assert response.json()["helpful"] is False
    by_id = {m["id"]: m for m in session_messages(client, headers, chat)}
    assert by_id[answered]["rating"] == {"helpful": False, "comment": None}


def test_only_ones_own_answers_can_be_rated(client: TestClient) -> None:
    _, headers = signed_in(client, "student")
    _, other = signed_in(client, "student")
    _, asked, answered = a_session_with_an_answer(client, headers)

    assert client.put(rating_url(asked), json={"helpful": True}, headers=headers).status_code == 404
    assert (
        client.put(rating_url(answered), json={"helpful": True}, headers=other).status_code == 404
    )
    missing = client.put(rating_url(987654), json={"helpful": True}, headers=headers)
    assert missing.status_code == 404
    assert missing.json()["detail"]


def test_a_rating_comment_is_at_most_500_characters(client: TestClient) -> None:
    _, headers = signed_in(client, "student")
    _, _, answered = a_session_with_an_answer(client, headers)

    response = client.put(
        rating_url(answered), json={"helpful": True, "comment": "x" * 501}, headers=headers
    )

    assert response.status_code == 422
    assert response.json()["detail"]


def test_the_teacher_sees_the_students_ratings(client: TestClient) -> None:
    _, teacher = signed_in(client, "teacher")
    student, headers = signed_in(client, "student")
    join(client, headers, create_classroom(client, teacher)["join_code"])
    chat, _, answered = a_session_with_an_answer(client, headers)
    _, _, second = a_session_with_an_answer(client, headers)
    client.put(rating_url(answered), json={"helpful": True}, headers=headers)
    client.put(rating_url(second), json={"helpful": False, "comment": "lost"}, headers=headers)

    detail = client.get(f"/api/v1/teacher/sessions/{chat}", headers=teacher).json()
    dashboard = client.get("/api/v1/teacher/dashboard", headers=teacher).json()

    by_id = {m["id"]: m for m in detail["messages"]}
    assert by_id[answered]["rating"] == {"helpful": True, "comment": None}
    assert dashboard["ratings"] == {"helpful": 1, "not_helpful": 1}
    assert student.id
