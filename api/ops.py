"""Operations: liveness, readiness and Prometheus metrics."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, Literal

from fastapi import APIRouter
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from pydantic import BaseModel

from api import metrics
from api.deps import StateDep

router = APIRouter(tags=["operations"])
# /ready answers within 2 s even when a dependency hangs.
READY_CHECK_TIMEOUT_SECONDS = 1.5


async def _answers(check: Callable[[], Any]) -> bool:
    try:
        await asyncio.wait_for(asyncio.to_thread(check), READY_CHECK_TIMEOUT_SECONDS)
        return True
    except Exception:
        return False


class Readiness(BaseModel):
    status: Literal["ok", "unavailable"]
    checks: dict[str, Literal["ok", "down"]]
    detail: str | None = None


@router.get("/health")
async def health() -> dict[str, str]:
    """Liveness: the process is up. Checks nothing else."""
    return {"status": "ok"}


@router.get(
    "/ready",
    response_model=Readiness,
    responses={503: {"model": Readiness, "description": "PostgreSQL or Redis is down"}},
)
async def ready(state: StateDep) -> JSONResponse:
    """Readiness: 200 when PostgreSQL and Redis answer, else 503 naming what is down."""
    database_ok, redis_ok = await asyncio.gather(
        _answers(state.database.ping), _answers(state.redis.ping)
    )
    checks = {"postgres": "ok" if database_ok else "down", "redis": "ok" if redis_ok else "down"}
    if database_ok and redis_ok:
        return JSONResponse({"status": "ok", "checks": checks})
    down = [name for name, result in checks.items() if result == "down"]
    return JSONResponse(
        {"status": "unavailable", "detail": f"Unavailable: {', '.join(down)}", "checks": checks},
        status_code=503,
    )


@router.get(
    "/metrics",
    response_class=PlainTextResponse,
    responses={200: {"content": {"text/plain": {"schema": {"type": "string"}}}}},
)
async def prometheus_metrics() -> Response:
    """Prometheus text: requests by route template and status, latency histogram."""
    body, content_type = metrics.render()
    return Response(body, media_type=content_type)
