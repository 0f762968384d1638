// @generated automatically by Diesel CLI.

diesel::table! {
    account_roles (id) {
        id -> Uuid,
        account_id -> Uuid,
        role -> Text,
        unit_id -> Nullable<Uuid>,
        bloc -> Nullable<Text>,
        created_at -> Timestamptz,
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
    }
}

diesel::joinable!(account_roles -> accounts (account_id));
diesel::joinable!(account_roles -> units (unit_id));
diesel::joinable!(accounts -> people (person_id));
diesel::joinable!(people -> units (unit_id));
diesel::joinable!(refresh_tokens -> sessions (session_id));
diesel::joinable!(sessions -> accounts (account_id));

diesel::allow_tables_to_appear_in_same_query!(
    account_roles,
    accounts,
    people,
    refresh_tokens,
    sessions,
    units,
);
