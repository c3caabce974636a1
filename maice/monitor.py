"""`maice flower`: Flower, with a worker list that follows the workers.

Flower fills the list `/api/workers` answers by broadcasting `inspect` once, as it
starts, and again only when a client asks for `?refresh=1`: a worker that was
not ready yet at that moment (Flower started first, or the worker restarted)
stays missing, and the list stays `{}`. Here Flower inspects again every few
seconds while it knows no worker, or while worker events name one it has not
inspected, and once in a while in any case (one broadcast, cheap).
"""

from __future__ import annotations

from typing import Any

import flower.command
from flower.app import Flower
from tornado.ioloop import PeriodicCallback

CHECK_EVERY_MS = 5_000
# Every so many checks, inspect even when nothing looks missing (a worker that
# sends no events is found this way too).
FULL_REFRESH_EVERY_CHECKS = 12


class MaiceFlower(Flower):  # type: ignore[misc]
    """Flower that inspects the workers again until it knows every one that runs."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._checks = 0
        self._worker_check = PeriodicCallback(self._check_workers, CHECK_EVERY_MS)

    def start(self) -> None:
        self._worker_check.start()
        super().start()

    def stop(self) -> None:
        self._worker_check.stop()
        super().stop()

    def _check_workers(self) -> None:
        self._checks += 1
        known = set(self.inspector.workers)
        alive = {name for name, worker in self.events.state.workers.items() if worker.alive}
        if not known or alive - known or self._checks % FULL_REFRESH_EVERY_CHECKS == 0:
            self.update_workers()


def use_maice_flower() -> None:
    """Make Celery's `flower` command run MaiceFlower (it builds the class it imported)."""
    flower.command.Flower = MaiceFlower
