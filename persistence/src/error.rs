use diesel::result::{DatabaseErrorKind, Error as DieselError};

/// Everything that can go wrong in this crate.
#[derive(Debug, thiserror::Error)]
pub enum PersistenceError {
    #[error("not found")]
    NotFound,
    /// A unique or foreign-key constraint refused the write; carries the constraint name.
    #[error("constraint violated: {0}")]
    Constraint(String),
    /// Text PostgreSQL cannot store (a NUL character, an unsupported escape).
    #[error("text the database cannot store: {0}")]
    InvalidText(String),
    #[error("database error: {0}")]
    Database(#[source] DieselError),
    #[error("could not get a database connection: {0}")]
    Pool(String),
    #[error("could not connect to the database: {0}")]
    Connection(String),
    /// A stored value this code cannot read (a bug or a hand-edited row).
    #[error("unreadable stored data: {0}")]
    Corrupt(String),
    #[error("migrations failed: {0}")]
    Migration(String),
}

impl From<DieselError> for PersistenceError {
    fn from(error: DieselError) -> Self {
        match error {
            DieselError::NotFound => Self::NotFound,
            DieselError::DatabaseError(
                DatabaseErrorKind::UniqueViolation | DatabaseErrorKind::ForeignKeyViolation,
                ref info,
            ) => Self::Constraint(info.constraint_name().unwrap_or("unknown").to_owned()),
            DieselError::DatabaseError(_, ref info)
                if info.message().contains("invalid byte sequence")
                    || info
                        .message()
                        .contains("unsupported Unicode escape sequence") =>
            {
                Self::InvalidText(info.message().to_owned())
            }
            // The server went away (restart, failover, network): the request can be retried,
            // and the pool drops the broken connection when it comes back.
            DieselError::DatabaseError(
                DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::UnableToSendCommand,
                ref info,
            ) => Self::Connection(info.message().to_owned()),
            other => Self::Database(other),
        }
    }
}

impl From<diesel::r2d2::PoolError> for PersistenceError {
    fn from(error: diesel::r2d2::PoolError) -> Self {
        Self::Pool(error.to_string())
    }
}
