"""Every template a task names exists in both languages, every task has a title and
an offer, and no template or glossary file repeats a top-level key (YAML would keep
only the last one silently)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from agents.engine.explain import templates
from agents.engine.glossary import entries
from agents.engine.tasks.registry import TASKS

ENGINE = Path(__file__).resolve().parents[3] / "agents" / "engine"
_KEY = re.compile(r"[\"']([a-z_]+\.[a-z_0-9]+)[\"']")


def test_every_task_has_a_title_and_an_offer() -> None:
    known = templates()
    for task in TASKS:
        assert f"{task.name}.title" in known, task.name
        assert f"{task.name}.offer" in known, task.name
        assert f"checks.{task.check_name}" in known, task.name


def test_every_template_key_named_in_the_task_modules_exists() -> None:
    known = templates()
    groups = {key.split(".")[0] for key in known}
    missing = []
    for path in sorted((ENGINE / "tasks").glob("*.py")):
        for key in _KEY.findall(path.read_text(encoding="utf-8")):
            if key.split(".")[0] in groups and key not in known and not key.endswith("_"):
                missing.append(f"{path.name}: {key}")
    assert not missing


def test_templates_have_both_languages() -> None:
    for key, texts in templates().items():
        assert texts.get("ko"), key
        assert texts.get("en"), key


def test_no_file_repeats_a_top_level_key() -> None:
    for path in sorted((ENGINE / "templates").glob("*.yaml")):
        tops = re.findall(r"^([a-z_]+):\s*$", path.read_text(encoding="utf-8"), re.M)
        assert len(tops) == len(set(tops)), path.name
        assert yaml.safe_load(path.read_text(encoding="utf-8"))


def test_glossary_ids_are_unique_and_complete() -> None:
    ids = [entry.id for entry in entries()]
    assert len(ids) == len(set(ids))
    for entry in entries():
        assert entry.keywords, entry.id
        for field in (entry.title, entry.definition):
            assert field.get("ko"), entry.id
            assert field.get("en"), entry.id
