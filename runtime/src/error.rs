//! What can go wrong, and how an application tells the cases apart.

use std::fmt;

/// What can go wrong in the generated models.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The server refused a statement, or the connection failed.
    Db(mysql::Error),
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
    /// The server sent a value that the column's Rust type cannot hold (a zero date, a DECIMAL
    /// beyond 28 digits, text that is not UTF-8...).
    Conversion {
        /// The table read.
        table: &'static str,
        /// The column whose value does not fit.
        column: &'static str,
        /// What the value was and why it does not fit.
        message: String,
    },
    /// A record of a table without a primary key was changed after it was inserted: there is no
    /// key to say which row to update.
    NoPrimaryKey {
        /// The table without primary key.
        table: &'static str,
    },
    /// The server stored other values than the record's (a string cut to the column's length,
    /// a number out of range made its nearest bound: what a non-strict `sql_mode` allows) in a
    /// table without primary key, where the row cannot be read back. The write was rolled back.
    Changed {
        /// The table written.
        table: &'static str,
        /// The server's warnings, as `SHOW WARNINGS` gives them.
        warnings: String,
    },
    /// The server ended the transaction earlier (a deadlock, a lock wait timeout with
    /// `innodb_rollback_on_timeout`, a killed query, a lost connection): this statement was not
    /// sent, since outside a transaction it would be committed alone. The outermost
    /// [`Db::transaction`](crate::Db::transaction) returns the error that ended it.
    TransactionAborted {
        /// What ended the transaction.
        cause: String,
    },
}

impl Error {
    /// The server's error number (`ER_DUP_ENTRY` is 1062), when the server refused a statement.
    pub fn server_code(&self) -> Option<u16> {
        match self {
            Error::Db(mysql::Error::MySqlError(e)) => Some(e.code),
            _ => None,
        }
    }

    /// A UNIQUE or PRIMARY KEY already holds the value (server error 1062).
    pub fn is_duplicate_key(&self) -> bool {
        self.server_code() == Some(1062)
    }

    /// A foreign key refused the write: the parent row is missing (1452) or children still
    /// refer to the row (1451).
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
            Error::NotFound { table, key } => write!(f, "no row in `{table}` has the key {key}"),
            Error::MissingValue { table, column } => write!(
                f,
                "`{table}`.`{column}` is NOT NULL without default and was never set"
            ),
            Error::Conversion {
                table,
                column,
                message,
            } => write!(f, "`{table}`.`{column}`: {message}"),
            Error::NoPrimaryKey { table } => write!(
                f,
                "`{table}` has no primary key: its rows cannot be updated or deleted"
            ),
            Error::Changed { table, warnings } => write!(
                f,
                "the server stored other values than the record's in `{table}`, which has no \
                 primary key to read them back by (rolled back): {warnings}"
            ),
            Error::TransactionAborted { cause } => write!(
                f,
                "not sent: the server ended the transaction earlier ({cause})"
            ),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Db(e) => Some(e),
            _ => None,
        }
    }
}

impl From<mysql::Error> for Error {
    fn from(e: mysql::Error) -> Error {
        Error::Db(e)
    }
}

/// The result of every database operation of the models.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A description of `error` that keeps the server's code in the form [`Error::is_retryable`]
/// reads: `Deadlock found ... (1213)`.
pub(crate) fn describe(error: &Error) -> String {
    match error {
        Error::Db(mysql::Error::MySqlError(e)) => format!("{} ({})", e.message, e.code),
        other => other.to_string(),
    }
}

/// A copy of `error`, for the outermost transaction to return as well as the statement that
/// met it. `mysql::Error` is not `Clone`; the server's errors and I/O errors are rebuilt, the
/// rest described.
pub(crate) fn copy(error: &Error) -> Error {
    match error {
        Error::Db(mysql::Error::MySqlError(e)) => Error::Db(mysql::Error::MySqlError(e.clone())),
        Error::Db(mysql::Error::IoError(e)) => Error::Db(mysql::Error::IoError(
            std::io::Error::new(e.kind(), e.to_string()),
        )),
        Error::TransactionAborted { cause } => Error::TransactionAborted {
            cause: cause.clone(),
        },
        other => Error::TransactionAborted {
            cause: describe(other),
        },
    }
}
