//! The audit trail: append-only and hash-chained.
//!
//! Each row's hash is SHA-256 over the previous row's hash and the row's canonical JSON, so
//! changing, inserting or deleting a row in the middle breaks every later link. The trail is
//! [`CHAINS`] such chains, each linked and checkpointed on its own; an actor's entries go to
//! one of them.
//!
//! A transaction that changes something writes its entries to `audit_pending` ([`append`]: one
//! statement, no lock, committed or rolled back with the change). The linker
//! ([`link_pending`]) moves them once committed, in the order they were written, into
//! `audit_log` with their ids and links (issue 13: linking inside each transaction made every
//! audited write wait for its chain's lock until its commit). `api serve` runs it a few times a
//! second, and every reader here runs it before reading. The sixteen chains date from that
//! time (a lock each); the linker keeps an actor's entries in their chain, so old and new rows
//! verify alike.
//!
//! Deleting rows at the *end* of a chain breaks no link, so each link also writes the day's
//! checkpoint of its chain (`audit_checkpoints`): the id and hash of the newest row, signed with HMAC-SHA256
//! under a key kept outside the database ([`set_checkpoint_key`]). [`verify`] checks every
//! checkpoint's signature and that the row it names is still there with that hash, and that the
//! newest checkpoint names the newest row.

use std::collections::{BTreeMap, HashMap};
use std::sync::RwLock;

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use hmac::{Hmac, Mac};
use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::PersistenceError;
use crate::prepared::kept;
use crate::schema::{audit_checkpoints, audit_log, audit_pending};

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

/// The linker's lock: one linker at a time, whatever the process.
const LINKER_LOCK_KEY: i64 = 0x0061_7564_6974; // "audit" in ASCII
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

impl AuditRow {
    /// What the row's hash covers.
    fn content(&self) -> Hashed<'_> {
        Hashed {
            at: timestamp(self.at),
            actor_account_id: self.actor_account_id,
            actor_client_id: self.actor_client_id,
            ip: self.ip.as_deref(),
            action: &self.action,
            entity: &self.entity,
            entity_id: &self.entity_id,
            unit_id: self.unit_id,
            before: self.before.as_ref(),
            after: self.after.as_ref(),
        }
    }
}

fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

/// What the append's statement returns (it is read, not executed, to be kept prepared: see
/// [`kept`]).
#[derive(QueryableByName)]
struct Written {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    #[allow(dead_code)]
    seq: i64,
}

/// Writes entries, in order, for the linker ([`link_pending`]) to link into the trail. Call
/// inside the transaction that makes the change: they commit or roll back with it. One
/// statement, and no lock: writers never wait for one another's chains.
pub fn append(
    conn: &mut PgConnection,
    actor: &AuditActor,
    entries: &[AuditEntry],
    now: DateTime<Utc>,
) -> Result<(), PersistenceError> {
    use diesel::sql_types::{Array, Jsonb, Nullable, SmallInt, Text, Timestamptz, Uuid as SqlUuid};

    if entries.is_empty() {
        return Ok(());
    }
    // Whole arrays, one statement whatever the count (no bind-parameter limit to chunk for), so
    // one text to keep prepared. `seq` follows the entries' order.
    kept(
        diesel::sql_query(
            "INSERT INTO audit_pending (chain, at, actor_account_id, actor_client_id, ip, action, \
                                        entity, entity_id, unit_id, before, after) \
             SELECT $1, $2, $3, $4, $5, e.action, e.entity, e.entity_id, e.unit_id, e.before, \
                    e.after \
             FROM UNNEST($6::text[], $7::text[], $8::text[], $9::uuid[], $10::jsonb[], \
                         $11::jsonb[]) WITH ORDINALITY \
                  AS e(action, entity, entity_id, unit_id, before, after, n) \
             ORDER BY e.n \
             RETURNING seq",
        )
        .bind::<SmallInt, _>(chain_of(actor))
        .bind::<Timestamptz, _>(now)
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
        ),
    )
    .load::<Written>(conn)?;
    Ok(())
}

/// An entry waiting in `audit_pending`.
#[derive(QueryableByName)]
#[diesel(table_name = audit_pending, check_for_backend(diesel::pg::Pg))]
struct Pending {
    seq: i64,
    chain: i16,
    at: DateTime<Utc>,
    actor_account_id: Option<Uuid>,
    actor_client_id: Option<Uuid>,
    ip: Option<String>,
    action: String,
    entity: String,
    entity_id: String,
    unit_id: Option<Uuid>,
    before: Option<Value>,
    after: Option<Value>,
}

/// A chain's newest hash (none while it is empty).
#[derive(QueryableByName)]
struct Head {
    #[diesel(sql_type = diesel::sql_types::SmallInt)]
    chain: i16,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Bytea>)]
    head: Option<Vec<u8>>,
}

#[derive(QueryableByName)]
struct Reserved {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    id: i64,
}

#[derive(QueryableByName)]
struct Locked {
    #[diesel(sql_type = diesel::sql_types::Integer)]
    #[allow(dead_code)]
    locked: i32,
}

/// Entries linked in one transaction at most.
const LINK_BATCH: i64 = 5_000;

