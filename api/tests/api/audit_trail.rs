//! The audit trail is tamper-evident in fact (issue 9, item 7): it cannot be truncated, cutting
//! off its newest rows is caught by the signed daily checkpoint, the application's role may
//! only read and append to it, and the address recorded is the peer's unless the peer is a
//! trusted proxy.

use actix_web::http::StatusCode;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use persistence::queries::audit::{self, AuditActor, AuditEntry};
use secrecy::ExposeSecret;
use serde_json::{Value, json};

use crate::fixture::{self, PASSWORD};
use crate::helpers::{TestApp, spawn_app, spawn_app_with};

/// Renames Q1-A `times` times as the operator (one audit entry each); returns the token.
async fn rename(app: &TestApp, unit: uuid::Uuid, times: usize, forwarded: Option<&str>) -> String {
    let (operator, _) = app.tokens("operator", PASSWORD).await;
    for i in 0..times {
        let mut request = app
            .client
            .patch(app.url(&format!("/api/v1/units/{unit}")))
            .bearer_auth(&operator);
        if let Some(forwarded) = forwarded {
            request = request.insert_header(("x-forwarded-for", forwarded));
        }
        let answer = app
            .send(request, Some(&json!({"name": format!("Phòng A{i}")})))
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    }
    operator
}

async fn verification(app: &TestApp, operator: &str) -> Value {
    let answer = app.get_with_token("/api/v1/audit/verify", operator).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    answer.json()
}

#[actix_web::test]
async fn the_trail_cannot_be_truncated_nor_its_checkpoints_deleted() {
    let app = spawn_app().await;
    let f = fixture::build(&app);
    rename(&app, f.q1a.id, 2, None).await;
    let conn = &mut app.trail_conn();
    for statement in [
        "TRUNCATE audit_log",
        "TRUNCATE audit_log CASCADE",
        "TRUNCATE audit_checkpoints",
        "DELETE FROM audit_checkpoints",
        "UPDATE audit_checkpoints SET last_id = last_id - 1",
    ] {
        let refused = diesel::sql_query(statement).execute(conn);
        assert!(refused.is_err(), "{statement} was allowed");
    }
    let rows: i64 = persistence::schema::audit_log::table
        .count()
        .get_result(conn)
        .unwrap();
    assert_eq!(rows, 2);
}

/// Deleting the newest rows breaks no link of the chain; the signed checkpoint still names the
/// row that is gone. A checkpoint moved forward by hand has no valid signature.
#[actix_web::test]
async fn deleting_the_newest_rows_is_detected_through_the_checkpoint() {
    let app = spawn_app().await;
    let f = fixture::build(&app);
    let operator = rename(&app, f.q1a.id, 3, None).await;
    let intact = verification(&app, &operator).await;
    assert_eq!(intact["intact"], true, "{intact}");
    assert_eq!(intact["rows_checked"], 3);
    assert_eq!(intact["checkpoints_checked"], 1);
    assert!(intact["checkpoint_problem"].is_null());

    // A superuser, past the trigger, cuts off the newest two rows.
    let conn = &mut app.conn();
    diesel::sql_query("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update")
        .execute(conn)
        .unwrap();
    diesel::sql_query(
        "DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log ORDER BY id DESC LIMIT 2)",
    )
    .execute(conn)
    .unwrap();
    let cut = verification(&app, &operator).await;
    assert_eq!(
        cut["first_broken_id"],
        Value::Null,
        "the links still hold: {cut}"
    );
    assert_eq!(cut["intact"], false, "{cut}");
    assert_eq!(cut["checkpoint_problem"]["reason"], "head_missing", "{cut}");
    let outcome = audit::verify(conn).unwrap();
    assert!(!outcome.intact());

    // Moving the checkpoint back to the surviving head needs the key: by hand it is refused
    // (only forward), and past that trigger the signature no longer matches.
    diesel::sql_query("ALTER TABLE audit_checkpoints DISABLE TRIGGER audit_checkpoints_forward")
        .execute(conn)
        .unwrap();
    diesel::sql_query(
        "UPDATE audit_checkpoints SET (last_id, head_hash) = (SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1)",
    )
    .execute(conn)
    .unwrap();
    let forged = verification(&app, &operator).await;
    assert_eq!(
        forged["checkpoint_problem"]["reason"], "bad_signature",
        "{forged}"
    );
}

