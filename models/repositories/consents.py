"""Students' research consent, one row per student and consent version."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Select, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from models.research import Consent


def get(session: Session, *, student_id: int, version: str) -> Consent | None:
    return session.scalar(
        select(Consent).where(Consent.student_id == student_id, Consent.version == version)
    )


def set_answer(session: Session, *, student_id: int, version: str, accepted: bool) -> Consent:
    """Accept or withdraw; accepting again keeps nothing of the withdrawal but its time."""
    now = datetime.now(UTC)
    accepted_at = now if accepted else None
    session.execute(
        insert(Consent)
        .values(student_id=student_id, version=version, accepted=accepted, accepted_at=accepted_at)
        .on_conflict_do_update(
            constraint="uq_consents_student_version",
            set_={"accepted": accepted, "accepted_at": accepted_at, "updated_at": now},
        )
    )
    consent = get(session, student_id=student_id, version=version)
    assert consent is not None  # just written
    session.refresh(consent)
    return consent


def consenting_student_ids(version: str) -> Select[int]:
    """Students who accepted ``version`` and have not withdrawn."""
    return select(Consent.student_id).where(Consent.version == version, Consent.accepted)
