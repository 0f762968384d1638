-- Webhooks for HR systems (issue 12): a service client subscribes to events; each event is
-- written to an outbox (webhook_events) in the transaction of the change itself, with one
-- delivery per matching subscription, so no event is lost or invented. The `webhooks` job
-- POSTs each delivery, signed, and retries failures with a growing delay; every attempt is
-- kept (webhook_attempts).
CREATE TABLE webhook_subscriptions (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    client_id UUID NOT NULL REFERENCES service_clients (id),
    url TEXT NOT NULL,
    events TEXT[] NOT NULL,
    -- The HMAC-SHA256 key of the signatures, shown once at creation (the server must keep it
    -- to sign).
    secret TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMPTZ NOT NULL,
    created_by UUID
);
CREATE INDEX webhook_subscriptions_client_idx ON webhook_subscriptions (client_id);

CREATE TABLE webhook_events (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    -- `evaluation.decided`, `evaluation.corrected`, `unit.published`, `person.transferred`.
    event TEXT NOT NULL,
    unit_id UUID REFERENCES units (id),
    payload JSONB NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE webhook_deliveries (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    event_id UUID NOT NULL REFERENCES webhook_events (id),
    subscription_id UUID NOT NULL REFERENCES webhook_subscriptions (id),
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'delivered', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    claimed_until TIMESTAMPTZ,
    last_status_code INTEGER,
    last_error TEXT,
    created_at TIMESTAMPTZ NOT NULL,
    delivered_at TIMESTAMPTZ,
    UNIQUE (event_id, subscription_id)
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at)
    WHERE status IN ('pending', 'sending');
CREATE INDEX webhook_deliveries_subscription_idx ON webhook_deliveries (subscription_id, created_at DESC);

CREATE TABLE webhook_attempts (
    id BIGSERIAL PRIMARY KEY,
    delivery_id UUID NOT NULL REFERENCES webhook_deliveries (id),
    attempted_at TIMESTAMPTZ NOT NULL,
    status_code INTEGER,
    error TEXT,
    duration_ms INTEGER NOT NULL
);
CREATE INDEX webhook_attempts_delivery_idx ON webhook_attempts (delivery_id);

INSERT INTO scheduled_jobs (name, every_seconds, next_run_at) VALUES ('webhooks', 30, now());