/// Rows appended around the application (no checkpoint) are reported too.
#[actix_web::test]
async fn rows_after_the_newest_checkpoint_are_reported() {
    let app = spawn_app().await;
    let f = fixture::build(&app);
    let operator = rename(&app, f.q1a.id, 1, None).await;
    audit::link_pending(&mut app.conn()).unwrap();
    diesel::sql_query(
        "INSERT INTO audit_log (chain, at, action, entity, entity_id, prev_hash, hash) SELECT chain, now(), 'x', 'x', 'x', hash, sha256(hash) FROM audit_log ORDER BY id DESC LIMIT 1",
    )
    .execute(&mut app.conn())
    .unwrap();
    let outcome = verification(&app, &operator).await;
    assert_eq!(outcome["intact"], false, "{outcome}");
    // Named by the checkpoints themselves, not only by the broken hash chain.
    assert_eq!(
        outcome["checkpoint_problem"]["reason"], "unsigned_rows",
        "{outcome}"
    );
}

/// scripts/sql/app-role-grants.sql: the application's role appends to the trail but cannot
/// change, delete or truncate it. (The role is cluster-wide: created once, if missing, with no
/// login; the grants are on this test's database only.)
#[actix_web::test]
async fn the_application_role_may_only_read_and_append_to_the_trail() {
    let app = spawn_app().await;
    let f = fixture::build(&app);
    rename(&app, f.q1a.id, 1, None).await;
    let conn = &mut app.conn();
    diesel::sql_query(
        "DO $$ BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'danhgia_app') THEN
                CREATE ROLE danhgia_app NOLOGIN;
            END IF;
         EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
         END $$",
    )
    .execute(conn)
    .unwrap();
    conn.batch_execute(include_str!("../../../scripts/sql/app-role-grants.sql"))
        .unwrap();

    let mut app_conn = PgConnection::establish(app.config.database_url.expose_secret()).unwrap();
    diesel::sql_query("SET ROLE danhgia_app")
        .execute(&mut app_conn)
        .unwrap();
    // Ordinary work, appending, and linking (with its checkpoint) are allowed.
    let units: i64 = persistence::schema::units::table
        .count()
        .get_result(&mut app_conn)
        .unwrap();
    assert!(units > 0);
    let append = |conn: &mut PgConnection, action: &str| {
        audit::append(
            conn,
            &AuditActor::default(),
            &[AuditEntry::new(action, "unit", f.q1a.id)],
            chrono::Utc::now(),
        )
        .unwrap()
    };
    append(&mut app_conn, "test");
    append(&mut app_conn, "test.waiting");
    let waiting = || -> i64 {
        persistence::schema::audit_pending::table
            .count()
            .get_result(
                &mut PgConnection::establish(app.config.database_url.expose_secret()).unwrap(),
            )
            .unwrap()
    };
    let before_linking = waiting();
    assert!(before_linking >= 3, "the rename's entry and these two wait");
    assert_eq!(
        audit::link_pending(&mut app_conn).unwrap() as i64,
        before_linking
    );
    assert_eq!(waiting(), 0);
    // An entry still waiting cannot be changed through the application's role either.
    append(&mut app_conn, "test.waiting");
    for statement in [
        "UPDATE audit_pending SET action = 'x'",
        "UPDATE audit_log SET action = 'x'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
        "DELETE FROM audit_checkpoints",
        "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update",
    ] {
        let error = diesel::sql_query(statement)
            .execute(&mut app_conn)
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("permission denied") || error.contains("must be owner"),
            "{statement}: {error}"
        );
    }
    assert!(audit::verify(&mut app_conn).unwrap().intact());
}

