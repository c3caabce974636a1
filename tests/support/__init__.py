"""What tests and benchmarks share: servers, child processes, SSE reading, test data, ports.

Test modules import helpers from here (and fixtures from conftest), never from
each other; the benchmarks import from here too.
"""
