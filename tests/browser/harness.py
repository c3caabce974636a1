"""The process harness the browser tests run the real stack with, in one place.

Everything the browser tests need from the shared harness is imported here, so
moving it (to tests/support/) is a one-line change.
"""

from __future__ import annotations

from tests.integration.chat.stack import Stack, free_port, stack_env

__all__ = ["Stack", "free_port", "stack_env"]