/// The address recorded is the peer's; X-Forwarded-For counts only from a trusted proxy.
#[actix_web::test]
async fn forwarded_for_is_ignored_from_an_untrusted_peer() {
    let last_ip = |app: &TestApp| -> Option<String> {
        audit::link_pending(&mut app.conn()).unwrap();
        persistence::schema::audit_log::table
            .order(persistence::schema::audit_log::id.desc())
            .select(persistence::schema::audit_log::ip)
            .first(&mut app.conn())
            .unwrap()
    };
    let app = spawn_app().await;
    let f = fixture::build(&app);
    rename(&app, f.q1a.id, 1, Some("203.0.113.9")).await;
    assert_eq!(last_ip(&app).as_deref(), Some("127.0.0.1"));

    let app = spawn_app_with(|config| {
        config.trusted_proxies =
            api::client_ip::TrustedProxies::parse(&["127.0.0.1".to_owned()]).unwrap();
    })
    .await;
    let f = fixture::build(&app);
    rename(&app, f.q1a.id, 1, Some("198.51.100.1, 203.0.113.9")).await;
    assert_eq!(last_ip(&app).as_deref(), Some("203.0.113.9"));
}

/// Appends as `account` (one entry a transaction, `times` times) on a connection of its own.
fn append_as(url: &str, account: uuid::Uuid, times: usize) {
    let actor = AuditActor {
        account_id: Some(account),
        ..AuditActor::default()
    };
    let mut conn = PgConnection::establish(url).unwrap();
    for n in 0..times {
        conn.transaction(|conn| {
            audit::append(
                conn,
                &actor,
                &[AuditEntry::new("test.append", "test", n)],
                chrono::Utc::now(),
            )
        })
        .unwrap();
    }
}

/// The chains the trail's rows are in, with their row counts (what is pending linked first).
fn rows_by_chain(conn: &mut PgConnection) -> Vec<(i16, i64)> {
    use persistence::schema::audit_log::dsl::*;
    audit::link_pending(conn).unwrap();
    audit_log
        .group_by(chain)
        .select((chain, diesel::dsl::count_star()))
        .order(chain)
        .load(conn)
        .unwrap()
}

/// Issue 13: writes by different people go to different chains; each chain links and
/// checkpoints on its own.
#[actix_web::test]
async fn appends_by_different_people_go_to_their_own_chains_and_all_verify() {
    let app = spawn_app().await;
    // Ids chosen for their chains (the id modulo 16): 1 and 2.
    let (first, second) = (uuid::Uuid::from_u128(17), uuid::Uuid::from_u128(2));
    let url = app.config.database_url.expose_secret().to_owned();
    std::thread::scope(|s| {
        s.spawn(|| append_as(&url, first, 40));
        s.spawn(|| append_as(&url, second, 40));
    });
    let conn = &mut app.conn();
    assert_eq!(rows_by_chain(conn), vec![(1, 40), (2, 40)]);
    let outcome = audit::verify(conn).unwrap();
    assert!(outcome.intact(), "{outcome:?}");
    assert_eq!(outcome.rows_checked, 80);
    assert_eq!(outcome.checkpoints_checked, 2);

    // One transaction as both people: each entry in its actor's chain, still linked.
    conn.transaction(|conn| {
        for account in [first, second] {
            let actor = AuditActor {
                account_id: Some(account),
                ..AuditActor::default()
            };
            let entry = AuditEntry::new("test.both", "test", account);
            audit::append(conn, &actor, &[entry], chrono::Utc::now())?;
        }
        Ok::<_, persistence::PersistenceError>(())
    })
    .unwrap();
    assert_eq!(rows_by_chain(conn), vec![(1, 41), (2, 41)]);
    assert!(audit::verify(conn).unwrap().intact());

    // Cutting off the end of one chain is caught by that chain's checkpoint.
    conn.batch_execute(
        "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update; \
         DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log WHERE chain = 2)",
    )
    .unwrap();
    let cut = audit::verify(conn).unwrap();
    assert_eq!(cut.first_broken_id, None, "the links still hold: {cut:?}");
    let problem = cut.checkpoint_problem.expect("a checkpoint problem");
    assert_eq!((problem.chain, problem.reason), (2, "head_missing"));

    // A checkpoint of one chain cannot be passed off as another's: the signature names it.
    conn.batch_execute(
        "ALTER TABLE audit_checkpoints DISABLE TRIGGER audit_checkpoints_forward; \
         DELETE FROM audit_checkpoints WHERE chain = 2; \
         UPDATE audit_checkpoints SET chain = 2 WHERE chain = 1",
    )
    .unwrap();
    let relabelled = audit::verify(conn)
        .unwrap()
        .checkpoint_problem
        .expect("a problem");
    assert_eq!(relabelled.reason, "bad_signature", "{relabelled:?}");
}