/// Links every committed entry waiting in `audit_pending` into its chain, in the order they
/// were written (an entry whose transaction commits later than a batch is linked in a later
/// one, after that batch's): gives each its id, its previous hash and its hash, and each chain
/// linked to the day's signed checkpoint. One linker at a time (an advisory lock), in batches of
/// [`LINK_BATCH`], each batch its own transaction (a savepoint inside a caller's). `api serve`
/// runs it a few times a second; [`verify`], [`list`] and [`for_entity`] run it before they
/// read, so they see every entry committed. Returns how many it linked.
///
/// Between its commit and its link an entry is in the database but not yet chained: the window
/// in which the owner of the database could change it unnoticed is the linker's period.
pub fn link_pending(conn: &mut PgConnection) -> Result<usize, PersistenceError> {
    let mut linked = 0;
    loop {
        let batch = conn.transaction(link_batch)?;
        linked += batch;
        if batch < LINK_BATCH as usize {
            return Ok(linked);
        }
    }
}

fn link_batch(conn: &mut PgConnection) -> Result<usize, PersistenceError> {
    use diesel::sql_types::{Array, BigInt, Bytea, Date, Jsonb, Nullable, SmallInt, Text};
    use diesel::sql_types::{Timestamptz, Uuid as SqlUuid};

    // The comment names the linker's connection in PostgreSQL's statement log (bench/ leaves
    // its statements out of a request's).
    diesel::sql_query("SELECT 1 AS locked FROM pg_advisory_xact_lock($1) /* audit linker */")
        .bind::<BigInt, _>(LINKER_LOCK_KEY)
        .get_result::<Locked>(conn)?;
    let mut pending: Vec<Pending> = diesel::sql_query(
        "DELETE FROM audit_pending \
         WHERE seq = ANY(ARRAY(SELECT seq FROM audit_pending ORDER BY seq LIMIT $1)) \
         RETURNING *",
    )
    .bind::<BigInt, _>(LINK_BATCH)
    .load(conn)?;
    if pending.is_empty() {
        return Ok(0);
    }
    pending.sort_by_key(|p| p.seq);
    let mut chains: Vec<i16> = pending.iter().map(|p| p.chain).collect();
    chains.sort_unstable();
    chains.dedup();
    let mut heads: BTreeMap<i16, Vec<u8>> = diesel::sql_query(
        "SELECT c.chain, (SELECT a.hash FROM audit_log a WHERE a.chain = c.chain \
                          ORDER BY a.id DESC LIMIT 1) AS head \
         FROM UNNEST($1::int2[]) AS c(chain)",
    )
    .bind::<Array<SmallInt>, _>(&chains)
    .load::<Head>(conn)?
    .into_iter()
    .map(|h| (h.chain, h.head.unwrap_or_else(|| GENESIS.to_vec())))
    .collect();
    // At most LINK_BATCH rows: the count fits.
    let count = pending.len() as i64;
    let mut ids: Vec<i64> =
        diesel::sql_query("SELECT nextval('audit_log_id_seq') AS id FROM generate_series(1, $1)")
            .bind::<BigInt, _>(count)
            .load::<Reserved>(conn)?
            .into_iter()
            .map(|r| r.id)
            .collect();
    ids.sort_unstable();
    if ids.len() != pending.len() {
        return Err(PersistenceError::Corrupt(
            "the audit linker reserved fewer ids than entries".to_owned(),
        ));
    }
    // Each chain's newest row in this batch: (day, id, hash).
    let mut newest: BTreeMap<i16, (NaiveDate, i64, Vec<u8>)> = BTreeMap::new();
    let rows: Vec<AuditRow> = pending
        .into_iter()
        .zip(ids)
        .map(|(p, id)| {
            let mut row = AuditRow {
                id,
                chain: p.chain,
                at: p.at,
                actor_account_id: p.actor_account_id,
                actor_client_id: p.actor_client_id,
                ip: p.ip,
                action: p.action,
                entity: p.entity,
                entity_id: p.entity_id,
                unit_id: p.unit_id,
                before: p.before,
                after: p.after,
                prev_hash: Vec::new(),
                hash: Vec::new(),
            };
            let prev = heads.entry(row.chain).or_insert_with(|| GENESIS.to_vec());
            row.hash = link_hash(prev, &row.content());
            row.prev_hash = std::mem::replace(prev, row.hash.clone());
            newest.insert(row.chain, (row.at.date_naive(), id, row.hash.clone()));
            row
        })
        .collect();
    let signatures: Vec<Vec<u8>> = newest
        .iter()
        .map(|(&chain, (day, last_id, head))| sign_checkpoint(chain, *day, *last_id, head))
        .collect();
    let column = |f: fn(&AuditRow) -> Option<Uuid>| rows.iter().map(f).collect::<Vec<_>>();
    let text = |f: fn(&AuditRow) -> &str| rows.iter().map(f).collect::<Vec<_>>();
    let json = |f: fn(&AuditRow) -> Option<&Value>| rows.iter().map(f).collect::<Vec<_>>();
    // Whole arrays, one statement for the rows and the checkpoints.
    diesel::sql_query(
        "WITH written AS ( \
             INSERT INTO audit_log (id, chain, at, actor_account_id, actor_client_id, ip, \
                                    action, entity, entity_id, unit_id, before, after, \
                                    prev_hash, hash) \
             SELECT * FROM UNNEST($1::int8[], $2::int2[], $3::timestamptz[], $4::uuid[], \
                                  $5::uuid[], $6::text[], $7::text[], $8::text[], $9::text[], \
                                  $10::uuid[], $11::jsonb[], $12::jsonb[], $13::bytea[], \
                                  $14::bytea[]) \
         ) \
         INSERT INTO audit_checkpoints (day, chain, last_id, head_hash, signature, signed_at) \
         SELECT c.day, c.chain, c.last_id, c.head_hash, c.signature, $20 \
         FROM UNNEST($15::date[], $16::int2[], $17::int8[], $18::bytea[], $19::bytea[]) \
              AS c(day, chain, last_id, head_hash, signature) \
         ON CONFLICT (day, chain) DO UPDATE SET last_id = EXCLUDED.last_id, \
             head_hash = EXCLUDED.head_hash, signature = EXCLUDED.signature, \
             signed_at = EXCLUDED.signed_at \
         RETURNING last_id",
    )
    .bind::<Array<BigInt>, _>(rows.iter().map(|r| r.id).collect::<Vec<_>>())
    .bind::<Array<SmallInt>, _>(rows.iter().map(|r| r.chain).collect::<Vec<_>>())
    .bind::<Array<Timestamptz>, _>(rows.iter().map(|r| r.at).collect::<Vec<_>>())
    .bind::<Array<Nullable<SqlUuid>>, _>(column(|r| r.actor_account_id))
    .bind::<Array<Nullable<SqlUuid>>, _>(column(|r| r.actor_client_id))
    .bind::<Array<Nullable<Text>>, _>(rows.iter().map(|r| r.ip.as_deref()).collect::<Vec<_>>())
    .bind::<Array<Text>, _>(text(|r| &r.action))
    .bind::<Array<Text>, _>(text(|r| &r.entity))
    .bind::<Array<Text>, _>(text(|r| &r.entity_id))
    .bind::<Array<Nullable<SqlUuid>>, _>(column(|r| r.unit_id))
    .bind::<Array<Nullable<Jsonb>>, _>(json(|r| r.before.as_ref()))
    .bind::<Array<Nullable<Jsonb>>, _>(json(|r| r.after.as_ref()))
    .bind::<Array<Bytea>, _>(
        rows.iter()
            .map(|r| r.prev_hash.as_slice())
            .collect::<Vec<_>>(),
    )
    .bind::<Array<Bytea>, _>(rows.iter().map(|r| r.hash.as_slice()).collect::<Vec<_>>())
    .bind::<Array<Date>, _>(newest.values().map(|(day, _, _)| *day).collect::<Vec<_>>())
    .bind::<Array<SmallInt>, _>(newest.keys().copied().collect::<Vec<_>>())
    .bind::<Array<BigInt>, _>(newest.values().map(|(_, id, _)| *id).collect::<Vec<_>>())
    .bind::<Array<Bytea>, _>(
        newest
            .values()
            .map(|(_, _, hash)| hash.as_slice())
            .collect::<Vec<_>>(),
    )
    .bind::<Array<Bytea>, _>(&signatures)
    .bind::<Timestamptz, _>(Utc::now())
    .load::<Checkpointed>(conn)?;
    Ok(rows.len())
}

