"""The fields of the API's response bodies that several tests check."""

from __future__ import annotations

SESSION_FIELDS = {
    "id",
    "title",
    "status",
    "created_at",
    "updated_at",
    "message_count",
    "active_job_id",
}
SUMMARY_FIELDS = {
    "id",
    "student_id",
    "session_id",
    "summary",
    "key_concepts",
    "knowledge_types",
    "created_at",
}
