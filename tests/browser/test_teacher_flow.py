"""A teacher and a student work together through the app: classroom, transcript, feedback."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.support.browser import PHONE, App
from tests.support.pages import QUADRATIC, ask, last_assistant, messages

pytestmark = [pytest.mark.browser, pytest.mark.stack]


def test_teacher_sees_the_transcript_and_the_student_sees_the_feedback(
    app: App, make_user: Callable[..., Any]
) -> None:
    teacher_user = make_user("teacher")
    student_user = make_user("student", name="<b>박학생</b>")
    teacher = app.sign_in(teacher_user.email)
    expect(teacher.get_by_test_id("nav-teacher")).to_have_attribute("aria-current", "page")
    teacher.get_by_test_id("classroom-name-input").fill("1학년 <2반>")
    teacher.get_by_test_id("classroom-create").click()
    code = teacher.get_by_test_id("classroom-join-code")
    expect(code).to_have_text(re.compile(r"^\S{4,}$"))
    expect(teacher.locator(".classroom-name")).to_have_text("1학년 <2반>")
    join_code = code.inner_text()

    student = app.sign_in(student_user.email, viewport=PHONE)
    student.get_by_test_id("nav-dashboard").click()
    student.get_by_test_id("join-code-input").fill(join_code.lower())
    student.get_by_test_id("join-submit").click()
    expect(student.locator(".join-result")).to_contain_text("1학년 <2반>")
    student.get_by_test_id("nav-chat").click()
    ask(student, QUADRATIC)
    expect(last_assistant(student)).to_have_attribute("data-message-id", re.compile(r"\d+"))
    rate_up = last_assistant(student).get_by_test_id("rating-up")
    rate_up.click()
    expect(rate_up).to_have_attribute("aria-pressed", "true")

    teacher.reload()
    expect(teacher.locator(".stat", has_text="도움이 된 답변")).to_contain_text("1")
    row = teacher.get_by_test_id("student-row")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("<b>박학생</b>")  # a name is text, never markup
    row.get_by_role("link").click()
    session_row = teacher.get_by_test_id("session-row")
    expect(session_row).to_have_count(1)
    session_row.get_by_role("link").click()
    transcript = teacher.get_by_test_id("transcript")
    expect(transcript.locator('[data-testid="message"]')).to_have_count(2)
    expect(transcript.locator(".katex").first).to_be_visible()
    # The student's rating shows on the answer it rated.
    expect(transcript.locator('[data-role="assistant"]')).to_contain_text("학생 평가: 도움됨")

    teacher.get_by_test_id("feedback-input").fill("잘했어요! <i>인수분해</i>를 한 번 더 해 봐요.")
    teacher.get_by_test_id("feedback-submit").click()
    expect(teacher.get_by_test_id("feedback-item")).to_have_count(1)
    # Feedback on one message lands under that message.
    transcript.locator('[data-role="assistant"]').get_by_role(
        "button", name="이 메시지에 피드백"
    ).click()
    teacher.get_by_test_id("feedback-input").fill("풀이 순서가 좋아요")
    teacher.get_by_test_id("feedback-submit").click()
    expect(
        transcript.locator('[data-role="assistant"] [data-testid="feedback-item"]')
    ).to_have_count(1)

    student.reload()
    items = student.get_by_test_id("feedback-item")
    expect(items).to_have_count(2)
    expect(items.first).to_contain_text("잘했어요! <i>인수분해</i>를 한 번 더 해 봐요.")
    expect(student.locator(".feedback-item i")).to_have_count(0)
    expect(messages(student, "assistant").last.get_by_test_id("feedback-item")).to_contain_text(
        "풀이 순서가 좋아요"
    )


def test_teacher_dashboard_draws_charts_and_lists_summaries(
    app: App, make_user: Callable[..., Any]
) -> None:
    page = app.sign_in(make_user("teacher").email)
    expect(page.get_by_test_id("chart-knowledge-types").locator("svg rect")).to_have_count(4)
    expect(page.get_by_test_id("nav-dashboard")).to_have_count(0)
    expect(page.get_by_test_id("nav-admin")).to_have_count(0)
    # A teacher sent to the admin screen lands back on their own.
    page.goto(page.url.split("#")[0] + "#/admin")
    expect(page).to_have_url(re.compile(r"#/teacher$"))


def test_research_screens_show_only_when_their_api_answers(
    app: App, web_stack: Any, make_user: Callable[..., Any]
) -> None:
    from tests.support.pages import api_client

    student = make_user("student")
    teacher = make_user("teacher")
    with api_client(web_stack.url, student.email) as client:
        consent_exists = client.get("/student/consent").status_code != 404
    with api_client(web_stack.url, teacher.email) as client:
        client.post("/teacher/classrooms/", json={"name": "연구반"})
        rubric_exists = client.get("/teacher/evaluations/rubric").status_code != 404
    page = app.sign_in(student.email)
    page.get_by_test_id("nav-dashboard").click()
    expect(page.get_by_test_id("chart-knowledge-types")).to_be_visible()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_test_id("consent-toggle")).to_have_count(1 if consent_exists else 0)
    page = app.sign_in(teacher.email)
    expect(page.get_by_test_id("classroom-join-code")).to_be_visible()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_test_id("assign-modes")).to_have_count(1 if rubric_exists else 0)
    expect(page.get_by_test_id("export-link")).to_have_count(10 if rubric_exists else 0)
