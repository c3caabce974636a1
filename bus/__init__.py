"""Redis: key and stream names, the job event log, the agent mailbox, message schemas."""
