"""Research exports: one dataset of the viewer's consenting students, as a download."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Literal

import structlog
from fastapi.responses import StreamingResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.research.formats import MEDIA_TYPES, csv_chunks, xlsx_chunks
from api.research.scope import students_in_scope
from api.state import AppState
from core.errors import Forbidden
from models import User
from models.repositories import consents as consents_repo
from models.repositories import exports as exports_repo

log = structlog.get_logger(__name__)
Dataset = Literal["sessions", "messages", "evaluations", "summaries", "ratings"]
Format = Literal["csv", "xlsx"]


def _utc(moment: datetime | None) -> datetime | None:
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def export_response(
    session: Session,
    state: AppState,
    viewer: User,
    *,
    dataset: Dataset,
    file_format: Format,
    classroom_id: int | None,
    since: datetime | None,
    until: datetime | None,
    include_unconsented: bool,
) -> StreamingResponse:
    """Check everything that can fail as a plain HTTP error, then stream the rows from a
    session of the stream's own (the request's has ended by the time rows are read)."""
    if include_unconsented and viewer.role != "admin":
        raise Forbidden("Only an admin may include students who have not consented")
    students = students_in_scope(session, viewer, classroom_id)
    if not include_unconsented:
        consenting = consents_repo.consenting_student_ids(state.settings.consent_version)
        students = select(User.id).where(User.id.in_(students), User.id.in_(consenting))
    filters = exports_repo.Filters(students=students, since=_utc(since), until=_utc(until))
    header = exports_repo.header(dataset)

    def rows() -> Iterator[list[object]]:
        with state.database.session() as stream_session:
            yield from exports_repo.rows(stream_session, dataset, filters)

    chunks = (
        csv_chunks(header, rows()) if file_format == "csv" else xlsx_chunks(dataset, header, rows())
    )
    stamp = datetime.now(UTC).strftime("%Y%m%d")
    filename = f"maice-{dataset}-{stamp}.{file_format}"
    log.info("export started", dataset=dataset, format=file_format, classroom_id=classroom_id)
    return StreamingResponse(
        chunks,
        media_type=MEDIA_TYPES[file_format],
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )
