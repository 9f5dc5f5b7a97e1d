-- the maintainer's pins: an entry's published version named by hand (a DOI, arxiv:ID or none)
CREATE TABLE pins (
    list_source TEXT NOT NULL, entry_key TEXT NOT NULL, target TEXT NOT NULL,
    note TEXT NOT NULL, pinned_by TEXT NOT NULL, pinned_at TEXT NOT NULL,
    PRIMARY KEY (list_source, entry_key)
);
