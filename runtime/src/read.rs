//! Reading records: the SELECTs of `find` and the finders, and rows made records.

use crate::db::Db;
use crate::error::{Error, Result};
use crate::record::{key_values, Meta, Record};
use crate::value::ToSql;
use mysql::{Row, Value};

/// A MySQL identifier in backquotes.
pub(crate) fn quote(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

/// `SELECT` of every column of `M`, in the table's order.
pub(crate) fn select_sql<M: Record>() -> String {
    let columns: Vec<String> = M::COLUMNS.iter().map(|c| quote(c)).collect();
    format!("SELECT {} FROM {}", columns.join(", "), quote(M::TABLE))
}

/// `` `a` = ? AND `b` = ? `` for `columns`.
pub(crate) fn where_columns<M: Record>(columns: &[usize]) -> String {
    let conditions: Vec<String> = columns
        .iter()
        .map(|&c| format!("{} = ?", quote(M::COLUMNS[c])))
        .collect();
    conditions.join(" AND ")
}

/// The SELECT of the rows whose `columns` hold the parameters.
pub(crate) fn select_by<M: Record>(columns: &[usize]) -> String {
    format!(
        "{} WHERE {}",
        select_sql::<M>(),
        where_columns::<M>(columns)
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

/// Every row whose `columns` hold `key`.
pub(crate) fn every<M: Record>(db: &mut Db, columns: &[usize], key: Vec<Value>) -> Result<Vec<M>> {
    db.select(&select_by::<M>(columns), key, read_row::<M>)
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

/// A record of a row holding `M::COLUMNS` in order (the runtime's own SELECTs).
pub(crate) fn read_row<M: Record>(mut row: Row) -> Result<M> {
    let mut record = M::blank();
    for column in 0..M::COLUMNS.len() {
        let value = row.take(column).unwrap_or(Value::NULL);
        record
            .put(column, value)
            .map_err(|message| Error::Conversion {
                table: M::TABLE,
                column: M::COLUMNS[column],
                message,
            })?;
    }
    *record.meta_mut() = Meta::loaded(key_values(&record));
    Ok(record)
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
    let mut record = M::blank();
    for (column, &position) in positions.iter().enumerate() {
        // Cloned, so that a failure gives the row back whole.
        let value = row.as_ref(position).cloned().unwrap_or(Value::NULL);
        if record.put(column, value).is_err() {
            return Err(mysql::FromRowError(row));
        }
    }
    *record.meta_mut() = Meta::loaded(key_values(&record));
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
