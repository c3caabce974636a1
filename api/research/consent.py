"""A student's research consent for the current CONSENT_VERSION."""

from __future__ import annotations

from sqlalchemy.orm import Session

from api.research.schemas import ConsentOut
from models import User
from models.repositories import consents as consents_repo


def consent_of(session: Session, student: User, version: str) -> ConsentOut:
    consent = consents_repo.get(session, student_id=student.id, version=version)
    if consent is None:
        return ConsentOut(version=version, accepted=False, accepted_at=None)
    return ConsentOut(version=version, accepted=consent.accepted, accepted_at=consent.accepted_at)


def answer_consent(session: Session, student: User, version: str, accepted: bool) -> ConsentOut:
    consent = consents_repo.set_answer(
        session, student_id=student.id, version=version, accepted=accepted
    )
    return ConsentOut(version=version, accepted=consent.accepted, accepted_at=consent.accepted_at)
