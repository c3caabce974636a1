"""Every query, in one place; used by the API and the workers. Never commits."""
