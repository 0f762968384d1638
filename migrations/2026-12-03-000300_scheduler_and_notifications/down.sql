DROP TABLE email_attempts;
DROP TABLE email_outbox;
DROP TABLE notification_preferences;
DROP TABLE notifications;
DROP TABLE scheduled_jobs;
