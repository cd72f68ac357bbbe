//! The async [`Db`]: one sqlx connection, the statements sent on it, transactions that fail as
//! a whole, and what a dropped future leaves behind made right before the next statement.

use super::error::{copy, describe, Error, Result};
use super::value::{arguments, values};
use futures_util::StreamExt;
use mysql::Value;
use sqlx::mysql::{MySqlArguments, MySqlConnectOptions, MySqlConnection, MySqlRow};
use sqlx::pool::PoolConnection;
use sqlx::{Connection as _, Executor, MySql};
use std::fmt;
use std::time::Instant;

/// One connection, shared by every model of a cascade, with the count of statements sent: the
/// async flavour of [`crate::Db`], with the same behaviour.
///
/// A future of this `Db` that is dropped before it ends (a timeout, a `select!`, a client gone
/// away) leaves nothing half done: the transaction or savepoint it had opened is rolled back
/// before the next statement on this `Db`, and a `Db` dropped with such a transaction still
/// open closes its connection instead of giving it back to its pool (the server then rolls
/// back). See [`Db::transaction`] for what a dropped `save` leaves in the records.
pub struct Db {
    connection: Connection,
    /// Where [`Db::connect`] connected, to connect again.
    options: Option<MySqlConnectOptions>,
    /// The connection failed: connect again before the next statement.
    lost: bool,
    statements: u64,
    /// How many `transaction` calls are open: 0 outside, 1 in a transaction, more in savepoints.
    depth: u32,
    /// What ended the server's transaction while `transaction` calls were still open.
    aborted: Option<Error>,
    /// Does the server return an INSERT's values (`INSERT … RETURNING`, MariaDB 10.5)?
    returning: bool,
    /// The level of the outermost `transaction` whose future was dropped before it ended: its
    /// work is rolled back before the next statement.
    abandoned: Option<u32>,
    /// A statement is on its way: set when it is sent, cleared when its answer is read. Still
    /// set at the next statement, its future was dropped mid-way.
    in_flight: bool,
    /// The connection was left mid-statement by a dropped future: sqlx cannot always read
    /// such a connection back into step (a statement dropped while being prepared leaves
    /// packets it would take for the next answer), so it is never used again.
    poisoned: bool,
}

/// What the server said of a write.
pub(crate) struct Written {
    /// The id it gave an AUTO_INCREMENT column (0: none).
    pub id: u64,
    /// Rows changed.
    pub affected: u64,
}

enum Connection {
    Direct(MySqlConnection),
    Pooled(PoolConnection<MySql>),
}

impl From<MySqlConnection> for Db {
    fn from(conn: MySqlConnection) -> Db {
        Db::new(Connection::Direct(conn), None)
    }
}

impl From<PoolConnection<MySql>> for Db {
    fn from(conn: PoolConnection<MySql>) -> Db {
        Db::new(Connection::Pooled(conn), None)
    }
}

impl fmt::Debug for Db {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Db")
            .field("statements", &self.statements)
            .field("depth", &self.depth)
            .field("aborted", &self.aborted.as_ref().map(describe))
            .field("abandoned", &self.abandoned)
            .finish()
    }
}

impl Drop for Db {
    /// A transaction a dropped future left open, or a statement it left on its way, must not
    /// go back to the pool with the connection: the connection is closed instead, and the
    /// server rolls back what it held.
    fn drop(&mut self) {
        let unsettled = self.abandoned.is_some() || self.in_flight || self.poisoned;
        if let (true, Connection::Pooled(conn)) = (unsettled, &mut self.connection) {
            conn.close_on_drop();
        }
    }
}

/// A `transaction` call in progress: dropped before it ended (its future dropped, or a panic),
/// it leaves its level to be rolled back before the next statement.
struct Open<'d> {
    db: &'d mut Db,
    /// The `depth` the call started at.
    depth: u32,
    ended: bool,
}

impl Drop for Open<'_> {
    fn drop(&mut self) {
        if !self.ended {
            let db = &mut *self.db;
            db.depth = self.depth;
            db.abandoned = Some(db.abandoned.map_or(self.depth, |d| d.min(self.depth)));
        }
    }
}

impl Db {
    fn new(connection: Connection, options: Option<MySqlConnectOptions>) -> Db {
        Db {
            connection,
            options,
            lost: false,
            statements: 0,
            depth: 0,
            aborted: None,
            returning: true,
            abandoned: None,
            in_flight: false,
            poisoned: false,
        }
    }

