DELETE FROM scheduled_jobs WHERE name = 'backup';
DROP TABLE backups;
