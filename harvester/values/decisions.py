"""What the rule decides, and what the store remembers of earlier decisions, as frozen records."""

from __future__ import annotations

from dataclasses import dataclass, replace

from harvester.values.entries import Entry

#: Every kind of finding the audit shows (the date rule's audit table, then ours:
#: `broken_link` and `order`, see README "What the audit reports").
FINDING_KINDS = (
    "date_mismatch", "missing_recorded_date", "ambiguous_match", "unresolved",
    "journal_date_imprecise", "fetch_failed", "possible_published_version", "broken_link",
    "order",
)  # fmt: skip
#: Finding kinds decided from the list alone; storing a re-parsed list replaces them.
LIST_FINDING_KINDS = ("missing_recorded_date",)
#: Finding kinds the reconcile decides over the whole list, not `decide` per entry.
LIST_WIDE_KINDS = ("order",)
#: A list's rule (list-styles.md): which date wins when a journal published the preprint.
LIST_RULES = ("journal-first", "arxiv-first")
DEFAULT_LIST_RULE = "journal-first"


@dataclass(frozen=True)
class Finding:
    """One finding of the audit table, before it is stored. `evidence`, when given, is
    what an ack of it holds for (else the entry's decision)."""

    kind: str
    detail: str
    delta_days: int | None = None
    evidence: tuple[str | None, ...] = ()


PIN_ORIGIN = "maintainer's pin"  # a Consideration's origin when the maintainer named it


@dataclass(frozen=True)
class Consideration:
    """One candidate the rule looked at: where it came from and what it made of it."""

    origin: str
    key: str
    title: str
    verdict: str


@dataclass(frozen=True)
class Decision:
    """The rule's answer for one entry, with its provenance and findings."""

    rule: str
    resolved_date: str | None
    arxiv_id: str | None = None
    arxiv_submitted: str | None = None
    doi: str | None = None
    venue: str | None = None
    venue_type: str | None = None
    online_date: str | None = None
    online_date_source: str | None = None
    findings: tuple[Finding, ...] = ()
    considered: tuple[Consideration, ...] = ()


@dataclass(frozen=True)
class DecisionChange:
    """An entry whose rule or resolved date changed in a reconcile."""

    entry_key: str
    title: str
    before: tuple[str | None, str | None]
    after: tuple[str | None, str | None]


@dataclass(frozen=True)
class EntryState:
    """What the store knows of an entry's last refresh and decision."""

    fingerprint: str | None
    checked_at: str | None
    failed_at: str | None
    failures: int
    rule: str | None
    ambiguous: bool
    failure: str | None = None


@dataclass(frozen=True)
class Pin:
    """The maintainer's decision on an entry's published version: a DOI or `arxiv:ID` to
    take as if the list linked it, or `none` (no published version); who, when, why."""

    entry_key: str
    target: str
    note: str
    pinned_by: str
    pinned_at: str

    @property
    def no_version(self) -> bool:
        """The maintainer says the entry has no published version."""
        return self.target == "none"

    def apply(self, entry: Entry) -> Entry:
        """The entry as the rule sees it: the pinned identifier first among its links."""
        if self.target.startswith("arxiv:"):
            arxiv_id = self.target.removeprefix("arxiv:")
            ids = (arxiv_id, *(i for i in entry.arxiv_ids if i != arxiv_id))
            return replace(entry, arxiv_ids=ids)
        if self.no_version:
            return entry
        return replace(entry, dois=(self.target, *(d for d in entry.dois if d != self.target)))


@dataclass(frozen=True)
class Ack:
    """The maintainer has seen a finding and keeps the recorded date; it holds while the
    finding's evidence (`evidence_key`) is unchanged."""

    entry_key: str
    kind: str
    evidence_key: str
    note: str
    acked_by: str
    acked_at: str


@dataclass(frozen=True)
class Decisions:
    """A list's acks and pins: what the maintainer decided, kept beside the list."""

    acks: tuple[Ack, ...] = ()
    pins: tuple[Pin, ...] = ()

    def entry_keys(self) -> set[str]:
        """Every entry a decision is about."""
        return {a.entry_key for a in self.acks} | {p.entry_key for p in self.pins}
