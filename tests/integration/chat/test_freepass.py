"""Freepass mode: the agent still classifies but never asks back; replies record the mode."""

from __future__ import annotations

import httpx
import pytest

from models import User
from models.database import Database
from tests.support.factories import create_user, http_client_of
from tests.support.processes import Stack
from tests.support.sse import SseEvent, read_events

pytestmark = pytest.mark.stack


def set_mode(database: Database, user: User, mode: str) -> None:
    with database.session() as session:
        row = session.get(User, user.id)
        assert row is not None
        row.mode = mode
        session.commit()


def ask(client: httpx.Client, question: str) -> list[SseEvent]:
    with client.stream("POST", "/maice/chat/streaming", json={"question": question}) as response:
        assert response.status_code == 200
        return list(read_events(response))


@pytest.mark.parametrize(("mode", "kind"), [("agent", "clarification"), ("freepass", "answer")])
def test_freepass_never_asks_back(stack: Stack, database: Database, mode: str, kind: str) -> None:
    student = create_user()
    set_mode(database, student, mode)
    client = http_client_of(stack.url, student, timeout=60)
    try:
        events = ask(client, "모르겠어요")  # vague: the agent mode asks back
        types = [event.type for event in events]
        assert "classification" in types
        classification = next(e for e in events if e.type == "classification")
        assert classification.data["gate"] == "needs_clarification"
        assert ("clarification" in types) is (mode == "agent")
        done = events[-1]
        assert done.type == "done"
        assert done.data["kind"] == kind
        detail = client.get(f"/maice/sessions/{done.data['session_id']}").json()
    finally:
        client.close()
    reply = detail["messages"][-1]
    assert (reply["role"], reply["kind"], reply["mode"]) == ("assistant", kind, mode)
    assert detail["messages"][0]["mode"] is None
