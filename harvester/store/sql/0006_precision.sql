-- recorded dates at their precision: each entry's date precision, label, source and notation
ALTER TABLE entries ADD COLUMN recorded_precision TEXT;
ALTER TABLE entries ADD COLUMN date_label TEXT;
ALTER TABLE entries ADD COLUMN date_source TEXT;
ALTER TABLE entries ADD COLUMN date_notation TEXT;
UPDATE entries SET recorded_precision = 'day', date_source = 'entry', date_notation = 'ymd'
WHERE date_text IS NOT NULL;
DROP VIEW entry_dates;
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
