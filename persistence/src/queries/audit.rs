//! The audit trail: append-only and hash-chained.
//!
//! Each row's hash is SHA-256 over the previous row's hash and the row's canonical JSON, so
//! changing, inserting or deleting a row in the middle breaks every later link. The trail is
//! [`CHAINS`] such chains (issue 13: one chain made every audited write in the system wait for
//! the others); a transaction's entries go to the chain of its actor, and each chain is linked
//! and checkpointed on its own. Appends take a
//! transaction-scoped advisory lock so the chain stays linear under concurrent writers (taken by
//! the `audit_reserve` function, with the head and the new rows' ids, in one round trip).
//!
//! Deleting rows at the *end* of a chain breaks no link, so each append also writes the day's
//! checkpoint of its chain (`audit_checkpoints`): the id and hash of the newest row, signed with HMAC-SHA256
//! under a key kept outside the database ([`set_checkpoint_key`]). [`verify`] checks every
//! checkpoint's signature and that the row it names is still there with that hash, and that the
//! newest checkpoint names the newest row.

use std::collections::{BTreeMap, HashMap};
use std::sync::RwLock;

use chrono::{DateTime, NaiveDate, SubsecRound, Utc};
use diesel::prelude::*;
use hmac::{Hmac, Mac};
use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::PersistenceError;
use crate::prepared::kept;
use crate::schema::{audit_checkpoints, audit_log};

/// The key checkpoints are signed with when none was configured (development and tests only:
/// production refuses to start without `AUDIT_CHECKPOINT_KEY`).
const DEVELOPMENT_CHECKPOINT_KEY: &[u8] = b"danhgia-development-audit-checkpoint-key";

static CHECKPOINT_KEY: RwLock<Option<Vec<u8>>> = RwLock::new(None);

/// Sets the key checkpoints are signed and checked with, for the whole process (read from the
/// configuration at start, before any append).
pub fn set_checkpoint_key(key: &[u8]) {
    if let Ok(mut slot) = CHECKPOINT_KEY.write() {
        *slot = Some(key.to_vec());
    }
}

/// What a checkpoint signs: a fixed layout, versioned. (`None` never happens: HMAC takes keys
/// of any length.)
/// Chain 0 signs the layout of the single chain it continues; other chains name themselves, so a
/// checkpoint cannot be passed off as another chain's.
fn checkpoint_mac_for(
    chain: i16,
    day: NaiveDate,
    last_id: i64,
    head_hash: &[u8],
) -> Option<Hmac<Sha256>> {
    let key = CHECKPOINT_KEY
        .read()
        .ok()
        .and_then(|slot| slot.clone())
        .unwrap_or_else(|| DEVELOPMENT_CHECKPOINT_KEY.to_vec());
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&key).ok()?;
    if chain == 0 {
        mac.update(b"danhgia-audit-checkpoint-v1\n");
    } else {
        mac.update(format!("danhgia-audit-checkpoint-v2\n{chain}\n").as_bytes());
    }
    mac.update(day.format("%Y-%m-%d").to_string().as_bytes());
    mac.update(b"\n");
    mac.update(last_id.to_string().as_bytes());
    mac.update(b"\n");
    mac.update(head_hash);
    Some(mac)
}

fn sign_checkpoint(chain: i16, day: NaiveDate, last_id: i64, head_hash: &[u8]) -> Vec<u8> {
    checkpoint_mac_for(chain, day, last_id, head_hash)
        .map(|mac| mac.finalize().into_bytes().to_vec())
        .unwrap_or_default()
}

fn checkpoint_signed(checkpoint: &CheckpointRow) -> bool {
    // Constant-time comparison.
    checkpoint_mac_for(
        checkpoint.chain,
        checkpoint.day,
        checkpoint.last_id,
        &checkpoint.head_hash,
    )
    .is_some_and(|mac| mac.verify_slice(&checkpoint.signature).is_ok())
}

/// The lock of chain `n` is this key plus `n`.
const AUDIT_LOCK_KEY: i64 = 0x0061_7564_6974; // "audit" in ASCII
/// How many chains new entries are spread over. Changing it only moves later actors' entries:
/// [`verify`] checks whatever chains the trail holds.
const CHAINS: i16 = 16;
const GENESIS: [u8; 32] = [0; 32];

