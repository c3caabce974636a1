"""Blind teacher evaluation with the QAC rubric: what `next` hides, what the server computes."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from tests.support.factories import add_messages, add_session, question, teacher_with_students
from tests.support.research import (
    CODES,
    TEACHER,
    add_agent_evaluation,
    elements,
    post_evaluation,
    session_with_dialogue,
)


class TestRubric:
    @pytest.mark.parametrize(
        ("language", "title"),
        [("ko", "수학적 전문성"), ("en-US,en;q=0.9", "Mathematical expertise")],
    )
    def test_the_rubric_has_8_items_of_4_elements_in_the_requested_language(
        self, client: TestClient, language: str, title: str
    ) -> None:
        _, headers, _ = teacher_with_students(client, 0)
        response = client.get(
            f"{TEACHER}/evaluations/rubric", headers=headers | {"Accept-Language": language}
        )
        assert response.status_code == 200
        items = response.json()["items"]
        assert [item["code"] for item in items] == ["A1", "A2", "A3", "B1", "B2", "B3", "C1", "C2"]
        assert items[0]["title"] == title
        codes = [element["code"] for item in items for element in item["elements"]]
        assert codes == list(CODES)
        assert codes[0] == "A1-1"
        assert codes[-1] == "C2-4"
        assert all(element["description"] for item in items for element in item["elements"])


class TestBlindNext:
    def test_a_blind_session_never_reveals_the_student(self, client: TestClient) -> None:
        _, headers, [(student, _)] = teacher_with_students(client, 1)
        chat = session_with_dialogue(client, student)

        response = client.get(f"{TEACHER}/evaluations/next", headers=headers)
        assert response.status_code == 200
        body = response.json()
        assert body["session_id"] == chat
        assert [m["role"] for m in body["messages"]] == ["user", "assistant"]
        assert set(body["messages"][0]) == {"role", "kind", "content", "created_at"}
        text = json.dumps(body, ensure_ascii=False)
        for trace in (student.name, student.email, f"{student.name}'s chat"):
            assert trace not in text
        assert "user_id" not in text
        assert "student" not in text

    def test_204_once_every_session_is_scored_by_this_teacher(self, client: TestClient) -> None:
        _, headers, [(student, _)] = teacher_with_students(client, 1)
        chat = session_with_dialogue(client, student)
        add_agent_evaluation(client, chat, set())  # another rater's score leaves it open
        assert client.get(f"{TEACHER}/evaluations/next", headers=headers).status_code == 200
        assert post_evaluation(client, headers, chat).status_code == 201
        assert client.get(f"{TEACHER}/evaluations/next", headers=headers).status_code == 204

    def test_another_teachers_students_are_never_handed_out(self, client: TestClient) -> None:
        _, headers, _ = teacher_with_students(client, 1)
        _, _, [(other, _)] = teacher_with_students(client, 1)
        session_with_dialogue(client, other)
        assert client.get(f"{TEACHER}/evaluations/next", headers=headers).status_code == 204


class TestScoring:
    @pytest.mark.parametrize(
        ("met", "scores", "total"),
        [
            (set(), dict.fromkeys(["A1", "A2", "A3", "B1", "B2", "B3", "C1", "C2"], 0), 0),
            (set(CODES), dict.fromkeys(["A1", "A2", "A3", "B1", "B2", "B3", "C1", "C2"], 5), 40),
            (
                {"A1-1", "A1-2", "A1-3", "B2-4", "C2-1", "C2-2"},
                {"A1": 3.75, "A2": 0, "A3": 0, "B1": 0, "B2": 1.25, "B3": 0, "C1": 0, "C2": 2.5},
                7.5,
            ),
        ],
        ids=["all-zero", "all-one", "mixed"],
    )
    def test_scores_are_computed_on_the_server(
        self, client: TestClient, met: set[str], scores: dict[str, float], total: float
    ) -> None:
        teacher, headers, [(student, _)] = teacher_with_students(client, 1)
        chat = session_with_dialogue(client, student)
        response = post_evaluation(
            client, headers, chat, elements=elements(met), evidence={"A1-1": "정확한 정의"}
        )
        assert response.status_code == 201, response.text
        body = response.json()
        assert body["scores"] == scores
        assert body["total"] == total
        assert body["evaluator"] == "teacher"
        assert body["teacher_id"] == teacher.id
        assert body["evidence"] == {"A1-1": "정확한 정의"}

    def test_a_score_sent_by_the_client_is_refused(self, client: TestClient) -> None:
        _, headers, [(student, _)] = teacher_with_students(client, 1)
        chat = session_with_dialogue(client, student)
        response = post_evaluation(client, headers, chat, total=40)
        assert response.status_code == 422

    def test_a_second_score_is_409_and_put_edits_it(self, client: TestClient) -> None:
        _, headers, [(student, _)] = teacher_with_students(client, 1)
        chat = session_with_dialogue(client, student)
        first = post_evaluation(client, headers, chat).json()
        again = post_evaluation(client, headers, chat, elements=elements(set(CODES)))
        assert again.status_code == 409
        assert "PUT" in again.json()["detail"]

        edited = client.put(
            f"{TEACHER}/evaluations/{first['id']}",
            json={"elements": elements({"B2-2", "B2-3"}), "comment": "단계가 분명함"},
            headers=headers,
        )
        assert edited.status_code == 200, edited.text
        assert edited.json()["scores"]["B2"] == 2.5
        assert edited.json()["total"] == 2.5
        listed = client.get(f"{TEACHER}/evaluations/", params={"session_id": chat}, headers=headers)
        assert [(e["id"], e["total"]) for e in listed.json()] == [(first["id"], 2.5)]

    @pytest.mark.parametrize(
        ("change", "named"),
        [
            (lambda e: e.pop("C2-4"), "Missing element codes: C2-4"),
            (lambda e: e.update({"D1-1": 1}), "Unknown element codes: D1-1"),
        ],
        ids=["missing", "unknown"],
    )
    def test_missing_or_unknown_codes_are_422(
        self, client: TestClient, change: object, named: str
    ) -> None:
        _, headers, [(student, _)] = teacher_with_students(client, 1)
        chat = session_with_dialogue(client, student)
        values = elements()
        change(values)  # type: ignore[operator]
        response = post_evaluation(client, headers, chat, elements=values)
        assert response.status_code == 422
        assert named in response.json()["detail"]

    def test_evidence_longer_than_100_characters_is_422(self, client: TestClient) -> None:
        _, headers, [(student, _)] = teacher_with_students(client, 1)
        chat = session_with_dialogue(client, student)
        response = post_evaluation(client, headers, chat, evidence={"A1-1": "가" * 101})
        assert response.status_code == 422

    def test_a_teacher_cannot_score_another_teachers_student(self, client: TestClient) -> None:
        _, headers, _ = teacher_with_students(client, 1)
        _, other_headers, [(other, _)] = teacher_with_students(client, 1)
        chat = session_with_dialogue(client, other)
        assert post_evaluation(client, headers, chat).status_code == 404
        mine = post_evaluation(client, other_headers, chat).json()
        edit = {"elements": elements(set(CODES))}
        put = client.put(f"{TEACHER}/evaluations/{mine['id']}", json=edit, headers=headers)
        assert put.status_code == 404


class TestStats:
    def test_means_agreement_and_kappa_teacher_vs_agent(self, client: TestClient) -> None:
        _, headers, [(student, _)] = teacher_with_students(client, 1)
        first, second = (
            session_with_dialogue(client, student),
            session_with_dialogue(client, student),
        )
        a1 = {"A1-1", "A1-2", "A1-3", "A1-4"}
        post_evaluation(client, headers, first, elements=elements(a1))
        post_evaluation(client, headers, second, elements=elements({"A1-1"}))
        add_agent_evaluation(client, first, a1)  # agrees on all 32
        add_agent_evaluation(client, second, {"A1-2"})  # disagrees on A1-1 and A1-2

        stats = client.get(f"{TEACHER}/evaluations/stats", headers=headers).json()
        assert stats["sessions_scored"] == 2
        assert stats["by_item"]["A1"] == {"mean": (5 + 1.25 + 5 + 1.25) / 4, "n": 4}
        assert stats["by_item"]["B1"] == {"mean": 0, "n": 4}
        assert stats["total_mean"] == 3.125
        assert stats["agreement"]["pairs"] == 2
        assert stats["agreement"]["element_agreement"] == round(62 / 64, 4)
        # A1 over 8 element pairs: teacher 1,1,1,1,1,0,0,0 vs agent 1,1,1,1,0,1,0,0.
        # p_o = 6/8, p_e = (5/8)^2 + (3/8)^2 = 34/64, kappa = (48/64 - 34/64) / (30/64).
        assert stats["teacher_vs_agent"]["kappa"]["A1"] == round(14 / 30, 4)
        assert stats["teacher_vs_agent"]["kappa"]["B1"] is None  # all 0 on both sides
        assert stats["by_evaluator"]["teacher"]["by_item"]["A1"]["mean"] == 3.125
        assert stats["by_evaluator"]["agent"]["total_mean"] == 3.125
        assert stats["by_mode"]["agent"]["evaluations"] == 4
        assert stats["by_mode"]["freepass"]["evaluations"] == 0

    def test_stats_of_another_teachers_classroom_are_404(self, client: TestClient) -> None:
        _, headers, _ = teacher_with_students(client, 1)
        _other, other_headers, _ = teacher_with_students(client, 1)
        classroom = client.get(f"{TEACHER}/classrooms/", headers=other_headers).json()[0]
        response = client.get(
            f"{TEACHER}/evaluations/stats",
            params={"classroom_id": classroom["id"]},
            headers=headers,
        )
        assert response.status_code == 404


def test_a_session_with_only_a_question_can_be_scored(client: TestClient) -> None:
    _, headers, [(student, _)] = teacher_with_students(client, 1)
    chat = add_session(client, student)
    add_messages(client, chat, question("미분이 뭐야?"))
    assert client.get(f"{TEACHER}/evaluations/next", headers=headers).json()["session_id"] == chat
