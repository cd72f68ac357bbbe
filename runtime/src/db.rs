//! [`Db`]: one connection, the statements sent on it, and transactions that fail as a whole.

use crate::error::{copy, describe, Error, Result};
use mysql::prelude::Queryable;
use mysql::Value;
use std::fmt;
use std::panic::{self, AssertUnwindSafe};
use std::time::Instant;

/// One connection, shared by every model of a cascade, with the count of statements sent.
///
/// A `Db` made by [`Db::connect`] connects again when its connection was lost (a server
/// restart, `KILL`, the network), before the next statement sent outside a transaction. Inside
/// a transaction a lost connection ends it: see [`Db::transaction`].
pub struct Db {
    connection: Connection,
    /// Where [`Db::connect`] connected, to connect again.
    opts: Option<mysql::Opts>,
    /// The connection failed: connect again before the next statement.
    lost: bool,
    statements: u64,
    /// How many `transaction` calls are open: 0 outside, 1 in a transaction, more in savepoints.
    depth: u32,
    /// What ended the server's transaction while `transaction` calls were still open.
    aborted: Option<Error>,
    /// Does the server return an INSERT's values (`INSERT … RETURNING`, MariaDB 10.5)?
    returning: Option<bool>,
}

/// What the server said of a write.
pub(crate) struct Written {
    /// The id it gave an AUTO_INCREMENT column (0: none).
    pub id: u64,
    /// Rows changed.
    pub affected: u64,
    /// How many warnings it raised.
    pub warnings: u16,
}

enum Connection {
    Direct(mysql::Conn),
    Pooled(mysql::PooledConn),
}

impl From<mysql::Conn> for Db {
    fn from(conn: mysql::Conn) -> Db {
        Db::new(Connection::Direct(conn), None)
    }
}

impl From<mysql::PooledConn> for Db {
    fn from(conn: mysql::PooledConn) -> Db {
        Db::new(Connection::Pooled(conn), None)
    }
}

impl fmt::Debug for Db {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Db")
            .field("statements", &self.statements)
            .field("depth", &self.depth)
            .field("aborted", &self.aborted.as_ref().map(describe))
            .finish()
    }
}

impl Db {
    fn new(connection: Connection, opts: Option<mysql::Opts>) -> Db {
        Db {
            connection,
            opts,
            lost: false,
            statements: 0,
            depth: 0,
            aborted: None,
            returning: None,
        }
    }

    /// Connects to `url` (`mysql://user:password@host:port/database`).
    ///
    /// ```no_run
    /// let mut db = modelgen_runtime::Db::connect("mysql://root@127.0.0.1:3306/game")?;
    /// # Ok::<(), modelgen_runtime::Error>(())
    /// ```
    pub fn connect(url: &str) -> Result<Db> {
        let opts = mysql::Opts::from_url(url).map_err(|e| Error::Db(mysql::Error::UrlError(e)))?;
        let conn = mysql::Conn::new(opts.clone())?;
        Ok(Db::new(Connection::Direct(conn), Some(opts)))
    }

    /// Runs `f` in a transaction: committed when `f` returns `Ok`, rolled back when it returns
    /// `Err` or panics (the panic then goes on). Inside another `transaction`, a savepoint is
    /// used instead, so only `f`'s work is rolled back.
    ///
    /// The server may end the whole transaction on its own: a deadlock, a lock wait timeout
    /// under `innodb_rollback_on_timeout`, a killed query or a lost connection. The statement
    /// that met it returns that error; every later statement of the transaction fails with
    /// [`Error::TransactionAborted`] without being sent (outside the transaction it would be
    /// committed alone), and the outermost `transaction` returns the first error, even when
    /// `f` caught it and returned `Ok`. Records saved earlier inside that transaction keep
    /// what the save gave them (ids, clean state) although their rows are gone: load them
    /// again, or make them anew, before saving them again.
    ///
    /// ```no_run
    /// # fn f(db: &mut modelgen_runtime::Db) -> modelgen_runtime::Result<()> {
    /// let moved = db.transaction(|db| {
    ///     // save records here: all or none
    ///     Ok(2)
    /// })?;
    /// # Ok(()) }
    /// ```
    pub fn transaction<T>(&mut self, f: impl FnOnce(&mut Db) -> Result<T>) -> Result<T> {
        // Only this wrapper of `f` is generic: the rest is compiled once (issue 13).
        let mut f = Some(f);
        let mut value = None;
        self.run_transaction(&mut |db| {
            let f = f.take().expect("a transaction calls its function once");
            value = Some(f(db)?);
            Ok(())
        })?;
        Ok(value.expect("the function succeeded"))
    }

