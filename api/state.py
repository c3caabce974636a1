"""What the API process holds while it runs, made in the lifespan."""

from __future__ import annotations

from dataclasses import dataclass

import redis
import redis.asyncio as aioredis

from bus.keys import RedisKeys
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
    keys: RedisKeys
    jwt_secret: str
    hub: WakeUpHub
    tasks: TaskSender
