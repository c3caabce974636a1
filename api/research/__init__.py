"""Research tools: blind rubric evaluation, the agent's batch scoring, statistics, modes,
consent and exports (issue 13)."""
