"""SQLAlchemy models, the engine/session, and the repositories (one set for api and tasks)."""

from models.base import Base
from models.chat import (
    AgentVerdict,
    ChatSession,
    Feedback,
    LearningSummary,
    Message,
    MessageRating,
)
from models.classroom import Classroom, Enrollment
from models.digest import TeacherDigest
from models.login import Login
from models.refresh_token import RefreshToken
from models.research import Consent, Evaluation
from models.user import User

__all__ = [
    "AgentVerdict",
    "Base",
    "ChatSession",
    "Classroom",
    "Consent",
    "Enrollment",
    "Evaluation",
    "Feedback",
    "LearningSummary",
    "Login",
    "Message",
    "MessageRating",
    "RefreshToken",
    "TeacherDigest",
    "User",
]
