-- evidence: raw replies, records, searches, fetch state
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
    failure TEXT, failures INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (list_source, entry_key)
);