/// Who did it, and from where.
#[derive(Debug, Clone, Default)]
pub struct AuditActor {
    pub account_id: Option<Uuid>,
    pub client_id: Option<Uuid>,
    pub ip: Option<String>,
}

/// One change to record.
#[derive(Debug, Clone)]
pub struct AuditEntry {
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    /// The unit whose subtree may read this entry.
    pub unit_id: Option<Uuid>,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

impl AuditEntry {
    pub fn new(action: &str, entity: &str, entity_id: impl ToString) -> Self {
        Self {
            action: action.to_owned(),
            entity: entity.to_owned(),
            entity_id: entity_id.to_string(),
            unit_id: None,
            before: None,
            after: None,
        }
    }

    pub fn unit(mut self, unit_id: Option<Uuid>) -> Self {
        self.unit_id = unit_id;
        self
    }

    pub fn before(mut self, value: impl Serialize) -> Self {
        self.before = serde_json::to_value(value).ok();
        self
    }

    pub fn after(mut self, value: impl Serialize) -> Self {
        self.after = serde_json::to_value(value).ok();
        self
    }
}

/// A stored row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = audit_log, check_for_backend(diesel::pg::Pg))]
pub struct AuditRow {
    pub id: i64,
    /// The hash chain the row is linked in.
    pub chain: i16,
    pub at: DateTime<Utc>,
    pub actor_account_id: Option<Uuid>,
    pub actor_client_id: Option<Uuid>,
    pub ip: Option<String>,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub unit_id: Option<Uuid>,
    pub before: Option<Value>,
    pub after: Option<Value>,
    pub prev_hash: Vec<u8>,
    pub hash: Vec<u8>,
}

/// The content a hash covers, in a fixed field order. `serde_json::Value` maps are sorted by key
/// (no `preserve_order`), which is also how they come back from JSONB, so the hash of a stored
/// row can be recomputed.
#[derive(Serialize)]
struct Hashed<'a> {
    at: String,
    actor_account_id: Option<Uuid>,
    actor_client_id: Option<Uuid>,
    ip: Option<&'a str>,
    action: &'a str,
    entity: &'a str,
    entity_id: &'a str,
    unit_id: Option<Uuid>,
    before: Option<&'a Value>,
    after: Option<&'a Value>,
}

fn link_hash(prev: &[u8], content: &Hashed<'_>) -> Vec<u8> {
    let mut hasher = Sha256::new();
    hasher.update(prev);
    hasher.update(serde_json::to_vec(content).unwrap_or_default());
    hasher.finalize().to_vec()
}

fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

/// What the append's statement returns (it is read, not executed, to be kept prepared: see
/// [`kept`]).
#[derive(QueryableByName)]
struct Checkpointed {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    #[allow(dead_code)]
    last_id: i64,
}

