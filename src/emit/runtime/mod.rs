// The runtime of the generated models: modelgen carries this file into every models.rs, up to
// its test module. It is compiled and tested as it stands (src/emit/runtime/mod.rs in modelgen).

use mysql::prelude::{FromRow, Queryable};
use std::fmt;

/// What can go wrong in the generated models.
#[derive(Debug)]
#[allow(dead_code)] // a schema without keyless tables never builds NoPrimaryKey
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
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Db(e) => write!(f, "database error: {e}"),
            Error::NotFound { table, key } => write!(f, "no row in `{table}` has the key {key}"),
            Error::MissingValue { table, column } => {
                write!(
                    f,
                    "`{table}`.`{column}` is NOT NULL without default and was never set"
                )
            }
            Error::Conversion {
                table,
                column,
                message,
            } => {
                write!(f, "`{table}`.`{column}`: {message}")
            }
            Error::NoPrimaryKey { table } => {
                write!(
                    f,
                    "`{table}` has no primary key: its rows cannot be updated or deleted"
                )
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
        Db {
            connection: Connection::Direct(conn),
            statements: 0,
            depth: 0,
        }
    }
}

impl From<mysql::PooledConn> for Db {
    fn from(conn: mysql::PooledConn) -> Db {
        Db {
            connection: Connection::Pooled(conn),
            statements: 0,
            depth: 0,
        }
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

#[allow(dead_code)] // the methods a program does not call
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
            (
                "START TRANSACTION".to_string(),
                "COMMIT".to_string(),
                "ROLLBACK".to_string(),
            )
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

    /// The connection itself, for statements the models do not make (they count in
    /// [`Db::statements`] only when sent through the models).
    pub fn conn(&mut self) -> &mut mysql::Conn {
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

    /// Rows affected by the last statement.
    #[allow(dead_code)]
    fn affected_rows(&mut self) -> u64 {
        self.conn().affected_rows()
    }

    /// The first row `query` selects with `params`.
    #[allow(dead_code)]
    fn first<M>(&mut self, query: Query<M>, params: Vec<mysql::Value>) -> Result<Option<M>> {
        let row: Option<mysql::Row> = self.exec_first(query.sql, params)?;
        row.map(query.read).transpose()
    }

    /// Every row `query` selects with `params`.
    #[allow(dead_code)]
    fn all<M>(&mut self, query: Query<M>, params: Vec<mysql::Value>) -> Result<Vec<M>> {
        // Each row becomes a record as it arrives: no list of raw rows is held.
        self.statements += 1;
        let rows = self.conn().exec_iter(query.sql, params)?;
        rows.map(|row| (query.read)(row?)).collect()
    }

    /// The rows `query` selects, read one at a time as the server sends them. No statement is
    /// sent for the children of a record not yet inserted (`new`) or for a NULL key.
    #[allow(dead_code)]
    fn lazy<M>(
        &mut self,
        query: Query<M>,
        params: Vec<mysql::Value>,
        new: bool,
    ) -> Result<Lazy<'_, M>> {
        let rows = if new || has_null(&params) {
            None
        } else {
            self.statements += 1;
            Some(self.conn().exec_iter(query.sql, params)?)
        };
        Ok(Lazy {
            rows,
            read: query.read,
        })
    }

    /// Sends a write built by [`Write`]; returns the id the server gave an AUTO_INCREMENT column.
    #[allow(dead_code)]
    fn write(&mut self, write: Write) -> Result<u64> {
        self.exec_drop(&write.sql(), write.params)?;
        Ok(self.last_insert_id())
    }

    /// Sends a DELETE built by [`Write`]; did it delete a row?
    #[allow(dead_code)]
    fn delete(&mut self, write: Write) -> Result<bool> {
        self.exec_drop(&write.sql(), write.params)?;
        Ok(self.affected_rows() > 0)
    }
}

/// A SELECT of one model's rows and how to read them.
struct Query<M> {
    table: &'static str,
    sql: &'static str,
    read: fn(mysql::Row) -> Result<M>,
}

fn has_null(params: &[mysql::Value]) -> bool {
    params.contains(&mysql::Value::NULL)
}

/// A value as a statement parameter.
#[allow(dead_code)]
fn param<T: ToSql + ?Sized>(value: &T) -> mysql::Value {
    value.to_sql()
}

/// Rows read one by one from the server: see [`Db::lazy`].
struct Lazy<'a, M> {
    rows: Option<mysql::QueryResult<'a, 'a, 'a, mysql::Binary>>,
    read: fn(mysql::Row) -> Result<M>,
}

