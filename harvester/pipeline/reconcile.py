"""The stored reconcile: assemble each entry's evidence from the store, apply the rule,
store the decisions and findings (no network)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from harvester.plan.fetch_plan import crossref_query, dois_to_fetch, legacy_crossref_query
from harvester.rule.decide import decide, pick_arxiv, render_target
from harvester.rule.not_versions import never_a_version
from harvester.rule.order import order_breaks, order_finding
from harvester.store import Store
from harvester.store.evidence import StoredRecord
from harvester.upstream.crossref_works import work_from_json
from harvester.values.checks import latest_year
from harvester.values.decisions import Decision, DecisionChange, EntryState, Finding
from harvester.values.entries import Entry
from harvester.values.evidence import ArxivRecord, CrossrefWork, Evidence, arxiv_record_from_json
from harvester.values.titles import normalise_title


@dataclass
class ReconcileResult:
    """What a reconcile decided: counts per rule and the changes."""

    rules: dict[str, int] = field(default_factory=dict)
    changes: list[DecisionChange] = field(default_factory=list)


def arxiv_evidence(store: Store, entries: list[Entry]) -> dict[str, Evidence]:
    """Each entry's stored arXiv evidence: its linked record, or its title search's hits."""
    searches = store.searches("arxiv", [normalise_title(e.title) for e in entries])
    linked = [e.arxiv_ids[0] for e in entries if e.arxiv_ids]
    rows = store.records("arxiv", [*linked, *(i for c in searches.values() for i in c)])
    records, unreadable = _arxiv_records(rows)
    missing = frozenset(k for k, r in rows.items() if r.status == "not_found")
    out = {}
    for e in entries:
        query = None if e.arxiv_ids else normalise_title(e.title)
        hits = tuple(searches[query]) if query in searches else ()
        out[e.entry_key] = Evidence(
            records, missing, hits, arxiv_unreadable=unreadable,
            arxiv_query=query if query in searches else None,
        )  # fmt: skip
    return out


def _arxiv_records(
    rows: Mapping[str, StoredRecord],
) -> tuple[dict[str, ArxivRecord], dict[str, str]]:
    """The readable records by ID, and why the others cannot be read: each stored record is
    checked again (dates against the year after it was fetched), since one stored by an
    older version may hold a value no record may have."""
    records, unreadable = {}, {k: r.problem for k, r in rows.items() if r.status == "unreadable"}
    for key, row in rows.items():
        if row.found:
            latest = latest_year(row.fetched_at)
            record, problem = arxiv_record_from_json(row.record_json or "", latest)
            if record is not None:
                records[key] = record
            else:
                unreadable[key] = problem or "unreadable record"
    return records, unreadable


def stored_arxiv_records(store: Store, entries: list[Entry]) -> dict[str, ArxivRecord | None]:
    """Each entry's arXiv record as the store knows it now."""
    evidence = arxiv_evidence(store, entries)
    return {e.entry_key: pick_arxiv(e, evidence[e.entry_key])[0] for e in entries}


def evidence_for(
    store: Store, source: str, entries: list[Entry], states: Mapping[str, EntryState] | None = None
) -> dict[str, Evidence]:
    """Each entry's evidence as the store holds it now, mapped into our records; the rule
    reads nothing else (the reconcile, explain and the golden cases all come through here).
    `states` are the list's entry states when the caller has read them already."""
    states = store.entry_states(source) if states is None else states
    failures = {k: s.failure for k, s in states.items() if s.failure and s.failed_at}
    arxiv = arxiv_evidence(store, entries)
    arxiv_of = {e.entry_key: pick_arxiv(e, arxiv[e.entry_key])[0] for e in entries}
    rows, works, unreadable = _version_works(store, entries, arxiv_of)
    queries = _queries(entries, arxiv_of, works)
    searches = store.searches(
        "crossref", [normalise_title(q) for qs in queries.values() for q in qs]
    )
    hit_rows, hit_works, hit_unreadable = _works(store, [d for c in searches.values() for d in c])
    rows, works, unreadable = rows | hit_rows, works | hit_works, unreadable | hit_unreadable
    missing = frozenset(k for k, r in rows.items() if r.status == "not_found")
    pins = store.pins(source)
    out = {}
    for e in entries:
        asked = [normalise_title(q) for q in queries.get(e.entry_key, [])]
        query = next((q for q in asked if q in searches), None)
        hits = tuple(works[d] for d in searches[query] if d in works) if query else ()
        out[e.entry_key] = replace(
            arxiv[e.entry_key], works=works, works_missing=missing, search_hits=hits,
            fetch_failure=failures.get(e.entry_key), works_unreadable=unreadable,
            pin=pins.get(e.entry_key), crossref_query=query,
        )  # fmt: skip
    return out


