"""Rubric evaluations: blind teacher scoring, the agent's batches, and their statistics.

Scores are always computed here from the 32 elements (``core.rubric``); a
client's own arithmetic is never read.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.orm import Session

from api.research import agreement
from api.research.schemas import (
    AutoEvaluationIn,
    AutoEvaluationOut,
    BlindMessage,
    BlindSession,
    EvaluationIn,
    EvaluationOut,
    EvaluationStats,
    EvaluationUpdate,
    RubricElementOut,
    RubricItemOut,
    RubricOut,
)
from api.research.scope import students_in_scope
from api.state import AppState
from bus.tasks import EVALUATIONS_RUN
from core.errors import Conflict, InvalidInput, NotFound
from core.rubric import Language, Rubric, get_rubric
from core.vocabulary import MODES
from models import Evaluation, User
from models.repositories import chat_sessions as sessions_repo
from models.repositories import evaluations as evaluations_repo


def rubric_out(language: Language) -> RubricOut:
    return RubricOut(
        items=[
            RubricItemOut(
                code=item.code,
                title=item.title.in_language(language),
                elements=[
                    RubricElementOut(
                        code=element.code,
                        title=element.title.in_language(language),
                        description=element.description.in_language(language),
                    )
                    for element in item.elements
                ],
            )
            for item in get_rubric().items
        ]
    )


def checked_elements(
    rubric: Rubric, elements: dict[str, int], evidence: dict[str, str]
) -> tuple[dict[str, int], dict[str, str]]:
    """All 32 codes and no other, else 422 naming the codes; evidence only for known codes."""
    codes = set(rubric.element_codes)
    missing, unknown = sorted(codes - set(elements)), sorted(set(elements) - codes)
    if missing:
        raise InvalidInput(f"Missing element codes: {', '.join(missing)}")
    if unknown:
        raise InvalidInput(f"Unknown element codes: {', '.join(unknown)}")
    unknown_evidence = sorted(set(evidence) - codes)
    if unknown_evidence:
        raise InvalidInput(f"Evidence for unknown element codes: {', '.join(unknown_evidence)}")
    ordered = {code: elements[code] for code in rubric.element_codes}
    return ordered, {code: text.strip() for code, text in evidence.items() if text.strip()}


def evaluation_out(evaluation: Evaluation, mode: str | None = None) -> EvaluationOut:
    return EvaluationOut.model_validate(evaluation).model_copy(update={"mode": mode})


class EvaluationService:
    def next_blind(
        self, session: Session, viewer: User, classroom_id: int | None
    ) -> BlindSession | None:
        """A random session of the viewer's students they have not scored, without any
        trace of the student (no name, e-mail or id; no message or job ids)."""
        students = students_in_scope(session, viewer, classroom_id)
        chat = evaluations_repo.random_unscored_session(session, students, teacher_id=viewer.id)
        if chat is None:
            return None
        messages = [
            BlindMessage(
                role=row.message.role,
                kind=row.message.kind,
                content=row.message.content,
                created_at=row.message.created_at,
            )
            for row in sessions_repo.messages(session, chat.id)
        ]
        return BlindSession(session_id=chat.id, messages=messages)

    def _require_session(self, session: Session, viewer: User, session_id: int) -> None:
        students = students_in_scope(session, viewer, None)
        if not evaluations_repo.visible_session_ids(session, students, [session_id]):
            raise NotFound("Session not found")

    def create(self, session: Session, viewer: User, body: EvaluationIn) -> EvaluationOut:
        """The viewer's score of a session of theirs; 409 if they scored it already."""
        self._require_session(session, viewer, body.session_id)
        rubric = get_rubric()
        elements, evidence = checked_elements(rubric, dict(body.elements), body.evidence)
        stored = evaluations_repo.add_teacher_once(
            session,
            {
                "session_id": body.session_id,
                "teacher_id": viewer.id,
                "elements": elements,
                "evidence": evidence,
                "comment": body.comment,
                "scores": rubric.scores(elements),
                "total": rubric.total(elements),
            },
        )
        if stored is None:
            raise Conflict("You have scored this session already; edit it with PUT")
        return evaluation_out(stored)

    def update(
        self, session: Session, viewer: User, evaluation_id: int, body: EvaluationUpdate
    ) -> EvaluationOut:
        """Edit the viewer's own teacher evaluation (an admin: any teacher's); 404 else."""
        evaluation = evaluations_repo.get(session, evaluation_id)
        if (
            evaluation is None
            or evaluation.evaluator != "teacher"
            or (viewer.role != "admin" and evaluation.teacher_id != viewer.id)
        ):
            raise NotFound("Evaluation not found")
        rubric = get_rubric()
        elements, evidence = checked_elements(rubric, dict(body.elements), body.evidence)
        evaluation.elements = elements
        evaluation.evidence = evidence
        evaluation.comment = body.comment
        evaluation.scores = rubric.scores(elements)
        evaluation.total = rubric.total(elements)
        session.flush()
        session.refresh(evaluation)
        return evaluation_out(evaluation)

    def list(
        self,
        session: Session,
        viewer: User,
        *,
        session_id: int | None,
        classroom_id: int | None,
        evaluator: str | None,
    ) -> list[EvaluationOut]:
        students = students_in_scope(session, viewer, classroom_id)
        if session_id is not None:
            self._require_session(session, viewer, session_id)
        rows = evaluations_repo.list_with_mode(
            session, students, session_id=session_id, evaluator=evaluator
        )
        return [evaluation_out(evaluation, mode) for evaluation, mode in rows]

    def stats(self, session: Session, viewer: User, classroom_id: int | None) -> EvaluationStats:
        """Means per item and in total, agreement of raters on shared sessions, teacher
        vs agent side by side and split by the session's mode (see ``agreement``)."""
        rubric = get_rubric()
        students = students_in_scope(session, viewer, classroom_id)
        scored = [
            agreement.Scored(
                id=e.id,
                session_id=e.session_id,
                evaluator=e.evaluator,
                elements=e.elements,
                scores=e.scores,
                total=e.total,
                mode=mode,
            )
            for e, mode in evaluations_repo.list_with_mode(session, students)
        ]
        overall = agreement.summary(rubric, scored)
        return EvaluationStats(
            sessions_scored=len({e.session_id for e in scored}),
            by_item=overall.by_item,
            total_mean=overall.total_mean,
            agreement=agreement.agreement(rubric, agreement.all_pairs(scored)),
            by_evaluator={
                who: agreement.summary(rubric, [e for e in scored if e.evaluator == who])
                for who in ("teacher", "agent")
            },
            by_mode={
                mode: agreement.summary(rubric, [e for e in scored if e.mode == mode])
                for mode in MODES
            },
            teacher_vs_agent=agreement.agreement(rubric, agreement.teacher_agent_pairs(scored)),
        )

    def start_batch(
        self, session: Session, state: AppState, viewer: User, body: AutoEvaluationIn
    ) -> AutoEvaluationOut:
        """Send the sessions not yet scored by the configured provider to the agent, in
        one Celery batch; the task and the store are idempotent per session, provider
        and model."""
        students = students_in_scope(session, viewer, body.classroom_id)
        if body.session_ids is not None:
            wanted = sorted(set(body.session_ids))
            visible = evaluations_repo.visible_session_ids(session, students, wanted)
            if len(visible) != len(wanted):
                raise NotFound("Session not found")
        settings = state.settings
        model = settings.llm_model if settings.llm_provider == "openai" else None
        session_ids: Sequence[int] = evaluations_repo.sessions_to_score(
            session,
            students,
            session_ids=body.session_ids,
            provider=settings.llm_provider,
            model=model,
        )[: settings.evaluation_batch_max_sessions]
        batch_id = uuid.uuid4().hex
        if session_ids:
            state.tasks.send(
                EVALUATIONS_RUN,
                {"batch_id": batch_id, "session_ids": list(session_ids)},
                label={"batch_id": batch_id, "sessions": len(session_ids)},
            )
        return AutoEvaluationOut(batch_id=batch_id, sessions=len(session_ids))


evaluation_service = EvaluationService()
