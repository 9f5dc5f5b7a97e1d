"""The engine and the transactions every part of the store shares."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

from sqlalchemy import Engine
from sqlmodel import Session


class StoreBase:
    """Owns the engine; `transaction()` groups calls into one, else each call is its own."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._local = threading.local()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction for every store call inside (per thread); nested calls join it."""
        if getattr(self._local, "session", None) is not None:
            yield
            return
        with Session(self.engine) as session, session.begin():
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
        with Session(self.engine) as own, own.begin():
            yield own

    def close(self) -> None:
        """Release the engine's connections."""
        self.engine.dispose()
