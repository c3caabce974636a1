from __future__ import annotations

from fastapi import APIRouter

from api.deps import CurrentUser, SessionDep
from api.ratings.schemas import RatingIn, RatingOut
from api.schemas import Id
from core.errors import NotFound
from models.repositories import ratings as ratings_repo

router = APIRouter(prefix="/maice/messages", tags=["sessions"])


@router.put("/{message_id}/rating", response_model=RatingOut)
def rate_message(
    message_id: Id, body: RatingIn, session: SessionDep, user: CurrentUser
) -> RatingOut:
    """Rate an answer of one of your sessions as helpful or not, with an optional comment.

    Rating the same message again replaces the earlier rating. Your teacher sees
    the ratings on your sessions and on their dashboard.
    """
    if ratings_repo.rateable_message(session, message_id, user.id) is None:
        raise NotFound("Message not found")
    rating = ratings_repo.put(
        session, message_id=message_id, user_id=user.id, helpful=body.helpful, comment=body.comment
    )
    return RatingOut.model_validate(rating)
