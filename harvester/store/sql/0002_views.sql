-- public views entry_dates and date_conflicts
CREATE VIEW entry_dates AS
SELECT e.entry_key, e.list_source, e.position, e.section, e.title, e.recorded_date,
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
WHERE e.present = 1;