    /// Connects to `url` (`mysql://user:password@host:port/database`), with the session as the
    /// sync runtime has it (`||` is OR, the server's time zone).
    ///
    /// ```no_run
    /// # async fn f() -> modelgen_runtime::v0_1::asynchronous::Result<()> {
    /// use modelgen_runtime::v0_1::asynchronous::Db;
    /// let mut db = Db::connect("mysql://root@127.0.0.1:3306/game").await?;
    /// # Ok(()) }
    /// ```
    pub async fn connect(url: &str) -> Result<Db> {
        let options: MySqlConnectOptions = url.parse()?;
        let options = options.pipes_as_concat(false).timezone(None);
        let conn = MySqlConnection::connect_with(&options).await?;
        Ok(Db::new(Connection::Direct(conn), Some(options)))
    }

    /// Runs `f` in a transaction: committed when `f` returns `Ok`, rolled back when it returns
    /// `Err`. Inside another `transaction`, a savepoint is used instead, so only `f`'s work is
    /// rolled back. As [`crate::Db::transaction`] in every other respect: the server's own
    /// ending of the transaction (deadlock, lock wait timeout, killed query, lost connection)
    /// is returned by the outermost call.
    ///
    /// A future of `transaction` dropped before it ends (or `f` panicking) leaves its work to
    /// be rolled back: before the next statement on this `Db`, or by the server when the `Db`
    /// is dropped (its connection is then closed, never given back to a pool with the
    /// transaction open). Nothing of it is committed, with one exception no client can rule
    /// out: dropped while its `COMMIT` is on its way, the server may have committed it.
    ///
    /// ```no_run
    /// # async fn f(db: &mut modelgen_runtime::v0_1::asynchronous::Db)
    /// # -> modelgen_runtime::v0_1::asynchronous::Result<()> {
    /// let moved = db
    ///     .transaction(async |db| {
    ///         // save records here: all or none
    ///         Ok(2)
    ///     })
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn transaction<T>(&mut self, f: impl AsyncFnOnce(&mut Db) -> Result<T>) -> Result<T> {
        self.ready().await?;
        let depth = self.depth;
        // Open from before the first statement: dropped while `START TRANSACTION` is on its
        // way, it leaves a `ROLLBACK` to send (harmless if the server never began).
        let mut open = Open {
            db: self,
            depth,
            ended: false,
        };
        let begun = match depth {
            0 => open.db.query_drop("START TRANSACTION").await,
            _ => {
                let sql = format!("SAVEPOINT modelgen_{depth}");
                open.db.query_drop(&sql).await
            }
        };
        if let Err(error) = begun {
            open.ended = true;
            return Err(error);
        }
        open.db.depth += 1;
        let outcome = f(open.db).await;
        open.db.depth -= 1;
        let ended = open.db.finish(outcome).await;
        open.ended = true;
        ended
    }

    /// Ends the transaction (or savepoint) that `self.depth` names: commit on `Ok`, roll back
    /// on `Err`, and at the outermost level the server's own ending wins over both.
    async fn finish<T>(&mut self, outcome: Result<T>) -> Result<T> {
        let depth = self.depth;
        if self.aborted.is_some() {
            if depth > 0 {
                let cause = self.aborted.as_ref().map(describe).unwrap_or_default();
                return Err(outcome.err().unwrap_or(Error::TransactionAborted { cause }));
            }
            let first = self.aborted.take().expect("checked");
            if !self.lost {
                let _ = self.query_drop("ROLLBACK").await;
            }
            return Err(first);
        }
        match outcome {
            Ok(value) => {
                let end = match depth {
                    0 => self.query_drop("COMMIT").await,
                    _ => {
                        let sql = format!("RELEASE SAVEPOINT modelgen_{depth}");
                        self.query_drop(&sql).await
                    }
                };
                if let Err(error) = end {
                    if depth > 0 {
                        self.aborted.get_or_insert_with(|| copy(&error));
                    }
                    return Err(error);
                }
                Ok(value)
            }
            Err(error) => {
                let rollback = match depth {
                    0 => "ROLLBACK".to_string(),
                    _ => format!("ROLLBACK TO SAVEPOINT modelgen_{depth}"),
                };
                if self.query_drop(&rollback).await.is_err() && depth > 0 {
                    self.aborted.get_or_insert_with(|| copy(&error));
                }
                Err(error)
            }
        }
    }