impl<M> Iterator for Lazy<'_, M> {
    type Item = Result<M>;

    fn next(&mut self) -> Option<Result<M>> {
        let row = self.rows.as_mut()?.next()?;
        Some(row.map_err(Error::Db).and_then(self.read))
    }
}

/// A column's Rust value as read from the server.
trait FromSql: Sized {
    fn from_sql(value: mysql::Value) -> std::result::Result<Self, String>;
}

/// A column's Rust value as sent to the server.
trait ToSql {
    fn to_sql(&self) -> mysql::Value;
}

/// Types whose conversions the `mysql` crate already has.
macro_rules! sql_value_by_driver {
    ($($t:ty),*) => {$(
        impl FromSql for $t {
            fn from_sql(value: mysql::Value) -> std::result::Result<Self, String> {
                mysql::from_value_opt(value).map_err(|e| format!("cannot read {:?}", e.0))
            }
        }

        impl ToSql for $t {
            fn to_sql(&self) -> mysql::Value {
                mysql::Value::from(self.clone())
            }
        }
    )*};
}

sql_value_by_driver!(
    bool,
    i8,
    i16,
    i32,
    i64,
    u8,
    u16,
    u32,
    u64,
    f32,
    f64,
    String,
    Vec<u8>
);
sql_value_by_driver!(
    rust_decimal::Decimal,
    chrono::NaiveDate,
    chrono::NaiveDateTime
);

impl ToSql for str {
    fn to_sql(&self) -> mysql::Value {
        mysql::Value::from(self)
    }
}

impl ToSql for [u8] {
    fn to_sql(&self) -> mysql::Value {
        mysql::Value::from(self)
    }
}

impl<T: ToSql + ?Sized> ToSql for &T {
    fn to_sql(&self) -> mysql::Value {
        (**self).to_sql()
    }
}

impl<T: FromSql> FromSql for Option<T> {
    fn from_sql(value: mysql::Value) -> std::result::Result<Self, String> {
        match value {
            mysql::Value::NULL => Ok(None),
            value => T::from_sql(value).map(Some),
        }
    }
}

impl<T: ToSql> ToSql for Option<T> {
    fn to_sql(&self) -> mysql::Value {
        self.as_ref().map_or(mysql::Value::NULL, T::to_sql)
    }
}

/// TIME: a signed span that may pass 24 hours (-838:59:59 to 838:59:59).
impl FromSql for chrono::TimeDelta {
    fn from_sql(value: mysql::Value) -> std::result::Result<Self, String> {
        let time = |negative: bool, days: u32, h: u8, m: u8, s: u8, us: u32| {
            let sign = if negative { -1 } else { 1 };
            let minutes = (i64::from(days) * 24 + i64::from(h)) * 60 + i64::from(m);
            let seconds = chrono::TimeDelta::seconds(sign * (minutes * 60 + i64::from(s)));
            seconds + chrono::TimeDelta::microseconds(sign * i64::from(us))
        };
        match value {
            mysql::Value::Time(negative, days, h, m, s, us) => {
                Ok(time(negative, days, h, m, s, us))
            }
            mysql::Value::Bytes(bytes) => {
                parse_time(&String::from_utf8_lossy(&bytes)).ok_or_else(|| {
                    format!("cannot read {:?} as TIME", String::from_utf8_lossy(&bytes))
                })
            }
            other => Err(format!("cannot read {other:?} as TIME")),
        }
    }
}

