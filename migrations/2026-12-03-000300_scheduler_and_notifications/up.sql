-- Periodic jobs (issue 12): each runs once per cluster however many API replicas run. A replica
-- claims a due job by moving its next_run_at forward in one UPDATE … FOR UPDATE SKIP LOCKED, so
-- two replicas never claim the same run; running_since marks the run (a run older than an hour
-- is taken as dead and may be claimed again).
CREATE TABLE scheduled_jobs (
    name TEXT PRIMARY KEY,
    every_seconds INTEGER NOT NULL CHECK (every_seconds > 0),
    next_run_at TIMESTAMPTZ NOT NULL,
    running_since TIMESTAMPTZ,
    -- The replica running it ("host:pid").
    running_on TEXT,
    last_started_at TIMESTAMPTZ,
    last_finished_at TIMESTAMPTZ,
    last_status TEXT CHECK (last_status IN ('succeeded', 'failed')),
    last_message TEXT,
    runs INTEGER NOT NULL DEFAULT 0
);
INSERT INTO scheduled_jobs (name, every_seconds, next_run_at) VALUES
    ('alerts', 900, now()),
    ('emails', 60, now()),
    ('cleanup', 3600, now());

-- In-app notifications (Điều 5.4): one per person, cause, period and escalation level, so an
-- alert is never repeated.
CREATE TABLE notifications (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    person_id UUID NOT NULL REFERENCES people (id),
    cause TEXT NOT NULL,
    -- The month (`YYYY-MM`) the alert is about; for an expiring account, its expiry date.
    period TEXT NOT NULL,
    level SMALLINT NOT NULL DEFAULT 0 CHECK (level >= 0),
    unit_id UUID REFERENCES units (id),
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    -- Where the web app shows what it is about.
    link TEXT,
    created_at TIMESTAMPTZ NOT NULL,
    read_at TIMESTAMPTZ,
    UNIQUE (person_id, cause, period, level)
);
CREATE INDEX notifications_person_idx ON notifications (person_id, created_at DESC, id DESC);
CREATE INDEX notifications_unread_idx ON notifications (person_id) WHERE read_at IS NULL;

-- What each person wants to receive (no row: both).
CREATE TABLE notification_preferences (
    person_id UUID PRIMARY KEY REFERENCES people (id),
    in_app BOOLEAN NOT NULL DEFAULT TRUE,
    email BOOLEAN NOT NULL DEFAULT TRUE,
    updated_at TIMESTAMPTZ NOT NULL
);

-- E-mails to send, written in the transaction that creates the notification (an outbox): one
-- sender claims a due row (status `sending` until claimed_until), sends it, and marks it `sent`;
-- a failure is retried with a growing delay, and after `max attempts` the row is `failed`,
-- kept for the operator. Nothing is lost while SMTP is down; nothing is sent twice.
CREATE TABLE email_outbox (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    notification_id UUID REFERENCES notifications (id),
    to_address TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    claimed_until TIMESTAMPTZ,
    last_error TEXT,
    created_at TIMESTAMPTZ NOT NULL,
    sent_at TIMESTAMPTZ
);
CREATE INDEX email_outbox_due_idx ON email_outbox (next_attempt_at) WHERE status IN ('pending', 'sending');

-- Every delivery attempt, successful or not.
CREATE TABLE email_attempts (
    id BIGSERIAL PRIMARY KEY,
    email_id UUID NOT NULL REFERENCES email_outbox (id) ON DELETE CASCADE,
    attempted_at TIMESTAMPTZ NOT NULL,
    succeeded BOOLEAN NOT NULL,
    error TEXT
);
CREATE INDEX email_attempts_email_idx ON email_attempts (email_id);