/// What the linker's write returns (one row a chain).
#[derive(QueryableByName)]
struct Checkpointed {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    #[allow(dead_code)]
    last_id: i64,
}

/// The chain an actor's entries go to: fixed for an actor, spread over [`CHAINS`] (chain 0 for
/// entries without an actor, such as the scheduler's).
pub(crate) fn chain_of(actor: &AuditActor) -> i16 {
    actor
        .account_id
        .or(actor.client_id)
        .map_or(0, |id| (id.as_u128() % CHAINS as u128) as i16)
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

/// Links what is pending, then recomputes every link of every chain, oldest first, in batches,
/// and checks the signed checkpoints against the rows.
pub fn verify(conn: &mut PgConnection) -> Result<Verification, PersistenceError> {
    link_pending(conn)?;
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
            let expected = link_hash(before, &row.content());
            if row.prev_hash != before || row.hash != expected {
                return Ok((checked, Some(row.id)));
            }
            prev.insert(row.chain, expected);
            checked += 1;
        }
    }
    Ok((checked, None))
}

/// Entries about one entity, oldest first (what is pending linked first).
pub fn for_entity(
    conn: &mut PgConnection,
    entity: &str,
    entity_id: &str,
) -> Result<Vec<AuditRow>, PersistenceError> {
    link_pending(conn)?;
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
/// the id `before` (keyset paging); what is pending linked first.
pub fn list(
    conn: &mut PgConnection,
    visibility: &super::org::Visibility,
    filter: &AuditFilter,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<AuditRow>, PersistenceError> {
    use crate::schema::units;
    link_pending(conn)?;
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
