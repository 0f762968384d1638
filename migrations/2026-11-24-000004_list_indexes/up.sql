-- Keyset paging of people by name (GET /people) without sorting the whole table.
CREATE INDEX people_name_id_idx ON people (full_name, id);
-- Accounts by username (GET /accounts) use accounts_username_key (lower(username)).
