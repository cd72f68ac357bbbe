//! Reading records: the SELECTs of `find` and the finders, and rows made records.

use crate::db::Db;
use crate::error::{Error, Result};
use crate::record::{DynRecord, Meta, Record, Table};
use crate::value::ToSql;
use mysql::{Row, Value};

/// A MySQL identifier in backquotes.
pub(crate) fn quote(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

/// `SELECT` of every column of `M`, in the table's order.
pub(crate) fn select_sql<M: Record>() -> String {
    select_sql_of(&Table::of::<M>())
}

/// `SELECT` of every column of `table`, in the table's order.
pub(crate) fn select_sql_of(table: &Table) -> String {
    let columns: Vec<String> = table.columns.iter().map(|c| quote(c)).collect();
    format!("SELECT {} FROM {}", columns.join(", "), quote(table.name))
}

/// `` `a` = ? AND `b` = ? `` for `columns`.
pub(crate) fn where_columns<M: Record>(columns: &[usize]) -> String {
    where_columns_of(&Table::of::<M>(), columns)
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
    let mut rows = db.select(&select_by::<M>(columns), key, read_row::<M>)?;
    Ok((!rows.is_empty()).then(|| rows.swap_remove(0)))
}

/// Every row whose `columns` hold `key`, in primary key order.
pub(crate) fn every<M: Record>(db: &mut Db, columns: &[usize], key: Vec<Value>) -> Result<Vec<M>> {
    let sql = format!("{}{}", select_by::<M>(columns), key_order::<M>());
    db.select(&sql, key, read_row::<M>)
}

/// ` ORDER BY` the primary key, or nothing for a table without one.
pub(crate) fn key_order<M: Record>() -> String {
    key_order_of(&Table::of::<M>())
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
    let column = quote(M::COLUMNS[M::SHAPE.key[0]]);
    let mut records = Vec::new();
    for chunk in keys.chunks(CHUNK) {
        let marks = vec!["?"; chunk.len()].join(", ");
        let sql = format!(
            "{} WHERE {column} IN ({marks}) ORDER BY {column}",
            select_sql::<M>()
        );
        let params = chunk.iter().map(ToSql::to_sql).collect();
        records.extend(db.select(&sql, params, read_row::<M>)?);
    }
    if keys.len() > CHUNK {
        records = in_key_order(records);
    }
    Ok(records)
}

/// `records` in the order of their (one-column) primary key, those with the same key as they
/// were. Both flavours' `find_many` sort so.
pub(crate) fn in_key_order<M: Record>(records: Vec<M>) -> Vec<M> {
    let rows: Vec<&dyn DynRecord> = records.iter().map(|r| r as _).collect();
    let order = order_by(&rows, M::SHAPE.key[0]);
    let mut slots: Vec<Option<M>> = records.into_iter().map(Some).collect();
    order
        .into_iter()
        .map(|i| slots[i].take().expect("each position once"))
        .collect()
}

/// The positions of `rows` in the order of their `column` (a stable sort: the sort is
/// compiled once, not once per model).
fn order_by(rows: &[&dyn DynRecord], column: usize) -> Vec<usize> {
    let keys: Vec<Value> = rows.iter().map(|r| r.value(column)).collect();
    let mut order: Vec<usize> = (0..rows.len()).collect();
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
    let params = match params.into() {
        mysql::Params::Positional(values) => values,
        mysql::Params::Empty => Vec::new(),
        named => return db.select_named(sql, named, read_by_name::<M>),
    };
    db.select(sql, params, read_by_name::<M>)
}

/// A record of a row whose columns are found by name.
fn read_by_name<M: Record>(row: Row) -> Result<M> {
    let names: Vec<String> = row
        .columns_ref()
        .iter()
        .map(|c| c.name_str().into_owned())
        .collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    record_by_name(&names, |p| row.as_ref(p).cloned().unwrap_or(Value::NULL))
}

/// A record of a row whose columns are `names`, `value_at` giving the value at a position:
/// each of `M`'s columns found by name (ASCII case aside); one missing, or a value its field
/// cannot hold, is `Err(Conversion)`. Both flavours read `find_by_sql` so.
pub(crate) fn record_by_name<M: Record>(
    names: &[&str],
    mut value_at: impl FnMut(usize) -> Value,
) -> Result<M> {
    let mut record = M::default();
    for (column, name) in M::COLUMNS.iter().enumerate() {
        let conversion = |message: String| Error::Conversion {
            table: M::TABLE,
            column: M::COLUMNS[column],
            message,
        };
        let position = names
            .iter()
            .position(|c| c.eq_ignore_ascii_case(name))
            .ok_or_else(|| conversion("not among the columns the statement selected".into()))?;
        record.put(column, value_at(position)).map_err(conversion)?;
    }
    *record.meta_mut() = Meta::of_row(&record);
    Ok(record)
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
fn fill_row(
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

/// mysql's `FromRow` of a model: the columns by name (ASCII case aside, as MySQL compares
/// them), in any order; other columns are ignored. A missing column, or a value its type
/// cannot hold, gives the row back in the error.
pub fn from_row<M: Record>(row: Row) -> std::result::Result<M, mysql::FromRowError> {
    let positions: Option<Vec<usize>> = M::COLUMNS
        .iter()
        .map(|name| {
            row.columns_ref()
                .iter()
                .position(|c| c.name_str().eq_ignore_ascii_case(name))
        })
        .collect();
    let Some(positions) = positions else {
        return Err(mysql::FromRowError(row));
    };
    let mut record = M::default();
    for (column, &position) in positions.iter().enumerate() {
        // Cloned, so that a failure gives the row back whole.
        let value = row.as_ref(position).cloned().unwrap_or(Value::NULL);
        if record.put(column, value).is_err() {
            return Err(mysql::FromRowError(row));
        }
    }
    *record.meta_mut() = Meta::of_row(&record);
    Ok(record)
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
