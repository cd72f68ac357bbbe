//! Reading records: the SELECTs of `find` and the finders, and rows made records.

use crate::db::Db;
use crate::error::{Error, Result};
use crate::record::{push_filled, DynRecord, List, Meta, Record, Table};
use crate::value::ToSql;
use mysql::{Row, Value};

/// A MySQL identifier in backquotes.
pub(crate) fn quote(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

/// `SELECT` of every column of `table`, in the table's order.
pub(crate) fn select_sql_of(table: &Table) -> String {
    let columns: Vec<String> = table.columns.iter().map(|c| quote(c)).collect();
    format!("SELECT {} FROM {}", columns.join(", "), quote(table.name))
}

/// `` `a` = ? AND `b` = ? `` for `columns` of `table`.
pub(crate) fn where_columns_of(table: &Table, columns: &[usize]) -> String {
    let conditions: Vec<String> = columns
        .iter()
        .map(|&c| format!("{} = ?", quote(table.columns[c])))
        .collect();
    conditions.join(" AND ")
}

/// The SELECT of the rows whose `columns` hold the parameters.
pub(crate) fn select_by<M: Record>(columns: &[usize]) -> String {
    select_by_of(&Table::of::<M>(), columns)
}

/// `select_by` of `table`.
pub(crate) fn select_by_of(table: &Table, columns: &[usize]) -> String {
    format!(
        "{} WHERE {}",
        select_sql_of(table),
        where_columns_of(table, columns)
    )
}

/// The first row whose `columns` hold `key`.
pub(crate) fn first<M: Record>(
    db: &mut Db,
    columns: &[usize],
    key: Vec<Value>,
) -> Result<Option<M>> {
    let table = Table::of::<M>();
    let mut rows: Vec<M> = Vec::new();
    select_into(db, &table, &select_by_of(&table, columns), key, &mut rows)?;
    Ok((!rows.is_empty()).then(|| rows.swap_remove(0)))
}

/// Every row whose `columns` hold `key`, in primary key order.
pub(crate) fn every<M: Record>(db: &mut Db, columns: &[usize], key: Vec<Value>) -> Result<Vec<M>> {
    let mut rows: Vec<M> = Vec::new();
    every_into(db, &Table::of::<M>(), columns, key, &mut rows)?;
    Ok(rows)
}

/// `every` into `rows`, records of `table`.
pub(crate) fn every_into(
    db: &mut Db,
    table: &Table,
    columns: &[usize],
    key: Vec<Value>,
    rows: &mut dyn List,
) -> Result<()> {
    let sql = format!("{}{}", select_by_of(table, columns), key_order_of(table));
    select_into(db, table, &sql, key, rows)
}

/// The rows of the runtime's own SELECT `sql` (every column of `table` in order) appended to
/// `rows` as records, loaded and clean.
pub(crate) fn select_into(
    db: &mut Db,
    table: &Table,
    sql: &str,
    params: Vec<Value>,
    rows: &mut dyn List,
) -> Result<()> {
    db.select(sql, params, &mut |mut row| {
        push_filled(rows, |record| {
            fill_row(table, record, &mut |column| {
                row.take(column).unwrap_or(Value::NULL)
            })
        })
    })
}

/// ` ORDER BY` the primary key of `table`, or nothing for a table without one.
pub(crate) fn key_order_of(table: &Table) -> String {
    let key: Vec<String> = table
        .shape
        .key
        .iter()
        .map(|&c| quote(table.columns[c]))
        .collect();
    if key.is_empty() {
        String::new()
    } else {
        format!(" ORDER BY {}", key.join(", "))
    }
}

fn params(values: &[&dyn ToSql]) -> Vec<Value> {
    values.iter().map(|v| v.to_sql()).collect()
}

/// `find`: the row with this primary key.
pub fn find<M: Record>(db: &mut Db, key: &[&dyn ToSql]) -> Result<Option<M>> {
    first(db, M::SHAPE.key, params(key))
}

/// A finder of a UNIQUE key: the row whose `columns` hold `values`.
pub fn find_one_by<M: Record>(
    db: &mut Db,
    columns: &[usize],
    values: &[&dyn ToSql],
) -> Result<Option<M>> {
    first(db, columns, params(values))
}

/// A finder: the rows whose `columns` hold `values`.
pub fn find_all_by<M: Record>(
    db: &mut Db,
    columns: &[usize],
    values: &[&dyn ToSql],
) -> Result<Vec<M>> {
    every(db, columns, params(values))
}

/// `all`: every row, in primary key order.
pub fn all<M: Record>(db: &mut Db) -> Result<Vec<M>> {
    crate::query::Query::<M>::new().all(db)
}

/// `find_many`: the rows with these keys (a one-column primary key), in key order; one
/// statement per 1,000 keys, none for no key.
pub fn find_many<M: Record, K: ToSql>(db: &mut Db, keys: &[K]) -> Result<Vec<M>> {
    let mut params = Vec::with_capacity(keys.len());
    for key in keys {
        params.push(key.to_sql());
    }
    let mut records: Vec<M> = Vec::new();
    find_many_into(db, &Table::of::<M>(), params, &mut records)?;
    Ok(records)
}

/// `find_many` of the rows of `table` with the keys `keys`, into `records`.
fn find_many_into(
    db: &mut Db,
    table: &Table,
    keys: Vec<Value>,
    records: &mut dyn List,
) -> Result<()> {
    for chunk in keys.chunks(CHUNK) {
        select_into(
            db,
            table,
            &find_many_sql(table, chunk.len()),
            chunk.to_vec(),
            records,
        )?;
    }
    if keys.len() > CHUNK {
        in_key_order(table, records);
    }
    Ok(())
}

/// The SELECT of `find_many` for `keys` keys of `table`. Both flavours' `find_many` send it.
pub(crate) fn find_many_sql(table: &Table, keys: usize) -> String {
    let column = quote(table.columns[table.shape.key[0]]);
    let marks = vec!["?"; keys].join(", ");
    format!(
        "{} WHERE {column} IN ({marks}) ORDER BY {column}",
        select_sql_of(table)
    )
}

/// `records` in the order of their (one-column) primary key, those with the same key as they
/// were. Both flavours' `find_many` sort so.
pub(crate) fn in_key_order(table: &Table, records: &mut dyn List) {
    let order = order_by(records, table.shape.key[0]);
    records.reorder(&order);
}

/// The positions of `rows` in the order of their `column` (a stable sort).
fn order_by(rows: &dyn List, column: usize) -> Vec<usize> {
    let keys: Vec<Value> = (0..rows.count())
        .map(|i| rows.at(i).value(column))
        .collect();
    let mut order: Vec<usize> = (0..rows.count()).collect();
    order.sort_by(|&a, &b| compare(&keys[a], &keys[b]));
    order
}

/// Keys a statement of `find_many` and of batch loading holds at most.
pub(crate) const CHUNK: usize = 1000;

/// The order of two key values (numbers by value, the rest by their bytes).
pub(crate) fn compare(a: &Value, b: &Value) -> std::cmp::Ordering {
    match (a, b) {
        (Value::Int(a), Value::Int(b)) => a.cmp(b),
        (Value::UInt(a), Value::UInt(b)) => a.cmp(b),
        (Value::Int(a), Value::UInt(b)) => i128::from(*a).cmp(&i128::from(*b)),
        (Value::UInt(a), Value::Int(b)) => i128::from(*a).cmp(&i128::from(*b)),
        (a, b) => a.as_sql(false).cmp(&b.as_sql(false)),
    }
}

/// `find_by_sql`: the rows of the caller's SELECT, each column taken by name (others
/// ignored); a column missing, or a value its field cannot hold, is `Err(Conversion)`.
pub fn find_by_sql<M: Record>(
    db: &mut Db,
    sql: &str,
    params: impl Into<mysql::Params>,
) -> Result<Vec<M>> {
    let mut records: Vec<M> = Vec::new();
    find_by_sql_into(db, &Table::of::<M>(), sql, params.into(), &mut records)?;
    Ok(records)
}

/// `find_by_sql` of records of `table`, into `records`.
fn find_by_sql_into(
    db: &mut Db,
    table: &Table,
    sql: &str,
    params: mysql::Params,
    records: &mut dyn List,
) -> Result<()> {
    // The columns' names are the statement's: taken from its first row.
    let mut names: Option<Vec<String>> = None;
    db.select_named(sql, params, &mut |row| {
        let names = names.get_or_insert_with(|| column_names(&row));
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        push_filled(records, |record| {
            fill_by_name(table, record, &names, &mut |p| {
                row.as_ref(p).cloned().unwrap_or(Value::NULL)
            })
        })
    })
}

/// `record` (of `table`) takes the values of a row whose columns are `names`, `value_at`
/// giving the value at a position: each of the table's columns found by name (ASCII case
/// aside); one missing, or a value its field cannot hold, is `Err(Conversion)`. Loaded, clean.
/// Both flavours read `find_by_sql` so.
pub(crate) fn fill_by_name(
    table: &Table,
    record: &mut dyn DynRecord,
    names: &[&str],
    value_at: &mut dyn FnMut(usize) -> Value,
) -> Result<()> {
    for (column, name) in table.columns.iter().enumerate() {
        let conversion = |message: String| Error::Conversion {
            table: table.name,
            column: table.columns[column],
            message,
        };
        let position = names
            .iter()
            .position(|c| c.eq_ignore_ascii_case(name))
            .ok_or_else(|| conversion("not among the columns the statement selected".into()))?;
        record.put(column, value_at(position)).map_err(conversion)?;
    }
    let meta = Meta::of(record, table.shape.key);
    *record.meta_mut() = meta;
    Ok(())
}

/// A record of a row holding `M::COLUMNS` in order (the runtime's own SELECTs).
pub(crate) fn read_row<M: Record>(mut row: Row) -> Result<M> {
    record_of(|column| row.take(column).unwrap_or(Value::NULL))
}

/// A record of the values of `M::COLUMNS` in order, `take` giving each: loaded, clean. Both
/// flavours read their own SELECTs so.
pub(crate) fn record_of<M: Record>(mut take: impl FnMut(usize) -> Value) -> Result<M> {
    let mut record = M::default();
    fill_row(&Table::of::<M>(), &mut record, &mut take)?;
    Ok(record)
}

/// A record of `table` of a row holding its columns in order, its type aside.
pub(crate) fn read_row_of(table: &Table, mut row: Row) -> Result<Box<dyn DynRecord>> {
    let mut record = (table.fresh)();
    fill_row(table, &mut *record, &mut |column| {
        row.take(column).unwrap_or(Value::NULL)
    })?;
    Ok(record)
}

/// `record` takes the values of `table`'s columns in order, `take` giving each: loaded, clean.
pub(crate) fn fill_row(
    table: &Table,
    record: &mut dyn DynRecord,
    take: &mut dyn FnMut(usize) -> Value,
) -> Result<()> {
    for column in 0..table.columns.len() {
        record
            .put(column, take(column))
            .map_err(|message| Error::Conversion {
                table: table.name,
                column: table.columns[column],
                message,
            })?;
    }
    let meta = Meta::of(record, table.shape.key);
    *record.meta_mut() = meta;
    Ok(())
}

/// The names of `row`'s columns.
fn column_names(row: &Row) -> Vec<String> {
    row.columns_ref()
        .iter()
        .map(|c| c.name_str().into_owned())
        .collect()
}

/// mysql's `FromRow` of a model: the columns by name (ASCII case aside, as MySQL compares
/// them), in any order; other columns are ignored. A missing column, or a value its type
/// cannot hold, gives the row back in the error.
pub fn from_row<M: Record>(row: Row) -> std::result::Result<M, mysql::FromRowError> {
    let mut record = M::default();
    if fill_from_row(&Table::of::<M>(), &mut record, &row) {
        Ok(record)
    } else {
        Err(mysql::FromRowError(row))
    }
}

/// `from_row` into `record`, a record of `table`: `false` when a column is missing or a
/// value does not fit.
fn fill_from_row(table: &Table, record: &mut dyn DynRecord, row: &Row) -> bool {
    let names = column_names(row);
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    // Cloned, so that a failure gives the row back whole.
    let value_at = &mut |p: usize| row.as_ref(p).cloned().unwrap_or(Value::NULL);
    fill_by_name(table, record, &names, value_at).is_ok()
}

/// Records read one by one from the server as they are iterated (the lazy getters).
pub struct Rows<'a, M> {
    rows: Option<mysql::QueryResult<'a, 'a, 'a, mysql::Binary>>,
    read: fn(Row) -> Result<M>,
}

impl<'a, M: Record> Rows<'a, M> {
    /// The rows `sql` selects; none, without a statement, when `skip`.
    pub(crate) fn new(db: &'a mut Db, sql: &str, params: Vec<Value>, skip: bool) -> Result<Self> {
        let rows = if skip {
            None
        } else {
            Some(db.stream(sql, params)?)
        };
        Ok(Rows {
            rows,
            read: read_row::<M>,
        })
    }
}

impl<M> Iterator for Rows<'_, M> {
    type Item = Result<M>;

    fn next(&mut self) -> Option<Result<M>> {
        let row = self.rows.as_mut()?.next()?;
        Some(row.map_err(Error::Db).and_then(self.read))
    }
}
