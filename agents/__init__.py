"""The agent actor: mailbox consumer, pipeline steps and LLM providers."""
