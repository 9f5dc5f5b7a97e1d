"""Wiring with I/O: harvest, fetch steps, stored reconcile, runs under the lock, the nightly job."""