    /// `transaction` of a function whose value is kept by the caller.
    fn run_transaction(&mut self, f: &mut dyn FnMut(&mut Db) -> Result<()>) -> Result<()> {
        let depth = self.depth;
        match depth {
            0 => self.query_drop("START TRANSACTION")?,
            _ => self.query_drop(&format!("SAVEPOINT modelgen_{depth}"))?,
        }
        self.depth += 1;
        let outcome = panic::catch_unwind(AssertUnwindSafe(|| f(self)));
        self.depth -= 1;
        match outcome {
            Ok(outcome) => self.finish(outcome),
            Err(panic) => {
                let _ = self.finish(Err(Error::TransactionAborted {
                    cause: "a panic".into(),
                }));
                panic::resume_unwind(panic)
            }
        }
    }

    /// Ends the transaction (or savepoint) that `self.depth` names: commit on `Ok`, roll back
    /// on `Err`, and at the outermost level the server's own ending wins over both.
    fn finish(&mut self, outcome: Result<()>) -> Result<()> {
        let depth = self.depth;
        if self.aborted.is_some() {
            if depth > 0 {
                // The outermost call reports the cause; this one fails its caller.
                let cause = self.aborted.as_ref().map(describe).unwrap_or_default();
                return Err(outcome.err().unwrap_or(Error::TransactionAborted { cause }));
            }
            let first = self.aborted.take().expect("checked");
            if !self.lost {
                // The server has rolled back already; this makes sure, and cannot add news.
                let _ = self.query_drop("ROLLBACK");
            }
            return Err(first);
        }
        match outcome {
            Ok(()) => {
                let end = match depth {
                    0 => self.query_drop("COMMIT"),
                    _ => self.query_drop(&format!("RELEASE SAVEPOINT modelgen_{depth}")),
                };
                if let Err(error) = end {
                    if depth > 0 {
                        // A savepoint that cannot be released: the transaction is lost.
                        self.aborted.get_or_insert_with(|| copy(&error));
                    }
                    return Err(error);
                }
                Ok(())
            }
            Err(error) => {
                let rollback = match depth {
                    0 => "ROLLBACK".to_string(),
                    _ => format!("ROLLBACK TO SAVEPOINT modelgen_{depth}"),
                };
                if self.query_drop(&rollback).is_err() && depth > 0 {
                    // A savepoint that cannot be rolled back to: the transaction is lost.
                    self.aborted.get_or_insert_with(|| copy(&error));
                }
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

    /// The connection itself, for statements the models do not make (they count in
    /// [`Db::statements`] only when sent through the models). A lost connection is made anew
    /// first, outside a transaction.
    pub fn conn(&mut self) -> &mut mysql::Conn {
        if self.lost && self.depth == 0 {
            let _ = self.reconnect();
        }
        self.raw()
    }

    fn raw(&mut self) -> &mut mysql::Conn {
        match &mut self.connection {
            Connection::Direct(conn) => conn,
            Connection::Pooled(conn) => conn.as_mut(),
        }
    }

    /// Connects again where [`Db::connect`] connected; a `Db` made from a connection cannot.
    fn reconnect(&mut self) -> Result<()> {
        let Some(opts) = self.opts.clone() else {
            return Ok(());
        };
        let conn = mysql::Conn::new(opts)?;
        self.connection = Connection::Direct(conn);
        self.lost = false;
        self.returning = None;
        Ok(())
    }

    /// Sends one statement through `run`: counted, logged (its SQL and time, never its
    /// values), refused inside a transaction the server has ended, preceded by a new
    /// connection when the last one was lost outside a transaction.
    pub(crate) fn send<T>(
        &mut self,
        sql: &str,
        run: impl FnOnce(&mut mysql::Conn) -> Result<T>,
    ) -> Result<T> {
        if let Some(aborted) = &self.aborted {
            return Err(Error::TransactionAborted {
                cause: describe(aborted),
            });
        }
        if self.lost && self.depth == 0 {
            self.reconnect()?;
        }
        self.statements += 1;
        let start = Instant::now();
        let outcome = run(self.raw());
        log::debug!(target: "modelgen", "{sql} ({:?})", start.elapsed());
        outcome.map_err(|e| self.failed(e))
    }

    /// Notes what `error` says of the connection and the transaction, and hands it back.
    fn failed(&mut self, error: Error) -> Error {
        if !matches!(error, Error::Db(_)) {
            return error;
        }
        if is_connection_lost(&error) {
            self.lost = true;
        }
        if self.depth > 0 && self.aborted.is_none() && !self.transaction_alive(&error) {
            self.aborted = Some(copy(&error));
        }
        error
    }

    /// Does the server still hold the transaction after `error`? MariaDB says so itself
    /// (`@@in_transaction`); elsewhere the error's code decides.
    fn transaction_alive(&mut self, error: &Error) -> bool {
        if self.lost {
            return false;
        }
        self.statements += 1;
        let asked = self.raw().query_first::<u8, _>("SELECT @@in_transaction");
        match asked.map_err(Error::Db) {
            Ok(alive) => alive == Some(1),
            Err(e) if is_connection_lost(&e) => {
                self.lost = true;
                false
            }
            Err(_) => match error.server_code() {
                Some(1213) => false,
                Some(1205) => {
                    let rolled = self
                        .raw()
                        .query_first::<u8, _>("SELECT @@innodb_rollback_on_timeout");
                    !matches!(rolled, Ok(Some(1)))
                }
                _ => true,
            },
        }
    }

    /// A statement without parameters or result.
    pub(crate) fn query_drop(&mut self, sql: &str) -> Result<()> {
        self.send(sql, |c| Ok(c.query_drop(sql)?))
    }

    /// An INSERT, UPDATE or DELETE with its parameters.
    pub(crate) fn write(&mut self, sql: &str, params: Vec<Value>) -> Result<Written> {
        self.send(sql, |c| {
            c.exec_drop(sql, params)?;
            Ok(Written {
                id: c.last_insert_id(),
                affected: c.affected_rows(),
                warnings: c.warnings(),
            })
        })
    }

    /// An INSERT … RETURNING: the rows it returned, in the order inserted, and its warnings.
    pub(crate) fn insert_returning(
        &mut self,
        sql: &str,
        params: Vec<Value>,
    ) -> Result<(Vec<mysql::Row>, u16)> {
        self.send(sql, |c| {
            let rows: Vec<mysql::Row> = c.exec(sql, params)?;
            Ok((rows, c.warnings()))
        })
    }

    /// Does the server return an INSERT's values (`RETURNING`)? MariaDB from 10.5 on: a
    /// MariaDB 10 announces itself as 5.5.5 (then a refused RETURNING says it is older than
    /// 10.5, see `no_returning`), MariaDB 11 as 11; MySQL never has it. Once a connection.
    pub fn returning(&mut self) -> bool {
        if self.lost && self.depth == 0 {
            let _ = self.reconnect();
        }
        let version = self.raw().server_version();
        *self
            .returning
            .get_or_insert(version == (5, 5, 5) || version.0 >= 10)
    }

    /// Writes without `RETURNING` on this connection, as on MySQL (for tests and
    /// benchmarks of that path).
    #[doc(hidden)]
    pub fn without_returning(&mut self) {
        self.returning = Some(false);
    }

    /// The server refused `RETURNING`: writes go without it on this connection.
    pub(crate) fn no_returning(&mut self) {
        self.returning = Some(false);
    }

    /// The warnings of the last statement, as one line.
    pub(crate) fn warnings(&mut self) -> Result<String> {
        self.send("SHOW WARNINGS", |c| {
            let warnings: Vec<(String, u32, String)> = c.query("SHOW WARNINGS")?;
            let lines: Vec<String> = warnings
                .into_iter()
                .map(|(level, code, message)| format!("{level} {code}: {message}"))
                .collect();
            Ok(lines.join("; "))
        })
    }

    /// The rows of a SELECT, each given to `each` as it arrives (no list of raw rows is held).
    pub(crate) fn select(
        &mut self,
        sql: &str,
        params: Vec<Value>,
        each: &mut dyn FnMut(mysql::Row) -> Result<()>,
    ) -> Result<()> {
        let params = if params.is_empty() {
            mysql::Params::Empty
        } else {
            mysql::Params::Positional(params)
        };
        self.select_named(sql, params, each)
    }

    /// The rows of a SELECT with any parameters, each given to `each` as it arrives.
    pub(crate) fn select_named(
        &mut self,
        sql: &str,
        params: mysql::Params,
        each: &mut dyn FnMut(mysql::Row) -> Result<()>,
    ) -> Result<()> {
        self.send(sql, |c| {
            for row in c.exec_iter(sql, params)? {
                each(row?)?;
            }
            Ok(())
        })
    }

    /// The rows of a SELECT as the server sends them, one at a time: memory does not grow with
    /// their number.
    pub(crate) fn stream(
        &mut self,
        sql: &str,
        params: Vec<Value>,
    ) -> Result<mysql::QueryResult<'_, '_, '_, mysql::Binary>> {
        // Prepared first (counted as the statement), so that a failure to send is noted as
        // for any statement; the rows then borrow the connection.
        let statement = self.send(sql, |c| Ok(c.prep(sql)?))?;
        Ok(self.raw().exec_iter(statement, params)?)
    }
}

/// The connection is gone: an I/O error, or the client's own report of it.
fn is_connection_lost(error: &Error) -> bool {
    match error {
        Error::Db(mysql::Error::IoError(_) | mysql::Error::CodecError(_)) => true,
        Error::Db(mysql::Error::DriverError(e)) => matches!(
            e,
            mysql::DriverError::PacketOutOfSync | mysql::DriverError::UnexpectedPacket
        ),
        // 1927: the connection was killed; 2006, 2013: gone away, lost during the query.
        Error::Db(mysql::Error::MySqlError(e)) => matches!(e.code, 1927 | 2006 | 2013),
        _ => false,
    }
}
