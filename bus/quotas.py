"""A student's own daily question limit, where the admission script reads it.

PostgreSQL holds the limit (``users.daily_question_limit``); this copy in the
student's slot lets ``accept_job.lua`` apply it without reading a user row on
the chat path. It is written whenever an admin changes the limit, and again at
each login and token refresh, so a Redis that lost its data has it back within
one access token's lifetime.
"""

from __future__ import annotations

import redis

from bus.keys import RedisKeys


def store_question_limit(
    client: redis.Redis, keys: RedisKeys, user_id: int, limit: int | None
) -> None:
    """Set the student's limit (None: back to DAILY_QUESTION_LIMIT)."""
    if limit is None:
        client.delete(keys.question_limit(user_id))
    else:
        client.set(keys.question_limit(user_id), limit)


def question_limit(client: redis.Redis, keys: RedisKeys, user_id: int, default: int) -> int:
    value = client.get(keys.question_limit(user_id))
    return int(str(value)) if value is not None else default
