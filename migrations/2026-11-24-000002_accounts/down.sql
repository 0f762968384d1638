DROP TABLE refresh_tokens;
DROP TABLE sessions;
DROP TABLE account_roles;
DROP TABLE accounts;
