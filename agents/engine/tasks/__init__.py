"""The task types: one small unit each, listed in ``registry.TASKS``."""
