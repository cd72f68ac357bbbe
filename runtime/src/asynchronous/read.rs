//! Reading records, async: `find`, the finders, `all`, `find_many`, `find_by_sql`, and rows
//! streamed. The SQL and the making of records are the sync flavour's.

use super::db::Db;
use super::error::{Error, Result};
use super::value::{names, values};
use crate::read::CHUNK;
use crate::read::{
    in_key_order, key_order, quote, record_by_name, record_of, select_by, select_sql,
};
use crate::record::Record;
use crate::value::ToSql;
use futures_util::StreamExt;
use mysql::Value;
use sqlx::mysql::{MySqlArguments, MySqlRow};
use std::future::Future;

/// A record of a row of the runtime's own SELECTs (`M::COLUMNS` in order).
pub(crate) fn read_row<M: Record>(row: &MySqlRow) -> Result<M> {
    // Each value read as the record takes it: no list of a row's values is made.
    let mut unreadable = None;
    let record = record_of(|column| match super::value::value_at(row, column) {
        Ok(value) => value,
        Err(message) => {
            unreadable.get_or_insert((column, message));
            Value::NULL
        }
    });
    match unreadable {
        Some((column, message)) => Err(Error::Conversion {
            table: M::TABLE,
            column: M::COLUMNS[column],
            message,
        }),
        None => Ok(record?),
    }
}

fn row_values<M: Record>(row: &MySqlRow) -> Result<Vec<Value>> {
    values(row).map_err(|message| Error::Conversion {
        table: M::TABLE,
        column: "?",
        message,
    })
}

/// Every row of a statement, made records.
pub(crate) async fn select<M: Record>(
    db: &mut Db,
    sql: &str,
    first: Option<MySqlArguments>,
    params: Vec<Value>,
) -> Result<Vec<M>> {
    let rows = db.select(sql, first, params).await?;
    rows.iter().map(read_row::<M>).collect()
}

/// The first row whose `columns` hold `key`.
pub(crate) async fn first<M: Record>(
    db: &mut Db,
    columns: &[usize],
    key: Vec<Value>,
) -> Result<Option<M>> {
    let mut rows = select::<M>(db, &select_by::<M>(columns), None, key).await?;
    Ok((!rows.is_empty()).then(|| rows.swap_remove(0)))
}

/// Every row whose `columns` hold `key`, in primary key order.
pub(crate) async fn every<M: Record>(
    db: &mut Db,
    columns: &[usize],
    key: Vec<Value>,
) -> Result<Vec<M>> {
    let sql = format!("{}{}", select_by::<M>(columns), key_order::<M>());
    select::<M>(db, &sql, None, key).await
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
    let keys: Vec<Value> = keys.iter().map(ToSql::to_sql).collect();
    async move {
        let column = quote(M::COLUMNS[M::SHAPE.key[0]]);
        let mut records = Vec::new();
        for chunk in keys.chunks(CHUNK) {
            let marks = vec!["?"; chunk.len()].join(", ");
            let sql = format!(
                "{} WHERE {column} IN ({marks}) ORDER BY {column}",
                select_sql::<M>()
            );
            records.extend(select::<M>(db, &sql, None, chunk.to_vec()).await?);
        }
        if keys.len() > CHUNK {
            in_key_order(&crate::record::Table::of::<M>(), &mut records);
        }
        Ok(records)
    }
}

/// `find_by_sql`: the rows of the caller's SELECT, each column taken by name (others
/// ignored); a column missing, or a value its field cannot hold, is `Err(Conversion)`.
pub async fn find_by_sql<M: Record>(
    db: &mut Db,
    sql: &str,
    arguments: MySqlArguments,
) -> Result<Vec<M>> {
    let rows = db.select(sql, Some(arguments), Vec::new()).await?;
    rows.iter().map(read_by_name::<M>).collect()
}

/// A record of a row whose columns are found by name.
fn read_by_name<M: Record>(row: &MySqlRow) -> Result<M> {
    let values = row_values::<M>(row)?;
    Ok(record_by_name(&names(row), |p| values[p].clone())?)
}

/// sqlx's `FromRow` of a model: the columns by name (ASCII case aside), in any order; other
/// columns are ignored. A missing column, or a value its type cannot hold, is a decode error.
pub fn from_row<M: Record>(row: &MySqlRow) -> std::result::Result<M, sqlx::Error> {
    read_by_name::<M>(row).map_err(|e| match e {
        Error::Db(e) => e,
        other => sqlx::Error::Decode(other.to_string().into()),
    })
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
            while let Some(row) = rows.next().await {
                match row.and_then(|row| read_row::<M>(&row)) {
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
