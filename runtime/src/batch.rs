//! Writing many records of one model at once: the siblings of a cascade and `insert_all`.
//! Their targets are written first (batched per relationship), then their new rows in
//! multi-row INSERTs (their ids and the values the server made taken from `RETURNING` on
//! MariaDB), their changed rows one UPDATE each, then their children (batched per
//! relationship).

use crate::cache::Cache;
use crate::db::Db;
use crate::error::Result;
use crate::read::{quote, read_row_of, select_sql_of};
use crate::record::{assign, key_of, values, DynRecord, LinkKind, Meta, Table};
use crate::save::{read_back_row, update_row};
use mysql::Value;

/// Rows an INSERT holds at most.
const ROWS: usize = 1000;
/// Parameters a prepared statement takes at most (the protocol counts them in 16 bits).
const PARAMS: usize = 65_535;
/// Bytes of values an INSERT holds at most: well inside the server's `max_allowed_packet`
/// (16 MB on MariaDB 10.11, 64 MB on MySQL 8).
const BYTES: usize = 4 << 20;

/// Writes `records` (of `table`) and the records they cache: targets, rows, children.
pub(crate) fn write_many_of(
    table: &Table,
    records: &mut [&mut dyn DynRecord],
    db: &mut Db,
) -> Result<()> {
    for (i, link) in table.shape.links.iter().enumerate() {
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
                assign(&mut **record, link.columns, &key);
            }
        }
    }
    write_rows(table, records, db)?;
    for (i, link) in table.shape.links.iter().enumerate() {
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
fn write_rows(table: &Table, records: &mut [&mut dyn DynRecord], db: &mut Db) -> Result<()> {
    let mut new: Vec<&mut dyn DynRecord> = Vec::new();
    for record in records.iter_mut() {
        let meta = record.meta();
        if !meta.is_dirty() {
            continue;
        }
        if meta.is_new() {
            new.push(&mut **record);
        } else {
            update_row(table, &mut **record, db)?;
        }
    }
    insert_rows_of(table, &mut new, db)
}

/// Inserts new records of `table`: those writing the same columns together, in statements of
/// at most `ROWS` rows, `PARAMS` parameters and `BYTES` bytes.
pub(crate) fn insert_rows_of(
    table: &Table,
    records: &mut [&mut dyn DynRecord],
    db: &mut Db,
) -> Result<()> {
    for (columns, mut group) in insert_groups(records, table) {
        let mut start = 0;
        for end in statement_ends(&group, &columns) {
            insert_chunk(table, &mut group[start..end], &columns, db)?;
            start = end;
        }
    }
    Ok(())
}

/// New records of `table` grouped by the columns their INSERT names, in the order met. Both
/// flavours insert so.
pub(crate) fn insert_groups<'s>(
    records: &'s mut [&mut dyn DynRecord],
    table: &Table,
) -> Vec<(Vec<usize>, Vec<&'s mut dyn DynRecord>)> {
    let mut groups: Vec<(Vec<usize>, Vec<&'s mut dyn DynRecord>)> = Vec::new();
    for record in records.iter_mut() {
        let columns = columns_to_insert(table, &**record);
        match groups.iter_mut().find(|(c, _)| *c == columns) {
            Some((_, group)) => group.push(&mut **record),
            None => groups.push((columns, vec![&mut **record])),
        }
    }
    groups
}

/// Where each INSERT of `group` (each writing `columns`) ends: its statements in turn take
/// rows up to these positions.
pub(crate) fn statement_ends(group: &[&mut dyn DynRecord], columns: &[usize]) -> Vec<usize> {
    let mut ends = Vec::new();
    let mut start = 0;
    while start < group.len() {
        start += rows_a_statement(group[start..].iter().map(|r| &**r), columns);
        ends.push(start);
    }
    ends
}

/// The columns an INSERT of `record` (of `table`) names: not generated ones, and those the
/// server makes only when the record set them.
pub(crate) fn columns_to_insert(table: &Table, record: &dyn DynRecord) -> Vec<usize> {
    let shape = table.shape;
    let meta = record.meta();
    (0..table.columns.len())
        .filter(|c| !shape.generated.contains(c))
        .filter(|c| !shape.server_made.contains(c) || meta.is_changed(*c))
        .collect()
}

/// How many of `records` (each writing `columns`) the next INSERT takes: at most `ROWS` rows,
/// `PARAMS` parameters and `BYTES` bytes (one row whatever its size).
pub(crate) fn rows_a_statement<'r>(
    records: impl Iterator<Item = &'r dyn DynRecord>,
    columns: &[usize],
) -> usize {
    let by_params = (PARAMS / columns.len().max(1)).max(1);
    let mut bytes = 0;
    let mut rows = 0;
    for record in records.take(ROWS.min(by_params)) {
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

/// The columns of `table` whose values the server makes or may change: what an INSERT reads
/// back.
pub(crate) fn made_by_server_of(table: &Table) -> Vec<usize> {
    let shape = table.shape;
    let mut columns: Vec<usize> = shape.auto_increment.into_iter().collect();
    if shape.reread || shape.key.is_empty() {
        // Without a key to read a row back by, all of it (a non-strict sql_mode may cut).
        columns = (0..table.columns.len()).collect();
    }
    columns
}

/// One INSERT of `records` (each writing `columns`); the records take their ids and the
/// values the server made, and are loaded (clean) afterwards.
fn insert_chunk(
    table: &Table,
    records: &mut [&mut dyn DynRecord],
    columns: &[usize],
    db: &mut Db,
) -> Result<()> {
    let (sql, params) = insert_sql_of(table, records.iter().map(|r| &**r), columns);
    let returned = made_by_server_of(table);
    let returning = !returned.is_empty() && db.returning();
    if returning {
        let sql = returning_sql_of(table, &sql, &returned);
        match db.insert_returning(&sql, params.clone()) {
            Ok((rows, warnings)) => {
                let rows = rows.into_iter().map(mysql::Row::unwrap);
                take_returned_of(table, records, &returned, rows)?;
                // RETURNING gives a generated column's value as computed before the row took
                // its AUTO_INCREMENT id (MariaDB 10.11: `total` AS (id * 2) returns 0): read
                // it again.
                if reread_after(table, warnings, returned.len()) {
                    reread_all(table, records, db, warnings)?;
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
            insert_chunk(table, std::slice::from_mut(record), columns, db)?;
        }
        return Ok(());
    }
    let written = db.write(&sql, params)?;
    take_id_of(table, records, written.id);
    if written.warnings > 0 || table.shape.reread {
        for record in records.iter_mut() {
            read_back_row(table, &mut **record, db, written.warnings, columns)?;
        }
    }
    Ok(())
}

/// The INSERT into `table` of `records` (each writing `columns`) and its parameters.
pub(crate) fn insert_sql_of<'r>(
    table: &Table,
    records: impl ExactSizeIterator<Item = &'r dyn DynRecord>,
    columns: &[usize],
) -> (String, Vec<Value>) {
    let names: Vec<String> = columns.iter().map(|&c| quote(table.columns[c])).collect();
    let row = format!("({})", vec!["?"; columns.len()].join(", "));
    let rows = vec![row.as_str(); records.len()].join(", ");
    let sql = format!(
        "INSERT INTO {} ({}) VALUES {rows}",
        quote(table.name),
        names.join(", ")
    );
    let params: Vec<Value> = records.flat_map(|r| values(r, columns)).collect();
    (sql, params)
}

/// The INSERT `sql` returning the values of `returned` (columns of `table`).
pub(crate) fn returning_sql_of(table: &Table, sql: &str, returned: &[usize]) -> String {
    let list: Vec<String> = returned.iter().map(|&c| quote(table.columns[c])).collect();
    format!("{sql} RETURNING {}", list.join(", "))
}

/// Must the rows of `table` be read again after `INSERT … RETURNING`? When warnings say the
/// server changed values not returned, and for generated columns (computed before the
/// AUTO_INCREMENT id).
pub(crate) fn reread_after(table: &Table, warnings: u16, returned: usize) -> bool {
    let generated = !table.shape.generated.is_empty() && !table.shape.key.is_empty();
    (warnings > 0 && returned < table.columns.len()) || generated
}

/// The records (of `table`) were inserted by one statement without `RETURNING`: the
/// AUTO_INCREMENT column takes the id the server made (one record), and they are loaded
/// (clean).
pub(crate) fn take_id_of(table: &Table, records: &mut [&mut dyn DynRecord], id: u64) {
    for record in records.iter_mut() {
        if let Some(column) = table.shape.auto_increment {
            if record.value(column) == Value::NULL && id != 0 {
                // The id fits: the server made it for this column.
                let _ = record.put(column, Value::UInt(id));
            }
        }
        let meta = Meta::of(&**record, table.shape.key);
        *record.meta_mut() = meta;
    }
}

/// The rows `RETURNING` gave (the values of `returned`, in the order inserted) into `records`
/// (of `table`), which are loaded (clean) afterwards.
pub(crate) fn take_returned_of(
    table: &Table,
    records: &mut [&mut dyn DynRecord],
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
                    table: table.name,
                    column: table.columns[column],
                    message,
                })?;
        }
        let meta = Meta::of(&**record, table.shape.key);
        *record.meta_mut() = meta;
    }
    Ok(())
}

