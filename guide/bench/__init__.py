"""Benchmarks: the spec and result models, the runner that spawns one worker per (backend, api), the store."""
