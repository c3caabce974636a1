"""What the API process holds while it runs, made in the lifespan."""

from __future__ import annotations

from dataclasses import dataclass

import redis
import redis.asyncio as aioredis

from api.auth.hashing import PasswordHashing
from bus.keys import RedisKeys
from bus.login_attempts import LoginAttempts
from bus.tasks import TaskSender
from bus.wakeup import WakeUpHub
from core.settings import Settings
from models.database import Database


@dataclass
class AppState:
    settings: Settings
    database: Database
    redis: redis.Redis
    async_redis: aioredis.Redis
    # Followers of event streams: a pool of its own that may wait longer for a connection
    # (a stream is not a request that owes a 503 within 2 s).
    stream_redis: aioredis.Redis
    keys: RedisKeys
    jwt_secret: str
    hub: WakeUpHub
    tasks: TaskSender
    login_attempts: LoginAttempts
    password_hashing: PasswordHashing
