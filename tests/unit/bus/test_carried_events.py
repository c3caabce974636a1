"""Events carried by wake-ups are taken only when none is missing in between."""

from __future__ import annotations

from bus.events import carried_events


def message(event_id: str, previous: str, event_type: str = "token") -> str:
    return f'{event_id}\n{previous}\n{event_type}\n{{"type": "{event_type}", "job_id": "j"}}'


def test_consecutive_events_are_taken_in_order() -> None:
    events = carried_events([message("5-0", "4-0"), message("6-0", "5-0", "done")], "4-0")
    assert events is not None
    assert [(e.id, e.type) for e in events] == [("5-0", "token"), ("6-0", "done")]
    assert events[1].data == {"type": "done", "job_id": "j"}


def test_events_already_relayed_are_dropped() -> None:
    events = carried_events([message("4-0", "3-0"), message("5-0", "4-0")], "4-0")
    assert events is not None
    assert [e.id for e in events] == ["5-0"]


def test_a_missed_event_means_reading_the_stream() -> None:
    assert carried_events([message("6-0", "5-0")], "4-0") is None


def test_a_plain_wake_up_means_reading_the_stream() -> None:
    assert carried_events(["1-0"], "0-1") is None


def test_ids_compare_as_numbers_not_text() -> None:
    events = carried_events([message("10-0", "9-0")], "9-0")
    assert events is not None
    assert [e.id for e in events] == ["10-0"]
