-- The commendation proposal list is editable until the unit sends it up (Điều 13.2).
ALTER TABLE publications
    ADD COLUMN commendations_sent_at TIMESTAMPTZ,
    ADD COLUMN commendations_sent_by UUID;
