"""The SQLite store: one `Store` owns the engine, the transactions and every SQL statement."""

from harvester.store.engine import refuse_newer, writable
from harvester.store.store import Store

__all__ = ["Store", "refuse_newer", "writable"]
