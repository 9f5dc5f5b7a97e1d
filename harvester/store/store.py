"""The one store object: opened once, passed in, closed by its owner."""

from __future__ import annotations

from pathlib import Path
from types import TracebackType

from sqlalchemy import text

from harvester.errors import InputError
from harvester.store.decisions import DecisionRows
from harvester.store.engine import open_engine, open_scratch_copy
from harvester.store.evidence import EvidenceRows
from harvester.store.lists import ListRows
from harvester.store.pins import PinRows
from harvester.store.reports import ReportRows
from harvester.store.runs import RunRows


class Store(ListRows, EvidenceRows, DecisionRows, ReportRows, RunRows, PinRows):
    """The SQLite file: every read and write of harvester's data, in its transactions."""

    @classmethod
    def open(cls, path: Path, write: bool = True, must_exist: bool = False) -> Store:
        """The upgraded database at `path`; a reading command asks `must_exist` so it never
        creates one (InputError, exit 2)."""
        if must_exist and not path.exists():
            raise InputError(f"{path}: no database here; run 'harvester harvest' first")
        return cls(open_engine(path, write=write), str(path))

    @classmethod
    def scratch_copy(cls, path: Path) -> Store:
        """A store on a copy in memory of the database at `path`, which is never written."""
        return cls(open_scratch_copy(path), str(path))

    def schema_version(self) -> int:
        """The file's schema version (the latest, since opening it upgraded it)."""
        with self._tx() as session:
            sql = text("SELECT MAX(version) FROM schema_migrations")
            return int(session.connection().execute(sql).scalar_one())

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
