//! Writing many records of one model at once: the siblings of a cascade and `insert_all`.
//! Their targets are written first (batched per relationship), then their new rows in
//! multi-row INSERTs (their ids and the values the server made taken from `RETURNING` on
//! MariaDB), their changed rows one UPDATE each, then their children (batched per
//! relationship).

use crate::cache::Cache;
use crate::db::Db;
use crate::error::Result;
use crate::read::{quote, read_row, select_sql};
use crate::record::{assign, key_values, values, LinkKind, Meta, Record};
use crate::save::{read_back, update};
use mysql::Value;

/// Rows an INSERT holds at most.
const ROWS: usize = 1000;
/// Parameters a prepared statement takes at most (the protocol counts them in 16 bits).
const PARAMS: usize = 65_535;
/// Bytes of values an INSERT holds at most: well inside the server's `max_allowed_packet`
/// (16 MB on MariaDB 10.11, 64 MB on MySQL 8).
const BYTES: usize = 4 << 20;

/// Writes `records` and the records they cache: targets, rows, children.
pub(crate) fn write_many<M: Record>(records: &mut [&mut M], db: &mut Db) -> Result<()> {
    for (i, link) in M::SHAPE.links.iter().enumerate() {
        if link.kind != LinkKind::BelongsTo {
            continue;
        }
        let mut caches: Vec<&mut dyn Cache> = records.iter_mut().map(|r| r.cache(i)).collect();
        if !caches.iter().any(|c| c.holds()) {
            continue;
        }
        let batch = caches[0].batch();
        let keys = batch.save_targets(&mut caches, db, link.other)?;
        for (record, key) in records.iter_mut().zip(keys) {
            if let Some(key) = key {
                assign(*record, link.columns, &key);
            }
        }
    }
    write_rows(records, db)?;
    for (i, link) in M::SHAPE.links.iter().enumerate() {
        if link.kind == LinkKind::BelongsTo {
            continue;
        }
        let keys: Vec<Vec<Value>> = records.iter().map(|r| values(&**r, link.columns)).collect();
        let mut caches: Vec<&mut dyn Cache> = records.iter_mut().map(|r| r.cache(i)).collect();
        if !caches.iter().any(|c| c.holds() || c.has_removed()) {
            continue;
        }
        let batch = caches[0].batch();
        batch.save_children(&mut caches, db, link.other, &keys)?;
    }
    Ok(())
}

/// The rows of `records` that are dirty: new ones inserted together, changed ones updated.
fn write_rows<M: Record>(records: &mut [&mut M], db: &mut Db) -> Result<()> {
    let mut new: Vec<&mut M> = Vec::new();
    for record in records.iter_mut() {
        let meta = record.meta();
        if !meta.is_dirty() {
            continue;
        }
        if meta.is_new() {
            new.push(&mut **record);
        } else {
            update(*record, db)?;
        }
    }
    insert_rows(&mut new, db)
}

/// Inserts new records: those writing the same columns together, in statements of at most
/// `ROWS` rows, `PARAMS` parameters and `BYTES` bytes.
pub(crate) fn insert_rows<M: Record>(records: &mut [&mut M], db: &mut Db) -> Result<()> {
    let mut groups: Vec<(Vec<usize>, Vec<&mut M>)> = Vec::new();
    for record in records.iter_mut() {
        let columns = insert_columns(&**record);
        match groups.iter_mut().find(|(c, _)| *c == columns) {
            Some((_, group)) => group.push(&mut **record),
            None => groups.push((columns, vec![&mut **record])),
        }
    }
    for (columns, mut group) in groups {
        let mut start = 0;
        while start < group.len() {
            let end = start + statement_rows(&group[start..], &columns);
            insert_chunk(&mut group[start..end], &columns, db)?;
            start = end;
        }
    }
    Ok(())
}

