//! The async flavour's [`Error`]: the sync one's cases, with sqlx's error where the server or
//! the connection failed.

use std::fmt;

/// What can go wrong in the async models: [`crate::Error`]'s cases, `Db` holding sqlx's error.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The server refused a statement, or the connection failed.
    Db(sqlx::Error),
    /// `strict = true` and no row has the key a model points at.
    NotFound {
        /// The table searched.
        table: &'static str,
        /// The key's values, as SQL.
        key: String,
    },
    /// A NOT NULL column without default was never set; found before any statement is sent.
    MissingValue {
        /// The record's table.
        table: &'static str,
        /// The column never set.
        column: &'static str,
    },
    /// The server sent a value that the column's Rust type cannot hold.
    Conversion {
        /// The table read.
        table: &'static str,
        /// The column whose value does not fit.
        column: &'static str,
        /// What the value was and why it does not fit.
        message: String,
    },
    /// A record of a table without a primary key was changed after it was inserted.
    NoPrimaryKey {
        /// The table without primary key.
        table: &'static str,
    },
    /// The server stored other values than the record's in a table without primary key.
    Changed {
        /// The table written.
        table: &'static str,
        /// The server's warnings.
        warnings: String,
    },
    /// The server ended the transaction earlier: this statement was not sent. The outermost
    /// [`Db::transaction`](super::Db::transaction) returns the error that ended it.
    TransactionAborted {
        /// What ended the transaction.
        cause: String,
    },
}

impl Error {
    /// The server's error number (`ER_DUP_ENTRY` is 1062), when the server refused a statement.
    pub fn server_code(&self) -> Option<u16> {
        match self {
            Error::Db(sqlx::Error::Database(e)) => e
                .try_downcast_ref::<sqlx::mysql::MySqlDatabaseError>()
                .map(|e| e.number())
                .or_else(|| e.try_downcast_ref::<ServerError>().map(|e| e.number)),
            _ => None,
        }
    }

    /// A UNIQUE or PRIMARY KEY already holds the value (server error 1062).
    pub fn is_duplicate_key(&self) -> bool {
        self.server_code() == Some(1062)
    }

    /// A foreign key refused the write (1451, 1452).
    pub fn is_foreign_key_violation(&self) -> bool {
        matches!(self.server_code(), Some(1451 | 1452))
    }

    /// Running the same work again may succeed: a deadlock (1213) or a lock wait timeout
    /// (1205), or a transaction the server ended for one of them.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::TransactionAborted { cause } => {
                cause.contains("(1213)") || cause.contains("(1205)")
            }
            _ => matches!(self.server_code(), Some(1213 | 1205)),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Db(e) => write!(f, "database error: {e}"),
            other => write!(f, "{}", shared(other).expect("not Db")),
        }
    }
}

/// The sync error of the same case, for its text (every case but `Db`).
fn shared(error: &Error) -> Option<crate::Error> {
    Some(match error {
        Error::Db(_) => return None,
        Error::NotFound { table, key } => crate::Error::NotFound {
            table,
            key: key.clone(),
        },
        Error::MissingValue { table, column } => crate::Error::MissingValue { table, column },
        Error::Conversion {
            table,
            column,
            message,
        } => crate::Error::Conversion {
            table,
            column,
            message: message.clone(),
        },
        Error::NoPrimaryKey { table } => crate::Error::NoPrimaryKey { table },
        Error::Changed { table, warnings } => crate::Error::Changed {
            table,
            warnings: warnings.clone(),
        },
        Error::TransactionAborted { cause } => crate::Error::TransactionAborted {
            cause: cause.clone(),
        },
    })
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Db(e) => Some(e),
            _ => None,
        }
    }
}

impl From<sqlx::Error> for Error {
    fn from(e: sqlx::Error) -> Error {
        Error::Db(e)
    }
}