/// The SELECT of the rows of `table` whose one-column key is among `keys`' count of `?`.
pub(crate) fn reread_sql_of(table: &Table, keys: usize) -> String {
    let key = quote(table.columns[table.shape.key[0]]);
    let marks = vec!["?"; keys].join(", ");
    format!("{} WHERE {key} IN ({marks})", select_sql_of(table))
}

/// Each record of `chunk` (of `table`) takes the values of the row of `rows` with its key.
pub(crate) fn take_rows_of(
    table: &Table,
    chunk: &mut [&mut dyn DynRecord],
    rows: &[&dyn DynRecord],
) {
    let key = table.shape.key;
    for record in chunk.iter_mut() {
        let own = key_of(&**record, key);
        if let Some(row) = rows.iter().find(|r| key_of(**r, key) == own) {
            for c in 0..table.columns.len() {
                let _ = record.put(c, row.value(c));
            }
        }
    }
}

/// Each record takes its row's values again (by key, 1,000 keys a statement).
fn reread_all(
    table: &Table,
    records: &mut [&mut dyn DynRecord],
    db: &mut Db,
    warnings: u16,
) -> Result<()> {
    if warnings > 0 {
        let text = db.warnings().unwrap_or_else(|e| e.to_string());
        log::warn!(target: "modelgen", "`{}`: the server changed the values written: {text}", table.name);
    }
    for chunk in records.chunks_mut(crate::read::CHUNK) {
        if table.shape.key.len() != 1 {
            for record in chunk.iter_mut() {
                read_back_row(table, &mut **record, db, 1, &[])?;
            }
            continue;
        }
        let keys: Vec<Value> = chunk.iter().map(|r| r.value(table.shape.key[0])).collect();
        let sql = reread_sql_of(table, keys.len());
        let mut rows: Vec<Box<dyn DynRecord>> = Vec::new();
        db.select(&sql, keys, &mut |row| {
            rows.push(read_row_of(table, row)?);
            Ok(())
        })?;
        let rows: Vec<&dyn DynRecord> = rows.iter().map(|r| &**r).collect();
        take_rows_of(table, chunk, &rows);
    }
    Ok(())
}
