from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from models import ChatSession, Classroom, Enrollment, Message, User
from tests.support.factories import PASSWORD, auth_headers, create_user, db, login

USERS = "/api/v1/users/"
LOGIN = "/api/v1/auth/login"
ME = "/api/v1/auth/me"


def enroll(client: TestClient, teacher: User, student: User) -> None:
    with db(client) as session:
        classroom = Classroom(teacher_id=teacher.id, name="Algebra 1", join_code=f"J{teacher.id}")
        session.add(classroom)
        session.flush()
        session.add(Enrollment(classroom_id=classroom.id, student_id=student.id))
        session.commit()


def user_url(user_id: int) -> str:
    return f"{USERS}{user_id}"


class TestListUsers:
    def test_admin_pages_through_users_with_a_total(self, client: TestClient) -> None:
        admin = create_user("admin")
        students = [create_user("student") for _ in range(3)]
        teacher = create_user("teacher")
        headers = auth_headers(client, admin)

        first = client.get(USERS, params={"limit": 2, "offset": 0}, headers=headers)
        assert first.status_code == 200, first.text
        assert first.json()["total"] == 5
        assert len(first.json()["items"]) == 2
        rest = client.get(USERS, params={"limit": 2, "offset": 2}, headers=headers).json()
        last = client.get(USERS, params={"limit": 2, "offset": 4}, headers=headers).json()
        assert rest["total"] == last["total"] == 5
        assert len(last["items"]) == 1
        ids = [item["id"] for page in (first.json(), rest, last) for item in page["items"]]
        assert sorted(ids) == sorted([admin.id, teacher.id, *(s.id for s in students)])
        assert len(set(ids)) == 5

        beyond = client.get(USERS, params={"limit": 2, "offset": 10}, headers=headers).json()
        assert beyond == {"items": [], "total": 5}

    def test_items_have_the_user_fields_and_no_secrets(self, client: TestClient) -> None:
        admin = create_user("admin")
        page = client.get(USERS, headers=auth_headers(client, admin)).json()
        (item,) = page["items"]
        assert {"id", "email", "name", "role", "created_at"} <= set(item)
        assert item["email"] == admin.email
        assert not any("password" in key or "hash" in key for key in item)
        assert PASSWORD not in str(page)

    def test_role_filter_counts_only_that_role(self, client: TestClient) -> None:
        admin = create_user("admin")
        create_user("student")
        create_user("student")
        teacher = create_user("teacher")
        headers = auth_headers(client, admin)

        students = client.get(USERS, params={"role": "student"}, headers=headers).json()
        assert students["total"] == 2
        assert {item["role"] for item in students["items"]} == {"student"}
        teachers = client.get(USERS, params={"role": "teacher"}, headers=headers).json()
        assert teachers["total"] == 1
        assert [item["id"] for item in teachers["items"]] == [teacher.id]

    def test_unknown_role_filter_is_422(self, client: TestClient) -> None:
        admin = create_user("admin")
        response = client.get(USERS, params={"role": "wizard"}, headers=auth_headers(client, admin))
        assert response.status_code == 422

    def test_limit_out_of_range_is_422(self, client: TestClient) -> None:
        admin = create_user("admin")
        headers = auth_headers(client, admin)
        assert client.get(USERS, params={"limit": 0}, headers=headers).status_code == 422
        assert client.get(USERS, params={"offset": -1}, headers=headers).status_code == 422

    def test_teacher_cannot_list_users(self, client: TestClient) -> None:
        teacher = create_user("teacher")
        assert client.get(USERS, headers=auth_headers(client, teacher)).status_code == 403

    def test_anonymous_is_401(self, client: TestClient) -> None:
        assert client.get(USERS).status_code == 401


