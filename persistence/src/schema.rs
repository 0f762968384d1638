// @generated automatically by Diesel CLI.

diesel::table! {
    account_roles (id) {
        id -> Uuid,
        account_id -> Uuid,
        role -> Text,
        unit_id -> Nullable<Uuid>,
        bloc -> Nullable<Text>,
        created_at -> Timestamptz,
        decision_number -> Nullable<Text>,
        decision_date -> Nullable<Date>,
    }
}

diesel::table! {
    accounts (id) {
        id -> Uuid,
        username -> Text,
        password_hash -> Text,
        person_id -> Nullable<Uuid>,
        status -> Text,
        must_change_password -> Bool,
        failed_attempts -> Int4,
        locked_until -> Nullable<Timestamptz>,
        password_changed_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        holder_person_id -> Nullable<Uuid>,
        valid_until -> Nullable<Timestamptz>,
        status_reason -> Nullable<Text>,
    }
}

diesel::table! {
    audit_checkpoints (day, chain) {
        day -> Date,
        last_id -> Int8,
        head_hash -> Bytea,
        signature -> Bytea,
        signed_at -> Timestamptz,
        chain -> Int2,
    }
}

diesel::table! {
    audit_log (id) {
        id -> Int8,
        at -> Timestamptz,
        actor_account_id -> Nullable<Uuid>,
        actor_client_id -> Nullable<Uuid>,
        ip -> Nullable<Text>,
        action -> Text,
        entity -> Text,
        entity_id -> Text,
        unit_id -> Nullable<Uuid>,
        before -> Nullable<Jsonb>,
        after -> Nullable<Jsonb>,
        prev_hash -> Bytea,
        hash -> Bytea,
        chain -> Int2,
    }
}

diesel::table! {
    audit_pending (seq) {
        seq -> Int8,
        chain -> Int2,
        at -> Timestamptz,
        actor_account_id -> Nullable<Uuid>,
        actor_client_id -> Nullable<Uuid>,
        ip -> Nullable<Text>,
        action -> Text,
        entity -> Text,
        entity_id -> Text,
        unit_id -> Nullable<Uuid>,
        before -> Nullable<Jsonb>,
        after -> Nullable<Jsonb>,
    }
}

diesel::table! {
    backups (id) {
        id -> Uuid,
        file_name -> Text,
        status -> Text,
        byte_size -> Int8,
        sha256 -> Nullable<Text>,
        manifest -> Nullable<Jsonb>,
        created_by -> Nullable<Uuid>,
        created_at -> Timestamptz,
        finished_at -> Nullable<Timestamptz>,
        verified_at -> Nullable<Timestamptz>,
        message -> Nullable<Text>,
    }
}

