"""Prompt texts of the ``openai`` provider (package data, loaded by ``load_prompt``)."""
