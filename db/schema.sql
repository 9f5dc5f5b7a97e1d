-- harvester's SQLite schema at its latest version (9), for tools that read the file.
-- The two VIEWS are the public, stable interface (README "The database"); the tables are
-- harvester's own business and may change with a migration. harvester creates and upgrades
-- the file itself from harvester/store/sql/NNNN_*.sql; tests/store/test_schema.py checks
-- that this file describes exactly what those migrations build.

CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);

-- The public views.
CREATE VIEW entry_dates AS
SELECT e.entry_key, e.list_source, e.position, e.section, e.title, e.recorded_date,
       CASE WHEN e.recorded_date IS NULL THEN NULL ELSE e.recorded_precision END
           AS recorded_precision,
       d.resolved_date, d.rule,
       COALESCE(d.arxiv_id, json_extract(e.arxiv_ids_json, '$[0]')) AS arxiv_id,
       d.arxiv_submitted, d.doi, d.venue, d.venue_type, d.online_date,
       d.online_date_source, d.checked_at
FROM entries AS e
LEFT JOIN decisions AS d ON d.list_source = e.list_source AND d.entry_key = e.entry_key
WHERE e.present = 1;

CREATE VIEW date_conflicts AS
SELECT f.entry_key, f.list_source, e.title, e.recorded_date, d.resolved_date,
       f.kind, f.delta_days, f.detail
FROM findings AS f
JOIN entries AS e ON e.list_source = f.list_source AND e.entry_key = f.entry_key
LEFT JOIN decisions AS d ON d.list_source = f.list_source AND d.entry_key = f.entry_key
WHERE e.present = 1
  AND NOT EXISTS (
    SELECT 1 FROM acks AS a
    WHERE a.list_source = f.list_source AND a.entry_key = f.entry_key
      AND a.kind = f.kind AND a.evidence_key = f.evidence_key
  );

-- Lists, entries (present = 0 once gone), decisions and findings.
CREATE TABLE list_sources (
    source TEXT PRIMARY KEY, first_read_at TEXT NOT NULL, last_read_at TEXT NOT NULL,
    entry_count INTEGER NOT NULL,
    date_rule TEXT NOT NULL DEFAULT 'journal-first'  -- the list's rule: journal-first or arxiv-first
);
CREATE TABLE entries (
    list_source TEXT NOT NULL, entry_key TEXT NOT NULL, present INTEGER NOT NULL DEFAULT 1,
    position INTEGER NOT NULL, section TEXT, title TEXT NOT NULL, tag TEXT,
    recorded_date TEXT, date_text TEXT, date_problem TEXT,
    line_start INTEGER NOT NULL, line_end INTEGER NOT NULL,
    byte_start INTEGER NOT NULL, byte_end INTEGER NOT NULL,
    links_json TEXT NOT NULL DEFAULT '[]', arxiv_ids_json TEXT NOT NULL DEFAULT '[]',
    dois_json TEXT NOT NULL DEFAULT '[]', hints_json TEXT NOT NULL DEFAULT '[]',
    problems_json TEXT NOT NULL DEFAULT '[]',
    first_seen_at TEXT NOT NULL, last_seen_at TEXT NOT NULL, gone_at TEXT,
    recorded_precision TEXT, date_label TEXT, date_source TEXT, date_notation TEXT,
    PRIMARY KEY (list_source, entry_key)
);
CREATE TABLE decisions (
    list_source TEXT NOT NULL, entry_key TEXT NOT NULL,
    resolved_date TEXT, rule TEXT, arxiv_id TEXT, arxiv_submitted TEXT, doi TEXT,
    venue TEXT, venue_type TEXT, online_date TEXT, online_date_source TEXT,
    checked_at TEXT, decided_at TEXT NOT NULL,
    PRIMARY KEY (list_source, entry_key)
);
CREATE TABLE findings (
    id INTEGER PRIMARY KEY, list_source TEXT NOT NULL, entry_key TEXT NOT NULL,
    kind TEXT NOT NULL, delta_days INTEGER, detail TEXT NOT NULL, opened_at TEXT NOT NULL,
    evidence_key TEXT NOT NULL DEFAULT ''
);
CREATE INDEX ix_findings_list_source ON findings (list_source);
CREATE TABLE acks (
    id INTEGER PRIMARY KEY, list_source TEXT NOT NULL, entry_key TEXT NOT NULL,
    kind TEXT NOT NULL, evidence_key TEXT NOT NULL, note TEXT NOT NULL,
    acked_by TEXT NOT NULL, acked_at TEXT NOT NULL
);
CREATE INDEX ix_acks_entry ON acks (list_source, entry_key);
-- The maintainer's pins: an entry's published version named by hand (DOI, arxiv:ID, none).
CREATE TABLE pins (
    list_source TEXT NOT NULL, entry_key TEXT NOT NULL, target TEXT NOT NULL,
    note TEXT NOT NULL, pinned_by TEXT NOT NULL, pinned_at TEXT NOT NULL,
    PRIMARY KEY (list_source, entry_key)
);

-- Evidence: every raw reply, the latest answer per arXiv ID or DOI, title searches, and
-- when each entry was last fetched for (and what for: its fingerprint).
CREATE TABLE replies (
    id INTEGER PRIMARY KEY, service TEXT NOT NULL, url TEXT NOT NULL, status INTEGER NOT NULL,
    fetched_at TEXT NOT NULL, headers_json TEXT NOT NULL DEFAULT '[]', body TEXT NOT NULL
);
CREATE TABLE records (
    service TEXT NOT NULL, record_key TEXT NOT NULL, status TEXT NOT NULL, record_json TEXT,
    url TEXT, fetched_at TEXT NOT NULL,
    PRIMARY KEY (service, record_key)
);
CREATE TABLE searches (
    service TEXT NOT NULL, query_key TEXT NOT NULL, query TEXT NOT NULL,
    candidates_json TEXT NOT NULL, url TEXT, fetched_at TEXT NOT NULL,
    PRIMARY KEY (service, query_key)
);
CREATE TABLE fetch_state (
    list_source TEXT NOT NULL, entry_key TEXT NOT NULL, checked_at TEXT, failed_at TEXT,
    failure TEXT, failures INTEGER NOT NULL DEFAULT 0, fingerprint TEXT,
    PRIMARY KEY (list_source, entry_key)
);

-- Run history.
CREATE TABLE runs (
    id INTEGER PRIMARY KEY, started_at TEXT NOT NULL, finished_at TEXT, outcome TEXT NOT NULL,
    sources_json TEXT NOT NULL DEFAULT '[]', entries_seen INTEGER NOT NULL DEFAULT 0,
    entries_due INTEGER NOT NULL DEFAULT 0, requests_json TEXT NOT NULL DEFAULT '{}',
    retries_json TEXT NOT NULL DEFAULT '{}', failures INTEGER NOT NULL DEFAULT 0,
    decisions_changed INTEGER NOT NULL DEFAULT 0, holder TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT ''  -- why it ended so, when not ok (a signal, an error)
);
CREATE TABLE run_events (
    id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs (id),
    list_source TEXT NOT NULL, entry_key TEXT NOT NULL, kind TEXT NOT NULL, message TEXT NOT NULL
);
CREATE INDEX ix_run_events_run ON run_events (run_id);
