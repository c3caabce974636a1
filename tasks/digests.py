"""Daily teacher digests: made once a day after DIGEST_HOUR, stored, then e-mailed.

The digest is stored first and sent by its own task, which retries with
back-off; a failing mail server delays the e-mail but never loses the digest.
"""

from __future__ import annotations

import smtplib
import ssl
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from zoneinfo import ZoneInfo

import structlog
from celery import Task

from bus.tasks import DIGESTS_RUN, DIGESTS_SEND
from core.settings import Settings
from models import ChatSession, LearningSummary, User
from models.repositories import digests as digests_repo
from models.repositories import users as users_repo
from tasks import resources
from tasks.app import RETRY, celery_app

log = structlog.get_logger(__name__)
MAX_SEND_ATTEMPTS = 10
MAX_BACKOFF_SECONDS = 3600


@celery_app.task(name=DIGESTS_RUN, **RETRY)
def run_digests(now_iso: str | None = None) -> list[int]:
    """After DIGEST_HOUR (in TIMEZONE), make today's digest for every teacher with news."""
    settings = resources.settings()
    now = datetime.fromisoformat(now_iso) if now_iso else datetime.now(UTC)
    local = now.astimezone(ZoneInfo(settings.timezone))
    if local.hour < settings.digest_hour:
        return []
    created: list[int] = []
    with resources.database().session() as session:
        for teacher_id, rows in digests_repo.new_summaries_by_teacher(session).items():
            subject, body = compose_digest(local.date().isoformat(), rows)
            digest_id = digests_repo.add_once(
                session,
                {
                    "teacher_id": teacher_id,
                    "digest_date": local.date(),
                    "subject": subject,
                    "body": body,
                    "summary_ids": [summary.id for summary, _, _ in rows],
                    "last_summary_id": max(summary.id for summary, _, _ in rows),
                },
            )
            if digest_id is not None:
                created.append(digest_id)
        # Unsent digests of the last days too: a send lost with a dead worker is retried.
        to_send = digests_repo.unsent(session, since=local.date() - timedelta(days=2))
        session.commit()
    if settings.smtp_host:
        for digest_id in to_send:
            send_digest.delay(digest_id)
    log.info("digests made", created=len(created))
    return created


def compose_digest(
    day: str, rows: list[tuple[LearningSummary, User, ChatSession]]
) -> tuple[str, str]:
    """The digest's subject and plain-text body."""
    students = {student.id for _, student, _ in rows}
    subject = f"MAICE digest {day}: {len(rows)} summaries from {len(students)} students"
    lines = [f"Learning summaries of your students, {day}.", ""]
    current = None
    for summary, student, chat in rows:
        if student.id != current:
            current = student.id
            lines += ["", f"## {student.name} <{student.email}>"]
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(summary.knowledge_types.items()) if n)
        lines += [
            f"- {chat.title}: {summary.summary}",
            f"  concepts: {', '.join(summary.key_concepts) or '-'}; questions: {kinds or '-'}",
        ]
    return subject, "\n".join(lines).strip() + "\n"


@celery_app.task(name=DIGESTS_SEND, bind=True, max_retries=MAX_SEND_ATTEMPTS)
def send_digest(self: Task, digest_id: int) -> None:  # type: ignore[type-arg]
    """E-mail one digest; on failure record why and retry with exponential back-off."""
    settings = resources.settings()
    with resources.database().session() as session:
        digest = digests_repo.get_for_update(session, digest_id)
        if digest is None or digest.sent_at is not None:
            return
        teacher = users_repo.get(session, digest.teacher_id)
        if teacher is None or not digests_repo.receives_digests(teacher):
            # Deactivated or demoted since the digest was made: it stays unsent.
            log.info("digest not sent: its teacher no longer receives digests", digest_id=digest_id)
            return
        digest.send_attempts += 1
        try:
            deliver(settings, to=teacher.email, subject=digest.subject, body=digest.body)
        except (OSError, smtplib.SMTPException) as error:
            digest.last_error = f"{type(error).__name__}: {error}"[:500]
            session.commit()
            log.warning(
                "digest e-mail failed; will retry",
                digest_id=digest_id,
                attempt=digest.send_attempts,
                error=type(error).__name__,
            )
            raise self.retry(
                countdown=min(MAX_BACKOFF_SECONDS, 2**digest.send_attempts),
                exc=error,
            ) from error
        digest.sent_at = datetime.now(UTC)
        digest.last_error = None
        session.commit()
    log.info("digest e-mailed", digest_id=digest_id)


def deliver(settings: Settings, *, to: str, subject: str, body: str) -> None:
    """Send one plain-text e-mail through SMTP_HOST (STARTTLS and login when configured;
    STARTTLS by default when there is a login)."""
    assert settings.smtp_host
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    with smtplib.SMTP(
        settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout_seconds
    ) as smtp:
        if settings.smtp_uses_starttls:
            smtp.starttls(context=ssl.create_default_context())
        if settings.smtp_username:
            smtp.login(settings.smtp_username, settings.smtp_password or "")
        smtp.send_message(message)
