"""The `maice` command: every process of the system, and a few admin tools."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from core.settings import ConfigurationError, get_settings, jwt_secret

app = typer.Typer(help="MAICE: math tutoring chat backend.", no_args_is_help=True)
users_app = typer.Typer(help="Manage users.", no_args_is_help=True)
app.add_typer(users_app, name="users")

PortOption = Annotated[int | None, typer.Option(help="Port to listen on.")]


def _use_embedded_services_if_unset() -> None:
    """Point DATABASE_URL / REDIS_URL at the embedded dev servers when unset."""
    from maice.embedded import EmbeddedServersMissing, ensure_embedded_services

    try:
        ensure_embedded_services()
    except EmbeddedServersMissing as error:
        typer.echo(f"maice: {error}", err=True)
        raise typer.Exit(2) from error
    get_settings.cache_clear()


@app.command()
def dev(
    port: PortOption = None,
    flower_port: Annotated[int | None, typer.Option(help="Flower's port.")] = None,
) -> None:
    """Run the whole system (API, worker, beat, agent, Flower) for development."""
    from maice.embedded import EmbeddedServersMissing

    try:
        from maice.devserver import run_dev

        settings = get_settings()
        code = run_dev(port=port or settings.port, flower_port=flower_port or settings.flower_port)
    except EmbeddedServersMissing as error:
        typer.echo(f"maice dev: {error}", err=True)
        raise typer.Exit(2) from error
    raise typer.Exit(code)


@app.command()
def api(
    port: PortOption = None,
    host: Annotated[str | None, typer.Option(help="Interface to bind.")] = None,
    workers: Annotated[
        int | None,
        typer.Option(min=1, max=64, help="API processes sharing the port (default: API_WORKERS)."),
    ] = None,
) -> None:
    """Run the HTTP API (uvicorn), in one process or several sharing the port.

    An open stream costs its process a little CPU per event; past what one core
    relays, more processes share the streams (each has its own Redis wake-up hub).
    """
    import uvicorn

    _use_embedded_services_if_unset()
    settings = get_settings()
    try:
        jwt_secret(settings)
    except ConfigurationError as error:
        typer.echo(f"maice api: {error}", err=True)
        raise typer.Exit(2) from error
    uvicorn.run(
        "api.app:create_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=5,
        workers=workers or settings.api_workers,
    )


@app.command()
def worker(
    concurrency: Annotated[
        int | None, typer.Option(help="Tasks run at once (default: the number of CPUs).")
    ] = None,
    pool: Annotated[str, typer.Option(help="Celery pool: threads or prefork.")] = "threads",
    queues: Annotated[
        str, typer.Option(help="Comma-separated queues to serve: chat, summaries.")
    ] = "chat,summaries",
) -> None:
    """Run a Celery worker for the chat and summaries queues (or some of them).

    Tasks are short and wait on PostgreSQL and Redis, so threads serve them with
    less overhead than processes; `--pool prefork` is there for CPU-heavy work.
    As many threads as CPUs (Celery's own default): more only share the cores,
    and tasks left waiting in the queue are taken questions first, replies after.
    A busy deployment can give the summaries (and their e-mails) workers of their own.
    """
    from bus.tasks import ALL_QUEUES

    chosen = [name.strip() for name in queues.split(",") if name.strip()]
    unknown = sorted(set(chosen) - set(ALL_QUEUES))
    if unknown or not chosen:
        raise typer.BadParameter(
            f"unknown queue(s) {', '.join(unknown) or '(none given)'}; "
            f"choose from {', '.join(ALL_QUEUES)}",
            param_hint="--queues",
        )
    _use_embedded_services_if_unset()
    from tasks.app import celery_app

    celery_app.worker_main(
        [
            "worker",
            f"--loglevel={get_settings().log_level}",
            f"--pool={pool}",
            f"--concurrency={concurrency or default_worker_concurrency()}",
            "-Q",
            ",".join(chosen),
        ]
    )


def default_worker_concurrency() -> int:
    return os.cpu_count() or 2


@app.command()
def beat() -> None:
    """Run Celery beat, the schedule of batch work."""
    _use_embedded_services_if_unset()
    from maice.embedded import state_dir
    from tasks.app import celery_app

    schedule = state_dir() / "celerybeat-schedule"
    schedule.parent.mkdir(parents=True, exist_ok=True)
    celery_app.start(["beat", f"--loglevel={get_settings().log_level}", f"--schedule={schedule}"])


@app.command()
def flower(port: PortOption = None) -> None:
    """Run Flower, the Celery monitoring UI."""
    _use_embedded_services_if_unset()
    from maice.monitor import use_maice_flower
    from tasks.app import celery_app

    use_maice_flower()
    settings = get_settings()
    args = ["flower", f"--port={port or settings.flower_port}", f"--address={settings.host}"]
    if settings.flower_basic_auth:
        args.append(f"--basic_auth={settings.flower_basic_auth}")
    elif settings.is_development:
        # Flower 2 closes its HTTP API to unauthenticated users unless told otherwise.
        os.environ["FLOWER_UNAUTHENTICATED_API"] = "true"
    else:
        typer.echo("maice flower: FLOWER_BASIC_AUTH is required outside development", err=True)
        raise typer.Exit(2)
    celery_app.start(args)


@app.command()
def agent() -> None:
    """Run the AI agent: consumes the agent mailbox stream."""
    _use_embedded_services_if_unset()
    from agents.runner import run_agent

    run_agent()


@app.command()
def migrate() -> None:
    """Upgrade the database to the newest schema (alembic upgrade head)."""
    _use_embedded_services_if_unset()
    from models.migrate import upgrade_to_head

    upgrade_to_head(get_settings())
    typer.echo("database is at the newest schema")


@users_app.command("create")
def users_create(
    email: Annotated[str, typer.Option(help="Login e-mail.")],
    password: Annotated[str, typer.Option(help="Password (8 characters or more).")],
    name: Annotated[str, typer.Option(help="Display name.")],
    role: Annotated[str, typer.Option(help="student, teacher or admin.")] = "student",
) -> None:
    """Create a user; fails if the e-mail is taken."""
    from pydantic import ValidationError

    _use_embedded_services_if_unset()
    from api.users.schemas import UserCreate
    from api.users.service import user_service
    from core.errors import MaiceError
    from models.database import Database

    try:
        new_user = UserCreate(email=email, password=password, name=name, role=role)
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
        typer.echo(f"invalid user: {problems}", err=True)
        raise typer.Exit(1) from error
    database = Database(get_settings())
    try:
        with database.session() as session:
            user = user_service.create(session, new_user)
            session.commit()
            typer.echo(f"created {user.role} {user.email} (id {user.id})")
    except MaiceError as error:
        typer.echo(f"could not create user: {error.detail}", err=True)
        raise typer.Exit(1) from error
    finally:
        database.dispose()


@app.command()
def chat(
    question: Annotated[str, typer.Argument(help="The math question to ask.")],
    email: Annotated[str | None, typer.Option(envvar="MAICE_EMAIL")] = None,
    password: Annotated[str | None, typer.Option(envvar="MAICE_PASSWORD")] = None,
    url: Annotated[str, typer.Option(envvar="MAICE_URL")] = "http://127.0.0.1:8000",
    session_id: Annotated[int | None, typer.Option(help="Continue this session.")] = None,
) -> None:
    """Ask a question from the terminal and stream the answer."""
    from maice.chat_client import run_chat

    if not email or not password:
        typer.echo(
            "maice chat: --email and --password (or MAICE_EMAIL/MAICE_PASSWORD) are required",
            err=True,
        )
        raise typer.Exit(2)
    raise typer.Exit(run_chat(url, email, password, question, session_id))


@app.command()
def solve(
    question: Annotated[str, typer.Argument(help="The question, as a student types it.")],
) -> None:
    """Ask the math engine: the verdict, the task recognised, the result and its check."""
    from agents.providers.tutor.analysis import analyse

    analysis = analyse(question)
    solution, verdict = analysis.solution, analysis.verdict
    print(f"verdict: {verdict.knowledge_type} {verdict.gate} ({verdict.reasons})")
    print(f"status:  {solution.status}")
    print(f"task:    {solution.task or '-'} ({solution.area or '-'})")
    print(f"result:  {solution.result if solution.result is not None else '-'}")
    print(f"checked: {solution.verified} ({solution.check or 'no check'})")
    print()
    print(analysis.answer)


def main() -> None:
    """Entry point for `python -m maice`."""
    app(prog_name="maice")


if __name__ == "__main__":
    main()
    sys.exit(0)
