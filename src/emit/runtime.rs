// The runtime of the generated models: modelgen carries this file into every models.rs, up to
// its test module. It is compiled and tested as it stands (src/emit/runtime.rs in modelgen).

use mysql::prelude::{FromRow, Queryable};
use std::fmt;

/// What can go wrong in the generated models.
#[derive(Debug)]
pub enum Error {
    /// The server refused a statement, or the connection failed.
    Db(mysql::Error),
    /// `strict = true` and no row has the key a model points at.
    NotFound { table: &'static str, key: String },
    /// A NOT NULL column without default was never set; found before any statement is sent.
    MissingValue { table: &'static str, column: &'static str },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Db(e) => write!(f, "database error: {e}"),
            Error::NotFound { table, key } => write!(f, "no row in `{table}` has the key {key}"),
            Error::MissingValue { table, column } => {
                write!(f, "`{table}`.`{column}` is NOT NULL without default and was never set")
            }
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

/// One connection, shared by every model of a cascade, with the count of statements sent.
pub struct Db {
    connection: Connection,
    statements: u64,
    /// How many `transaction` calls are open: 0 outside, 1 in a transaction, more in savepoints.
    depth: u32,
}

enum Connection {
    Direct(mysql::Conn),
    Pooled(mysql::PooledConn),
}

impl From<mysql::Conn> for Db {
    fn from(conn: mysql::Conn) -> Db {
        Db { connection: Connection::Direct(conn), statements: 0, depth: 0 }
    }
}

impl From<mysql::PooledConn> for Db {
    fn from(conn: mysql::PooledConn) -> Db {
        Db { connection: Connection::Pooled(conn), statements: 0, depth: 0 }
    }
}

impl fmt::Debug for Db {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Db")
            .field("statements", &self.statements)
            .field("depth", &self.depth)
            .finish()
    }
}

impl Db {
    /// Connects to `url` (`mysql://user:password@host:port/database`).
    pub fn connect(url: &str) -> Result<Db> {
        let opts = mysql::Opts::from_url(url).map_err(|e| Error::Db(mysql::Error::UrlError(e)))?;
        Ok(Db::from(mysql::Conn::new(opts)?))
    }

    /// Runs `f` in a transaction: committed when `f` returns `Ok`, rolled back when it returns
    /// `Err`. Inside another `transaction`, a savepoint is used instead, so only `f`'s work is
    /// rolled back.
    pub fn transaction<T>(&mut self, f: impl FnOnce(&mut Db) -> Result<T>) -> Result<T> {
        let savepoint = format!("modelgen_{}", self.depth);
        let (begin, commit, rollback) = if self.depth == 0 {
            ("START TRANSACTION".to_string(), "COMMIT".to_string(), "ROLLBACK".to_string())
        } else {
            (
                format!("SAVEPOINT {savepoint}"),
                format!("RELEASE SAVEPOINT {savepoint}"),
                format!("ROLLBACK TO SAVEPOINT {savepoint}"),
            )
        };
        self.query_drop(&begin)?;
        self.depth += 1;
        let outcome = f(self);
        self.depth -= 1;
        match outcome {
            Ok(value) => {
                self.query_drop(&commit)?;
                Ok(value)
            }
            Err(error) => {
                // The first error is the one to report; a failed rollback cannot add to it.
                let _ = self.query_drop(&rollback);
                Err(error)
            }
        }
    }

    /// Statements sent on this connection so far (transaction control included).
    pub fn statements(&self) -> u64 {
        self.statements
    }

    /// Is a `transaction` open?
    pub fn in_transaction(&self) -> bool {
        self.depth > 0
    }

    fn conn(&mut self) -> &mut mysql::Conn {
        match &mut self.connection {
            Connection::Direct(conn) => conn,
            Connection::Pooled(conn) => conn.as_mut(),
        }
    }

    fn query_drop(&mut self, sql: &str) -> Result<()> {
        self.statements += 1;
        Ok(self.conn().query_drop(sql)?)
    }

    #[allow(dead_code)]
    fn exec_drop(&mut self, sql: &str, params: impl Into<mysql::Params>) -> Result<()> {
        self.statements += 1;
        Ok(self.conn().exec_drop(sql, params)?)
    }

    #[allow(dead_code)]
    fn exec_first<T: FromRow>(
        &mut self,
        sql: &str,
        params: impl Into<mysql::Params>,
    ) -> Result<Option<T>> {
        self.statements += 1;
        Ok(self.conn().exec_first(sql, params)?)
    }

    #[allow(dead_code)]
    fn exec_all<T: FromRow>(
        &mut self,
        sql: &str,
        params: impl Into<mysql::Params>,
    ) -> Result<Vec<T>> {
        self.statements += 1;
        Ok(self.conn().exec(sql, params)?)
    }

    /// Rows as the server sends them, one at a time: memory does not grow with their number.
    #[allow(dead_code)]
    fn exec_stream<'a>(
        &'a mut self,
        sql: &str,
        params: impl Into<mysql::Params>,
    ) -> Result<impl Iterator<Item = Result<mysql::Row>> + 'a> {
        self.statements += 1;
        let rows = self.conn().exec_iter(sql, params)?;
        Ok(rows.map(|row| row.map_err(Error::Db)))
    }

    #[allow(dead_code)]
    fn last_insert_id(&mut self) -> u64 {
        self.conn().last_insert_id()
    }
}

// ---- modelgen: the runtime ends here; its tests below are not carried into models.rs ----

#[cfg(test)]
#[path = "runtime_tests.rs"]
mod tests;
