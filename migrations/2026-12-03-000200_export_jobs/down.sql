DROP TABLE export_chunks;
DROP TABLE export_jobs;