/// The columns an INSERT of `record` names: not generated ones, and those the server makes
/// only when the record set them.
pub(crate) fn insert_columns<M: Record>(record: &M) -> Vec<usize> {
    let shape = M::SHAPE;
    let meta = record.meta();
    (0..M::COLUMNS.len())
        .filter(|c| !shape.generated.contains(c))
        .filter(|c| !shape.server_made.contains(c) || meta.is_changed(*c))
        .collect()
}

/// How many of `records` the next statement takes.
pub(crate) fn statement_rows<M: Record>(records: &[&mut M], columns: &[usize]) -> usize {
    let by_params = (PARAMS / columns.len().max(1)).max(1);
    let mut bytes = 0;
    let mut rows = 0;
    for record in records.iter().take(ROWS.min(by_params)) {
        bytes += columns
            .iter()
            .map(|&c| value_bytes(&record.value(c)))
            .sum::<usize>();
        if rows > 0 && bytes > BYTES {
            break;
        }
        rows += 1;
    }
    rows
}

fn value_bytes(value: &Value) -> usize {
    match value {
        Value::Bytes(bytes) => bytes.len() + 9,
        _ => 9,
    }
}

/// The columns whose values the server makes or may change: what an INSERT reads back.
pub(crate) fn made_by_server<M: Record>() -> Vec<usize> {
    let shape = M::SHAPE;
    let mut columns: Vec<usize> = shape.auto_increment.into_iter().collect();
    if shape.reread || shape.key.is_empty() {
        // Without a key to read a row back by, all of it (a non-strict sql_mode may cut).
        columns = (0..M::COLUMNS.len()).collect();
    }
    columns
}

/// One INSERT of `records` (each writing `columns`); the records take their ids and the
/// values the server made, and are loaded (clean) afterwards.
fn insert_chunk<M: Record>(records: &mut [&mut M], columns: &[usize], db: &mut Db) -> Result<()> {
    let (sql, params) = insert_sql(records, columns);
    let returned = made_by_server::<M>();
    let returning = !returned.is_empty() && db.returning();
    if returning {
        let sql = returning_sql::<M>(&sql, &returned);
        match db.insert_returning(&sql, params.clone()) {
            Ok((rows, warnings)) => {
                let rows = rows.into_iter().map(mysql::Row::unwrap);
                take_returned(records, &returned, rows)?;
                // RETURNING gives a generated column's value as computed before the row took
                // its AUTO_INCREMENT id (MariaDB 10.11: `total` AS (id * 2) returns 0): read
                // it again.
                if reread_after_returning::<M>(warnings, returned.len()) {
                    reread_all(records, db, warnings)?;
                }
                return Ok(());
            }
            Err(error) if error.server_code() == Some(1064) => db.no_returning(),
            Err(error) => return Err(error),
        }
    }
    if records.len() > 1 && !returned.is_empty() {
        // Ids and values the server made cannot be matched to the rows of one statement
        // without RETURNING: one row a statement.
        for record in records.iter_mut() {
            insert_chunk(std::slice::from_mut(record), columns, db)?;
        }
        return Ok(());
    }
    let written = db.write(&sql, params)?;
    take_id(records, written.id);
    if written.warnings > 0 || M::SHAPE.reread {
        for record in records.iter_mut() {
            read_back(*record, db, written.warnings, columns)?;
        }
    }
    Ok(())
}

/// The INSERT of `records` (each writing `columns`) and its parameters.
pub(crate) fn insert_sql<M: Record>(records: &[&mut M], columns: &[usize]) -> (String, Vec<Value>) {
    let names: Vec<String> = columns.iter().map(|&c| quote(M::COLUMNS[c])).collect();
    let row = format!("({})", vec!["?"; columns.len()].join(", "));
    let rows = vec![row.as_str(); records.len()].join(", ");
    let sql = format!(
        "INSERT INTO {} ({}) VALUES {rows}",
        quote(M::TABLE),
        names.join(", ")
    );
    let params: Vec<Value> = records.iter().flat_map(|r| values(&**r, columns)).collect();
    (sql, params)
}

