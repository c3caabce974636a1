"""The FastAPI application factory (``uvicorn --factory api.app:create_app``)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from fastapi.middleware.cors import CORSMiddleware

from api.auth.endpoints import router as auth_router
from api.auth.hashing import PasswordHashing
from api.chat.endpoints import router as chat_router
from api.errors import install_error_handlers
from api.middleware import RequestBodyLimitMiddleware, RequestContextMiddleware
from api.openapi import install_openapi
from api.ops import router as ops_router
from api.ratings.endpoints import router as ratings_router
from api.research.endpoints import consent_router
from api.research.endpoints import router as research_router
from api.sessions.endpoints import router as sessions_router
from api.state import AppState
from api.student.endpoints import router as student_router
from api.teacher.endpoints import router as teacher_router
from api.users.endpoints import router as users_router
from api.web import SecurityHeadersMiddleware, mount_web_app
from bus.keys import RedisKeys
from bus.login_attempts import LoginAttempts
from bus.redis import (
    REQUEST_POOL_WAIT_SECONDS,
    REQUEST_SOCKET_TIMEOUT_SECONDS,
    async_client,
    sync_client,
)
from bus.tasks import TaskSender
from bus.wakeup import WakeUpHub
from core.logging import configure_logging
from core.settings import Settings, get_settings, jwt_secret
from models.database import Database

API_PREFIX = "/api/v1"
# The async routes' pool: a request holds a connection for a round trip.
ASYNC_REDIS_CONNECTIONS = 64
# Open streams read after each wake-up: a connection each for a round trip, which under
# load (a busy event loop answers late) lasts longer; past this they wait their turn.
STREAM_REDIS_CONNECTIONS = 256
STREAM_POOL_WAIT_SECONDS = 10.0
# The sync client serves the thread-pool routes (AnyIO's 40 threads) and a few more.
SYNC_REDIS_CONNECTIONS = 48


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    secret = jwt_secret(settings)  # refuse to start without a key outside development
    configure_logging(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        keys = RedisKeys(settings.redis_prefix)
        async_redis = async_client(
            settings,
            socket_timeout=REQUEST_SOCKET_TIMEOUT_SECONDS,
            max_connections=ASYNC_REDIS_CONNECTIONS,
            pool_wait=REQUEST_POOL_WAIT_SECONDS,
            name="maice-api",
        )
        stream_redis = async_client(
            settings,
            socket_timeout=REQUEST_SOCKET_TIMEOUT_SECONDS,
            max_connections=STREAM_REDIS_CONNECTIONS,
            pool_wait=STREAM_POOL_WAIT_SECONDS,
            name="maice-api-streams",
        )
        state = AppState(
            settings=settings,
            database=Database(settings),
            redis=sync_client(
                settings,
                socket_timeout=REQUEST_SOCKET_TIMEOUT_SECONDS,
                max_connections=SYNC_REDIS_CONNECTIONS,
                pool_wait=REQUEST_POOL_WAIT_SECONDS,
                name="maice-api",
            ),
            async_redis=async_redis,
            stream_redis=stream_redis,
            keys=keys,
            jwt_secret=secret,
            hub=WakeUpHub(stream_redis, keys.hub_channel),
            tasks=TaskSender(settings),
            login_attempts=LoginAttempts(
                async_redis, keys, per_minute=settings.login_attempts_per_minute
            ),
            password_hashing=PasswordHashing(
                concurrency=settings.password_hash_concurrency,
                wait_seconds=settings.password_hash_wait_seconds,
            ),
        )
        app.state.maice = state
        try:
            yield
        finally:
            google = getattr(app.state, "google_provider", None)
            if google is not None:
                google.close()
            await state.hub.close()
            await state.async_redis.aclose()
            await state.stream_redis.aclose()
            state.redis.close()
            state.tasks.close()
            state.database.dispose()

    app = FastAPI(
        title="MAICE",
        summary="Math tutoring chat backend for high-school students.",
        version="0.1.0",
        lifespan=lifespan,
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=f"{API_PREFIX}/docs",
        redoc_url=None,
    )
    api = APIRouter(prefix=API_PREFIX)
    for router in (
        auth_router,
        users_router,
        sessions_router,
        ratings_router,
        chat_router,
        student_router,
        teacher_router,
        research_router,
        consent_router,
        ops_router,
    ):
        api.include_router(router)
    app.include_router(api)
    # Probes and scrapers expect these at the root too.
    app.include_router(ops_router, include_in_schema=False)
    mount_web_app(app)  # after the API routes, so /api/v1 is never shadowed
    install_error_handlers(app)
    install_openapi(app)
    # The last added runs first: the context wraps everything, 413s included.
    app.add_middleware(SecurityHeadersMiddleware, api_prefix=API_PREFIX)
    app.add_middleware(RequestBodyLimitMiddleware, max_bytes=settings.max_request_bytes)
    app.add_middleware(RequestContextMiddleware, no_store_prefixes=(f"{API_PREFIX}/auth/",))
    origins = settings.cors_origin_list
    if origins:  # outermost, so every answer (errors too) carries the CORS headers
        app.add_middleware(
            CORSMiddleware,
            allow_origins=origins,
            allow_methods=["*"],
            # Bearer tokens, not cookies: no credentials mode is needed.
            allow_headers=["Authorization", "Content-Type", "Last-Event-ID", "Idempotency-Key"],
            expose_headers=["X-Job-Id", "Retry-After", "X-Request-ID"],
            max_age=600,
        )
    return app
