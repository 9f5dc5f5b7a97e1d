"""Run history: a row per run with its counts, an event per changed decision."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import update
from sqlmodel import col, select

from harvester.store.base import StoreBase
from harvester.store.tables import RunEventRow, RunRow
from harvester.values.runs import RunEvent

#: Why a run left `running` became `interrupted`: nothing closed it.
KILLED = "its process ended before it could record how (killed, or the machine stopped)"


class RunRows(StoreBase):
    """Writes and reads of the run history."""

    def start_run(self, started_at: str, holder: str, sources: list[str]) -> int:
        """Open a run row; runs left `running` by a killed process become `interrupted`."""
        with self._tx() as session:
            session.execute(
                update(RunRow)
                .where(col(RunRow.outcome) == "running")
                .values(outcome="interrupted", reason=KILLED)
            )
            run = RunRow(
                started_at=started_at, outcome="running", holder=holder,
                sources_json=json.dumps(sources),
            )  # fmt: skip
            session.add(run)
            session.flush()
            assert run.id is not None
            return run.id

    def finish_run(
        self,
        run_id: int,
        finished_at: str,
        outcome: str,
        counts: dict[str, Any],
        reason: str = "",
    ) -> None:
        """Close a run row with its outcome, why (when not `ok`) and counts."""
        values = {
            "finished_at": finished_at,
            "outcome": outcome,
            "reason": reason,
            "entries_seen": counts.get("entries_seen", 0),
            "entries_due": counts.get("entries_due", 0),
            "requests_json": json.dumps(counts.get("requests", {})),
            "retries_json": json.dumps(counts.get("retries", {})),
            "failures": counts.get("failures", 0),
            "decisions_changed": counts.get("decisions_changed", 0),
        }
        with self._tx() as session:
            session.execute(update(RunRow).where(col(RunRow.id) == run_id).values(**values))

    def add_events(self, run_id: int, events: Iterable[RunEvent]) -> None:
        """Store a run's events."""
        with self._tx() as session:
            for e in events:
                session.add(
                    RunEventRow(
                        run_id=run_id, list_source=e.list_source, entry_key=e.entry_key,
                        kind=e.kind, message=e.message,
                    )
                )  # fmt: skip

    def runs(self, limit: int) -> list[dict[str, Any]]:
        """The latest runs, newest first, each with its events; stored JSON decoded."""
        with self._tx() as session:
            rows = list(session.exec(select(RunRow).order_by(col(RunRow.id).desc()).limit(limit)))
            out = []
            for run in rows:
                events = session.exec(
                    select(RunEventRow)
                    .where(RunEventRow.run_id == run.id)
                    .order_by(col(RunEventRow.id))
                )
                out.append(_run_doc(run, [e.model_dump() for e in events]))
            return out


def _run_doc(run: RunRow, events: list[dict[str, Any]]) -> dict[str, Any]:
    doc = run.model_dump()
    for name in ("sources", "requests", "retries"):
        doc[name] = json.loads(doc.pop(f"{name}_json"))
    doc["events"] = events
    return doc
