use diesel::PgConnection;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use crate::PersistenceError;

/// The SQL migrations of the top-level `migrations/` folder, built into the binary.
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations");

/// Applies every pending migration, then stores the default rule data (the 19 forms) where
/// missing; returns the names of the migrations applied.
pub fn run_pending(conn: &mut PgConnection) -> Result<Vec<String>, PersistenceError> {
    let applied = conn
        .run_pending_migrations(MIGRATIONS)
        .map(|applied| applied.iter().map(ToString::to_string).collect())
        .map_err(|error| PersistenceError::Migration(error.to_string()))?;
    crate::queries::rules::ensure_default_forms(conn)?;
    Ok(applied)
}

/// The names of all embedded migrations, oldest first.
pub fn names() -> Result<Vec<String>, PersistenceError> {
    use diesel::migration::MigrationSource;
    let migrations: Vec<Box<dyn diesel::migration::Migration<diesel::pg::Pg>>> =
        MigrationSource::<diesel::pg::Pg>::migrations(&MIGRATIONS)
            .map_err(|error| PersistenceError::Migration(error.to_string()))?;
    Ok(migrations.iter().map(|m| m.name().to_string()).collect())
}