/// How often each statement containing `part` was prepared on this connection, and how often
/// each ran from its preparation (PostgreSQL counts the plans it used).
fn prepared_runs(conn: &mut PgConnection, part: &str) -> Vec<i64> {
    #[derive(QueryableByName)]
    struct Runs {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        runs: i64,
    }
    diesel::sql_query(
        "SELECT generic_plans + custom_plans AS runs FROM pg_prepared_statements \
         WHERE strpos(statement, $1) > 0 ORDER BY name",
    )
    .bind::<diesel::sql_types::Text, _>(part)
    .load::<Runs>(conn)
    .unwrap()
    .into_iter()
    .map(|r| r.runs)
    .collect()
}

#[actix_web::test]
async fn a_writes_statements_are_prepared_once_per_connection_and_reused() {
    use persistence::queries::evaluations::{self as store, Step, StepAudit};

    let app = spawn_app().await;
    let f = fixture::build(&app);
    let (token, _) = app.tokens("staff.a", PASSWORD).await;
    let opened = app
        .get_with_token("/api/v1/evaluations/mine?period=2026-11", &token)
        .await;
    assert_eq!(opened.status, StatusCode::OK, "{}", opened.text());
    let id: uuid::Uuid = opened.json()["id"].as_str().unwrap().parse().unwrap();

    let conn = &mut app.conn();
    let actor = AuditActor {
        account_id: Some(f.staff_a_account),
        ..AuditActor::default()
    };
    let first_version = store::find(conn, id).unwrap().version;
    // The second write sets a rank and a time, the third clears them again: one statement text.
    for (reason, decided) in [(None, false), (None, true), (Some("lý do thử"), false)] {
        conn.transaction(|conn| {
            let evaluation = store::find_for_update(conn, id)?;
            let now = chrono::Utc::now();
            let mut changes = evaluation.changes();
            changes.rank_final = decided.then(|| "B".to_owned());
            changes.decided_at = decided.then_some(now);
            store::update_with_event(
                conn,
                id,
                evaluation.version,
                &changes,
                &Step {
                    at: now,
                    account_id: actor.account_id,
                    transition: "save_self",
                    from_state: &evaluation.state,
                    acted_as: "self",
                    reason,
                    audit: StepAudit::new(
                        &actor,
                        "evaluation.save_self",
                        evaluation.publishing_unit_id,
                    ),
                },
            )?
            .expect("the version read");
            let entry = AuditEntry::new("test.kept", "evaluation", id);
            audit::append(conn, &actor, &[entry], now)
        })
        .unwrap();
    }
    // Diesel alone would parse and plan these again on every call (an UPDATE with its event and
    // audit entry, raw SQL): each is prepared once here and run three times from it, whichever
    // fields were set or cleared.
    for prefix in [
        "WITH updated AS (UPDATE \"evaluations\"",
        "after) SELECT $1, $2",
    ] {
        assert_eq!(prepared_runs(conn, prefix), vec![3], "{prefix}");
    }
    // A field set to `None` is cleared in the row, not left as it was.
    let cleared = store::find(conn, id).unwrap();
    assert_eq!((cleared.rank_final, cleared.decided_at), (None, None));
    assert!(audit::verify(conn).unwrap().intact());
    // Each step's statement wrote its audit entry: the evaluation's brief as the statement
    // found it and as it left it, with the step's reason.
    #[derive(QueryableByName)]
    struct Brief {
        #[diesel(sql_type = diesel::sql_types::Jsonb)]
        before: serde_json::Value,
        #[diesel(sql_type = diesel::sql_types::Jsonb)]
        after: serde_json::Value,
        #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Uuid>)]
        actor_account_id: Option<uuid::Uuid>,
    }
    let briefs = diesel::sql_query(
        "SELECT before, after, actor_account_id FROM (\
           SELECT before, after, actor_account_id, at FROM audit_pending \
           WHERE action = 'evaluation.save_self' AND entity_id = $1 \
           UNION ALL SELECT before, after, actor_account_id, at FROM audit_log \
           WHERE action = 'evaluation.save_self' AND entity_id = $1) e ORDER BY at",
    )
    .bind::<diesel::sql_types::Text, _>(id.to_string())
    .load::<Brief>(conn)
    .unwrap();
    assert_eq!(briefs.len(), 3);
    for (n, brief) in briefs.iter().enumerate() {
        let version = first_version + n as i32;
        assert_eq!(brief.actor_account_id, Some(f.staff_a_account));
        assert_eq!(brief.before["version"], version, "{n}");
        assert_eq!(brief.after["version"], version + 1, "{n}");
        assert_eq!(brief.before["state"], "draft");
        assert_eq!(brief.after["state"], "draft");
        assert_eq!(brief.after["revision"], 1);
        assert!(brief.after["totals"].is_object(), "{}", brief.after);
    }
    // The rank the second write set is in its `after` and the third's `before`, and gone after.
    let ranks: Vec<_> = briefs
        .iter()
        .map(|b| {
            (
                b.before["rank_final"].clone(),
                b.after["rank_final"].clone(),
            )
        })
        .collect();
    let (none, b) = (serde_json::Value::Null, serde_json::json!("B"));
    assert_eq!(
        ranks,
        vec![
            (none.clone(), none.clone()),
            (none.clone(), b.clone()),
            (b, none)
        ]
    );
    assert!(briefs[0].after["reason"].is_null());
    assert_eq!(briefs[2].before["reason"], "lý do thử");
    assert_eq!(briefs[2].after["reason"], "lý do thử");

    // A version that moved on writes neither the evaluation, nor a history event, nor an entry.
    let current = store::find(conn, id).unwrap();
    let stale = store::update_with_event(
        conn,
        id,
        current.version - 1,
        &current.changes(),
        &Step {
            at: chrono::Utc::now(),
            account_id: actor.account_id,
            transition: "save_self",
            from_state: &current.state,
            acted_as: "self",
            reason: None,
            audit: StepAudit::new(&actor, "evaluation.save_self", current.publishing_unit_id),
        },
    )
    .unwrap();
    assert!(stale.is_none());
    assert_eq!(store::find(conn, id).unwrap().version, current.version);
    assert_eq!(
        store::events(conn, id).unwrap().len(),
        3,
        "the three saves' events only"
    );
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        entries: i64,
    }
    let entries = diesel::sql_query(
        "SELECT (SELECT count(*) FROM audit_pending WHERE entity_id = $1 \
                 AND action = 'evaluation.save_self') \
              + (SELECT count(*) FROM audit_log WHERE entity_id = $1 \
                 AND action = 'evaluation.save_self') AS entries",
    )
    .bind::<diesel::sql_types::Text, _>(id.to_string())
    .get_result::<Count>(conn)
    .unwrap()
    .entries;
    assert_eq!(entries, 3, "the three saves' entries only");

    // A read takes the history with the evaluation and its caller's session, in one statement
    // kept prepared, and reads every field of every event as a plain select of the events does.
    let events = serde_json::to_value(store::events(conn, id).unwrap()).unwrap();
    let nobody = uuid::Uuid::nil();
    let history_part = "evaluation_id = evaluations.id) h ORDER BY h.id)";
    for _ in 0..3 {
        let ((read, history), access) = store::find_with_history_for(conn, id, nobody, nobody)
            .unwrap()
            .expect("the evaluation read");
        assert_eq!(read.version, current.version);
        assert_eq!(serde_json::to_value(history).unwrap(), events);
        assert!(access.is_none(), "no such session");
    }
    assert_eq!(prepared_runs(conn, history_part), vec![3]);
    // The person's own month, read with the session the sign-in above opened.
    let session: uuid::Uuid = persistence::schema::sessions::table
        .filter(persistence::schema::sessions::account_id.eq(f.staff_a_account))
        .select(persistence::schema::sessions::id)
        .first(conn)
        .unwrap();
    let ((_, of_person), access) =
        store::of_account_with_history_for(conn, f.staff_a_account, session, &current.period)
            .unwrap()
            .expect("the month read");
    assert_eq!(serde_json::to_value(of_person).unwrap(), events);
    assert!(access.is_some(), "the session read with it");
    let mut runs = prepared_runs(conn, history_part);
    runs.sort();
    assert_eq!(runs, vec![1, 3], "each read prepared once");
    // A month without history reads an empty one, not an error.
    diesel::delete(
        persistence::schema::evaluation_events::table
            .filter(persistence::schema::evaluation_events::evaluation_id.eq(id)),
    )
    .execute(conn)
    .unwrap();
    let ((_, history), _) = store::find_with_history_for(conn, id, nobody, nobody)
        .unwrap()
        .unwrap();
    assert!(history.is_empty());
}