/// `[-]HHH:MM:SS[.ffffff]`, as the text protocol sends TIME.
fn parse_time(text: &str) -> Option<chrono::TimeDelta> {
    let (negative, text) = text.strip_prefix('-').map_or((false, text), |t| (true, t));
    let (clock, fraction) = text.split_once('.').unwrap_or((text, "0"));
    let mut parts = clock.split(':').map(str::parse::<i64>);
    let (h, m, s) = (
        parts.next()?.ok()?,
        parts.next()?.ok()?,
        parts.next()?.ok()?,
    );
    let micros: i64 = format!("{fraction:0<6}").get(..6)?.parse().ok()?;
    let delta =
        chrono::TimeDelta::seconds((h * 60 + m) * 60 + s) + chrono::TimeDelta::microseconds(micros);
    Some(if negative { -delta } else { delta })
}

impl ToSql for chrono::TimeDelta {
    fn to_sql(&self) -> mysql::Value {
        let negative = *self < chrono::TimeDelta::zero();
        let span = self.abs();
        let seconds = span.num_seconds();
        let micros = (span - chrono::TimeDelta::seconds(seconds))
            .num_microseconds()
            .unwrap_or(0);
        let (days, rest) = (seconds / 86_400, seconds % 86_400);
        let (h, m, s) = (rest / 3600, rest % 3600 / 60, rest % 60);
        // The casts cannot truncate: each part is below its unit's bound.
        mysql::Value::Time(
            negative,
            days as u32,
            h as u8,
            m as u8,
            s as u8,
            micros as u32,
        )
    }
}

/// JSON (MariaDB keeps it as LONGTEXT with a JSON_VALID check).
impl FromSql for serde_json::Value {
    fn from_sql(value: mysql::Value) -> std::result::Result<Self, String> {
        match value {
            mysql::Value::Bytes(bytes) => {
                serde_json::from_slice(&bytes).map_err(|e| format!("invalid JSON: {e}"))
            }
            other => Err(format!("cannot read {other:?} as JSON")),
        }
    }
}

impl ToSql for serde_json::Value {
    fn to_sql(&self) -> mysql::Value {
        mysql::Value::from(self.to_string())
    }
}

/// Reads a row's columns in order.
struct RowReader {
    row: mysql::Row,
    table: &'static str,
    next: usize,
}

#[allow(dead_code)]
impl RowReader {
    fn new(row: mysql::Row, table: &'static str) -> RowReader {
        RowReader {
            row,
            table,
            next: 0,
        }
    }

    fn read<T: FromSql>(&mut self, column: &'static str) -> Result<T> {
        let value = self.row.take(self.next).unwrap_or(mysql::Value::NULL);
        self.next += 1;
        T::from_sql(value).map_err(|message| Error::Conversion {
            table: self.table,
            column,
            message,
        })
    }
}

/// What a record knows of itself beyond its values: new (not yet inserted), dirty (to be
/// saved), and which of its `N` columns were set since the last load or save.
#[derive(Debug, Clone, Copy)]
struct RecordState<const N: usize> {
    new: bool,
    dirty: bool,
    changed: [bool; N],
}

#[allow(dead_code)]
impl<const N: usize> RecordState<N> {
    fn new_record() -> Self {
        RecordState {
            new: true,
            dirty: true,
            changed: [false; N],
        }
    }

    fn loaded() -> Self {
        RecordState {
            new: false,
            dirty: false,
            changed: [false; N],
        }
    }
}

