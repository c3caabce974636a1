"""Each script's dataclass gives what its KEYS/ARGV table lists, and keys that share a slot."""

from __future__ import annotations

import re

import pytest
from redis.crc import key_slot

from bus.events import EmitEvent
from bus.jobs import AcceptJob
from bus.keys import RedisKeys
from bus.mailbox import ClaimForEntry
from bus.scripts import SCRIPTS_DIR, ScriptCall

KEYS = RedisKeys("maice:")
DENYLIST = (KEYS.revoked_access_token("f1", "j1"), KEYS.revoked_token_family("f1"))
CALLS: dict[str, ScriptCall] = {
    "emit": EmitEvent(KEYS, "job1", "token", {"text": "x"}),
    "accept_job": AcceptJob(KEYS, "job1", 7, None, 2, 100, DENYLIST),
    "claim_for_entry": ClaimForEntry(KEYS, "job1", "1-0"),
}
# "-- KEYS[3]", "-- ARGV[3..5]", "-- KEYS[6..]" at the top of a script.
TABLE_LINE = re.compile(r"^-- (KEYS|ARGV)\[(\d+)(\.\.(\d*))?\]", re.MULTILINE)


def documented(script: str, table: str) -> tuple[int, bool]:
    """How many entries the table lists, and whether its last runs on (``[n..]``)."""
    source = (SCRIPTS_DIR / f"{script}.lua").read_text()
    count, open_ended = 0, False
    for name, first, dots, last in TABLE_LINE.findall(source):
        if name != table:
            continue
        assert int(first) == count + 1, f"{script}.lua skips {table}[{count + 1}]"
        open_ended = bool(dots) and not last
        count = int(last) if last else int(first) - (1 if open_ended else 0)
    return count, open_ended


@pytest.mark.parametrize("script", sorted(CALLS))
def test_the_arguments_match_the_table_at_the_top_of_the_script(script: str) -> None:
    call = CALLS[script]
    for table, values in (("KEYS", call.script_keys()), ("ARGV", call.script_args())):
        count, open_ended = documented(script, table)
        if open_ended:
            assert len(values) > count
        else:
            assert len(values) == count


def slots(names: list[str]) -> set[int]:
    return {key_slot(name.encode()) for name in names}


def test_emit_touches_the_jobs_slot_and_only_the_progress_set_besides() -> None:
    *job_keys, progress = CALLS["emit"].script_keys()
    assert len(slots(job_keys)) == 1
    assert progress == KEYS.jobs_by_progress
    assert slots([KEYS.job_channel("job1")]) == slots(job_keys)  # ready for SPUBLISH


def test_accept_job_ends_with_emits_arguments() -> None:
    call = AcceptJob(KEYS, "job1", 7, 3, 2, 100, DENYLIST)
    assert call.script_keys()[3:6] == call.accepted.script_keys()
    assert call.script_args()[12:] == call.accepted.script_args()


def test_accept_job_puts_the_idempotency_key_in_the_users_slot_before_the_denylist() -> None:
    call = AcceptJob(KEYS, "job1", 7, 3, 2, 100, DENYLIST, idempotency_key="k-1")
    keys, args = call.script_keys(), call.script_args()
    assert keys[6].startswith(f"{KEYS.prefix}{{user:7}}:idempotency:")
    assert "k-1" not in keys[6]  # a digest, never the client's text
    assert slots(keys[6:7]) == slots(keys[0:1])
    assert keys[7:] == list(DENYLIST)
    assert args[10] == 24 * 3600
    assert CALLS["accept_job"].script_args()[10] == 0


def test_accept_job_keys_fall_in_one_slot_per_user_job_and_login() -> None:
    keys = CALLS["accept_job"].script_keys()
    user, job, denylist = keys[0:3], keys[3:5], keys[6:]
    assert keys[2] == KEYS.question_limit(7)
    assert keys[5] == KEYS.jobs_by_progress
    assert [len(slots(group)) for group in (user, job, denylist)] == [1, 1, 1]
    assert slots(job) == slots([KEYS.job("job1")])
    assert slots(user) != slots(job)


def test_claim_for_entry_touches_one_slot() -> None:
    assert len(slots(CALLS["claim_for_entry"].script_keys())) == 1