/// Issue 13: an entry waits in `audit_pending` until its transaction commits and the linker
/// takes it, so entries are linked in the order they committed, whatever order they were
/// written in; what a transaction rolls back never reaches the trail; linkers running at once
/// (two processes) keep every chain linear.
#[actix_web::test]
async fn entries_are_linked_once_committed_and_never_when_rolled_back() {
    let app = spawn_app().await;
    let url = app.config.database_url.expose_secret().to_owned();
    let conn = &mut app.conn();
    audit::link_pending(conn).unwrap();
    let actor = AuditActor {
        account_id: Some(uuid::Uuid::from_u128(1)),
        ..AuditActor::default()
    };
    let append = |conn: &mut PgConnection, action: &str| {
        audit::append(
            conn,
            &actor,
            &[AuditEntry::new(action, "test", action)],
            chrono::Utc::now(),
        )
    };

    let mut early = PgConnection::establish(&url).unwrap();
    early.batch_execute("BEGIN").unwrap();
    append(&mut early, "test.early").unwrap();
    conn.transaction(|conn| append(conn, "test.late")).unwrap();
    let undone = conn.transaction(|conn| {
        append(conn, "test.undone")?;
        Err::<(), _>(persistence::PersistenceError::Corrupt("undone".to_owned()))
    });
    assert!(undone.is_err());
    assert_eq!(
        audit::link_pending(conn).unwrap(),
        1,
        "the committed entry only"
    );
    early.batch_execute("COMMIT").unwrap();
    assert_eq!(
        audit::link_pending(conn).unwrap(),
        1,
        "the early one, now committed"
    );
    let linked: Vec<String> = persistence::schema::audit_log::table
        .filter(persistence::schema::audit_log::entity.eq("test"))
        .order(persistence::schema::audit_log::id)
        .select(persistence::schema::audit_log::action)
        .load(conn)
        .unwrap();
    assert_eq!(linked, ["test.late", "test.early"]);
    assert!(audit::verify(conn).unwrap().intact());

    // Three writers, two of them on one chain, and two linkers at once.
    std::thread::scope(|s| {
        for account in [1, 17, 2] {
            let url = &url;
            s.spawn(move || append_as(url, uuid::Uuid::from_u128(account), 30));
        }
        for _ in 0..2 {
            let url = &url;
            s.spawn(move || {
                let mut linker = PgConnection::establish(url).unwrap();
                for _ in 0..20 {
                    audit::link_pending(&mut linker).unwrap();
                }
            });
        }
    });
    let outcome = audit::verify(conn).unwrap();
    assert!(outcome.intact(), "{outcome:?}");
    assert_eq!(rows_by_chain(conn), vec![(1, 62), (2, 30)]);
}
