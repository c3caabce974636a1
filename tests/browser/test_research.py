"""The research screens in Chromium: blind evaluation, export downloads, modes, consent."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import App
from tests.support.pages import QUADRATIC, api_client
from tests.support.sse import read_events

pytestmark = [pytest.mark.browser, pytest.mark.stack]


def answered_student_of_teacher(
    app: App, make_user: Callable[..., Any]
) -> tuple[Any, Any, httpx.Client]:
    """A teacher with a classroom, and a student in it who asked one question."""
    teacher, student = make_user("teacher"), make_user("student", name="김비밀")
    teacher_api = api_client(app.base_url, teacher.email)
    code = teacher_api.post("/teacher/classrooms/", json={"name": "연구반"}).json()["join_code"]
    with api_client(app.base_url, student.email) as student_api:
        student_api.post("/student/classrooms/join", json={"join_code": code}).raise_for_status()
        with student_api.stream(
            "POST", "/maice/chat/streaming", json={"question": QUADRATIC}
        ) as response:
            assert [e.type for e in read_events(response)][-1] == "done"
    return teacher, student, teacher_api


def test_a_teacher_scores_a_blind_session_and_the_total_runs_along(
    app: App, make_user: Callable[..., Any]
) -> None:
    teacher, student, teacher_api = answered_student_of_teacher(app, make_user)
    page = app.sign_in(teacher.email)
    page.goto(f"{app.base_url}/#/evaluate")
    transcript = page.get_by_test_id("transcript")
    expect(transcript.locator('[data-testid="message"]')).to_have_count(2)
    expect(page.locator("main")).not_to_contain_text("김비밀")
    boxes = page.get_by_test_id("element-checkbox")
    expect(boxes).to_have_count(32)
    total = page.get_by_test_id("evaluation-total")
    for code in ("A1-1", "A2-2", "B2-2"):
        page.locator(f'[data-testid="element-checkbox"][data-code="{code}"]').check()
    expect(total).to_have_text("3.75")
    page.locator('[data-testid="evidence-input"][data-code="B2-2"]').fill("단계별 풀이")
    page.get_by_test_id("evaluation-submit").click()
    expect(page.get_by_text("평가할 대화가 더 없습니다.")).to_be_visible()
    expect(total).to_have_text("0")

    [stored] = teacher_api.get("/teacher/evaluations/", params={"evaluator": "teacher"}).json()
    assert stored["total"] == 3.75
    assert stored["scores"]["B2"] == 1.25
    assert stored["evidence"] == {"B2-2": "단계별 풀이"}
    assert student.name not in str(stored)
    teacher_api.close()


def consent_on_the_dashboard(app: App, email: str) -> Page:
    page = app.sign_in(email)
    page.get_by_test_id("nav-dashboard").click()
    toggle = page.get_by_test_id("consent-toggle")
    expect(toggle).not_to_be_checked()
    toggle.check()
    expect(page.get_by_text("동의함 (버전")).to_be_visible()
    return page


def test_a_consenting_students_chat_downloads_as_csv_and_modes_are_assigned(
    app: App, make_user: Callable[..., Any]
) -> None:
    teacher, student, teacher_api = answered_student_of_teacher(app, make_user)
    student_page = consent_on_the_dashboard(app, student.email)
    student_page.reload()
    expect(student_page.get_by_test_id("consent-toggle")).to_be_checked()

    page = app.sign_in(teacher.email)
    link = page.locator('[data-testid="export-link"][data-dataset="messages"][data-format="csv"]')
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename == "messages.csv"
    path = download.path()
    content = path.read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    question, reply = rows
    assert (question["role"], question["content"]) == ("user", QUADRATIC)
    assert (reply["role"], reply["mode"]) == ("assistant", "agent")

    expect(page.get_by_test_id("chart-evaluations-teacher")).to_be_visible()
    expect(page.get_by_test_id("chart-evaluations-agent")).to_be_visible()
    page.get_by_test_id("assign-modes").click()
    expect(page.locator(".modes-slot [role=status]")).to_have_text(
        re.compile(r"^에이전트 [01]명 · 바로답변 [01]명$")
    )
    teacher_api.close()


def test_an_admin_sets_a_students_mode_and_daily_limit(
    app: App, make_user: Callable[..., Any]
) -> None:
    admin, student = make_user("admin"), make_user("student", name="한도 학생")
    page = app.sign_in(admin.email)
    page.get_by_test_id("nav-admin").click()

    def row() -> Any:
        return page.get_by_test_id("user-row").filter(has_text="한도 학생")

    def saved(response: Any) -> bool:
        return response.request.method == "PUT" and f"/users/{student.id}" in response.url

    with page.expect_response(saved):
        row().get_by_test_id("user-mode").check()
    expect(row().get_by_test_id("user-mode")).to_be_checked()
    with page.expect_response(saved):
        row().get_by_test_id("user-daily-limit").fill("7")
        row().get_by_test_id("user-daily-limit").blur()
    expect(row().get_by_test_id("user-daily-limit")).to_have_value("7")
    with api_client(app.base_url, admin.email) as admin_api:
        body = admin_api.get(f"/users/{student.id}").json()
    assert (body["mode"], body["daily_question_limit"]) == ("freepass", 7)
