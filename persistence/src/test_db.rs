//! A fresh database per test, cloned from a migrated template (the crates.io pattern).
//!
//! The template's name carries a hash of the migration names, so a new migration makes a new
//! template; `scripts/test` drops old templates and leftovers before each run. Creating the
//! template is guarded by an advisory lock, because nextest runs every test in its own process.

use std::hash::{DefaultHasher, Hash, Hasher};

use diesel::prelude::*;
use diesel::sql_types::Text;
use uuid::Uuid;

use crate::{PersistenceError, migrations};

const TEMPLATE_LOCK_KEY: i64 = 0x0064_616e_6867_6961; // "danhgia" in ASCII

/// A database that exists for one test and is dropped with this value.
pub struct TestDatabase {
    /// URL of the fresh database.
    pub url: String,
    name: String,
    admin_url: String,
}

impl TestDatabase {
    /// Clones the migrated template into a new database on the server of `DATABASE_URL`.
    pub fn create() -> Result<Self, PersistenceError> {
        let base = std::env::var("DATABASE_URL").map_err(|_| {
            PersistenceError::Connection(
                "DATABASE_URL is not set: run the tests through ./scripts/test".into(),
            )
        })?;
        let admin_url = with_database(&base, "postgres");
        let mut admin = connect(&admin_url)?;
        let template = template_name()?;
        ensure_template(&mut admin, &admin_url, &template)?;

        let name = format!("danhgia_test_{}", Uuid::new_v4().simple());
        // Two clones of one template at the same instant can collide; a short retry settles it.
        let mut attempt = 0;
        loop {
            let created = diesel::sql_query(format!(
                "CREATE DATABASE \"{name}\" TEMPLATE \"{template}\""
            ))
            .execute(&mut admin);
            match created {
                Ok(_) => break,
                Err(_) if attempt < 20 => {
                    attempt += 1;
                    std::thread::sleep(std::time::Duration::from_millis(100));
                }
                Err(error) => return Err(error.into()),
            }
        }
        Ok(Self {
            url: with_database(&base, &name),
            name,
            admin_url,
        })
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let dropped = connect(&self.admin_url).and_then(|mut admin| {
            diesel::sql_query(format!(
                "DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)",
                self.name
            ))
            .execute(&mut admin)
            .map_err(PersistenceError::from)
        });
        if let Err(error) = dropped {
            eprintln!("could not drop test database {}: {error}", self.name);
        }
    }
}

fn connect(url: &str) -> Result<PgConnection, PersistenceError> {
    PgConnection::establish(url).map_err(|error| PersistenceError::Connection(error.to_string()))
}

fn template_name() -> Result<String, PersistenceError> {
    let mut hasher = DefaultHasher::new();
    migrations::names()?.hash(&mut hasher);
    Ok(format!("danhgia_tpl_{:016x}", hasher.finish()))
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    count: i64,
}

fn database_exists(admin: &mut PgConnection, name: &str) -> Result<bool, PersistenceError> {
    let row: Count =
        diesel::sql_query("SELECT count(*) AS count FROM pg_database WHERE datname = $1")
            .bind::<Text, _>(name)
            .get_result(admin)?;
    Ok(row.count > 0)
}

fn ensure_template(
    admin: &mut PgConnection,
    admin_url: &str,
    template: &str,
) -> Result<(), PersistenceError> {
    diesel::sql_query(format!("SELECT pg_advisory_lock({TEMPLATE_LOCK_KEY})")).execute(admin)?;
    let result = build_template_if_missing(admin, admin_url, template);
    diesel::sql_query(format!("SELECT pg_advisory_unlock({TEMPLATE_LOCK_KEY})")).execute(admin)?;
    result
}

fn build_template_if_missing(
    admin: &mut PgConnection,
    admin_url: &str,
    template: &str,
) -> Result<(), PersistenceError> {
    if database_exists(admin, template)? {
        return Ok(());
    }
    // Built under another name and renamed when complete, so a template that exists is whole.
    let building = format!("{template}_build");
    diesel::sql_query(format!(
        "DROP DATABASE IF EXISTS \"{building}\" WITH (FORCE)"
    ))
    .execute(admin)?;
    diesel::sql_query(format!("CREATE DATABASE \"{building}\"")).execute(admin)?;
    {
        let mut conn = connect(&with_database(admin_url, &building))?;
        migrations::run_pending(&mut conn)?;
    }
    diesel::sql_query(format!(
        "ALTER DATABASE \"{building}\" RENAME TO \"{template}\""
    ))
    .execute(admin)?;
    Ok(())
}

pub use crate::pool::with_database;

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn replaces_the_database_of_a_url() {
        assert_eq!(
            with_database("postgres://u@h:1/app?sslmode=disable", "x"),
            "postgres://u@h:1/x?sslmode=disable"
        );
        assert_eq!(with_database("postgres://u@h:1", "x"), "postgres://u@h:1/x");
    }
}
