DELETE FROM scheduled_jobs WHERE name = 'stats';
