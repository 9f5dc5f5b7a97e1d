"""SQLModel tables (`*Row`): the project's own business. The public interface is the views."""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class ListRow(SQLModel, table=True):
    """A list the tool has read."""

    __tablename__ = "list_sources"

    source: str = Field(primary_key=True)
    first_read_at: str
    last_read_at: str
    entry_count: int
    date_rule: str = "journal-first"


class EntryRow(SQLModel, table=True):
    """An entry of a list as last parsed; `present` is 0 once it has left the list."""

    __tablename__ = "entries"

    list_source: str = Field(primary_key=True)
    entry_key: str = Field(primary_key=True)
    present: int = 1
    position: int
    section: str | None = None
    title: str
    tag: str | None = None
    recorded_date: str | None = None
    date_text: str | None = None
    date_problem: str | None = None
    line_start: int
    line_end: int
    byte_start: int
    byte_end: int
    links_json: str = "[]"
    arxiv_ids_json: str = "[]"
    dois_json: str = "[]"
    hints_json: str = "[]"
    problems_json: str = "[]"
    first_seen_at: str
    last_seen_at: str
    gone_at: str | None = None
    recorded_precision: str | None = None
    date_label: str | None = None
    date_source: str | None = None
    date_notation: str | None = None


class DecisionRow(SQLModel, table=True):
    """The rule's decision for an entry, with its provenance."""

    __tablename__ = "decisions"

    list_source: str = Field(primary_key=True)
    entry_key: str = Field(primary_key=True)
    resolved_date: str | None = None
    rule: str | None = None
    arxiv_id: str | None = None
    arxiv_submitted: str | None = None
    doi: str | None = None
    venue: str | None = None
    venue_type: str | None = None
    online_date: str | None = None
    online_date_source: str | None = None
    checked_at: str | None = None
    decided_at: str


class FindingRow(SQLModel, table=True):
    """One open finding of the audit table for an entry."""

    __tablename__ = "findings"

    id: int | None = Field(default=None, primary_key=True)
    list_source: str = Field(index=True)
    entry_key: str
    kind: str
    delta_days: int | None = None
    detail: str
    opened_at: str
    evidence_key: str = ""


class ReplyRow(SQLModel, table=True):
    """A raw HTTP reply from a source, as received."""

    __tablename__ = "replies"

    id: int | None = Field(default=None, primary_key=True)
    service: str
    url: str
    status: int
    fetched_at: str
    headers_json: str = "[]"
    body: str


class RecordRow(SQLModel, table=True):
    """The latest good answer for one arXiv ID or DOI: `found` with its JSON, or `not_found`."""

    __tablename__ = "records"

    service: str = Field(primary_key=True)
    record_key: str = Field(primary_key=True)
    status: str
    record_json: str | None = None
    url: str | None = None
    fetched_at: str


class SearchRow(SQLModel, table=True):
    """The latest answer to a title search: the record keys it returned, best first."""

    __tablename__ = "searches"

    service: str = Field(primary_key=True)
    query_key: str = Field(primary_key=True)
    query: str
    candidates_json: str
    url: str | None = None
    fetched_at: str


class FetchStateRow(SQLModel, table=True):
    """When the sources were last consulted for an entry, and its last failure if any."""

    __tablename__ = "fetch_state"

    list_source: str = Field(primary_key=True)
    entry_key: str = Field(primary_key=True)
    checked_at: str | None = None
    failed_at: str | None = None
    failure: str | None = None
    failures: int = 0
    fingerprint: str | None = None


class AckRow(SQLModel, table=True):
    """A maintainer has seen a finding and keeps the recorded date: who, when, why."""

    __tablename__ = "acks"

    id: int | None = Field(default=None, primary_key=True)
    list_source: str
    entry_key: str
    kind: str
    evidence_key: str
    note: str
    acked_by: str
    acked_at: str


class RunRow(SQLModel, table=True):
    """One harvest or nightly run, with its counts."""

    __tablename__ = "runs"

    id: int | None = Field(default=None, primary_key=True)
    started_at: str
    finished_at: str | None = None
    outcome: str
    sources_json: str = "[]"
    entries_seen: int = 0
    entries_due: int = 0
    requests_json: str = "{}"
    retries_json: str = "{}"
    failures: int = 0
    decisions_changed: int = 0
    holder: str = ""
    reason: str = ""


class RunEventRow(SQLModel, table=True):
    """A changed decision (or another notable event) of a run."""

    __tablename__ = "run_events"

    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="runs.id")
    list_source: str
    entry_key: str
    kind: str
    message: str


class PinRow(SQLModel, table=True):
    """The maintainer's decision on an entry's published version: who, when, why."""

    __tablename__ = "pins"

    list_source: str = Field(primary_key=True)
    entry_key: str = Field(primary_key=True)
    target: str
    note: str
    pinned_by: str
    pinned_at: str
