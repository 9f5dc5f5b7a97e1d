-- why a run ended as it did, when not `ok`: the signal that stopped it, the error that
-- crashed it, or that its process ended without closing it
ALTER TABLE runs ADD COLUMN reason TEXT NOT NULL DEFAULT '';
