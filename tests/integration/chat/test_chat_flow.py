"""A chat through every real process: API, Celery worker, agent, Redis and PostgreSQL."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import httpx
import pytest

from tests.support.factories import PASSWORD, create_user
from tests.support.processes import Stack
from tests.support.sse import SseEvent, read_events

pytestmark = pytest.mark.stack


def ask(client: httpx.Client, question: str, session_id: int | None = None) -> list[SseEvent]:
    body: dict[str, Any] = {"question": question}
    if session_id is not None:
        body["session_id"] = session_id
    with client.stream("POST", "/maice/chat/streaming", json=body) as response:
        assert response.status_code == 200, response.read()
        assert response.headers["content-type"].startswith("text/event-stream")
        assert response.headers["x-job-id"]
        return list(read_events(response))


def types(events: list[SseEvent]) -> list[str]:
    return [event.type for event in events]


class TestAnswerPath:
    def test_quadratic_is_answered_in_order_and_stored(self, student_client: httpx.Client) -> None:
        events = ask(student_client, "x^2 - 5x + 6 = 0 을 풀어줘")
        kinds = types(events)
        assert kinds[:3] == ["accepted", "session", "classification"]
        assert kinds[-1] == "done"
        assert kinds.count("done") == 1
        assert set(kinds[3:-1]) == {"token"}
        job_id = events[0].data["job_id"]
        assert all(event.data["job_id"] == job_id for event in events)
        assert events[0].data["session_id"] is None
        assert events[2].data == {
            "type": "classification",
            "job_id": job_id,
            "knowledge_type": "K3",
            "gate": "answerable",
        }
        answer = "".join(event.data["text"] for event in events if event.type == "token")
        done = events[-1].data
        assert done["kind"] == "answer"
        assert done["content"] == answer
        assert done["finish_reason"] == "complete"
        assert done["verified"] is True  # the engine solved it and checked the roots
        assert "2" in answer
        assert "3" in answer
        ids = [event.id for event in events]
        assert all(ids)
        assert ids == sorted(ids, key=lambda i: tuple(map(int, i.split("-"))))

        detail = student_client.get(f"/maice/sessions/{done['session_id']}").json()
        assert [(m["role"], m["kind"]) for m in detail["messages"]] == [
            ("user", "question"),
            ("assistant", "answer"),
        ]
        question, reply = detail["messages"]
        assert question["knowledge_type"] == "K3"
        assert question["gate"] == "answerable"
        assert reply["id"] == done["message_id"]
        assert reply["content"] == answer
        assert reply["verified"] is True
        assert question["verified"] is False
        assert events[1].data["question_message_id"] == question["id"]
        assert question["job_id"] == reply["job_id"] == job_id
        assert detail["title"].startswith("x^2 - 5x + 6 = 0")


class TestClarificationPath:
    def test_two_rounds_then_the_answer(self, student_client: httpx.Client) -> None:
        first = ask(student_client, "모르겠어요")
        assert types(first)[-2:] == ["clarification", "done"]
        assert first[2].data["gate"] == "needs_clarification"
        assert (first[-2].data["round"], first[-2].data["max_rounds"]) == (1, 3)
        assert first[-1].data["verified"] is False
        session_id = first[-1].data["session_id"]
        assert first[-1].data["kind"] == "clarification"
        assert first[-1].data["content"] == first[-2].data["text"]

        second = ask(student_client, "잘 모르겠어요", session_id)
        assert types(second)[-2:] == ["clarification", "done"]
        assert second[1].data["session_id"] == session_id
        assert (second[-2].data["round"], second[-2].data["max_rounds"]) == (2, 3)

        third = ask(student_client, "x^2 - 1 을 인수분해 하는 문제예요", session_id)
        assert third[-1].type == "done"
        assert third[-1].data["kind"] == "answer"
        assert "token" in types(third)

        detail = student_client.get(f"/maice/sessions/{session_id}").json()
        assert [m["kind"] for m in detail["messages"]] == [
            "question",
            "clarification",
            "clarification_answer",
            "clarification",
            "clarification_answer",
            "answer",
        ]


class TestRefusalPath:
    def test_off_topic_question_is_refused(self, student_client: httpx.Client) -> None:
        events = ask(student_client, "오늘 날씨 어때?")
        assert events[2].data["gate"] == "unanswerable"
        assert events[-1].type == "done"
        assert events[-1].data["kind"] == "refusal"
        assert events[-1].data["content"]


class TestResume:
    def test_every_last_event_id_replays_exactly_the_rest(
        self, student_client: httpx.Client
    ) -> None:
        events = ask(student_client, "differentiate x^3 + 2x")
        job_id = events[0].data["job_id"]
        for index, event in enumerate(events):
            with student_client.stream(
                "GET",
                f"/maice/chat/jobs/{job_id}/events",
                headers={"Last-Event-ID": event.id or ""},
            ) as response:
                assert response.status_code == 200
                # After the last event the rest is nothing: the stream ends at once.
                assert list(read_events(response)) == events[index + 1 :], event.id
        with student_client.stream(
            "GET", f"/maice/chat/jobs/{job_id}/events?after={events[1].id}"
        ) as response:
            assert list(read_events(response)) == events[2:]

    def test_someone_elses_job_is_404(self, student_client: httpx.Client) -> None:
        response = student_client.get("/maice/chat/jobs/not-a-job/events")
        assert response.status_code == 404


class TestDisconnect:
    def test_a_client_that_leaves_still_gets_its_reply_stored(
        self, student_client: httpx.Client
    ) -> None:
        with student_client.stream(
            "POST", "/maice/chat/streaming", json={"question": "∫ x^2 dx 계산해줘"}
        ) as response:
            job_id = response.headers["x-job-id"]
        # Resume from the start: the job finished without us.
        with student_client.stream("GET", f"/maice/chat/jobs/{job_id}/events") as response:
            events = list(read_events(response))
        assert events[-1].type == "done"
        detail = student_client.get(f"/maice/sessions/{events[-1].data['session_id']}").json()
        assert detail["messages"][-1]["id"] == events[-1].data["message_id"]


class TestTerminalClient:
    def test_maice_chat_streams_an_answer(self, stack: Stack, clean_database: None) -> None:
        student = create_user()
        result = subprocess.run(
            [sys.executable, "-m", "maice", "chat", "--url", stack.url, "12*7+3 계산해줘"],
            env=stack.env | {"MAICE_EMAIL": student.email, "MAICE_PASSWORD": PASSWORD},
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert "87" in result.stdout
        assert "[K3" in result.stderr
