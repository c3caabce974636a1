"""Digests go only to active teachers, and tell them only about students."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import select, update

from core.settings import get_settings
from models import ChatSession, Classroom, Enrollment, LearningSummary, TeacherDigest, User
from models.database import Database
from tasks import resources
from tasks.digests import run_digests, send_digest
from tests.fakes.smtp_server import Mailbox, running_smtp_server
from tests.support.factories import create_user

EVENING = datetime(2026, 11, 26, 9, 0, tzinfo=UTC).isoformat()  # 18:00 in Seoul


@pytest.fixture
def smtp() -> Iterator[tuple[Mailbox, int]]:
    """A real SMTP server on loopback: what it received, and its port."""
    with running_smtp_server() as server:
        yield server


def use_smtp(monkeypatch: pytest.MonkeyPatch, port: int) -> None:
    """This process's worker settings, as a worker started with SMTP_HOST has them."""
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", str(port))
    _reload_settings()


def _reload_settings() -> None:
    get_settings.cache_clear()
    resources.settings.cache_clear()


@pytest.fixture(autouse=True)
def _fresh_settings_afterwards() -> Iterator[None]:
    yield
    _reload_settings()


def classroom_of(database: Database, teacher: User, *members: User) -> None:
    """``members`` enrolled with ``teacher``, each with one learning summary."""
    with database.session() as session:
        room = Classroom(teacher_id=teacher.id, name="1-2", join_code=f"D{teacher.id:07d}")
        session.add(room)
        session.flush()
        for member in members:
            session.add(Enrollment(classroom_id=room.id, student_id=member.id))
            chat = ChatSession(user_id=member.id, title="practice")
            session.add(chat)
            session.flush()
            session.add(
                LearningSummary(
                    student_id=member.id,
                    session_id=chat.id,
                    summary=f"summary of {member.name}",
                    key_concepts=[],
                    knowledge_types={"K1": 1},
                    first_message_id=1,
                    last_message_id=1,
                )
            )
        session.commit()


def set_user(database: Database, user: User, **values: object) -> None:
    with database.session() as session:
        session.execute(update(User).where(User.id == user.id).values(**values))
        session.commit()


def digests(database: Database) -> list[TeacherDigest]:
    with database.session() as session:
        return list(session.scalars(select(TeacherDigest).order_by(TeacherDigest.id)))


class TestRecipients:
    @pytest.mark.parametrize(
        "change", [{"is_active": False}, {"role": "student"}], ids=["deactivated", "demoted"]
    )
    def test_a_deactivated_or_demoted_teacher_gets_no_digest(
        self, database: Database, change: dict[str, object]
    ) -> None:
        teacher, student = create_user("teacher"), create_user()
        classroom_of(database, teacher, student)
        set_user(database, teacher, **change)
        assert run_digests(EVENING) == []
        assert digests(database) == []

    def test_a_digest_made_before_the_teacher_was_deactivated_is_not_mailed(
        self, database: Database, smtp: tuple[Mailbox, int], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        mailbox, port = smtp
        leaving, staying = create_user("teacher"), create_user("teacher")
        classroom_of(database, leaving, create_user())
        classroom_of(database, staying, create_user())
        made = run_digests(EVENING)  # no SMTP_HOST yet: stored, not mailed
        assert len(made) == 2
        set_user(database, leaving, is_active=False)
        use_smtp(monkeypatch, port)
        for digest in digests(database):
            send_digest(digest.id)
        assert [recipients for recipients, _ in mailbox.messages] == [[staying.email]]
        sent = {digest.teacher_id: digest.sent_at for digest in digests(database)}
        assert sent[leaving.id] is None
        assert sent[staying.id] is not None


class TestContents:
    def test_a_digest_tells_only_of_students(self, database: Database) -> None:
        teacher, student, promoted = create_user("teacher"), create_user(), create_user()
        classroom_of(database, teacher, student, promoted)
        set_user(database, promoted, role="teacher")
        [digest_id] = run_digests(EVENING)
        [digest] = digests(database)
        assert digest.id == digest_id
        assert f"summary of {student.name}" in digest.body
        assert f"<{promoted.email}>" not in digest.body
