"""Celery: the app, task names and queues, and the tasks themselves."""
