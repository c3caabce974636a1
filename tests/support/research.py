"""Research tests' helpers: rubric elements, sessions with a dialogue, stored evaluations."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from core.rubric import get_rubric
from models import Evaluation, User
from tests.support.factories import add_messages, add_session, answer, db, question

TEACHER = "/api/v1/teacher"
CODES = get_rubric().element_codes


def elements(met: set[str] | None = None) -> dict[str, int]:
    """All 32 elements, 1 for the codes in ``met``."""
    return {code: int(code in (met or set())) for code in CODES}


def session_with_dialogue(client: TestClient, student: User, text: str = "x^2-5x+6=0") -> int:
    chat = add_session(client, student, title=f"{student.name}'s chat")
    add_messages(
        client,
        chat,
        question(f"{text} 을 풀어줘", gate="answerable", knowledge_type="K3", job_id=f"j{chat}"),
        answer("1. 인수분해\n2. **x = 2, 3**", job_id=f"j{chat}"),
    )
    return chat


def add_agent_evaluation(
    client: TestClient, session_id: int, met: set[str], *, model: str = "m1"
) -> None:
    rubric = get_rubric()
    values = elements(met)
    with db(client) as session:
        session.add(
            Evaluation(
                session_id=session_id,
                evaluator="agent",
                provider="test",
                model=model,
                elements=values,
                evidence={},
                scores=rubric.scores(values),
                total=rubric.total(values),
            )
        )
        session.commit()


def post_evaluation(
    client: TestClient, headers: dict[str, str], session_id: int, **body: Any
) -> Any:
    body.setdefault("elements", elements())
    return client.post(
        f"{TEACHER}/evaluations/", json={"session_id": session_id, **body}, headers=headers
    )