diesel::table! {
    commendations (id) {
        id -> Uuid,
        unit_id -> Uuid,
        period -> Text,
        person_id -> Uuid,
        reason -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    delegations (id) {
        id -> Uuid,
        unit_id -> Uuid,
        acting_person_id -> Uuid,
        valid_from -> Date,
        valid_until -> Nullable<Date>,
        note -> Nullable<Text>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    email_attempts (id) {
        id -> Int8,
        email_id -> Uuid,
        attempted_at -> Timestamptz,
        succeeded -> Bool,
        error -> Nullable<Text>,
    }
}

diesel::table! {
    email_outbox (id) {
        id -> Uuid,
        notification_id -> Nullable<Uuid>,
        to_address -> Text,
        subject -> Text,
        body -> Text,
        status -> Text,
        attempts -> Int4,
        next_attempt_at -> Timestamptz,
        claimed_until -> Nullable<Timestamptz>,
        last_error -> Nullable<Text>,
        created_at -> Timestamptz,
        sent_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    evaluation_events (id) {
        id -> Int8,
        evaluation_id -> Uuid,
        at -> Timestamptz,
        account_id -> Nullable<Uuid>,
        transition -> Text,
        from_state -> Text,
        to_state -> Text,
        acted_as -> Text,
        reason -> Nullable<Text>,
        revision -> Int4,
    }
}

diesel::table! {
    evaluation_revisions (evaluation_id, revision) {
        evaluation_id -> Uuid,
        revision -> Int4,
        snapshot -> Jsonb,
        replaced_at -> Timestamptz,
        reason -> Text,
    }
}

diesel::table! {
    evaluations (id) {
        id -> Uuid,
        person_id -> Uuid,
        period -> Text,
        unit_id -> Uuid,
        publishing_unit_id -> Uuid,
        form_code -> Int2,
        form_version -> Int4,
        state -> Text,
        version -> Int4,
        revision -> Int4,
        reviewer_id -> Nullable<Uuid>,
        decider_id -> Nullable<Uuid>,
        chain_rule -> Text,
        scores -> Jsonb,
        totals -> Jsonb,
        comments -> Jsonb,
        completion -> Jsonb,
        knock_outs -> Jsonb,
        rank_self -> Nullable<Text>,
        rank_by_points -> Nullable<Text>,
        rank_final -> Nullable<Text>,
        adjust_reason -> Nullable<Text>,
        flags -> Array<Nullable<Text>>,
        self_submitted_at -> Nullable<Timestamptz>,
        reviewed_at -> Nullable<Timestamptz>,
        decided_at -> Nullable<Timestamptz>,
        published_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        form_extension -> Nullable<Jsonb>,
    }
}

diesel::table! {
    evaluator_assignments (id) {
        id -> Uuid,
        person_id -> Uuid,
        reviewer_id -> Nullable<Uuid>,
        decider_id -> Nullable<Uuid>,
        valid_from -> Date,
        valid_until -> Nullable<Date>,
        note -> Nullable<Text>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    evaluator_rules (office) {
        office -> Text,
        decided_by -> Array<Nullable<Text>>,
        updated_at -> Timestamptz,
        updated_by -> Nullable<Uuid>,
    }
}

diesel::table! {
    export_chunks (export_id, seq) {
        export_id -> Uuid,
        seq -> Int4,
        data -> Bytea,
    }
}

diesel::table! {
    export_jobs (id) {
        id -> Uuid,
        kind -> Text,
        format -> Text,
        query -> Text,
        status -> Text,
        total_rows -> Int8,
        processed_rows -> Int8,
        file_name -> Text,
        content_type -> Text,
        byte_size -> Int8,
        error -> Nullable<Jsonb>,
        created_by -> Nullable<Uuid>,
        created_at -> Timestamptz,
        finished_at -> Nullable<Timestamptz>,
        expires_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    forms (code, version) {
        code -> Int2,
        version -> Int4,
        title -> Text,
        effective_from -> Date,
        editable_default -> Bool,
        definition -> Jsonb,
        created_at -> Timestamptz,
        created_by -> Nullable<Uuid>,
    }
}

diesel::table! {
    idempotency_keys (caller, key) {
        caller -> Text,
        key -> Text,
        scope -> Text,
        status -> Nullable<Int2>,
        body -> Nullable<Jsonb>,
        created_at -> Timestamptz,
        request_hash -> Nullable<Bytea>,
    }
}

diesel::table! {
    imports (id) {
        id -> Uuid,
        kind -> Text,
        status -> Text,
        file_name -> Text,
        file_sha256 -> Bytea,
        total_rows -> Int4,
        processed_rows -> Int4,
        created_rows -> Int4,
        updated_rows -> Int4,
        unchanged_rows -> Int4,
        errors -> Jsonb,
        created_by -> Nullable<Uuid>,
        created_at -> Timestamptz,
        finished_at -> Nullable<Timestamptz>,
        heartbeat_at -> Timestamptz,
    }
}

diesel::table! {
    in_charge_people (person_id, subject_id) {
        person_id -> Uuid,
        subject_id -> Uuid,
    }
}

diesel::table! {
    in_charge_units (person_id, unit_id) {
        person_id -> Uuid,
        unit_id -> Uuid,
    }
}

diesel::table! {
    notification_preferences (person_id) {
        person_id -> Uuid,
        in_app -> Bool,
        email -> Bool,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    notifications (id) {
        id -> Uuid,
        person_id -> Uuid,
        cause -> Text,
        period -> Text,
        level -> Int2,
        unit_id -> Nullable<Uuid>,
        title -> Text,
        body -> Text,
        link -> Nullable<Text>,
        created_at -> Timestamptz,
        read_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    org_version (id) {
        id -> Bool,
        version -> Int8,
    }
}

diesel::table! {
    people (id) {
        id -> Uuid,
        external_id -> Nullable<Text>,
        full_name -> Text,
        email -> Nullable<Text>,
        unit_id -> Uuid,
        position_category -> Text,
        position_title -> Text,
        form_code -> Int2,
        active -> Bool,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        office -> Nullable<Text>,
    }
}

diesel::table! {
    period_extensions (id) {
        id -> Uuid,
        period -> Text,
        person_id -> Uuid,
        step -> Text,
        until -> Timestamptz,
        created_at -> Timestamptz,
        created_by -> Nullable<Uuid>,
    }
}

diesel::table! {
    period_overrides (id) {
        id -> Uuid,
        period -> Text,
        unit_id -> Nullable<Uuid>,
        plan_due -> Nullable<Timestamptz>,
        self_opens -> Nullable<Timestamptz>,
        self_closes -> Nullable<Timestamptz>,
        decision_closes -> Nullable<Timestamptz>,
        publication_closes -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        created_by -> Nullable<Uuid>,
    }
}

diesel::table! {
    plan_comments (id) {
        id -> Uuid,
        person_id -> Uuid,
        period -> Text,
        item_id -> Nullable<Uuid>,
        author_person_id -> Uuid,
        text -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    plan_items (id) {
        id -> Uuid,
        person_id -> Uuid,
        period -> Text,
        kind -> Text,
        week -> Nullable<Int2>,
        title -> Text,
        expected_output -> Nullable<Text>,
        due_date -> Nullable<Date>,
        status -> Text,
        completion_percent -> Int2,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    post_history (id) {
        id -> Uuid,
        person_id -> Uuid,
        unit_id -> Uuid,
        position_category -> Text,
        position_title -> Text,
        form_code -> Int2,
        started_at -> Timestamptz,
        ended_at -> Nullable<Timestamptz>,
        reason -> Nullable<Text>,
        office -> Nullable<Text>,
    }
}

diesel::table! {
    publications (id) {
        id -> Uuid,
        unit_id -> Uuid,
        period -> Text,
        published_at -> Timestamptz,
        published_by -> Nullable<Uuid>,
        commendations_sent_at -> Nullable<Timestamptz>,
        commendations_sent_by -> Nullable<Uuid>,
        snapshot -> Nullable<Jsonb>,
        snapshot_revision -> Int4,
    }
}

diesel::table! {
    quota_group_forms (unit_id, form_code) {
        unit_id -> Uuid,
        form_code -> Int2,
        group_name -> Text,
    }
}

diesel::table! {
    quota_group_people (unit_id, person_id) {
        unit_id -> Uuid,
        person_id -> Uuid,
        group_name -> Text,
    }
}

diesel::table! {
    quota_overrides (unit_id) {
        unit_id -> Uuid,
        decision_number -> Text,
        percent -> Int4,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    quota_policy (id) {
        id -> Int2,
        policy -> Jsonb,
        updated_at -> Timestamptz,
        updated_by -> Nullable<Uuid>,
    }
}

diesel::table! {
    rank_counts (period, publishing_unit_id, unit_id, position_category, form_code, rank) {
        period -> Text,
        publishing_unit_id -> Uuid,
        unit_id -> Uuid,
        position_category -> Text,
        form_code -> Int2,
        rank -> Text,
        qualified_a_ranked_b -> Int4,
        n -> Int4,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> Uuid,
        session_id -> Uuid,
        token_hash -> Bytea,
        created_at -> Timestamptz,
        expires_at -> Timestamptz,
        spent_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    scheduled_jobs (name) {
        name -> Text,
        every_seconds -> Int4,
        next_run_at -> Timestamptz,
        running_since -> Nullable<Timestamptz>,
        running_on -> Nullable<Text>,
        last_started_at -> Nullable<Timestamptz>,
        last_finished_at -> Nullable<Timestamptz>,
        last_status -> Nullable<Text>,
        last_message -> Nullable<Text>,
        runs -> Int4,
    }
}

diesel::table! {
    service_clients (id) {
        id -> Uuid,
        client_id -> Text,
        secret_hash -> Text,
        name -> Text,
        unit_id -> Nullable<Uuid>,
        scopes -> Array<Nullable<Text>>,
        status -> Text,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    sessions (id) {
        id -> Uuid,
        account_id -> Uuid,
        created_at -> Timestamptz,
        expires_at -> Timestamptz,
        revoked_at -> Nullable<Timestamptz>,
        revoked_reason -> Nullable<Text>,
    }
}

diesel::table! {
    unit_form_extensions (unit_id, form_code) {
        unit_id -> Uuid,
        form_code -> Int2,
        extension -> Jsonb,
        updated_at -> Timestamptz,
        updated_by -> Nullable<Uuid>,
    }
}

diesel::table! {
    units (id) {
        id -> Uuid,
        code -> Text,
        name -> Text,
        level -> Text,
        bloc -> Text,
        parent_id -> Nullable<Uuid>,
        active -> Bool,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        path -> Text,
    }
}

diesel::table! {
    webhook_attempts (id) {
        id -> Int8,
        delivery_id -> Uuid,
        attempted_at -> Timestamptz,
        status_code -> Nullable<Int4>,
        error -> Nullable<Text>,
        duration_ms -> Int4,
    }
}

diesel::table! {
    webhook_deliveries (id) {
        id -> Uuid,
        event_id -> Uuid,
        subscription_id -> Uuid,
        status -> Text,
        attempts -> Int4,
        next_attempt_at -> Timestamptz,
        claimed_until -> Nullable<Timestamptz>,
        last_status_code -> Nullable<Int4>,
        last_error -> Nullable<Text>,
        created_at -> Timestamptz,
        delivered_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    webhook_events (id) {
        id -> Uuid,
        event -> Text,
        unit_id -> Nullable<Uuid>,
        payload -> Jsonb,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    webhook_subscriptions (id) {
        id -> Uuid,
        client_id -> Uuid,
        url -> Text,
        events -> Array<Nullable<Text>>,
        secret -> Text,
        active -> Bool,
        created_at -> Timestamptz,
        created_by -> Nullable<Uuid>,
    }
}

diesel::joinable!(account_roles -> accounts (account_id));
diesel::joinable!(account_roles -> units (unit_id));
diesel::joinable!(commendations -> people (person_id));
diesel::joinable!(commendations -> units (unit_id));
diesel::joinable!(delegations -> people (acting_person_id));
diesel::joinable!(delegations -> units (unit_id));
diesel::joinable!(email_attempts -> email_outbox (email_id));
diesel::joinable!(email_outbox -> notifications (notification_id));
diesel::joinable!(evaluation_events -> evaluations (evaluation_id));
diesel::joinable!(evaluation_revisions -> evaluations (evaluation_id));
diesel::joinable!(export_chunks -> export_jobs (export_id));
diesel::joinable!(in_charge_units -> people (person_id));
diesel::joinable!(in_charge_units -> units (unit_id));
diesel::joinable!(notification_preferences -> people (person_id));
diesel::joinable!(notifications -> people (person_id));
diesel::joinable!(notifications -> units (unit_id));
diesel::joinable!(people -> units (unit_id));
diesel::joinable!(period_extensions -> people (person_id));
diesel::joinable!(period_overrides -> units (unit_id));
diesel::joinable!(plan_comments -> plan_items (item_id));
diesel::joinable!(plan_items -> people (person_id));
diesel::joinable!(post_history -> people (person_id));
diesel::joinable!(post_history -> units (unit_id));
diesel::joinable!(publications -> units (unit_id));
diesel::joinable!(quota_group_forms -> units (unit_id));
diesel::joinable!(quota_group_people -> people (person_id));
diesel::joinable!(quota_group_people -> units (unit_id));
diesel::joinable!(quota_overrides -> units (unit_id));
diesel::joinable!(refresh_tokens -> sessions (session_id));
diesel::joinable!(service_clients -> units (unit_id));
diesel::joinable!(sessions -> accounts (account_id));
diesel::joinable!(unit_form_extensions -> units (unit_id));
diesel::joinable!(webhook_attempts -> webhook_deliveries (delivery_id));
diesel::joinable!(webhook_deliveries -> webhook_events (event_id));
diesel::joinable!(webhook_deliveries -> webhook_subscriptions (subscription_id));
diesel::joinable!(webhook_events -> units (unit_id));
diesel::joinable!(webhook_subscriptions -> service_clients (client_id));

diesel::allow_tables_to_appear_in_same_query!(
    account_roles,
    accounts,
    audit_checkpoints,
    audit_log,
    audit_pending,
    backups,
    commendations,
    delegations,
    email_attempts,
    email_outbox,
    evaluation_events,
    evaluation_revisions,
    evaluations,
    evaluator_assignments,
    evaluator_rules,
    export_chunks,
    export_jobs,
    forms,
    idempotency_keys,
    imports,
    in_charge_people,
    in_charge_units,
    notification_preferences,
    notifications,
    org_version,
    people,
    period_extensions,
    period_overrides,
    plan_comments,
    plan_items,
    post_history,
    publications,
    quota_group_forms,
    quota_group_people,
    quota_overrides,
    quota_policy,
    rank_counts,
    refresh_tokens,
    scheduled_jobs,
    service_clients,
    sessions,
    unit_form_extensions,
    units,
    webhook_attempts,
    webhook_deliveries,
    webhook_events,
    webhook_subscriptions,
);