/// The shared code's errors (checks, conversions, relationships): never the sync driver's.
impl From<crate::Error> for Error {
    fn from(e: crate::Error) -> Error {
        match e {
            crate::Error::Db(e) => Error::TransactionAborted {
                cause: e.to_string(),
            },
            crate::Error::NotFound { table, key } => Error::NotFound { table, key },
            crate::Error::MissingValue { table, column } => Error::MissingValue { table, column },
            crate::Error::Conversion {
                table,
                column,
                message,
            } => Error::Conversion {
                table,
                column,
                message,
            },
            crate::Error::NoPrimaryKey { table } => Error::NoPrimaryKey { table },
            crate::Error::Changed { table, warnings } => Error::Changed { table, warnings },
            crate::Error::TransactionAborted { cause } => Error::TransactionAborted { cause },
        }
    }
}

/// The result of every database operation of the async models.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A description of `error` that keeps the server's code as [`Error::is_retryable`] reads it.
pub(crate) fn describe(error: &Error) -> String {
    match (error, error.server_code()) {
        (Error::Db(sqlx::Error::Database(e)), Some(code)) => format!("{} ({code})", e.message()),
        (other, _) => other.to_string(),
    }
}

/// A copy of `error`, for the outermost transaction to return as well as the statement that
/// met it (sqlx's error is not `Clone`): the server's errors rebuilt with their number, state
/// and message, I/O errors with their kind and text, the rest described.
pub(crate) fn copy(error: &Error) -> Error {
    match error {
        Error::Db(sqlx::Error::Database(e)) => match error.server_code() {
            Some(number) => Error::Db(sqlx::Error::Database(Box::new(ServerError {
                number,
                state: e.code().map(|c| c.into_owned()),
                message: e.message().to_string(),
            }))),
            None => Error::TransactionAborted {
                cause: describe(error),
            },
        },
        Error::Db(sqlx::Error::Io(e)) => Error::Db(sqlx::Error::Io(std::io::Error::new(
            e.kind(),
            e.to_string(),
        ))),
        Error::TransactionAborted { cause } => Error::TransactionAborted {
            cause: cause.clone(),
        },
        other => Error::TransactionAborted {
            cause: describe(other),
        },
    }
}

/// A server's error as [`copy`] rebuilds it: what `MySqlDatabaseError` holds, which only sqlx
/// can make.
#[derive(Debug)]
pub(crate) struct ServerError {
    number: u16,
    state: Option<String>,
    message: String,
}

impl fmt::Display for ServerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.state {
            Some(state) => write!(f, "{} ({state}): {}", self.number, self.message),
            None => write!(f, "{}: {}", self.number, self.message),
        }
    }
}

impl std::error::Error for ServerError {}

impl sqlx::error::DatabaseError for ServerError {
    fn message(&self) -> &str {
        &self.message
    }

    fn code(&self) -> Option<std::borrow::Cow<'_, str>> {
        self.state.as_deref().map(std::borrow::Cow::Borrowed)
    }

    fn as_error(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
        self
    }

    fn as_error_mut(&mut self) -> &mut (dyn std::error::Error + Send + Sync + 'static) {
        self
    }

    fn into_error(self: Box<Self>) -> Box<dyn std::error::Error + Send + Sync + 'static> {
        self
    }

    fn kind(&self) -> sqlx::error::ErrorKind {
        match self.number {
            1062 => sqlx::error::ErrorKind::UniqueViolation,
            1451 | 1452 => sqlx::error::ErrorKind::ForeignKeyViolation,
            1048 => sqlx::error::ErrorKind::NotNullViolation,
            3819 => sqlx::error::ErrorKind::CheckViolation,
            _ => sqlx::error::ErrorKind::Other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_keeps_the_server_code() {
        let deadlock = Error::Db(sqlx::Error::Database(Box::new(ServerError {
            number: 1213,
            state: Some("40001".into()),
            message: "Deadlock found".into(),
        })));
        let copied = copy(&deadlock);
        assert_eq!(copied.server_code(), Some(1213));
        assert!(copied.is_retryable());
        assert_eq!(describe(&copied), "Deadlock found (1213)");
    }
}