class TestCreateUser:
    def test_admin_creates_a_user_who_can_log_in(self, client: TestClient) -> None:
        admin = create_user("admin")
        body = {
            "email": "new.teacher@example.com",
            "password": "a-long-password",
            "name": "New Teacher",
            "role": "teacher",
        }
        response = client.post(USERS, json=body, headers=auth_headers(client, admin))
        assert response.status_code == 201, response.text
        created = response.json()
        assert isinstance(created["id"], int)
        assert created["email"] == "new.teacher@example.com"
        assert created["name"] == "New Teacher"
        assert created["role"] == "teacher"
        assert "password" not in created
        assert "password_hash" not in created
        logged_in = client.post(LOGIN, json={"email": body["email"], "password": body["password"]})
        assert logged_in.status_code == 200, logged_in.text

    def test_duplicate_email_is_409_whatever_its_case(self, client: TestClient) -> None:
        admin = create_user("admin")
        headers = auth_headers(client, admin)
        body = {"email": "dup@example.com", "password": "a-long-password", "name": "One"}
        assert client.post(USERS, json=body, headers=headers).status_code == 201
        again = client.post(USERS, json=body, headers=headers)
        assert again.status_code == 409
        assert again.json()["detail"]
        shouting = client.post(
            USERS, json=body | {"email": "DUP@Example.COM", "name": "Two"}, headers=headers
        )
        assert shouting.status_code == 409
        total = client.get(USERS, headers=headers).json()["total"]
        assert total == 2  # the admin and the first "dup"

    def test_invalid_email_is_422(self, client: TestClient) -> None:
        admin = create_user("admin")
        body = {"email": "not-an-email", "password": "a-long-password", "name": "X"}
        response = client.post(USERS, json=body, headers=auth_headers(client, admin))
        assert response.status_code == 422

    def test_student_cannot_create_users(self, client: TestClient) -> None:
        student = create_user("student")
        body = {"email": "x@example.com", "password": "a-long-password", "name": "X"}
        response = client.post(USERS, json=body, headers=auth_headers(client, student))
        assert response.status_code == 403
        with db(client) as session:
            assert session.scalar(select(User).where(User.email == "x@example.com")) is None


class TestGetUser:
    def test_user_sees_themself(self, client: TestClient) -> None:
        student = create_user("student")
        response = client.get(user_url(student.id), headers=auth_headers(client, student))
        assert response.status_code == 200
        assert response.json()["id"] == student.id
        assert response.json()["email"] == student.email

    def test_student_gets_404_for_another_student(self, client: TestClient) -> None:
        student, other = create_user("student"), create_user("student")
        response = client.get(user_url(other.id), headers=auth_headers(client, student))
        assert response.status_code == 404
        assert other.email not in response.text

    def test_admin_sees_anyone_and_404_for_missing(self, client: TestClient) -> None:
        admin, student = create_user("admin"), create_user("student")
        headers = auth_headers(client, admin)
        assert client.get(user_url(student.id), headers=headers).status_code == 200
        assert client.get(user_url(student.id + 1000), headers=headers).status_code == 404

    def test_teacher_sees_an_enrolled_student(self, client: TestClient) -> None:
        teacher, student = create_user("teacher"), create_user("student")
        enroll(client, teacher, student)
        response = client.get(user_url(student.id), headers=auth_headers(client, teacher))
        assert response.status_code == 200, response.text
        assert response.json()["id"] == student.id

    def test_teacher_gets_404_for_a_student_not_in_their_classrooms(
        self, client: TestClient
    ) -> None:
        teacher, other_teacher = create_user("teacher"), create_user("teacher")
        student = create_user("student")
        enroll(client, other_teacher, student)
        response = client.get(user_url(student.id), headers=auth_headers(client, teacher))
        assert response.status_code == 404

    def test_student_gets_404_for_their_teacher(self, client: TestClient) -> None:
        teacher, student = create_user("teacher"), create_user("student")
        enroll(client, teacher, student)
        response = client.get(user_url(teacher.id), headers=auth_headers(client, student))
        assert response.status_code == 404


