use diesel::PgConnection;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use crate::PersistenceError;

/// The SQL migrations of the top-level `migrations/` folder, built into the binary.
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations");

/// Applies every pending migration, then stores the default rule data (the 19 forms) where
/// missing; returns the names of the migrations applied.
pub fn run_pending(conn: &mut PgConnection) -> Result<Vec<String>, PersistenceError> {
    use diesel::RunQueryDsl;
    // Replicas starting together (`docker compose up --scale api=3`) migrate one at a time;
    // the others then find nothing pending.
    diesel::sql_query(format!("SELECT pg_advisory_lock({MIGRATION_LOCK_KEY})")).execute(conn)?;
    let outcome = conn
        .run_pending_migrations(MIGRATIONS)
        .map(|applied| applied.iter().map(ToString::to_string).collect())
        .map_err(|error| PersistenceError::Migration(error.to_string()))
        .and_then(|applied| {
            crate::queries::rules::ensure_default_forms(conn)?;
            Ok(applied)
        });
    diesel::sql_query(format!("SELECT pg_advisory_unlock({MIGRATION_LOCK_KEY})")).execute(conn)?;
    outcome
}

/// The advisory lock held while migrating ("migrate" in ASCII).
const MIGRATION_LOCK_KEY: i64 = 0x006d_6967_7261_7465;

/// The names of all embedded migrations, oldest first.
pub fn names() -> Result<Vec<String>, PersistenceError> {
    use diesel::migration::MigrationSource;
    let migrations: Vec<Box<dyn diesel::migration::Migration<diesel::pg::Pg>>> =
        MigrationSource::<diesel::pg::Pg>::migrations(&MIGRATIONS)
            .map_err(|error| PersistenceError::Migration(error.to_string()))?;
    Ok(migrations.iter().map(|m| m.name().to_string()).collect())
}