/// `Err(MissingValue)` when column `index` of a new record was never set and no cascade
/// (`filled`) will set it.
#[allow(dead_code)]
fn require<const N: usize>(
    state: &RecordState<N>,
    table: &'static str,
    column: &'static str,
    index: usize,
    filled: &[usize],
) -> Result<()> {
    if state.new && !state.changed[index] && !filled.contains(&index) {
        return Err(Error::MissingValue { table, column });
    }
    Ok(())
}

/// The message of an ENUM value the generated enum does not know.
#[allow(dead_code)]
fn unknown_value(text: &str) -> String {
    format!("{text:?} is no value of the ENUM")
}

/// A setter was called for column `index`: the record is dirty and the column will be written.
#[allow(dead_code)]
fn set_column<T, const N: usize>(
    state: &mut RecordState<N>,
    field: &mut T,
    value: T,
    index: usize,
) {
    *field = value;
    state.changed[index] = true;
    state.dirty = true;
}

/// A cascade gives column `index` a key: a change only when the value differs.
#[allow(dead_code)]
fn assign_key<T: PartialEq, const N: usize>(
    state: &mut RecordState<N>,
    field: &mut T,
    value: T,
    index: usize,
) {
    if *field != value {
        set_column(state, field, value, index);
    }
}

/// After an INSERT: the AUTO_INCREMENT column takes the id the server gave, unless it was set.
#[allow(dead_code)]
fn fill_auto_increment<T: FromSql>(field: &mut Option<T>, id: u64) {
    if field.is_none() {
        *field = key_of(&id);
    }
}

/// `Err(NoPrimaryKey)`: an UPDATE or DELETE of a table without primary key.
#[allow(dead_code)]
fn no_primary_key(table: &'static str) -> Result<()> {
    Err(Error::NoPrimaryKey { table })
}

/// An INSERT, UPDATE or DELETE, built column by column.
struct Write {
    table: &'static str,
    verb: Verb,
    columns: Vec<&'static str>,
    keys: Vec<&'static str>,
    params: Vec<mysql::Value>,
}

#[allow(dead_code)]
impl Write {
    fn new(table: &'static str, verb: Verb) -> Write {
        Write {
            table,
            verb,
            columns: Vec::new(),
            keys: Vec::new(),
            params: Vec::new(),
        }
    }

    fn insert(table: &'static str) -> Write {
        Write::new(table, Verb::Insert)
    }

    fn update(table: &'static str) -> Write {
        Write::new(table, Verb::Update)
    }

    fn delete(table: &'static str) -> Write {
        Write::new(table, Verb::Delete)
    }

    /// Writes `column` when `wanted`.
    fn column(&mut self, wanted: bool, column: &'static str, value: &dyn ToSql) {
        if wanted {
            self.columns.push(column);
            self.params.push(value.to_sql());
        }
    }

    /// The UPDATE's row: `column = value` in its WHERE clause (after every `column` call).
    fn key(&mut self, column: &'static str, value: &dyn ToSql) {
        self.keys.push(column);
        self.params.push(value.to_sql());
    }

    /// An UPDATE that sets nothing is not sent.
    fn is_empty(&self) -> bool {
        self.columns.is_empty() && self.verb == Verb::Update
    }