class TestUpdateUser:
    def test_user_changes_own_name_and_password_and_the_new_password_logs_in(
        self, client: TestClient
    ) -> None:
        student = create_user("student")
        headers = auth_headers(client, student)
        response = client.put(
            user_url(student.id),
            json={
                "name": "Renamed",
                "password": "a-brand-new-password",
                "current_password": PASSWORD,
            },
            headers=headers,
        )
        assert response.status_code == 200, response.text
        assert response.json()["name"] == "Renamed"
        assert client.get(ME, headers=headers).json()["name"] == "Renamed"
        new = client.post(LOGIN, json={"email": student.email, "password": "a-brand-new-password"})
        assert new.status_code == 200
        old = client.post(LOGIN, json={"email": student.email, "password": PASSWORD})
        assert old.status_code == 401

    def test_student_cannot_change_own_role(self, client: TestClient) -> None:
        student = create_user("student")
        headers = auth_headers(client, student)
        response = client.put(user_url(student.id), json={"role": "admin"}, headers=headers)
        assert response.status_code == 403
        assert client.get(ME, headers=headers).json()["role"] == "student"

    def test_student_cannot_reactivate_or_deactivate_themself(self, client: TestClient) -> None:
        student = create_user("student")
        headers = auth_headers(client, student)
        response = client.put(user_url(student.id), json={"is_active": False}, headers=headers)
        assert response.status_code == 403
        assert client.get(ME, headers=headers).status_code == 200

    def test_forbidden_change_changes_nothing(self, client: TestClient) -> None:
        student = create_user("student")
        headers = auth_headers(client, student)
        response = client.put(
            user_url(student.id), json={"name": "Sneaky", "role": "admin"}, headers=headers
        )
        assert response.status_code == 403
        assert client.get(ME, headers=headers).json()["name"] == student.name

    def test_student_updating_another_user_is_403_whether_or_not_it_exists(
        self, client: TestClient
    ) -> None:
        student, other = create_user("student"), create_user("student")
        headers = auth_headers(client, student)
        response = client.put(user_url(other.id), json={"name": "Hacked"}, headers=headers)
        missing = client.put(user_url(other.id + 1000), json={"name": "Hacked"}, headers=headers)
        assert response.status_code == missing.status_code == 403
        assert response.json() == missing.json()
        with db(client) as session:
            assert session.get(User, other.id).name == other.name  # type: ignore[union-attr]

    def test_teacher_cannot_change_their_students(self, client: TestClient) -> None:
        teacher, student = create_user("teacher"), create_user("student")
        enroll(client, teacher, student)
        response = client.put(
            user_url(student.id), json={"name": "Renamed"}, headers=auth_headers(client, teacher)
        )
        assert response.status_code == 403

    def test_admin_changes_role(self, client: TestClient) -> None:
        admin, student = create_user("admin"), create_user("student")
        response = client.put(
            user_url(student.id), json={"role": "teacher"}, headers=auth_headers(client, admin)
        )
        assert response.status_code == 200, response.text
        assert response.json()["role"] == "teacher"
        tokens = login(client, student)
        me = client.get(ME, headers={"Authorization": f"Bearer {tokens['access_token']}"})
        assert me.json()["role"] == "teacher"

    def test_admin_deactivates_a_user_who_then_cannot_log_in_or_use_a_token(
        self, client: TestClient
    ) -> None:
        admin, student = create_user("admin"), create_user("student")
        student_headers = auth_headers(client, student)
        response = client.put(
            user_url(student.id), json={"is_active": False}, headers=auth_headers(client, admin)
        )
        assert response.status_code == 200, response.text
        assert client.get(ME, headers=student_headers).status_code == 401
        relogin = client.post(LOGIN, json={"email": student.email, "password": PASSWORD})
        assert relogin.status_code == 401

    def test_admin_updating_a_missing_user_is_404(self, client: TestClient) -> None:
        admin = create_user("admin")
        response = client.put(
            user_url(admin.id + 1000), json={"name": "X"}, headers=auth_headers(client, admin)
        )
        assert response.status_code == 404


class TestDeleteUser:
    def test_delete_removes_the_user_their_sessions_and_their_access(
        self, client: TestClient
    ) -> None:
        admin, student = create_user("admin"), create_user("student")
        student_headers = auth_headers(client, student)
        created = client.post(
            "/api/v1/maice/sessions/", json={"title": "Mine"}, headers=student_headers
        )
        assert created.status_code == 201
        session_id = created.json()["id"]
        with db(client) as session:
            session.add(
                Message(session_id=session_id, role="user", kind="question", content="1+1?")
            )
            session.commit()

        response = client.delete(user_url(student.id), headers=auth_headers(client, admin))
        assert response.status_code == 204
        assert response.content == b""

        with db(client) as session:
            assert session.get(User, student.id) is None
            assert session.get(ChatSession, session_id) is None
            orphans = session.scalar(
                select(func.count(Message.id)).where(Message.session_id == session_id)
            )
            assert orphans == 0
        assert client.get(ME, headers=student_headers).status_code == 401
        assert (
            client.get(user_url(student.id), headers=auth_headers(client, admin)).status_code == 404
        )

    def test_deleting_a_missing_user_is_404(self, client: TestClient) -> None:
        admin = create_user("admin")
        response = client.delete(user_url(admin.id + 1000), headers=auth_headers(client, admin))
        assert response.status_code == 404


class TestAdminOnly:
    def test_student_gets_403_on_every_admin_route(self, client: TestClient) -> None:
        student, other = create_user("student"), create_user("student")
        headers = auth_headers(client, student)
        body = {"email": "x@example.com", "password": "a-long-password", "name": "X"}
        assert client.get(USERS, headers=headers).status_code == 403
        assert client.post(USERS, json=body, headers=headers).status_code == 403
        assert client.delete(user_url(other.id), headers=headers).status_code == 403
        assert client.delete(user_url(student.id), headers=headers).status_code == 403
        with db(client) as session:
            assert session.get(User, other.id) is not None
