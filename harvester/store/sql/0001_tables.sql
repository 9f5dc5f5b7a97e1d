-- tables for lists, entries, decisions and findings
CREATE TABLE list_sources (
    source TEXT PRIMARY KEY, first_read_at TEXT NOT NULL, last_read_at TEXT NOT NULL,
    entry_count INTEGER NOT NULL
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
    kind TEXT NOT NULL, delta_days INTEGER, detail TEXT NOT NULL, opened_at TEXT NOT NULL
);
CREATE INDEX ix_findings_list_source ON findings (list_source);
