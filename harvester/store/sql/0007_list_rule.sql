-- the list's rule (list-styles.md): journal-first (the model list's) or arxiv-first
ALTER TABLE list_sources ADD COLUMN date_rule TEXT NOT NULL DEFAULT 'journal-first';