/// Appends entries, in order, to the chain. Call inside the transaction that makes the change.
/// Two statements: the lock, head and ids ([`Reserved`]), then the rows with the day's
/// checkpoint; the lock holds until the commit.
pub fn append(
    conn: &mut PgConnection,
    actor: &AuditActor,
    entries: &[AuditEntry],
    now: DateTime<Utc>,
) -> Result<(), PersistenceError> {
    use diesel::sql_types::{Array, BigInt, Bytea, Date, Integer, Jsonb, Nullable, SmallInt, Text};
    use diesel::sql_types::{Timestamptz, Uuid as SqlUuid};

    if entries.is_empty() {
        return Ok(());
    }
    let count = i32::try_from(entries.len()).map_err(|_| {
        PersistenceError::Database(diesel::result::Error::QueryBuilderError(
            "too many audit entries in one append".into(),
        ))
    })?;
    let reserved: Reserved = kept(
        diesel::sql_query("SELECT chain_used, head, ids FROM audit_reserve($1, $2, $3)")
            .bind::<BigInt, _>(AUDIT_LOCK_KEY)
            .bind::<SmallInt, _>(chain_of(actor))
            .bind::<Integer, _>(count),
    )
    .get_result(conn)?;
    let mut prev = reserved.head.unwrap_or_else(|| GENESIS.to_vec());
    // PostgreSQL keeps microseconds: hash what will be stored.
    let at = now.trunc_subsecs(6);
    let mut prev_hashes = Vec::with_capacity(entries.len());
    let mut hashes = Vec::with_capacity(entries.len());
    for entry in entries {
        let hash = link_hash(
            &prev,
            &Hashed {
                at: timestamp(at),
                actor_account_id: actor.account_id,
                actor_client_id: actor.client_id,
                ip: actor.ip.as_deref(),
                action: &entry.action,
                entity: &entry.entity,
                entity_id: &entry.entity_id,
                unit_id: entry.unit_id,
                before: entry.before.as_ref(),
                after: entry.after.as_ref(),
            },
        );
        prev_hashes.push(std::mem::replace(&mut prev, hash.clone()));
        hashes.push(hash);
    }
    let last_id = *reserved
        .ids
        .last()
        .ok_or_else(|| PersistenceError::Corrupt("audit_reserve reserved no ids".to_owned()))?;
    let day = at.date_naive();
    let chain = reserved.chain_used;
    let signature = sign_checkpoint(chain, day, last_id, &prev);
    // Whole arrays, one statement whatever the count (no bind-parameter limit to chunk for), so
    // one text to keep prepared.
    kept(
        diesel::sql_query(
            "WITH written AS ( \
             INSERT INTO audit_log (id, chain, at, actor_account_id, actor_client_id, ip, \
                                    action, entity, entity_id, unit_id, before, after, \
                                    prev_hash, hash) \
             SELECT e.id, $19, $2, $3, $4, $5, e.action, e.entity, e.entity_id, e.unit_id, \
                    e.before, e.after, e.prev_hash, e.hash \
             FROM UNNEST($1::int8[], $6::text[], $7::text[], $8::text[], $9::uuid[], \
                         $10::jsonb[], $11::jsonb[], $12::bytea[], $13::bytea[]) \
                  AS e(id, action, entity, entity_id, unit_id, before, after, prev_hash, hash) \
         ) \
         INSERT INTO audit_checkpoints (day, chain, last_id, head_hash, signature, signed_at) \
         VALUES ($14, $19, $15, $16, $17, $18) \
         ON CONFLICT (day, chain) DO UPDATE SET last_id = EXCLUDED.last_id, \
             head_hash = EXCLUDED.head_hash, signature = EXCLUDED.signature, \
             signed_at = EXCLUDED.signed_at \
         RETURNING last_id",
        )
        .bind::<Array<BigInt>, _>(&reserved.ids)
        .bind::<Timestamptz, _>(at)
        .bind::<Nullable<SqlUuid>, _>(actor.account_id)
        .bind::<Nullable<SqlUuid>, _>(actor.client_id)
        .bind::<Nullable<Text>, _>(actor.ip.as_deref())
        .bind::<Array<Text>, _>(
            entries
                .iter()
                .map(|e| e.action.as_str())
                .collect::<Vec<_>>(),
        )
        .bind::<Array<Text>, _>(
            entries
                .iter()
                .map(|e| e.entity.as_str())
                .collect::<Vec<_>>(),
        )
        .bind::<Array<Text>, _>(
            entries
                .iter()
                .map(|e| e.entity_id.as_str())
                .collect::<Vec<_>>(),
        )
        .bind::<Array<Nullable<SqlUuid>>, _>(entries.iter().map(|e| e.unit_id).collect::<Vec<_>>())
        .bind::<Array<Nullable<Jsonb>>, _>(
            entries
                .iter()
                .map(|e| e.before.as_ref())
                .collect::<Vec<_>>(),
        )
        .bind::<Array<Nullable<Jsonb>>, _>(
            entries.iter().map(|e| e.after.as_ref()).collect::<Vec<_>>(),
        )
        .bind::<Array<Bytea>, _>(&prev_hashes)
        .bind::<Array<Bytea>, _>(&hashes)
        .bind::<Date, _>(day)
        .bind::<BigInt, _>(last_id)
        .bind::<Bytea, _>(&prev)
        .bind::<Bytea, _>(&signature)
        .bind::<Timestamptz, _>(Utc::now())
        .bind::<SmallInt, _>(chain),
    )
    .get_result::<Checkpointed>(conn)?;
    Ok(())
}

/// The chain an actor's entries go to: fixed for an actor, spread over [`CHAINS`] (chain 0 for
/// entries without an actor, such as the scheduler's).
fn chain_of(actor: &AuditActor) -> i16 {
    actor
        .account_id
        .or(actor.client_id)
        .map_or(0, |id| (id.as_u128() % CHAINS as u128) as i16)
}