    fn sql(&self) -> String {
        let quote = |name: &str| format!("`{}`", name.replace('`', "``"));
        let table = quote(self.table);
        let names: Vec<String> = self.columns.iter().map(|c| quote(c)).collect();
        let keys: Vec<String> = self
            .keys
            .iter()
            .map(|k| format!("{} = ?", quote(k)))
            .collect();
        let keys = keys.join(" AND ");
        match self.verb {
            Verb::Insert => {
                let marks = vec!["?"; names.len()].join(", ");
                format!(
                    "INSERT INTO {table} ({}) VALUES ({marks})",
                    names.join(", ")
                )
            }
            Verb::Update => {
                let sets: Vec<String> = names.iter().map(|c| format!("{c} = ?")).collect();
                format!("UPDATE {table} SET {} WHERE {keys}", sets.join(", "))
            }
            Verb::Delete => format!("DELETE FROM {table} WHERE {keys}"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verb {
    Insert,
    Update,
    Delete,
}

/// The cached records of a has-many relationship: those loaded (`loaded`) and those attached
/// with `add_*`.
#[derive(Debug, Clone)]
#[allow(dead_code)]
struct HasMany<M> {
    loaded: bool,
    records: Vec<M>,
}

impl<M> Default for HasMany<M> {
    fn default() -> Self {
        HasMany {
            loaded: false,
            records: Vec::new(),
        }
    }
}

/// The cached record of a has-one relationship, once loaded.
#[derive(Debug, Clone)]
#[allow(dead_code)]
struct HasOne<M> {
    loaded: bool,
    record: Option<Box<M>>,
}

impl<M> Default for HasOne<M> {
    fn default() -> Self {
        HasOne {
            loaded: false,
            record: None,
        }
    }
}

/// The relationship caches of a model, as the cascade walks them.
trait Cached {
    type Model: Record;
    /// The records held.
    fn records(&mut self) -> &mut [Self::Model];
    fn records_ref(&self) -> &[Self::Model];
}

impl<M: Record> Cached for Option<Box<M>> {
    type Model = M;
    fn records(&mut self) -> &mut [M] {
        self.as_deref_mut()
            .map(std::slice::from_mut)
            .unwrap_or_default()
    }
    fn records_ref(&self) -> &[M] {
        self.as_deref()
            .map(std::slice::from_ref)
            .unwrap_or_default()
    }
}

impl<M: Record> Cached for HasOne<M> {
    type Model = M;
    fn records(&mut self) -> &mut [M] {
        self.record.records()
    }
    fn records_ref(&self) -> &[M] {
        self.record.records_ref()
    }
}

impl<M: Record> Cached for HasMany<M> {
    type Model = M;
    fn records(&mut self) -> &mut [M] {
        &mut self.records
    }
    fn records_ref(&self) -> &[M] {
        &self.records
    }
}

/// Does the cache hold a record?
#[allow(dead_code)]
fn holds(cache: &impl Cached) -> bool {
    !cache.records_ref().is_empty()
}

/// Is a record of the cache, or one it caches, to be saved?
#[allow(dead_code)]
fn tree_dirty(cache: &impl Cached) -> bool {
    cache.records_ref().iter().any(Record::is_tree_dirty)
}

/// `check_tree` of every record of the cache; `filled` are their columns the cascade sets.
#[allow(dead_code)]
fn check(cache: &impl Cached, filled: &[usize]) -> Result<()> {
    cache
        .records_ref()
        .iter()
        .try_for_each(|record| record.check_tree(filled))
}

/// The records of a cache, to write.
#[allow(dead_code)]
fn records<C: Cached>(cache: &mut C) -> &mut [C::Model] {
    cache.records()
}

/// A belongs-to getter: the cached target, else the row `query` finds (none for a NULL key).
#[allow(dead_code)]
fn belongs_to<'c, M>(
    db: &mut Db,
    cache: &'c mut Option<Box<M>>,
    query: Query<M>,
    params: Vec<mysql::Value>,
    strict: bool,
) -> Result<Option<&'c mut M>> {
    if cache.is_none() && !has_null(&params) {
        let table = query.table;
        let record = db.first(query, params.clone())?;
        *cache = found(record, strict, table, &params)?;
    }
    Ok(cache.as_deref_mut())
}

/// A has-one getter: the cached record, else (or with `reload`) the row `query` finds. A new
/// record has none and sends no statement.
#[allow(dead_code)]
fn has_one<'c, M>(
    db: &mut Db,
    cache: &'c mut HasOne<M>,
    query: Query<M>,
    params: Vec<mysql::Value>,
    new: bool,
    reload: bool,
) -> Result<Option<&'c mut M>> {
    if (reload || !cache.loaded) && !new && !has_null(&params) {
        cache.record = db.first(query, params)?.map(Box::new);
        cache.loaded = true;
    }
    Ok(cache.record.as_deref_mut())
}