def reconcile_list(store: Store, source: str, now: str) -> ReconcileResult:
    """Re-apply the list's rule to every present entry of `source` and store the decisions."""
    result = ReconcileResult()
    with store.transaction():
        entries = pinned(store, source, [e for _, e in store.present_entries(source)])
        states = store.entry_states(source)
        before = store.decided(source)
        evidence = evidence_for(store, source, entries, states)
        rule = store.list_rule(source)
        decisions, findings, decided = [], [], {}
        for entry in entries:
            decision = decided[entry.entry_key] = decide(entry, evidence[entry.entry_key], rule)
            state = states.get(entry.entry_key)
            decisions.append((entry.entry_key, decision, state.checked_at if state else None))
            findings += [_finding_row(source, entry, decision, f, now) for f in decision.findings]
            result.rules[decision.rule] = result.rules.get(decision.rule, 0) + 1
            prior = before.get(entry.entry_key, (None, None))
            now_decided = (decision.rule, decision.resolved_date)
            if prior != now_decided:
                result.changes.append(
                    DecisionChange(entry.entry_key, entry.title, prior, now_decided)
                )
        findings += _order_rows(source, entries, decided, now)
        store.save_decisions(source, decisions, findings, now)
    return result


def _order_rows(
    source: str, entries: list[Entry], decided: Mapping[str, Decision], now: str
) -> list[dict[str, Any]]:
    """The list's `order` findings: its entries out of their sorted section's order, as
    render would write their dates."""
    targets = {
        e.entry_key: target
        for e in entries
        if (target := render_target(e, decided[e.entry_key])) is not None
    }
    return [
        _finding_row(source, b.entry, decided[b.entry.entry_key], order_finding(b), now)
        for b in order_breaks(entries, targets)
    ]


def pinned(store: Store, source: str, entries: list[Entry]) -> list[Entry]:
    """The entries as the rule sees them: each pinned identifier as if the list linked it."""
    pins = store.pins(source)
    return [pins[e.entry_key].apply(e) if e.entry_key in pins else e for e in entries]


def evidence_key(entry: Entry, decision: Decision, finding: Finding) -> str:
    """A fingerprint of the evidence behind a finding: an acknowledgement holds while it
    holds. A finding that names its own evidence (a broken link: the service and the
    identifier) is fingerprinted by that alone."""
    facts: list[object] = [
        finding.kind, finding.delta_days, entry.recorded_date, decision.rule,
        decision.resolved_date, decision.doi, decision.arxiv_id, decision.online_date,
    ]  # fmt: skip
    if finding.evidence:
        facts = [finding.kind, *finding.evidence]
    return hashlib.sha256(json.dumps(facts).encode()).hexdigest()[:16]


def _finding_row(
    source: str, entry: Entry, decision: Decision, finding: Finding, now: str
) -> dict[str, Any]:
    return {
        "list_source": source, "entry_key": entry.entry_key, "kind": finding.kind,
        "delta_days": finding.delta_days, "detail": finding.detail, "opened_at": now,
        "evidence_key": evidence_key(entry, decision, finding),
    }  # fmt: skip


def _works(
    store: Store, dois: list[str]
) -> tuple[dict[str, StoredRecord], dict[str, CrossrefWork], dict[str, str]]:
    """The stored Crossref answers for `dois`, and their JSON through the Crossref mapper
    (dates checked against the year after each was fetched): (the rows, the readable works,
    why the others cannot be read), by DOI."""
    rows = store.records("crossref", dois)
    works, unreadable = {}, {}
    for doi, row in rows.items():
        if not row.found:
            continue
        try:
            data = json.loads(row.record_json or "null")
        except (ValueError, RecursionError):  # an older version may have stored anything
            unreadable[doi] = f"the stored Crossref record for {doi} is not JSON"
            continue
        work, problem = work_from_json(data, latest_year(row.fetched_at))
        if work is not None:
            works[doi] = work
        else:
            unreadable[doi] = problem or "unreadable record"
    return rows, works, unreadable


def _version_works(
    store: Store, entries: list[Entry], arxiv_of: Mapping[str, ArxivRecord | None]
) -> tuple[dict[str, StoredRecord], dict[str, CrossrefWork], dict[str, str]]:
    """`_works` of the DOIs the entries link or their arXiv records declare."""
    return _works(store, [d for e in entries for d in dois_to_fetch(e, arxiv_of[e.entry_key])])


def crossref_queries(
    store: Store, entries: list[Entry], arxiv_of: Mapping[str, ArxivRecord | None]
) -> dict[str, str]:
    """The Crossref search each entry needs now, by entry key (none when the list links a
    DOI or a stored work arXiv declares is a journal)."""
    _, works, _ = _version_works(store, entries, arxiv_of)
    return {k: qs[0] for k, qs in _queries(entries, arxiv_of, works).items()}


def _queries(
    entries: list[Entry],
    arxiv_of: Mapping[str, ArxivRecord | None],
    works: Mapping[str, CrossrefWork],
) -> dict[str, list[str]]:
    """Per entry, the current Crossref query, then the ones asked before (by the list's
    title rather than the arXiv record's, and with a long title whole rather than cut):
    their stored answers stand in until the entry is searched again."""
    out = {}
    for e in entries:
        record = arxiv_of[e.entry_key]
        declared = [works[d] for d in (record.declared_dois if record else ()) if d in works]
        journal = any(w.is_journal and not never_a_version(w) for w in declared)
        if query := crossref_query(e, record, journal):
            older = [
                crossref_query(e, record, journal, cut=False),
                legacy_crossref_query(e, record),
                legacy_crossref_query(e, record, cut=False),
            ]
            out[e.entry_key] = list(dict.fromkeys([query, *(q for q in older if q)]))
    return out
