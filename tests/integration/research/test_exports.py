"""Exports: CSV with a BOM that spreadsheet programs read as Korean, XLSX that openpyxl
opens, only consenting students (unless an admin asks), filtered by classroom and dates."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import openpyxl
import pytest
from fastapi.testclient import TestClient

from models import User
from tests.support.factories import (
    add_messages,
    add_session,
    answer,
    question,
    signed_in,
    teacher_with_students,
)
from tests.support.research import TEACHER, post_evaluation, session_with_dialogue

Headers = dict[str, str]


def consent(client: TestClient, headers: Headers, accepted: bool = True) -> None:
    response = client.put("/api/v1/student/consent", json={"accepted": accepted}, headers=headers)
    assert response.status_code == 200, response.text


def export(client: TestClient, headers: Headers, name: str, **params: object) -> bytes:
    response = client.get(f"{TEACHER}/exports/{name}", params=params, headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-disposition"].startswith("attachment;")
    return response.content


def csv_rows(content: bytes) -> list[dict[str, str]]:
    assert content.startswith(b"\xef\xbb\xbf")  # the BOM
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def korean_session(client: TestClient, student: User) -> int:
    chat = add_session(client, student, title="이차방정식")
    job = f"korean-{chat}"
    add_messages(
        client,
        chat,
        question("x^2-5x+6=0 의 해를 구해줘", knowledge_type="K3", gate="answerable", job_id=job),
        answer("=x는 2 또는 3입니다", job_id=job, mode="freepass"),
    )
    return chat


class TestFormats:
    def test_csv_has_a_bom_a_header_and_the_korean_text(self, client: TestClient) -> None:
        _, headers, [(student, student_headers)] = teacher_with_students(client, 1)
        consent(client, student_headers)
        chat = korean_session(client, student)

        rows = csv_rows(export(client, headers, "messages.csv"))
        assert [row["content"] for row in rows] == [
            "x^2-5x+6=0 의 해를 구해줘",
            "'=x는 2 또는 3입니다",  # quoted: a spreadsheet would run it as a formula
        ]
        question_row, answer_row = rows
        assert question_row["session_id"] == str(chat)
        assert question_row["knowledge_type"] == "K3"
        assert question_row["gate"] == "answerable"
        assert answer_row["mode"] == "freepass"
        content = export(client, headers, "sessions.csv")
        assert student.name.encode() not in content  # consent covers pseudonymous data only
        assert student.email.encode() not in content
        sessions = csv_rows(content)
        assert [(s["title"], s["mode"], s["message_count"]) for s in sessions] == [
            ("이차방정식", "freepass", "2")
        ]

    def test_xlsx_opens_with_openpyxl(self, client: TestClient) -> None:
        _, headers, [(student, student_headers)] = teacher_with_students(client, 1)
        consent(client, student_headers)
        korean_session(client, student)
        content = export(client, headers, "messages.xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True)["messages"]
        header, *rows = list(sheet.values)
        assert header[:6] == ("message_id", "session_id", "student_id", "role", "kind", "content")
        assert [row[5] for row in rows] == ["x^2-5x+6=0 의 해를 구해줘", "=x는 2 또는 3입니다"]
        assert isinstance(rows[0][-1], datetime)

    def test_evaluations_spell_out_elements_items_and_total(self, client: TestClient) -> None:
        _, headers, [(student, student_headers)] = teacher_with_students(client, 1)
        consent(client, student_headers)
        chat = session_with_dialogue(client, student)
        met = {"A1-1": 1, "B2-2": 1}
        values = {code: met.get(code, 0) for code in _codes()}
        post_evaluation(client, headers, chat, elements=values)
        [row] = csv_rows(export(client, headers, "evaluations.csv"))
        assert (row["A1-1"], row["A1-2"], row["B2-2"]) == ("1", "0", "1")
        assert (row["A1"], row["B2"], row["total"]) == ("1.25", "1.25", "2.5")
        assert row["evaluator"] == "teacher"

    def test_an_unknown_dataset_or_format_is_422(self, client: TestClient) -> None:
        _, headers, _ = teacher_with_students(client, 0)
        for name in ("passwords.csv", "messages.pdf"):
            response = client.get(f"{TEACHER}/exports/{name}", headers=headers)
            assert response.status_code == 422, name


def _codes() -> tuple[str, ...]:
    from core.rubric import get_rubric

    return get_rubric().element_codes


class TestWhoIsIncluded:
    def test_unconsented_and_withdrawn_students_are_left_out(self, client: TestClient) -> None:
        _, headers, students = teacher_with_students(client, 3)
        (yes, yes_headers), (never, _), (withdrew, withdrew_headers) = students
        for student in (yes, never, withdrew):
            korean_session(client, student)
        consent(client, yes_headers)
        consent(client, withdrew_headers)
        consent(client, withdrew_headers, accepted=False)

        rows = csv_rows(export(client, headers, "messages.csv"))
        assert {row["student_id"] for row in rows} == {str(yes.id)}

    def test_an_admin_may_include_unconsented_students_and_a_teacher_may_not(
        self, client: TestClient
    ) -> None:
        _, headers, [(student, _)] = teacher_with_students(client, 1)
        korean_session(client, student)
        _, admin = signed_in(client, "admin")
        assert csv_rows(export(client, admin, "messages.csv")) == []
        everyone = csv_rows(export(client, admin, "messages.csv", include_unconsented="true"))
        assert {row["student_id"] for row in everyone} == {str(student.id)}
        refused = client.get(
            f"{TEACHER}/exports/messages.csv",
            params={"include_unconsented": "true"},
            headers=headers,
        )
        assert refused.status_code == 403

    def test_a_teacher_cannot_export_another_teachers_students(self, client: TestClient) -> None:
        _, headers, _ = teacher_with_students(client, 0)
        _, other_headers, [(other, other_student_headers)] = teacher_with_students(client, 1)
        consent(client, other_student_headers)
        korean_session(client, other)
        assert csv_rows(export(client, headers, "messages.csv")) == []
        classroom = client.get(f"{TEACHER}/classrooms/", headers=other_headers).json()[0]
        response = client.get(
            f"{TEACHER}/exports/messages.xlsx",
            params={"classroom_id": classroom["id"]},
            headers=headers,
        )
        assert response.status_code == 404

    def test_the_date_range_and_the_classroom_narrow_the_rows(self, client: TestClient) -> None:
        _, headers, [(student, student_headers)] = teacher_with_students(client, 1)
        consent(client, student_headers)
        old = add_session(client, student)
        week_ago = datetime.now(UTC) - timedelta(days=7)
        add_messages(client, old, question("예전 질문", created_at=week_ago))
        korean_session(client, student)
        since = (datetime.now(UTC) - timedelta(days=1)).isoformat()
        recent = csv_rows(export(client, headers, "messages.csv", since=since))
        assert "예전 질문" not in {row["content"] for row in recent}
        assert len(recent) == 2
        until = (datetime.now(UTC) - timedelta(days=1)).isoformat()
        assert [
            r["content"] for r in csv_rows(export(client, headers, "messages.csv", until=until))
        ] == ["예전 질문"]
        classroom = client.get(f"{TEACHER}/classrooms/", headers=headers).json()[0]
        in_class = csv_rows(export(client, headers, "messages.csv", classroom_id=classroom["id"]))
        assert len(in_class) == 3


@pytest.mark.parametrize("dataset", ["sessions", "messages", "evaluations", "summaries", "ratings"])
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_every_dataset_downloads_in_both_formats(
    client: TestClient, dataset: str, file_format: str
) -> None:
    _, headers, _ = teacher_with_students(client, 0)
    content = export(client, headers, f"{dataset}.{file_format}")
    if file_format == "csv":
        assert content.startswith(b"\xef\xbb\xbf")
        assert b"created_at" in content
    else:
        header = next(openpyxl.load_workbook(io.BytesIO(content))[dataset].values)
        assert "created_at" in header
