ALTER TABLE publications DROP COLUMN commendations_sent_at, DROP COLUMN commendations_sent_by;
