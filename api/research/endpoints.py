"""Routes of the research tools: under /teacher (teacher or admin) and /student/consent."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Response, status
from fastapi.responses import StreamingResponse

from api.deps import SessionDep, StateDep, require_role
from api.openapi import answers
from api.research import consent, modes
from api.research.exports import Dataset, Format, export_response
from api.research.formats import MEDIA_TYPES
from api.research.schemas import (
    AutoEvaluationIn,
    AutoEvaluationOut,
    BlindSession,
    ConsentIn,
    ConsentOut,
    EvaluationIn,
    EvaluationOut,
    EvaluationStats,
    EvaluationUpdate,
    Evaluator,
    ModeCounts,
    RubricOut,
)
from api.research.scope import language_of
from api.research.service import evaluation_service, rubric_out
from api.schemas import DateTimeParam, Id
from models import User

teacher_only = require_role("teacher", "admin")
student_only = require_role("student")
router = APIRouter(prefix="/teacher", tags=["research"], dependencies=[Depends(teacher_only)])
consent_router = APIRouter(
    prefix="/student", tags=["research"], dependencies=[Depends(student_only)]
)
TeacherUser = Annotated[User, Depends(teacher_only)]
StudentUser = Annotated[User, Depends(student_only)]
ClassroomFilter = Annotated[
    Id | None, Query(description="Only this classroom of yours (404 if not yours).")
]


@router.get("/evaluations/rubric", response_model=RubricOut)
async def get_rubric(
    accept_language: Annotated[str | None, Header()] = None,
) -> RubricOut:
    """The QAC rubric: 8 items of 4 yes/no elements, in the request's language (ko or en)."""
    return rubric_out("ko" if language_of(accept_language) == "ko" else "en")


@router.get(
    "/evaluations/next",
    response_model=BlindSession,
    responses={204: {"description": "Every session of your students is scored."}},
)
def next_session(
    session: SessionDep, teacher: TeacherUser, classroom_id: ClassroomFilter = None
) -> BlindSession | Response:
    """A random session of your students that you have not scored, blind: its messages
    without any name, e-mail or id of the student. 204 when none is left."""
    blind = evaluation_service.next_blind(session, teacher, classroom_id)
    return blind if blind is not None else Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/evaluations/", response_model=EvaluationOut, status_code=status.HTTP_201_CREATED)
@answers(409)
def create_evaluation(
    body: EvaluationIn, session: SessionDep, teacher: TeacherUser
) -> EvaluationOut:
    """Score a session: all 32 elements as 0|1, evidence optional (≤100 characters each).
    The item scores (1.25 per element met) and the total are computed here. 409 if you
    scored this session already, 422 for missing or unknown codes."""
    return evaluation_service.create(session, teacher, body)


@router.put("/evaluations/{evaluation_id}", response_model=EvaluationOut)
def update_evaluation(
    evaluation_id: Id, body: EvaluationUpdate, session: SessionDep, teacher: TeacherUser
) -> EvaluationOut:
    """Edit your evaluation (all 32 elements again); the scores are computed anew."""
    return evaluation_service.update(session, teacher, evaluation_id, body)


@router.get("/evaluations/", response_model=list[EvaluationOut])
def list_evaluations(
    session: SessionDep,
    teacher: TeacherUser,
    session_id: Annotated[Id | None, Query()] = None,
    classroom_id: ClassroomFilter = None,
    evaluator: Evaluator | None = None,
) -> list[EvaluationOut]:
    """Evaluations of your students' sessions (teachers' and the agent's), oldest first."""
    return evaluation_service.list(
        session, teacher, session_id=session_id, classroom_id=classroom_id, evaluator=evaluator
    )


@router.get("/evaluations/stats", response_model=EvaluationStats)
def evaluation_stats(
    session: SessionDep, teacher: TeacherUser, classroom_id: ClassroomFilter = None
) -> EvaluationStats:
    """Means per item and in total, agreement between raters of the same sessions (share
    of equal elements, Cohen's kappa per item), teacher vs agent, and split by mode."""
    return evaluation_service.stats(session, teacher, classroom_id)


@router.post(
    "/evaluations/auto", response_model=AutoEvaluationOut, status_code=status.HTTP_202_ACCEPTED
)
def start_auto_evaluation(
    body: AutoEvaluationIn, session: SessionDep, state: StateDep, teacher: TeacherUser
) -> AutoEvaluationOut:
    """Have the agent score sessions in the background (the given ones, a classroom's, or
    all of yours), each at most once per provider and model; `sessions` is how many go."""
    return evaluation_service.start_batch(session, state, teacher, body)


@router.post("/classrooms/{classroom_id}/modes", response_model=ModeCounts)
def assign_modes(classroom_id: Id, session: SessionDep, teacher: TeacherUser) -> ModeCounts:
    """Assign the classroom's students to the agent and freepass modes at random, balanced.
    In freepass the agent classifies but never asks back."""
    return modes.assign_modes(session, teacher, classroom_id)


@router.get(
    "/exports/{dataset}.{file_format}",
    response_class=StreamingResponse,
    responses={
        200: {
            "description": "The dataset as a CSV or XLSX download.",
            "content": {
                media_type: {"schema": {"type": "string", "format": "binary"}}
                for media_type in MEDIA_TYPES.values()
            },
        }
    },
)
@answers(403)
def export_dataset(
    dataset: Dataset,
    file_format: Format,
    session: SessionDep,
    state: StateDep,
    teacher: TeacherUser,
    classroom_id: ClassroomFilter = None,
    since: Annotated[DateTimeParam | None, Query(description="Rows created at or after.")] = None,
    until: Annotated[DateTimeParam | None, Query(description="Rows created before.")] = None,
    include_unconsented: Annotated[
        bool, Query(description="Admins only: include students without consent.")
    ] = False,
) -> StreamingResponse:
    """Download a dataset (`sessions`, `messages`, `evaluations`, `summaries`, `ratings`)
    of your students who accepted the current consent version, as CSV (UTF-8 with BOM)
    or XLSX, streamed in constant memory."""
    return export_response(
        session,
        state,
        teacher,
        dataset=dataset,
        file_format=file_format,
        classroom_id=classroom_id,
        since=since,
        until=until,
        include_unconsented=include_unconsented,
    )


@consent_router.get("/consent", response_model=ConsentOut)
def get_consent(session: SessionDep, state: StateDep, student: StudentUser) -> ConsentOut:
    """Whether you accepted the current research-consent version."""
    return consent.consent_of(session, student, state.settings.consent_version)


@consent_router.put("/consent", response_model=ConsentOut)
def put_consent(
    body: ConsentIn, session: SessionDep, state: StateDep, student: StudentUser
) -> ConsentOut:
    """Accept (`true`) or withdraw (`false`) consent to research use of your data."""
    return consent.answer_consent(session, student, state.settings.consent_version, body.accepted)