/// What `audit_reserve` answers: the chain written to (the one asked for, or the one this
/// transaction already appended to), its head (none while it is empty) and the ids reserved for
/// the rows to come, in order.
#[derive(QueryableByName)]
struct Reserved {
    #[diesel(sql_type = diesel::sql_types::SmallInt)]
    chain_used: i16,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Bytea>)]
    head: Option<Vec<u8>>,
    #[diesel(sql_type = diesel::sql_types::Array<diesel::sql_types::BigInt>)]
    ids: Vec<i64>,
}

/// The outcome of checking the whole chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verification {
    pub rows_checked: i64,
    /// The first row whose link does not hold, if any.
    pub first_broken_id: Option<i64>,
    pub checkpoints_checked: i64,
    /// The first checkpoint that does not hold, if any.
    pub checkpoint_problem: Option<CheckpointProblem>,
}

impl Verification {
    /// Every link and every checkpoint holds.
    pub fn intact(&self) -> bool {
        self.first_broken_id.is_none() && self.checkpoint_problem.is_none()
    }
}

/// Why a checkpoint does not hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckpointProblem {
    pub chain: i16,
    pub day: NaiveDate,
    /// `bad_signature` (changed or forged, or signed with another key), `head_missing` (the row
    /// it names is gone: the end of the trail was deleted), `head_changed` (that row's hash
    /// differs) or `unsigned_rows` (rows after the newest checkpoint: appended around the
    /// application), for `chain`.
    pub reason: &'static str,
}

#[derive(Queryable)]
struct CheckpointRow {
    day: NaiveDate,
    chain: i16,
    last_id: i64,
    head_hash: Vec<u8>,
    signature: Vec<u8>,
}

/// Recomputes every link of every chain, oldest first, in batches, then checks the signed
/// checkpoints against the rows.
pub fn verify(conn: &mut PgConnection) -> Result<Verification, PersistenceError> {
    let links = verify_links(conn)?;
    let checkpoints: Vec<CheckpointRow> = audit_checkpoints::table
        .order((audit_checkpoints::day, audit_checkpoints::chain))
        .select((
            audit_checkpoints::day,
            audit_checkpoints::chain,
            audit_checkpoints::last_id,
            audit_checkpoints::head_hash,
            audit_checkpoints::signature,
        ))
        .load(conn)?;
    let named: Vec<i64> = checkpoints.iter().map(|c| c.last_id).collect();
    let heads: HashMap<i64, (i16, Vec<u8>)> = audit_log::table
        .filter(audit_log::id.eq_any(&named))
        .select((audit_log::id, audit_log::chain, audit_log::hash))
        .load::<(i64, i16, Vec<u8>)>(conn)?
        .into_iter()
        .map(|(id, chain, hash)| (id, (chain, hash)))
        .collect();
    let mut problem = None;
    let mut checked = 0i64;
    for checkpoint in &checkpoints {
        let reason = if !checkpoint_signed(checkpoint) {
            Some("bad_signature")
        } else {
            match heads.get(&checkpoint.last_id) {
                None => Some("head_missing"),
                Some((chain, hash))
                    if *chain != checkpoint.chain || *hash != checkpoint.head_hash =>
                {
                    Some("head_changed")
                }
                Some(_) => None,
            }
        };
        if let Some(reason) = reason {
            problem = Some(CheckpointProblem {
                chain: checkpoint.chain,
                day: checkpoint.day,
                reason,
            });
            break;
        }
        checked += 1;
    }
    if problem.is_none() {
        let newest_rows: BTreeMap<i16, i64> = audit_log::table
            .group_by(audit_log::chain)
            .select((audit_log::chain, diesel::dsl::max(audit_log::id)))
            .load::<(i16, Option<i64>)>(conn)?
            .into_iter()
            .filter_map(|(chain, newest)| Some((chain, newest?)))
            .collect();
        problem = unsigned_rows(&checkpoints, &newest_rows);
    }
    let (rows_checked, first_broken_id) = links;
    Ok(Verification {
        rows_checked,
        first_broken_id,
        checkpoints_checked: checked,
        checkpoint_problem: problem,
    })
}

