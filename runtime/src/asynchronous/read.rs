//! Reading records, async: `find`, the finders, `all`, `find_many`, `find_by_sql`, and rows
//! streamed. The SQL and the making of records are the sync flavour's.

use super::db::Db;
use super::error::{Error, Result};
use super::value::{kinds, names, value_at, values, Kind};
use crate::read::{fill_by_name, fill_row, find_many_sql, in_key_order, key_order_of};
use crate::read::{select_by_of, CHUNK};
use crate::record::{push_filled, DynRecord, List, Record, Table};
use crate::value::ToSql;
use futures_util::StreamExt;
use mysql::Value;
use sqlx::mysql::{MySqlArguments, MySqlRow};
use std::future::Future;

/// A record of a row of the runtime's own SELECTs (`M::COLUMNS` in order), the kinds of
/// its columns' values worked out from the first row read (`kinds`).
fn read_row<M: Record>(row: &MySqlRow, kinds: &mut Option<Vec<Kind>>) -> Result<M> {
    let kinds = kinds.get_or_insert_with(|| super::value::kinds(row));
    let mut record = M::default();
    read_into(&Table::of::<M>(), (row, kinds), &mut record)?;
    Ok(record)
}

/// `record` (of `table`) takes the values of a row of the runtime's own SELECTs, given the
/// kinds of its columns' values (the same for every row of a statement): loaded, clean.
fn read_into(
    table: &Table,
    (row, kinds): (&MySqlRow, &[Kind]),
    record: &mut dyn DynRecord,
) -> Result<()> {
    // Each value read as the record takes it: no list of a row's values is made.
    let mut unreadable = None;
    let filled = fill_row(
        table,
        record,
        &mut |column| match value_at(row, column, kinds[column]) {
            Ok(value) => value,
            Err(message) => {
                unreadable.get_or_insert((column, message));
                Value::NULL
            }
        },
    );
    match unreadable {
        Some((column, message)) => Err(Error::Conversion {
            table: table.name,
            column: table.columns[column],
            message,
        }),
        None => Ok(filled?),
    }
}

/// Every row of a statement, made records.
pub(crate) async fn select<M: Record>(
    db: &mut Db,
    sql: &str,
    first: Option<MySqlArguments>,
    params: Vec<Value>,
) -> Result<Vec<M>> {
    let mut records: Vec<M> = Vec::new();
    select_into(db, &Table::of::<M>(), (sql, first, params), &mut records).await?;
    Ok(records)
}

/// The rows of the runtime's own SELECT (its SQL, arguments bound first, then parameters)
/// appended to `records` (of `table`).
pub(crate) async fn select_into(
    db: &mut Db,
    table: &Table,
    (sql, first, params): (&str, Option<MySqlArguments>, Vec<Value>),
    records: &mut dyn List,
) -> Result<()> {
    let rows = db.select(sql, first, params).await?;
    let kinds = rows.first().map(kinds).unwrap_or_default();
    records.reserve(rows.len());
    for row in &rows {
        push_filled(records, |record| read_into(table, (row, &kinds), record))?;
    }
    Ok(())
}

/// The rows of the runtime's own SELECT `sql` of `table` as records without their type.
pub(crate) async fn select_boxed(
    db: &mut Db,
    table: &Table,
    sql: &str,
    params: Vec<Value>,
    records: &mut Vec<Box<dyn DynRecord>>,
) -> Result<()> {
    let rows = db.select(sql, None, params).await?;
    let kinds = rows.first().map(kinds).unwrap_or_default();
    for row in &rows {
        let mut record = (table.fresh)();
        read_into(table, (row, &kinds), &mut *record)?;
        records.push(record);
    }
    Ok(())
}

/// The first row whose `columns` hold `key`.
pub(crate) async fn first<M: Record>(
    db: &mut Db,
    columns: &[usize],
    key: Vec<Value>,
) -> Result<Option<M>> {
    let mut rows: Vec<M> = every_of(db, &Table::of::<M>(), columns, key, false).await?;
    Ok((!rows.is_empty()).then(|| rows.swap_remove(0)))
}

/// Every row whose `columns` hold `key`, in primary key order.
pub(crate) async fn every<M: Record>(
    db: &mut Db,
    columns: &[usize],
    key: Vec<Value>,
) -> Result<Vec<M>> {
    every_of(db, &Table::of::<M>(), columns, key, true).await
}

/// The rows of `table` whose `columns` hold `key`, in primary key order when `ordered`.
async fn every_of<M: Record>(
    db: &mut Db,
    table: &Table,
    columns: &[usize],
    key: Vec<Value>,
    ordered: bool,
) -> Result<Vec<M>> {
    let mut records: Vec<M> = Vec::new();
    every_into(db, table, (columns, key, ordered), &mut records).await?;
    Ok(records)
}

/// `every_of` into `records`.
pub(crate) async fn every_into(
    db: &mut Db,
    table: &Table,
    (columns, key, ordered): (&[usize], Vec<Value>, bool),
    records: &mut dyn List,
) -> Result<()> {
    let mut sql = select_by_of(table, columns);
    if ordered {
        sql.push_str(&key_order_of(table));
    }
    select_into(db, table, (&sql, None, key), records).await
}

