"""Picks the provider named by LLM_PROVIDER."""

from __future__ import annotations

from agents.providers.base import Provider
from core.settings import Settings


def make_provider(settings: Settings) -> Provider:
    if settings.llm_provider == "echo":
        from agents.providers.echo import EchoProvider

        return EchoProvider(
            tokens=settings.echo_tokens, delay_seconds=settings.echo_token_delay_seconds
        )
    if settings.llm_provider == "openai":
        from agents.providers.openai_chat import OpenAIProvider

        return OpenAIProvider.from_settings(settings)
    from agents.providers.tutor import TutorProvider

    return TutorProvider()
