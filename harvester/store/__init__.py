"""The SQLite store: one `Store` owns the engine, the transactions and every SQL statement."""

from harvester.store.store import Store

__all__ = ["Store"]
