"""The nightly job: which lists to watch, and the scheduler files that run it."""