/// The INSERT `sql` returning the values of `returned`.
pub(crate) fn returning_sql<M: Record>(sql: &str, returned: &[usize]) -> String {
    let list: Vec<String> = returned.iter().map(|&c| quote(M::COLUMNS[c])).collect();
    format!("{sql} RETURNING {}", list.join(", "))
}

/// Must the rows be read again after `INSERT … RETURNING`? When warnings say the server changed
/// values not returned, and for generated columns (computed before the AUTO_INCREMENT id).
pub(crate) fn reread_after_returning<M: Record>(warnings: u16, returned: usize) -> bool {
    let generated = !M::SHAPE.generated.is_empty() && !M::SHAPE.key.is_empty();
    (warnings > 0 && returned < M::COLUMNS.len()) || generated
}

/// The records were inserted by one statement without `RETURNING`: the AUTO_INCREMENT column
/// takes the id the server made (one record), and they are loaded (clean).
pub(crate) fn take_id<M: Record>(records: &mut [&mut M], id: u64) {
    for record in records.iter_mut() {
        if let Some(column) = M::SHAPE.auto_increment {
            if record.value(column) == Value::NULL && id != 0 {
                // The id fits: the server made it for this column.
                let _ = record.put(column, Value::UInt(id));
            }
        }
        *record.meta_mut() = Meta::of_row(&**record);
    }
}

/// The rows `RETURNING` gave (the values of `returned`, in the order inserted) into `records`,
/// which are loaded (clean) afterwards.
pub(crate) fn take_returned<M: Record>(
    records: &mut [&mut M],
    returned: &[usize],
    rows: impl Iterator<Item = Vec<Value>>,
) -> Result<()> {
    for (record, row) in records.iter_mut().zip(rows) {
        let mut row = row.into_iter();
        for &column in returned {
            let value = row.next().unwrap_or(Value::NULL);
            record
                .put(column, value)
                .map_err(|message| crate::Error::Conversion {
                    table: M::TABLE,
                    column: M::COLUMNS[column],
                    message,
                })?;
        }
        *record.meta_mut() = Meta::of_row(&**record);
    }
    Ok(())
}

/// The SELECT of the rows whose one-column key is among `keys`' count of `?`.
pub(crate) fn reread_sql<M: Record>(keys: usize) -> String {
    let key = quote(M::COLUMNS[M::SHAPE.key[0]]);
    let marks = vec!["?"; keys].join(", ");
    format!("{} WHERE {key} IN ({marks})", select_sql::<M>())
}

/// Each record of `chunk` takes the values of the row of `rows` with its key.
pub(crate) fn take_rows<M: Record>(chunk: &mut [&mut M], rows: &[M]) {
    for record in chunk.iter_mut() {
        let own = key_values(&**record);
        if let Some(row) = rows.iter().find(|r| key_values(*r) == own) {
            for c in 0..M::COLUMNS.len() {
                let _ = record.put(c, row.value(c));
            }
        }
    }
}

/// Each record takes its row's values again (by key, 1,000 keys a statement).
fn reread_all<M: Record>(records: &mut [&mut M], db: &mut Db, warnings: u16) -> Result<()> {
    if warnings > 0 {
        let text = db.warnings().unwrap_or_else(|e| e.to_string());
        log::warn!(target: "modelgen", "`{}`: the server changed the values written: {text}", M::TABLE);
    }
    for chunk in records.chunks_mut(crate::read::CHUNK) {
        if M::SHAPE.key.len() != 1 {
            for record in chunk.iter_mut() {
                read_back(*record, db, 1, &[])?;
            }
            continue;
        }
        let keys: Vec<Value> = chunk.iter().map(|r| r.value(M::SHAPE.key[0])).collect();
        let rows: Vec<M> = db.select(&reread_sql::<M>(keys.len()), keys, read_row::<M>)?;
        take_rows(chunk, &rows);
    }
    Ok(())
}
