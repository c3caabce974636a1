"""Load benchmark of the chat path: `make bench` (`python -m benchmarks`).

Starts real MAICE processes (API, worker, agents) on a throwaway database and
Redis prefix, drives them with concurrent students and compares the latency
to a bare FastAPI SSE endpoint (the floor). Prints figures; asserts nothing.
"""
