# One image for every MAICE process: api, worker, beat, agent, flower, migrate.
# The command of each is chosen in docker-compose.yml (`maice <process>`).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Only what the package needs (no .venv, .git or local state in the image).
COPY pyproject.toml README.md celeryconfig.py ./
COPY api ./api
COPY agents ./agents
COPY bus ./bus
COPY core ./core
COPY maice ./maice
COPY models ./models
COPY tasks ./tasks
COPY web ./web
# Without the `embedded` extra: a deployment runs against real PostgreSQL and Redis.
RUN pip install .

# celeryconfig.py is a top-level module beside the packages; Celery imports it by name.
ENV PYTHONPATH=/app \
    MAICE_STATE_DIR=/var/lib/maice \
    ENVIRONMENT=production \
    HOST=0.0.0.0 \
    PORT=8000 \
    FLOWER_PORT=5555

RUN useradd --create-home --uid 10001 maice \
    && mkdir -p /var/lib/maice \
    && chown maice:maice /var/lib/maice
USER maice

EXPOSE 8000 5555
CMD ["maice", "api", "--host", "0.0.0.0", "--port", "8000"]
