"""Teacher digests reach a real SMTP server on loopback; a refusing server is retried."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from models import ChatSession, Classroom, Enrollment, LearningSummary, TeacherDigest
from models.database import Database
from tests.fakes.smtp_server import Mailbox, running_smtp_server
from tests.support.factories import auth_headers, create_user
from tests.support.processes import Stack, stack_env
from tests.support.rabbitmq import BROKERS, celery_broker
from tests.support.waits import wait_until


@pytest.fixture
def smtp() -> Iterator[tuple[Mailbox, int]]:
    with running_smtp_server(refusals=2) as server:
        yield server


def teacher_with_summaries(database: Database) -> tuple[Any, Any, Any]:
    teacher, student, stranger = create_user("teacher"), create_user(), create_user()
    with database.session() as session:
        classroom = Classroom(teacher_id=teacher.id, name="2-3", join_code="ABCDEFGH")
        session.add(classroom)
        session.flush()
        session.add(Enrollment(classroom_id=classroom.id, student_id=student.id))
        for owner, text in ((student, "이차방정식을 연습했습니다."), (stranger, "not yours")):
            chat = ChatSession(user_id=owner.id, title=f"{owner.name}'s practice")
            session.add(chat)
            session.flush()
            session.add(
                LearningSummary(
                    student_id=owner.id,
                    session_id=chat.id,
                    summary=text,
                    key_concepts=["이차방정식"],
                    knowledge_types={"K3": 2},
                    first_message_id=1,
                    last_message_id=2,
                )
            )
        session.commit()
    return teacher, student, stranger


@pytest.fixture(scope="module", params=BROKERS)
def mail_stack(request: pytest.FixtureRequest, test_services: dict[str, str]) -> Iterator[Stack]:
    """A stack on Redis and on RabbitMQ, where a retry's back-off is the broker's delay."""
    with (
        celery_broker(request.param) as broker,
        Stack(stack_env(test_services, **broker)) as running,
    ):
        yield running


@pytest.mark.stack
def test_digest_is_retried_until_the_server_accepts_and_kept_meanwhile(
    mail_stack: Stack, smtp: tuple[Mailbox, int], database: Database
) -> None:
    mailbox, port = smtp
    mail_stack.env |= {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(port), "SMTP_FROM": "maice@test"}
    mail_stack.start_worker()
    teacher, student, _ = teacher_with_summaries(database)
    evening = datetime(2026, 11, 26, 17, 30, tzinfo=UTC) + timedelta(hours=-9)  # 17:30 in Seoul
    mail_stack.send_task("summaries.digests", evening.isoformat())

    wait_until(lambda: mailbox.messages, "the digest delivered", interval=0.2)
    assert mailbox.attempts == 3  # refused twice, then delivered
    [(recipients, email)] = mailbox.messages
    assert recipients == [teacher.email]
    body = email.get_payload(decode=True).decode()  # type: ignore[union-attr]
    assert student.name in body
    assert "이차방정식을 연습했습니다." in body
    assert "not yours" not in body
    with database.session() as session:
        [digest] = session.scalars(select(TeacherDigest)).all()
    assert digest.teacher_id == teacher.id
    assert digest.send_attempts == 3
    assert digest.sent_at is not None


def test_before_digest_hour_nothing_is_made_and_a_day_has_one_digest(
    database: Database, client: TestClient
) -> None:
    from tasks.digests import run_digests

    teacher, _, _ = teacher_with_summaries(database)
    morning = datetime(2026, 11, 26, 0, 30, tzinfo=UTC)  # 09:30 in Seoul
    assert run_digests(morning.isoformat()) == []
    evening = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)  # 18:00 in Seoul
    assert len(run_digests(evening.isoformat())) == 1
    assert run_digests(evening.isoformat()) == []  # no new summaries, and today's exists
    with database.session() as session:
        digest = session.scalars(select(TeacherDigest)).one()
        assert digest.sent_at is None  # no SMTP_HOST here: stored, listed, not mailed
    dashboard = client.get("/api/v1/teacher/dashboard", headers=auth_headers(client, teacher))
    [listed] = dashboard.json()["recent_digests"]
    assert listed["id"] == digest.id
    assert listed["sent_at"] is None
    assert "이차방정식을 연습했습니다." in listed["body"]
