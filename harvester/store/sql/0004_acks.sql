-- acknowledged findings leave date_conflicts until their evidence changes
ALTER TABLE findings ADD COLUMN evidence_key TEXT NOT NULL DEFAULT '';
CREATE TABLE acks (
    id INTEGER PRIMARY KEY, list_source TEXT NOT NULL, entry_key TEXT NOT NULL,
    kind TEXT NOT NULL, evidence_key TEXT NOT NULL, note TEXT NOT NULL,
    acked_by TEXT NOT NULL, acked_at TEXT NOT NULL
);
CREATE INDEX ix_acks_entry ON acks (list_source, entry_key);
DROP VIEW date_conflicts;
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