/// A has-many getter: the cached list, else (or with `reload`) the rows `query` finds, followed
/// by the records attached with `add_*` and not yet saved. A new record's list holds just those
/// and sends no statement.
#[allow(dead_code)]
fn has_many<'c, M: Record>(
    db: &mut Db,
    cache: &'c mut HasMany<M>,
    query: Query<M>,
    params: Vec<mysql::Value>,
    new: bool,
    reload: bool,
) -> Result<&'c mut Vec<M>> {
    if (reload || !cache.loaded) && !new && !has_null(&params) {
        let mut records = db.all(query, params)?;
        records.extend(cache.records.drain(..).filter(Record::is_new));
        cache.records = records;
        cache.loaded = true;
    }
    Ok(&mut cache.records)
}

/// `add_*`: the record joins the list, to be saved with its key set by the next save.
#[allow(dead_code)]
fn attach<M>(cache: &mut HasMany<M>, record: M) {
    cache.records.push(record);
}

/// What the runtime needs of a model to save a cascade.
trait Record: Clone {
    /// Not yet inserted?
    fn is_new(&self) -> bool;
    /// Is anything in this record or in the records it caches to be saved?
    fn is_tree_dirty(&self) -> bool;
    /// Would a save write this record alone? True when its cached parents are clean (their keys
    /// are already in this record) and it caches no children (whose keys it might change).
    fn writes_alone(&self) -> bool;
    /// Must a save read the row back (server-made values)?
    fn rereads(&self) -> bool;
    /// `Err(MissingValue)` for the first NOT NULL column that nothing will set; `filled` are the
    /// columns the cascade sets from a parent.
    fn check_tree(&self, filled: &[usize]) -> Result<()>;
    /// Writes this record and those it caches, parents first.
    fn write_tree(&mut self, db: &mut Db) -> Result<()>;
}

/// `save`: the whole cascade in one transaction (a savepoint inside an outer one); on failure
/// the records are put back as they were. A save that writes one record with one statement
/// sends just that statement.
#[allow(dead_code)]
fn save_cascade<R: Record>(record: &mut R, db: &mut Db) -> Result<()> {
    record.check_tree(&[])?;
    if !record.is_tree_dirty() {
        return Ok(());
    }
    if record.writes_alone() && !record.rereads() && !db.in_transaction() {
        return record.write_tree(db);
    }
    let before = record.clone();
    let outcome = db.transaction(|db| record.write_tree(db));
    if outcome.is_err() {
        *record = before;
    }
    outcome
}

/// A key column's value taken from the record it refers to: `None` while that record has none
/// yet (not inserted), or when it does not fit the key's type.
#[allow(dead_code)]
fn key_of<T: ToSql + ?Sized, U: FromSql>(value: &T) -> Option<U> {
    match value.to_sql() {
        mysql::Value::NULL => None,
        value => U::from_sql(value).ok(),
    }
}

/// A belongs-to target as `find` gave it: an orphaned key is `Err(NotFound)` when `strict`,
/// else `None` and a warning.
#[allow(dead_code)]
fn found<M>(
    record: Option<M>,
    strict: bool,
    table: &'static str,
    key: &[mysql::Value],
) -> Result<Option<Box<M>>> {
    let key: Vec<String> = key.iter().map(|v| v.as_sql(true)).collect();
    let key = key.join(", ");
    match record {
        Some(record) => Ok(Some(Box::new(record))),
        None if strict => Err(Error::NotFound { table, key }),
        None => {
            log::warn!("no row in `{table}` has the key {key} (an orphaned foreign key)");
            Ok(None)
        }
    }
}

// ---- modelgen: the runtime ends here; its tests below are not carried into models.rs ----

#[cfg(test)]
mod tests;
