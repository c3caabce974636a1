"""Students' ratings of assistant messages: one per message, replaced when given again."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from models.chat import ChatSession, Message, MessageRating


def rateable_message(session: Session, message_id: int, user_id: int) -> Message | None:
    """An assistant message of one of the user's own sessions, else None."""
    query = (
        select(Message)
        .join(ChatSession, ChatSession.id == Message.session_id)
        .where(
            Message.id == message_id,
            Message.role == "assistant",
            ChatSession.user_id == user_id,
        )
    )
    return session.scalar(query)


def put(
    session: Session, *, message_id: int, user_id: int, helpful: bool, comment: str | None
) -> MessageRating:
    """Store the rating, replacing an earlier one of the same message."""
    values = {"helpful": helpful, "comment": comment, "updated_at": func.now()}
    statement = (
        insert(MessageRating)
        .values(message_id=message_id, user_id=user_id, **values)
        .on_conflict_do_update(index_elements=[MessageRating.message_id], set_=values)
        .returning(MessageRating)
    )
    rating = session.scalars(statement, execution_options={"populate_existing": True}).one()
    return rating
