"""The agent scores sessions in batch: once per session, provider and model, even when the
batch task is delivered twice and the agent is killed in the middle of it."""

from __future__ import annotations

import json
import signal
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from bus.tasks import EVALUATIONS_RUN
from core.rubric import get_rubric
from models import ChatSession, Classroom, Enrollment, Evaluation, Message, User
from models.database import Database
from tasks.evaluations import store_evaluation
from tests.fakes.openai_server import FakeOpenAI, hang, ok, running_fake_openai
from tests.support.factories import create_user, http_client_of
from tests.support.processes import Stack, stack_env
from tests.support.waits import wait_until

CODES = get_rubric().element_codes


def classroom_with_sessions(database: Database, count: int) -> tuple[int, list[int]]:
    """A teacher's classroom of one student with ``count`` answered sessions."""
    teacher, student = create_user("teacher"), create_user()
    with database.session() as session:
        classroom = Classroom(teacher_id=teacher.id, name="research", join_code=f"R{student.id}")
        session.add(classroom)
        session.flush()
        session.add(Enrollment(classroom_id=classroom.id, student_id=student.id))
        ids = []
        for number in range(count):
            chat = ChatSession(user_id=student.id, title=f"s{number}")
            session.add(chat)
            session.flush()
            session.add_all(
                [
                    Message(session_id=chat.id, role="user", kind="question", content="1+1?"),
                    Message(session_id=chat.id, role="assistant", kind="answer", content="2"),
                ]
            )
            ids.append(chat.id)
        session.commit()
        return teacher.id, ids


def evaluations(database: Database) -> list[Evaluation]:
    with database.session() as session:
        return list(session.scalars(select(Evaluation).order_by(Evaluation.session_id)))


def rubric_reply(met: set[str]) -> str:
    return json.dumps(
        {code: {"met": int(code in met), "evidence": f"why {code}"} for code in CODES}
    )


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeOpenAI]:
    with running_fake_openai() as server:
        yield server


@pytest.fixture(scope="module")
def rater_stack(test_services: dict[str, str], fake: FakeOpenAI) -> Iterator[Stack]:
    env = stack_env(
        test_services,
        LLM_PROVIDER="openai",
        LLM_BASE_URL=fake.url,
        LLM_MODEL="fake-rater",
        LLM_MAX_RETRIES="0",
        AGENT_CLAIM_IDLE_SECONDS="2",
    )
    with Stack(env) as running:
        running.start_worker()
        running.start_api()
        yield running


@pytest.mark.stack
def test_twice_delivered_batch_and_a_killed_agent_score_each_session_once(
    rater_stack: Stack, fake: FakeOpenAI, database: Database
) -> None:
    fake.reset()
    teacher_id, session_ids = classroom_with_sessions(database, 2)
    fake.script(hang(), hang())  # the first agent gets stuck on both, then dies

    with database.session() as session:
        teacher = session.get(User, teacher_id)
        assert teacher is not None
    client = http_client_of(rater_stack.url, teacher, timeout=30)
    try:
        started = client.post("/teacher/evaluations/auto", json={})
        assert started.status_code == 202, started.text
        batch = started.json()
        assert batch["sessions"] == 2
        # The same batch delivered again (as after a worker lost its ack).
        rater_stack.send_task(
            EVALUATIONS_RUN, {"batch_id": batch["batch_id"], "session_ids": session_ids}
        )
        rater_stack.start_agent("agent-a")
        wait_until(lambda: len(fake.requests) == 2, "the first agent at work on both sessions")
        rater_stack.kill("agent-a", signal.SIGKILL)
        fake.released.set()

        fake.script(ok(rubric_reply({"A1-1", "B2-2"})), ok(rubric_reply({"A1-1", "B2-2"})))
        rater_stack.start_agent("agent-b")
        wait_until(lambda: len(evaluations(database)) == 2, "both sessions scored", timeout=60)

        stored = evaluations(database)
        assert [e.session_id for e in stored] == session_ids
        for evaluation in stored:
            assert (evaluation.evaluator, evaluation.provider) == ("agent", "openai")
            assert evaluation.model == "fake-rater"
            assert evaluation.total == 2.5
            assert evaluation.scores["A1"] == 1.25
            assert evaluation.scores["B2"] == 1.25
            assert evaluation.evidence["A1-1"] == "why A1-1"
        # Nothing more was asked of the model than one request per session per agent.
        assert len(fake.requests) == 4
        schema = fake.requests[-1].body["response_format"]
        assert schema["type"] == "json_schema"
        assert schema["json_schema"]["strict"] is True
        assert schema["json_schema"]["schema"]["required"] == list(CODES)

        listed = client.get("/teacher/evaluations/", params={"evaluator": "agent"}).json()
        assert sorted(e["session_id"] for e in listed) == session_ids
        again = client.post("/teacher/evaluations/auto", json={"session_ids": session_ids})
        assert again.json()["sessions"] == 0  # scored by this provider and model already
    finally:
        client.close()


def test_a_reply_stored_twice_is_stored_once(database: Database) -> None:
    _, [session_id] = classroom_with_sessions(database, 1)
    reply = {
        "batch_id": "b1",
        "session_id": session_id,
        "provider": "echo",
        "model": "echo-1",
        "elements": dict.fromkeys(CODES, 1),
        "evidence": {},
    }
    store_evaluation(reply)
    store_evaluation(reply)
    store_evaluation(reply | {"model": "echo-2"})  # another model scores it once more
    stored = evaluations(database)
    assert [(e.model, e.total) for e in stored] == [("echo-1", 40.0), ("echo-2", 40.0)]
