"""Run history: a row per run with its counts, an event per changed decision."""

from __future__ import annotations

import json
from collections.abc import Iterable

from sqlalchemy import Engine, update
from sqlmodel import Session, col, select

from db.models import Run, RunEvent


def start_run(engine: Engine, started_at: str, holder: str, sources: list[str]) -> int:
    """Open a run row; runs left `running` by a killed process become `interrupted`."""
    with Session(engine) as session, session.begin():
        session.execute(
            update(Run).where(col(Run.outcome) == "running").values(outcome="interrupted")
        )
        run = Run(
            started_at=started_at,
            outcome="running",
            holder=holder,
            sources_json=json.dumps(sources),
        )
        session.add(run)
        session.flush()
        assert run.id is not None
        return run.id


def finish_run(
    engine: Engine, run_id: int, finished_at: str, outcome: str, counts: dict[str, object]
) -> None:
    """Close a run row with its outcome and counts."""
    values = {
        "finished_at": finished_at,
        "outcome": outcome,
        "entries_seen": counts.get("entries_seen", 0),
        "entries_due": counts.get("entries_due", 0),
        "requests_json": json.dumps(counts.get("requests", {})),
        "retries_json": json.dumps(counts.get("retries", {})),
        "failures": counts.get("failures", 0),
        "decisions_changed": counts.get("decisions_changed", 0),
    }
    with Session(engine) as session, session.begin():
        session.execute(update(Run).where(col(Run.id) == run_id).values(**values))


def add_events(engine: Engine, run_id: int, events: Iterable[tuple[str, str, str, str]]) -> None:
    """Store (list source, entry key, kind, message) events of a run."""
    with Session(engine) as session, session.begin():
        for source, key, kind, message in events:
            session.add(
                RunEvent(
                    run_id=run_id, list_source=source, entry_key=key, kind=kind, message=message
                )
            )


def list_runs(engine: Engine, limit: int) -> list[tuple[Run, list[RunEvent]]]:
    """The latest runs, newest first, each with its events."""
    with Session(engine) as session:
        runs = list(session.exec(select(Run).order_by(col(Run.id).desc()).limit(limit)))
        out = []
        for run in runs:
            events = list(
                session.exec(
                    select(RunEvent).where(RunEvent.run_id == run.id).order_by(col(RunEvent.id))
                )
            )
            out.append((run, events))
        return out
