DROP TABLE period_extensions;
DROP TABLE period_overrides;
DROP TABLE quota_overrides;
DROP TABLE quota_policy;
DROP TABLE forms;