/// The first chain whose newest row is past its newest checkpoint (or that has rows and no
/// checkpoint at all): rows written around the application, or checkpoints removed with the
/// owner's rights.
fn unsigned_rows(
    checkpoints: &[CheckpointRow],
    newest_rows: &BTreeMap<i16, i64>,
) -> Option<CheckpointProblem> {
    newest_rows.iter().find_map(|(&chain, &newest_row)| {
        let newest = checkpoints
            .iter()
            .filter(|c| c.chain == chain)
            .max_by_key(|c| c.last_id);
        match newest {
            Some(checkpoint) if checkpoint.last_id >= newest_row => None,
            Some(checkpoint) => Some(CheckpointProblem {
                chain,
                day: checkpoint.day,
                reason: "unsigned_rows",
            }),
            None => Some(CheckpointProblem {
                chain,
                day: Utc::now().date_naive(),
                reason: "unsigned_rows",
            }),
        }
    })
}

/// Rows checked, and the first broken link. The rows are read once, in id order; each chain's
/// links are followed with its own previous hash.
fn verify_links(conn: &mut PgConnection) -> Result<(i64, Option<i64>), PersistenceError> {
    let mut prev: BTreeMap<i16, Vec<u8>> = BTreeMap::new();
    let mut last_id = 0i64;
    let mut checked = 0i64;
    loop {
        let batch: Vec<AuditRow> = audit_log::table
            .filter(audit_log::id.gt(last_id))
            .order(audit_log::id)
            .limit(5000)
            .select(AuditRow::as_select())
            .load(conn)?;
        let Some(last) = batch.last() else { break };
        last_id = last.id;
        for row in &batch {
            let before = prev.get(&row.chain).map_or(&GENESIS[..], Vec::as_slice);
            let expected = link_hash(
                before,
                &Hashed {
                    at: timestamp(row.at),
                    actor_account_id: row.actor_account_id,
                    actor_client_id: row.actor_client_id,
                    ip: row.ip.as_deref(),
                    action: &row.action,
                    entity: &row.entity,
                    entity_id: &row.entity_id,
                    unit_id: row.unit_id,
                    before: row.before.as_ref(),
                    after: row.after.as_ref(),
                },
            );
            if row.prev_hash != before || row.hash != expected {
                return Ok((checked, Some(row.id)));
            }
            prev.insert(row.chain, expected);
            checked += 1;
        }
    }
    Ok((checked, None))
}

/// Entries about one entity, oldest first.
pub fn for_entity(
    conn: &mut PgConnection,
    entity: &str,
    entity_id: &str,
) -> Result<Vec<AuditRow>, PersistenceError> {
    Ok(audit_log::table
        .filter(audit_log::entity.eq(entity))
        .filter(audit_log::entity_id.eq(entity_id))
        .order(audit_log::id)
        .select(AuditRow::as_select())
        .load(conn)?)
}

/// Filters for reading the trail.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    pub action: Option<String>,
    /// Leave out entries about evaluations (for callers who may not read them).
    pub without_evaluations: bool,
}

/// Entries whose unit the caller may see (all of them with `everything`), newest first, before
/// the id `before` (keyset paging).
pub fn list(
    conn: &mut PgConnection,
    visibility: &super::org::Visibility,
    filter: &AuditFilter,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<AuditRow>, PersistenceError> {
    use crate::schema::units;
    let mut query = audit_log::table
        .select(AuditRow::as_select())
        .order(audit_log::id.desc())
        .limit(limit)
        .into_boxed::<diesel::pg::Pg>();
    if !visibility.everything {
        let unit_ids = units::table
            .filter(super::org::visible_units(visibility))
            .select(units::id.nullable())
            .into_boxed::<diesel::pg::Pg>();
        query = query.filter(audit_log::unit_id.eq_any(unit_ids));
    }
    if let Some(entity) = &filter.entity {
        query = query.filter(audit_log::entity.eq(entity.clone()));
    }
    if let Some(entity_id) = &filter.entity_id {
        query = query.filter(audit_log::entity_id.eq(entity_id.clone()));
    }
    if let Some(action) = &filter.action {
        query = query.filter(audit_log::action.eq(action.clone()));
    }
    if filter.without_evaluations {
        query = query.filter(audit_log::entity.ne("evaluation"));
    }
    if let Some(before) = before {
        query = query.filter(audit_log::id.lt(before));
    }
    Ok(query.load(conn)?)
}