    /// Rolls back what a dropped `transaction` future left open (see [`Db::transaction`]).
    async fn settle(&mut self) -> Result<()> {
        let Some(level) = self.abandoned.take() else {
            return Ok(());
        };
        self.depth = level;
        let sql = match level {
            0 => "ROLLBACK".to_string(),
            _ => format!("ROLLBACK TO SAVEPOINT modelgen_{level}"),
        };
        log::debug!(target: "modelgen", "rolling back what a dropped future left: {sql}");
        if self.lost {
            return Ok(());
        }
        self.in_flight = true;
        let outcome = self.raw().execute(sql.as_str()).await;
        self.in_flight = false;
        self.statements += 1;
        match outcome {
            Ok(_) => Ok(()),
            Err(error) => {
                let error = self.failed(Error::Db(error)).await;
                if error.server_code() == Some(1305) {
                    // The savepoint was never made: the future was dropped before it was.
                    return Ok(());
                }
                if level == 0 {
                    // The connection cannot say: drop it, the server rolls back.
                    self.lost = true;
                    self.abandoned = Some(0);
                } else {
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
    /// [`Db::statements`] only when sent through the models), after what a dropped future
    /// left is rolled back; a lost connection is made anew first, outside a transaction.
    pub async fn conn(&mut self) -> Result<&mut MySqlConnection> {
        self.ready().await?;
        Ok(self.raw())
    }

    fn raw(&mut self) -> &mut MySqlConnection {
        match &mut self.connection {
            Connection::Direct(conn) => conn,
            Connection::Pooled(conn) => conn,
        }
    }

    /// Connects again where [`Db::connect`] connected; a `Db` made from a connection cannot.
    async fn reconnect(&mut self) -> Result<()> {
        let Some(options) = self.options.clone() else {
            if self.poisoned {
                return Err(unusable());
            }
            return Ok(());
        };
        let conn = MySqlConnection::connect_with(&options).await?;
        // The old connection goes (closed by its drop: the server rolls back what it held).
        self.connection = Connection::Direct(conn);
        self.lost = false;
        self.poisoned = false;
        self.abandoned = None;
        Ok(())
    }

    /// Before a statement: refused inside a transaction the server has ended; the connection
    /// put right after a dropped future (see [`Db::transaction`]); a new connection when the
    /// last one was lost outside a transaction. Counts the statement, which is then on its way.
    async fn prepare(&mut self) -> Result<Instant> {
        self.ready().await?;
        if let Some(aborted) = &self.aborted {
            return Err(Error::TransactionAborted {
                cause: describe(aborted),
            });
        }
        self.statements += 1;
        self.in_flight = true;
        Ok(Instant::now())
    }

    /// Puts right what dropped futures left: a connection left mid-statement is given up
    /// (inside a transaction that goes on, the transaction with it: it fails as one the
    /// server ended); a transaction left open is rolled back. Then a lost connection is made
    /// anew outside a transaction.
    async fn ready(&mut self) -> Result<()> {
        if self.in_flight {
            self.in_flight = false;
            self.poisoned = true;
            self.lost = true;
            if let Connection::Pooled(conn) = &mut self.connection {
                conn.close_on_drop();
            }
            if self.depth > 0 && self.aborted.is_none() {
                self.aborted = Some(Error::TransactionAborted {
                    cause: "a future dropped mid-statement left the connection unusable".into(),
                });
            }
        }
        if self.abandoned.is_some() {
            if self.lost {
                // The server rolls back what the lost connection held.
                if self.abandoned == Some(0) {
                    self.abandoned = None;
                }
            } else {
                self.settle().await?;
            }
        }
        if self.lost && self.depth == 0 {
            self.reconnect().await?;
        }
        Ok(())
    }

    /// After a statement: logged (its SQL and time, never its values), its failure noted.
    async fn sent<T>(&mut self, sql: &str, start: Instant, outcome: Result<T>) -> Result<T> {
        self.in_flight = false;
        log::debug!(target: "modelgen", "{sql} ({:?})", start.elapsed());
        match outcome {
            Ok(value) => Ok(value),
            Err(error) => Err(self.failed(error).await),
        }
    }

    /// Notes what `error` says of the connection and the transaction, and hands it back.
    async fn failed(&mut self, error: Error) -> Error {
        let Error::Db(db_error) = &error else {
            return error;
        };
        if is_connection_lost(db_error, error.server_code()) {
            self.lost = true;
        }
        if self.depth > 0 && self.aborted.is_none() && !self.transaction_alive(&error).await {
            self.aborted = Some(copy(&error));
        }
        error
    }

    /// Does the server still hold the transaction after `error`? MariaDB says so itself
    /// (`@@in_transaction`); elsewhere the error's code decides.
    async fn transaction_alive(&mut self, error: &Error) -> bool {
        if self.lost {
            return false;
        }
        self.statements += 1;
        let asked = self.ask("SELECT @@in_transaction").await;
        match asked {
            Ok(alive) => matches!(alive, Some(Value::Int(1) | Value::UInt(1))),
            Err(e) if is_connection_lost(&e, None) => {
                self.lost = true;
                false
            }
            Err(_) => match error.server_code() {
                Some(1213) => false,
                Some(1205) => {
                    let rolled = self.ask("SELECT @@innodb_rollback_on_timeout").await;
                    !matches!(rolled, Ok(Some(Value::Int(1) | Value::UInt(1))))
                }
                _ => true,
            },
        }
    }

    /// The first value of a statement's first row, not counted nor logged.
    async fn ask(&mut self, sql: &str) -> std::result::Result<Option<Value>, sqlx::Error> {
        self.in_flight = true;
        let row = sqlx::query_with(sql, MySqlArguments::default())
            .fetch_optional(self.raw())
            .await;
        self.in_flight = false;
        let row = row?;
        let values = row.map(|row| values(&row)).transpose();
        let values = values.map_err(|e| sqlx::Error::Decode(e.into()))?;
        Ok(values.and_then(|v| v.into_iter().next()))
    }

    /// A statement without parameters or result.
    pub(crate) async fn query_drop(&mut self, sql: &str) -> Result<()> {
        let start = self.prepare().await?;
        let outcome = self.raw().execute(sql).await.map(drop).map_err(Error::Db);
        self.sent(sql, start, outcome).await
    }

    /// An INSERT, UPDATE or DELETE with its parameters.
    pub(crate) async fn write(&mut self, sql: &str, params: Vec<Value>) -> Result<Written> {
        let start = self.prepare().await?;
        let outcome = sqlx::query_with(sql, arguments(None, params))
            .execute(self.raw())
            .await
            .map(|done| Written {
                id: done.last_insert_id(),
                affected: done.rows_affected(),
            })
            .map_err(Error::Db);
        self.sent(sql, start, outcome).await
    }

    /// The rows of a statement (a SELECT, an INSERT … RETURNING), each as its values, and the
    /// names of its columns. `first`: a `filter_sql`'s or `find_by_sql`'s own arguments.
    pub(crate) async fn select(
        &mut self,
        sql: &str,
        first: Option<MySqlArguments>,
        params: Vec<Value>,
    ) -> Result<Vec<MySqlRow>> {
        let start = self.prepare().await?;
        let outcome = sqlx::query_with(sql, arguments(first, params))
            .fetch_all(self.raw())
            .await
            .map_err(Error::Db);
        self.sent(sql, start, outcome).await
    }

    /// The rows of a SELECT as the server sends them, each given to `each` as it arrives:
    /// memory does not grow with their number. Stops at the first error of `each`.
    pub(crate) fn stream<'a>(
        &'a mut self,
        sql: String,
        first: Option<MySqlArguments>,
        params: Vec<Value>,
    ) -> impl futures_core::Stream<Item = Result<MySqlRow>> + Send + 'a {
        async_stream::stream! {
            let start = match self.prepare().await {
                Ok(start) => start,
                Err(error) => {
                    yield Err(error);
                    return;
                }
            };
            let mut failure = None;
            {
                let Db { connection, in_flight, .. } = &mut *self;
                let conn: &mut MySqlConnection = match connection {
                    Connection::Direct(conn) => conn,
                    Connection::Pooled(conn) => conn,
                };
                let mut rows = sqlx::query_with(&sql, arguments(first, params)).fetch(conn);
                while let Some(row) = rows.next().await {
                    // Past its first row a statement's answer can be read to its end by sqlx:
                    // a stream dropped from here leaves the connection usable.
                    *in_flight = false;
                    match row {
                        Ok(row) => yield Ok(row),
                        Err(error) => {
                            failure = Some(Error::Db(error));
                            break;
                        }
                    }
                }
            }
            let outcome = failure.map_or(Ok(()), Err);
            if let Err(error) = self.sent(&sql, start, outcome).await {
                yield Err(error);
            }
        }
    }

    /// Does the server return an INSERT's values (`RETURNING`)? Taken to until it refuses one
    /// (MySQL, MariaDB before 10.5: see `no_returning`).
    pub fn returning(&self) -> bool {
        self.returning
    }

    /// Writes without `RETURNING` on this connection, as on MySQL (for tests and
    /// benchmarks of that path).
    #[doc(hidden)]
    pub fn without_returning(&mut self) {
        self.returning = false;
    }

    /// The server refused `RETURNING`: writes go without it on this connection.
    pub(crate) fn no_returning(&mut self) {
        self.returning = false;
    }
}

/// The connection is gone: an I/O or protocol error, or the server's word for it.
fn is_connection_lost(error: &sqlx::Error, code: Option<u16>) -> bool {
    match error {
        sqlx::Error::Io(_) | sqlx::Error::Protocol(_) | sqlx::Error::WorkerCrashed => true,
        // 1927: the connection was killed; 2006, 2013: gone away, lost during the query.
        sqlx::Error::Database(_) => matches!(code, Some(1927 | 2006 | 2013)),
        _ => false,
    }
}

/// The error of a `Db` whose connection a dropped future left mid-statement, and which cannot
/// connect again (it was made from a connection): make another.
fn unusable() -> Error {
    let message = "a future of this Db was dropped mid-statement: its connection was given up \
                   (a Db made from a connection cannot connect again: make another)";
    Error::Db(sqlx::Error::Io(std::io::Error::new(
        std::io::ErrorKind::ConnectionAborted,
        message,
    )))
}
