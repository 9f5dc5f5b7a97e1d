"""Benchmarks: figures printed by a script, never timed assertions."""