fn params(values: &[&(dyn ToSql + Sync)]) -> Vec<Value> {
    values.iter().map(|v| v.to_sql()).collect()
}

/// `find`: the row with this primary key. (The key's values are taken at the call: the
/// future holds none of the caller's borrows but `db`.)
pub fn find<'a, M: Record>(
    db: &'a mut Db,
    key: &[&(dyn ToSql + Sync)],
) -> impl Future<Output = Result<Option<M>>> + Send + 'a {
    let key = params(key);
    async move { first(db, M::SHAPE.key, key).await }
}

/// A finder of a UNIQUE key: the row whose `columns` hold `values`.
pub fn find_one_by<'a, M: Record>(
    db: &'a mut Db,
    columns: &'static [usize],
    values: &[&(dyn ToSql + Sync)],
) -> impl Future<Output = Result<Option<M>>> + Send + 'a {
    let key = params(values);
    async move { first(db, columns, key).await }
}

/// A finder: the rows whose `columns` hold `values`.
pub fn find_all_by<'a, M: Record>(
    db: &'a mut Db,
    columns: &'static [usize],
    values: &[&(dyn ToSql + Sync)],
) -> impl Future<Output = Result<Vec<M>>> + Send + 'a {
    let key = params(values);
    async move { every(db, columns, key).await }
}

/// `all`: every row, in primary key order.
pub async fn all<M: Record>(db: &mut Db) -> Result<Vec<M>> {
    super::query::Query::<M>::new().all(db).await
}

/// `find_many`: the rows with these keys (a one-column primary key), in key order; one
/// statement per 1,000 keys, none for no key.
pub fn find_many<'a, M: Record, K: ToSql>(
    db: &'a mut Db,
    keys: &[K],
) -> impl Future<Output = Result<Vec<M>>> + Send + 'a {
    let mut params = Vec::with_capacity(keys.len());
    for key in keys {
        params.push(key.to_sql());
    }
    async move {
        let mut records: Vec<M> = Vec::new();
        find_many_into(db, &Table::of::<M>(), params, &mut records).await?;
        Ok(records)
    }
}

/// `find_many` of the rows of `table` with the keys `keys`, into `records`.
async fn find_many_into(
    db: &mut Db,
    table: &Table,
    keys: Vec<Value>,
    records: &mut dyn List,
) -> Result<()> {
    for chunk in keys.chunks(CHUNK) {
        let sql = find_many_sql(table, chunk.len());
        select_into(db, table, (&sql, None, chunk.to_vec()), records).await?;
    }
    if keys.len() > CHUNK {
        in_key_order(table, records);
    }
    Ok(())
}

/// `find_by_sql`: the rows of the caller's SELECT, each column taken by name (others
/// ignored); a column missing, or a value its field cannot hold, is `Err(Conversion)`.
pub async fn find_by_sql<M: Record>(
    db: &mut Db,
    sql: &str,
    arguments: MySqlArguments,
) -> Result<Vec<M>> {
    let rows = db.select(sql, Some(arguments), Vec::new()).await?;
    let table = Table::of::<M>();
    let mut records: Vec<M> = Vec::with_capacity(rows.len());
    for row in &rows {
        let mut record = M::default();
        read_by_name(&table, row, &mut record)?;
        records.push(record);
    }
    Ok(records)
}

/// `record` (of `table`) takes the values of a row whose columns are found by name.
fn read_by_name(table: &Table, row: &MySqlRow, record: &mut dyn DynRecord) -> Result<()> {
    let values = values(row).map_err(|message| Error::Conversion {
        table: table.name,
        column: "?",
        message,
    })?;
    Ok(fill_by_name(table, record, &names(row), &mut |p| {
        values[p].clone()
    })?)
}

/// sqlx's `FromRow` of a model: the columns by name (ASCII case aside), in any order; other
/// columns are ignored. A missing column, or a value its type cannot hold, is a decode error.
pub fn from_row<M: Record>(row: &MySqlRow) -> std::result::Result<M, sqlx::Error> {
    let mut record = M::default();
    match read_by_name(&Table::of::<M>(), row, &mut record) {
        Ok(()) => Ok(record),
        Err(Error::Db(e)) => Err(e),
        Err(other) => Err(sqlx::Error::Decode(other.to_string().into())),
    }
}

/// Records read one by one from the server as the stream is polled (the lazy getters and
/// `Query::lazy`); none, without a statement, when `skip`. Boxed, so that it is `Unpin`: a
/// caller's `while let Some(r) = stream.next().await` needs no `pin!`.
pub(crate) fn rows<'a, M: Record>(
    db: &'a mut Db,
    sql: String,
    first: Option<MySqlArguments>,
    params: Vec<Value>,
    skip: bool,
) -> impl futures_core::Stream<Item = Result<M>> + Send + 'a {
    Box::pin(async_stream::stream! {
        if !skip {
            let mut rows = std::pin::pin!(db.stream(sql, first, params));
            let mut kinds = None;
            while let Some(row) = rows.next().await {
                match row.and_then(|row| read_row::<M>(&row, &mut kinds)) {
                    Ok(record) => yield Ok(record),
                    Err(error) => {
                        yield Err(error);
                        break;
                    }
                }
            }
        }
    })
}
