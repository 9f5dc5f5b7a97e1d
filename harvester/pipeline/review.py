"""The maintainer's review over the store: reconcile, explain, render, acknowledge."""

from __future__ import annotations

from typing import Any

from harvester.errors import InputError
from harvester.listing.keys import carry_keys
from harvester.listing.parse import parse_list
from harvester.listing.render import render_list
from harvester.pipeline.reconcile import ReconcileResult, evidence_for, reconcile_list
from harvester.rule.decide import audit_target, decide
from harvester.rule.explain import entry_matches, explanation
from harvester.settings import Settings
from harvester.store import Store
from harvester.upstream.list_source import canonical_source, fetch_list_bytes


def reconcile_lists(store: Store, source: str | None, now: str) -> dict[str, ReconcileResult]:
    """Re-apply the rule to one list (as given) or to every stored list."""
    names = [canonical_source(source)] if source else store.list_sources()
    return {name: reconcile_list(store, name, now) for name in names}


def explain_entries(store: Store, query: str) -> list[dict[str, Any]]:
    """Every candidate and the decision of each entry matching `query`; InputError if none."""
    docs = []
    with store.transaction():
        found = store.found_ids()
        for source, entry in store.present_entries():
            if not entry_matches(entry, query, found.get((source, entry.entry_key), (None, None))):
                continue
            evidence = evidence_for(store, source, [entry])[entry.entry_key]
            rule = store.list_rule(source)
            decision = decide(entry, evidence, rule)
            urls = store.record_urls([c.key for c in decision.considered])
            docs.append(explanation(source, entry, decision, urls, rule))
    if not docs:
        raise InputError(f"no entry matches {query!r}")
    return docs


def render_source(store: Store, source: str, settings: Settings) -> tuple[bytes, bytes]:
    """(the list as read, the list with each recorded date replaced by the resolved one)."""
    raw = fetch_list_bytes(source, settings.timeout, settings.user_agent)
    name = canonical_source(source)
    entries = carry_keys(store.known_entries(name), parse_list(raw))
    decided = store.resolved_for_render(name)
    targets = {
        e.entry_key: target
        for e in entries
        if e.entry_key in decided and (target := audit_target(e, *decided[e.entry_key]))
    }
    return raw, render_list(raw, entries, targets)


def acknowledge(
    store: Store,
    entry_key: str,
    note: str,
    kinds: list[str],
    source: str | None,
    who: str,
    now: str,
) -> list[str]:
    """Acknowledge an entry's open findings (of `kinds`, default all); the kinds acked."""
    name = canonical_source(source) if source else None
    with store.transaction():
        rows = [r for r in store.conflicts(name, kinds) if r["entry_key"] == entry_key]
        if not rows:
            raise InputError(f"{entry_key}: no open finding to acknowledge")
        store.acknowledge(rows, note, who, now)
    return [r["kind"] for r in rows]
