"""Apply the rule to the stored evidence of a list and store the decisions (no network)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from db.decision_store import (
    decision_row,
    list_decisions,
    list_fetch_states,
    list_present_entries,
    replace_findings,
    upsert_decisions,
)
from db.evidence_store import StoredRecord, list_records, list_searches
from harvester.decision import Decision, Evidence
from harvester.entries import Entry
from harvester.evidence import ArxivRecord
from harvester.fetch_plan import crossref_query
from harvester.parse_findings import FindingRecord
from harvester.rule import pick_arxiv, reconcile
from harvester.titles import normalise_title


@dataclass(frozen=True)
class DecisionChange:
    """An entry whose rule or resolved date changed in this reconcile."""

    entry_key: str
    title: str
    before: tuple[str | None, str | None]
    after: tuple[str | None, str | None]


@dataclass
class ReconcileResult:
    """What a reconcile decided: counts per rule and the changes."""

    rules: dict[str, int] = field(default_factory=dict)
    changes: list[DecisionChange] = field(default_factory=list)


def arxiv_evidence(session: Session, entries: list[Entry]) -> dict[str, Evidence]:
    """Each entry's stored arXiv evidence: its linked record, or its title search's hits."""
    searches = list_searches(session, "arxiv", [normalise_title(e.title) for e in entries])
    linked = [e.arxiv_ids[0] for e in entries if e.arxiv_ids]
    rows = list_records(session, "arxiv", [*linked, *(i for c in searches.values() for i in c)])
    records = {k: ArxivRecord.from_json(r.record_json or "") for k, r in rows.items() if _found(r)}
    missing = frozenset(k for k, r in rows.items() if r.status == "not_found")
    unreadable = {k: _problem(r) for k, r in rows.items() if r.status == "unreadable"}
    return {
        e.entry_key: Evidence(
            records,
            missing,
            () if e.arxiv_ids else tuple(searches.get(normalise_title(e.title), [])),
            arxiv_unreadable=unreadable,
        )
        for e in entries
    }


def evidence_for(
    session: Session, entries: list[Entry], failures: Mapping[str, str]
) -> dict[str, Evidence]:
    """Each entry's evidence, as the store holds it now."""
    arxiv = arxiv_evidence(session, entries)
    arxiv_of = {e.entry_key: pick_arxiv(e, arxiv[e.entry_key])[0] for e in entries}
    queries = {e.entry_key: q for e in entries if (q := crossref_query(e, arxiv_of[e.entry_key]))}
    searches = list_searches(session, "crossref", [normalise_title(q) for q in queries.values()])
    dois = [d for e in entries for d in (*e.dois, *_declared(arxiv_of[e.entry_key]))]
    rows = list_records(session, "crossref", [*dois, *(d for c in searches.values() for d in c)])
    works = {k: json.loads(r.record_json or "null") for k, r in rows.items() if _found(r)}
    missing = frozenset(k for k, r in rows.items() if r.status == "not_found")
    out = {}
    for e in entries:
        ranked = searches.get(normalise_title(queries.get(e.entry_key, "")), [])
        hits = tuple(works[d] for d in ranked if d in works)
        out[e.entry_key] = replace(
            arxiv[e.entry_key], works=works, works_missing=missing, search_hits=hits,
            fetch_failure=failures.get(e.entry_key),
        )  # fmt: skip
    return out


def reconcile_list(engine: Engine, source: str, now: str) -> ReconcileResult:
    """Re-apply the rule to every present entry of `source` and store the decisions."""
    result = ReconcileResult()
    with Session(engine) as session, session.begin():
        entries = [e for _, e in list_present_entries(session, source)]
        states = list_fetch_states(session, source)
        failures = {k: s.failure for k, s in states.items() if s.failure and s.failed_at}
        before = list_decisions(session, source)
        evidence = evidence_for(session, entries, failures)
        decisions, findings = [], []
        for entry in entries:
            decision = reconcile(entry, evidence[entry.entry_key])
            state = states.get(entry.entry_key)
            checked = state.checked_at if state else None
            decisions.append(decision_row(source, entry.entry_key, decision, checked, now))
            findings += [_finding_row(source, entry, decision, f, now) for f in decision.findings]
            result.rules[decision.rule] = result.rules.get(decision.rule, 0) + 1
            old = before.get(entry.entry_key)
            prior = (old.rule, old.resolved_date) if old else (None, None)
            now_decided = (decision.rule, decision.resolved_date)
            if prior != now_decided:
                result.changes.append(
                    DecisionChange(entry.entry_key, entry.title, prior, now_decided)
                )
        upsert_decisions(session, decisions)
        replace_findings(session, source, [e.entry_key for e in entries], findings)
    return result


def _finding_row(
    source: str, entry: Entry, decision: Decision, finding: FindingRecord, now: str
) -> dict[str, Any]:
    return {
        "list_source": source, "entry_key": entry.entry_key, "kind": finding.kind,
        "delta_days": finding.delta_days, "detail": finding.detail, "opened_at": now,
        "evidence_key": evidence_key(entry, decision, finding),
    }  # fmt: skip


def evidence_key(entry: Entry, decision: Decision, finding: FindingRecord) -> str:
    """A fingerprint of the evidence behind a finding: an acknowledgement holds while it holds."""
    facts = [
        finding.kind, finding.delta_days, entry.recorded_date, decision.rule,
        decision.resolved_date, decision.doi, decision.arxiv_id, decision.online_date,
    ]  # fmt: skip
    return hashlib.sha256(json.dumps(facts).encode()).hexdigest()[:16]


def _problem(row: StoredRecord) -> str:
    try:
        return str(json.loads(row.record_json or "{}").get("problem", "unreadable record"))
    except (ValueError, AttributeError):
        return "unreadable record"


def _found(row: StoredRecord) -> bool:
    return row.status == "found" and bool(row.record_json)


def _declared(record: ArxivRecord | None) -> list[str]:
    return [record.doi] if record and record.doi else []
