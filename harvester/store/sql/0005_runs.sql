-- run history, and a fingerprint of what each entry was fetched for
ALTER TABLE fetch_state ADD COLUMN fingerprint TEXT;
CREATE TABLE runs (
    id INTEGER PRIMARY KEY, started_at TEXT NOT NULL, finished_at TEXT, outcome TEXT NOT NULL,
    sources_json TEXT NOT NULL DEFAULT '[]', entries_seen INTEGER NOT NULL DEFAULT 0,
    entries_due INTEGER NOT NULL DEFAULT 0, requests_json TEXT NOT NULL DEFAULT '{}',
    retries_json TEXT NOT NULL DEFAULT '{}', failures INTEGER NOT NULL DEFAULT 0,
    decisions_changed INTEGER NOT NULL DEFAULT 0, holder TEXT NOT NULL DEFAULT ''
);
CREATE TABLE run_events (
    id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs (id),
    list_source TEXT NOT NULL, entry_key TEXT NOT NULL, kind TEXT NOT NULL, message TEXT NOT NULL
);
CREATE INDEX ix_run_events_run ON run_events (run_id);
