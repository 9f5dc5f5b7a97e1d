"""The maintainer's review over the store: reconcile, explain, render, acknowledge, pin."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from harvester.errors import InputError
from harvester.listing.keys import carry_keys
from harvester.listing.render import render_list
from harvester.pipeline.decisions import load_decisions, review_file, save_decisions
from harvester.pipeline.harvest import parse_source
from harvester.pipeline.reconcile import (
    ReconcileResult,
    evidence_for,
    evidence_key,
    pinned,
    reconcile_list,
)
from harvester.plan.fetch_plan import cut_searches
from harvester.rule.decide import audit_target, decide, pick_arxiv
from harvester.rule.explain import entry_matches, explanation, stored_as
from harvester.rule.order import OrderBreak, order_breaks
from harvester.settings import Settings
from harvester.store import Store
from harvester.upstream.list_source import fetch_list_bytes, locate
from harvester.values.decisions import LIST_WIDE_KINDS, Decision, Pin
from harvester.values.evidence import Evidence
from harvester.values.ids import normalise_doi, split_arxiv_id


def stored_list(store: Store, source: str) -> str:
    """The stored name of the list `source` names: a stored name as given, else the list
    at that path or URL (under its name, or under the name an earlier version gave it).
    InputError (exit 2) naming the stored lists when there is none."""
    known = store.list_sources()
    if source in known:
        return source
    place = locate(source)
    for name in (place.name, place.legacy):
        if name in known:
            return name
    listed = ", ".join(known) if known else "none yet: harvest it first"
    raise InputError(f"{source}: no such list in the database (lists: {listed})")


def reconcile_lists(store: Store, source: str | None, now: str) -> dict[str, ReconcileResult]:
    """Re-apply the rule to one list (as given) or to every stored list."""
    names = [stored_list(store, source)] if source else store.list_sources()
    return {name: reconcile_list(store, name, now) for name in names}


def explain_entries(store: Store, query: str) -> list[dict[str, Any]]:
    """Every candidate and the decision of each entry matching `query`; InputError if none."""
    docs = []
    with store.transaction():
        found = store.found_ids()
        for source, entry in store.present_entries():
            if not entry_matches(entry, query, found.get((source, entry.entry_key), (None, None))):
                continue
            entry = pinned(store, source, [entry])[0]
            evidence = evidence_for(store, source, [entry])[entry.entry_key]
            rule = store.list_rule(source)
            decision = decide(entry, evidence, rule)
            # findings over the whole list (order), as the last reconcile stored them
            listed = store.stored_findings(source, entry.entry_key, LIST_WIDE_KINDS)
            keys = {(f.kind, evidence_key(entry, decision, f)) for f in decision.findings}
            keys |= {(f.kind, key) for f, key in listed}
            decision = replace(decision, findings=(*decision.findings, *(f for f, _ in listed)))
            acks = [
                (a, (a.kind, a.evidence_key) in keys)  # an entry may have two of a kind
                for a in store.acks(source)
                if a.entry_key == entry.entry_key
            ]
            requests = _requests(store, decision, evidence)
            record = pick_arxiv(entry, evidence)[0]
            notes = cut_searches(entry, record, evidence.crossref_query is not None)
            docs.append(
                explanation(source, entry, decision, requests, rule, evidence.pin, acks, notes)
            )
    if not docs:
        raise InputError(f"no entry matches {query!r}")
    return docs


def _requests(store: Store, decision: Decision, evidence: Evidence) -> list[str | None]:
    """The request each considered candidate's answer came from: the entry's own search
    for a search hit, the request that stored the record for an identified one."""
    places = [stored_as(c, evidence) for c in decision.considered]
    urls = {
        kind: store.record_urls(keys) if kind == "record" else store.search_urls(kind, keys)
        for kind in {p[0] for p in places if p}
        for keys in [[p[1] for p in places if p and p[0] == kind]]
    }
    return [urls[p[0]].get(p[1]) if p else None for p in places]


def render_source(
    store: Store, source: str, settings: Settings
) -> tuple[bytes, bytes, list[OrderBreak]]:
    """(the list as read, the list with each recorded date replaced by the resolved one,
    the entries whose rewritten date puts them out of their sorted section's order)."""
    name = stored_list(store, source)
    raw = fetch_list_bytes(source, settings.timeout, settings.user_agent)
    entries = carry_keys(store.known_entries(name), parse_source(source, raw))
    decided = store.resolved_for_render(name)
    targets = {
        e.entry_key: target
        for e in entries
        if e.entry_key in decided and (target := audit_target(e, *decided[e.entry_key]))
    }
    moved = [b for b in order_breaks(entries, targets) if b.changed]
    return raw, render_list(raw, entries, targets), moved


def acknowledge(
    store: Store,
    entry_key: str,
    note: str,
    kinds: list[str],
    source: str | None,
    who: str,
    now: str,
) -> tuple[list[str], Path | None]:
    """Acknowledge an entry's open findings (of `kinds`, default all): (the kinds acked,
    the decisions file written beside the list, or None when there is no local file)."""
    name = _entry_list(store, entry_key, source)
    list_file = review_file(name, source)
    with store.transaction():
        load_decisions(store, name, list_file)  # the file wins over what the database holds
        rows = [r for r in store.conflicts(name, kinds) if r["entry_key"] == entry_key]
        if not rows:
            raise InputError(f"{entry_key}: no open finding to acknowledge")
        store.acknowledge(rows, note, who, now)
        written = save_decisions(store, name, list_file)
    return [r["kind"] for r in rows], written


def pin_entry(
    store: Store, entry_key: str, target: str, note: str, source: str | None, who: str, now: str
) -> tuple[str, ReconcileResult, Path | None]:
    """Pin an entry's published version (a DOI, `arxiv:ID` or `none`) and reconcile its
    list; (the list, what changed, the decisions file written). InputError for an unknown
    entry or target."""
    name = _entry_list(store, entry_key, source)
    list_file = review_file(name, source)
    with store.transaction():
        load_decisions(store, name, list_file)
        store.save_pin(name, Pin(entry_key, pin_target(target), note, who, now))
        written = save_decisions(store, name, list_file)
    return name, reconcile_list(store, name, now), written


def unpin_entry(
    store: Store, entry_key: str, source: str | None, now: str
) -> tuple[str, ReconcileResult, Path | None]:
    """Remove an entry's pin and reconcile its list; InputError when it has none."""
    name = _entry_list(store, entry_key, source)
    list_file = review_file(name, source)
    with store.transaction():
        load_decisions(store, name, list_file)
        if not store.remove_pin(name, entry_key):
            raise InputError(f"{entry_key}: not pinned")
        written = save_decisions(store, name, list_file)
    return name, reconcile_list(store, name, now), written


def pin_target(text: str) -> str:
    """`none`, `arxiv:<ID>` (versionless) or a DOI (bare, `doi:` or a doi.org URL)."""
    value = text.strip()
    if value.lower() == "none":
        return "none"
    if value.lower().startswith("arxiv:"):
        if split := split_arxiv_id(value[6:]):
            return f"arxiv:{split[0]}"
        raise InputError(f"pin: {text!r} is not an arXiv ID (arxiv:2401.10637)")
    bare = re.sub(r"(?i)^(?:doi:|https?://(?:dx\.)?doi\.org/)", "", value)
    if doi := normalise_doi(bare):
        return doi
    raise InputError(f"pin: {text!r} is not a DOI, arxiv:ID or none")


def _entry_list(store: Store, entry_key: str, source: str | None) -> str:
    """The one list holding the present entry `entry_key` (`source` chooses among several)."""
    name = stored_list(store, source) if source else None
    lists = sorted({s for s, e in store.present_entries(name) if e.entry_key == entry_key})
    if not lists:
        raise InputError(f"{entry_key}: no such entry" + (f" in {name}" if name else ""))
    if len(lists) > 1:
        raise InputError(f"{entry_key}: in {len(lists)} lists; choose one with --source")
    return lists[0]
