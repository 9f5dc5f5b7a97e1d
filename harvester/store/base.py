"""The engine and the transactions every part of the store shares."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from harvester.errors import StoreError


class StoreBase:
    """Owns the engine; `transaction()` groups calls into one, else each call is its own."""

    def __init__(self, engine: Engine, name: str = "the database") -> None:
        self.engine = engine
        self.name = name  # the file, for error messages
        self._local = threading.local()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction for every store call inside (per thread); nested calls join it."""
        if getattr(self._local, "session", None) is not None:
            yield
            return
        with self._failures(), Session(self.engine) as session, session.begin():
            self._local.session = session
            try:
                yield
            finally:
                self._local.session = None

    @contextlib.contextmanager
    def _tx(self) -> Iterator[Session]:
        """The open transaction's session, or a transaction of its own."""
        session = getattr(self._local, "session", None)
        if session is not None:
            yield session
            return
        with self._failures(), Session(self.engine) as own, own.begin():
            yield own

    @contextlib.contextmanager
    def _failures(self) -> Iterator[None]:
        """SQLite's failures (a full disk, a read-only or damaged file, a table missing)
        as one StoreError naming the file; the transaction is rolled back."""
        try:
            yield
        except DBAPIError as exc:
            raise StoreError(f"{self.name}: the database failed: {exc.orig}") from None

    def close(self) -> None:
        """Release the engine's connections."""
        self.engine.dispose()
