"""Decisions, findings and acknowledgements, and what the refresh policy reads of them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete
from sqlalchemy.dialects.sqlite import insert
from sqlmodel import col, select

from harvester.store.base import StoreBase
from harvester.store.tables import AckRow, DecisionRow, FetchStateRow, FindingRow, PinRow
from harvester.values.decisions import Ack, Decision, Decisions, EntryState, Finding


class DecisionRows(StoreBase):
    """Writes and reads of decisions, findings, fetch states and acks."""

    def save_decisions(
        self,
        source: str,
        decisions: list[tuple[str, Decision, str | None]],
        findings: list[dict[str, Any]],
        now: str,
    ) -> None:
        """Store (entry key, decision, checked_at) triples, replacing the previous decisions,
        and replace every finding of those entries by `findings`."""
        keys = [key for key, _, _ in decisions]
        rows = [_decision_row(source, k, d, checked, now) for k, d, checked in decisions]
        with self._tx() as session:
            if rows:
                stmt = insert(DecisionRow)
                columns = [c for c in rows[0] if c not in {"list_source", "entry_key"}]
                session.execute(
                    stmt.on_conflict_do_update(
                        index_elements=["list_source", "entry_key"],
                        set_={c: stmt.excluded[c] for c in columns},
                    ),
                    rows,
                )
            session.execute(
                delete(FindingRow).where(
                    col(FindingRow.list_source) == source, col(FindingRow.entry_key).in_(keys)
                )
            )
            if findings:
                session.execute(insert(FindingRow), findings)

    def stored_findings(
        self, source: str, entry_key: str, kinds: Sequence[str]
    ) -> list[tuple[Finding, str]]:
        """An entry's stored findings of `kinds` (acknowledged or not) with their evidence
        keys, as the last reconcile made them."""
        with self._tx() as session:
            rows = session.exec(
                select(FindingRow)
                .where(FindingRow.list_source == source, FindingRow.entry_key == entry_key)
                .where(col(FindingRow.kind).in_(kinds))
                .order_by(col(FindingRow.id))
            )
            return [(Finding(r.kind, r.detail, r.delta_days), r.evidence_key) for r in rows]

    def decided(self, source: str) -> dict[str, tuple[str | None, str | None]]:
        """(rule, resolved date) of each stored decision of a list, by entry key."""
        with self._tx() as session:
            rows = session.exec(select(DecisionRow).where(DecisionRow.list_source == source))
            return {r.entry_key: (r.rule, r.resolved_date) for r in rows}

    def found_ids(self) -> dict[tuple[str, str], tuple[str | None, str | None]]:
        """(arXiv ID, DOI) each decision rests on, by (list source, entry key)."""
        with self._tx() as session:
            rows = session.exec(select(DecisionRow))
            return {(r.list_source, r.entry_key): (r.arxiv_id, r.doi) for r in rows}

    def entry_states(self, source: str) -> dict[str, EntryState]:
        """What the refresh policy and the reconciler need of each entry's last fetch and
        decision, by entry key."""
        with self._tx() as session:
            states = session.exec(
                select(FetchStateRow).where(FetchStateRow.list_source == source)
            ).all()
            decided = session.exec(select(DecisionRow).where(DecisionRow.list_source == source))
            rules = {r.entry_key: r.rule for r in decided}
            ambiguous = set(
                session.exec(
                    select(FindingRow.entry_key).where(
                        FindingRow.list_source == source, FindingRow.kind == "ambiguous_match"
                    )
                )
            )
            return {
                s.entry_key: EntryState(
                    s.fingerprint, s.checked_at, s.failed_at, s.failures,
                    rules.get(s.entry_key), s.entry_key in ambiguous, s.failure,
                )
                for s in states
            }  # fmt: skip

    def acks(self, source: str) -> list[Ack]:
        """The list's acks, oldest first."""
        with self._tx() as session:
            rows = session.exec(
                select(AckRow).where(AckRow.list_source == source).order_by(col(AckRow.id))
            )
            return [
                Ack(r.entry_key, r.kind, r.evidence_key, r.note, r.acked_by, r.acked_at)
                for r in rows
            ]

    def replace_decisions(self, source: str, decisions: Decisions) -> None:
        """Make the list's acks and pins exactly `decisions` (the file beside the list wins)."""
        with self._tx() as session:
            session.execute(delete(AckRow).where(col(AckRow.list_source) == source))
            session.execute(delete(PinRow).where(col(PinRow.list_source) == source))
            for a in decisions.acks:
                session.add(AckRow(
                    list_source=source, entry_key=a.entry_key, kind=a.kind,
                    evidence_key=a.evidence_key, note=a.note, acked_by=a.acked_by,
                    acked_at=a.acked_at,
                ))  # fmt: skip
            for p in decisions.pins:
                session.add(PinRow(
                    list_source=source, entry_key=p.entry_key, target=p.target, note=p.note,
                    pinned_by=p.pinned_by, pinned_at=p.pinned_at,
                ))  # fmt: skip

    def acknowledge(
        self, rows: list[dict[str, Any]], note: str, acked_by: str, acked_at: str
    ) -> list[str]:
        """Record an ack for each open finding in `rows` (rows of `conflicts`), with the
        fingerprint of its evidence; return the kinds acknowledged. A finding is known by
        its detail too: an entry may have two of a kind (a broken arXiv link and DOI)."""
        kinds = []
        with self._tx() as session:
            for row in rows:
                finding = session.exec(
                    select(FindingRow).where(
                        FindingRow.list_source == row["list_source"],
                        FindingRow.entry_key == row["entry_key"],
                        FindingRow.kind == row["kind"],
                        FindingRow.detail == row["detail"],
                    )
                ).first()
                if finding is None:
                    continue
                session.add(
                    AckRow(
                        list_source=row["list_source"], entry_key=row["entry_key"],
                        kind=row["kind"], evidence_key=finding.evidence_key, note=note,
                        acked_by=acked_by, acked_at=acked_at,
                    )
                )  # fmt: skip
                kinds.append(row["kind"])
        return kinds


def _decision_row(
    source: str, key: str, decision: Decision, checked_at: str | None, now: str
) -> dict[str, Any]:
    return {
        "list_source": source, "entry_key": key,
        "resolved_date": decision.resolved_date, "rule": decision.rule,
        "arxiv_id": decision.arxiv_id, "arxiv_submitted": decision.arxiv_submitted,
        "doi": decision.doi, "venue": decision.venue, "venue_type": decision.venue_type,
        "online_date": decision.online_date, "online_date_source": decision.online_date_source,
        "checked_at": checked_at, "decided_at": now,
    }  # fmt: skip
