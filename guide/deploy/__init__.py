"""Deployment checks, manager side: which export paths to try, their results, and what they mean for a team.
Exports and runtimes themselves run in worker processes under guide/bench/worker/."""
