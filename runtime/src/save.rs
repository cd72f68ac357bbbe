//! Writing records: one row (INSERT, UPDATE of the columns set, DELETE), and the cascade of a
//! `save`, all or nothing.

use crate::db::Db;
use crate::error::{Error, Result};
use crate::read::{quote, read_row_of, select_by_of, where_columns_of};
use crate::record::{values, DynRecord, LinkKind, Meta, Record, Table};
use mysql::Value;
use std::panic::{self, AssertUnwindSafe};

/// `save`: the record and the records it caches, parents first, in one transaction (a
/// savepoint inside an outer one); on failure every record is put back as it was. A save
/// that writes one row with one statement sends just that statement.
pub fn save<M: Record>(record: &mut M, db: &mut Db) -> Result<()> {
    let table = Table::of::<M>();
    match plan(&table, record, db, true)? {
        Plan::Nothing => Ok(()),
        Plan::Alone => write_row_of(&table, record, db),
        Plan::Transaction => atomically(record, db, &table, write_tree_of),
    }
}

/// `save_shallow`: this record alone, not the records it caches (the PRD's `deep = false`).
pub fn save_shallow<M: Record>(record: &mut M, db: &mut Db) -> Result<()> {
    let table = Table::of::<M>();
    match plan(&table, record, db, false)? {
        Plan::Nothing => Ok(()),
        Plan::Alone => write_row_of(&table, record, db),
        Plan::Transaction => atomically(record, db, &table, write_row_of),
    }
}

/// What a save of a record has to do.
pub(crate) enum Plan {
    /// Nothing is dirty.
    Nothing,
    /// One statement, outside a transaction (or inside the caller's).
    Alone,
    /// Its statements in a transaction of their own, or a savepoint.
    Transaction,
}

/// What `save` (`deep`) or `save_shallow` of `record`, of `table`, has to do; checked first:
/// `Err(MissingValue)` for a NOT NULL column nothing sets.
fn plan(table: &Table, record: &mut dyn DynRecord, db: &mut Db, deep: bool) -> Result<Plan> {
    let in_transaction = db.in_transaction();
    plan_of(
        table,
        record,
        (&mut || db.returning(), in_transaction),
        deep,
    )
}

/// `plan`, the connection seen through `returning` (does the server return an INSERT's
/// values? asked only when it matters) and whether a transaction is open. Both flavours plan
/// so.
pub(crate) fn plan_of(
    table: &Table,
    record: &mut dyn DynRecord,
    (returning, in_transaction): (&mut dyn FnMut() -> bool, bool),
    deep: bool,
) -> Result<Plan> {
    if deep {
        check_tree_of(table, record, &[])?;
        if !is_tree_dirty_of(table, record) {
            return Ok(Plan::Nothing);
        }
        let alone = writes_alone_of(table, record)
            && one_statement_of(table, &*record, returning)
            && !in_transaction;
        return Ok(if alone {
            Plan::Alone
        } else {
            Plan::Transaction
        });
    }
    check_row_of(table, record, &[])?;
    if !record.meta().is_dirty() {
        return Ok(Plan::Nothing);
    }
    if one_statement_of(table, &*record, returning) || in_transaction {
        return Ok(Plan::Alone);
    }
    Ok(Plan::Transaction)
}

/// `insert_all`: the records and their cascades in one transaction, each table's new rows in
/// multi-row INSERTs; on failure every record is as it was.
pub fn insert_all<M: Record>(records: &mut [M], db: &mut Db) -> Result<()> {
    let table = Table::of::<M>();
    let before = records.to_vec();
    let outcome = {
        let mut rows = crate::load::dyn_records(records);
        insert_all_of(&table, &mut rows, db)
    };
    restore_on_failure(outcome, &mut || records.clone_from_slice(&before))
}

/// `insert_all` of records of `table`, their type aside: what it returns, or the panic it
/// caught.
fn insert_all_of(table: &Table, records: &mut [&mut dyn DynRecord], db: &mut Db) -> Outcome {
    for record in records.iter_mut() {
        if let Err(error) = check_tree_of(table, &mut **record, &[]) {
            return Ok(Err(error));
        }
    }
    panic::catch_unwind(AssertUnwindSafe(|| {
        db.transaction(|db| crate::batch::write_many_of(table, records, db))
    }))
}

/// What a write in a transaction ended with: its result, or the panic it caught.
type Outcome = std::thread::Result<Result<()>>;

/// The result of `outcome`; on failure or panic `restore` puts the records back first (and
/// the panic goes on).
fn restore_on_failure(outcome: Outcome, restore: &mut dyn FnMut()) -> Result<()> {
    match outcome {
        Ok(Ok(())) => Ok(()),
        Ok(Err(error)) => {
            restore();
            Err(error)
        }
        Err(panic) => {
            restore();
            panic::resume_unwind(panic)
        }
    }
}

/// Does writing this row (of `table`) take one statement that gives back all the record needs
/// (so no transaction is needed)? An UPDATE of a table whose rows the server changes needs a
/// read-back; an INSERT of one needs `RETURNING`; a table without key needs it too (its row
/// cannot be read back when the server cuts a value). `returning` says whether the server
/// returns an INSERT's values (asked only for a new record).
fn one_statement_of(
    table: &Table,
    record: &dyn DynRecord,
    returning: &mut dyn FnMut() -> bool,
) -> bool {
    let shape = table.shape;
    let keyless = shape.key.is_empty();
    if record.meta().is_new() {
        let generated = !shape.generated.is_empty();
        !(shape.reread || keyless) || (returning() && !generated)
    } else {
        !shape.reread && !keyless
    }
}

/// `delete`: the row goes; the record is new again, and a save inserts it anew. `false` when
/// no row had the key or the record was never saved.
pub fn delete<M: Record>(record: &mut M, db: &mut Db) -> Result<bool> {
    delete_of(&Table::of::<M>(), record, db)
}

/// `delete` of a record of `table`.
pub(crate) fn delete_of(table: &Table, record: &mut dyn DynRecord, db: &mut Db) -> Result<bool> {
    if record.meta().key().is_empty() {
        return Ok(false);
    }
    let key = record.meta().key().to_vec();
    let written = db.write(&delete_sql_of(table), key)?;
    record.meta_mut().deleted(table.columns.len());
    Ok(written.affected > 0)
}

/// The DELETE of a row of `table` by its primary key.
pub(crate) fn delete_sql_of(table: &Table) -> String {
    format!(
        "DELETE FROM {} WHERE {}",
        quote(table.name),
        where_columns_of(table, table.shape.key)
    )
}

/// Runs `write` in a transaction; on failure or panic `record` is put back as it was.
fn atomically<M: Record>(
    record: &mut M,
    db: &mut Db,
    table: &Table,
    write: fn(&Table, &mut dyn DynRecord, &mut Db) -> Result<()>,
) -> Result<()> {
    let before = record.clone();
    let outcome = in_transaction(db, &mut |db| write(table, &mut *record, db));
    restore_on_failure(outcome, &mut || record.clone_from(&before))
}

/// Runs `write` in a transaction, catching a panic.
fn in_transaction(db: &mut Db, write: &mut dyn FnMut(&mut Db) -> Result<()>) -> Outcome {
    panic::catch_unwind(AssertUnwindSafe(|| db.transaction(|db| write(db))))
}

/// Is anything in this record (of `table`) or in the records it caches to be saved?
pub(crate) fn is_tree_dirty_of(table: &Table, record: &mut dyn DynRecord) -> bool {
    record.meta().is_dirty() || (0..table.shape.links.len()).any(|i| record.cache(i).is_dirty())
}

/// Would a save write this record (of `table`) alone? True when its cached targets are clean
/// (their keys are already in this record) and it caches no children (whose keys it might
/// change).
fn writes_alone_of(table: &Table, record: &mut dyn DynRecord) -> bool {
    table.shape.links.iter().enumerate().all(|(i, link)| {
        let cache = record.cache(i);
        match link.kind {
            LinkKind::BelongsTo => !cache.is_dirty(),
            LinkKind::HasOne | LinkKind::HasMany => !cache.holds() && !cache.has_removed(),
        }
    })
}

/// `Err(MissingValue)` for the first NOT NULL column of the cascade of `record` (of `table`)
/// that nothing will set; `filled` are this record's columns the cascade sets from a parent.
pub(crate) fn check_tree_of(
    table: &Table,
    record: &mut dyn DynRecord,
    filled: &[usize],
) -> Result<()> {
    let mut filled = filled.to_vec();
    for (i, link) in table.shape.links.iter().enumerate() {
        if link.kind == LinkKind::BelongsTo && record.cache(i).holds() {
            filled.extend(link.columns);
        }
    }
    check_row_of(table, record, &filled)?;
    for (i, link) in table.shape.links.iter().enumerate() {
        match link.kind {
            LinkKind::BelongsTo => record.cache(i).check(&[])?,
            LinkKind::HasOne | LinkKind::HasMany => record.cache(i).check(link.other)?,
        }
    }
    Ok(())
}

/// `Err(MissingValue)` for a NOT NULL column without default that a new record (of `table`)
/// never set and the cascade does not fill (`filled`).
pub(crate) fn check_row_of(table: &Table, record: &dyn DynRecord, filled: &[usize]) -> Result<()> {
    let meta = record.meta();
    if !meta.is_new() {
        return Ok(());
    }
    let missing = table
        .shape
        .required
        .iter()
        .find(|&&c| !meta.is_changed(c) && !filled.contains(&c));
    match missing {
        Some(&c) => Err(Error::MissingValue {
            table: table.name,
            column: table.columns[c],
        }),
        None => Ok(()),
    }
}

/// Writes the record (of `table`) and those it caches: targets first (then the key columns
/// take their keys), the record, then its children (which take its key), siblings batched.
fn write_tree_of(table: &Table, record: &mut dyn DynRecord, db: &mut Db) -> Result<()> {
    crate::batch::write_many_of(table, &mut [record], db)
}

/// Writes this row (of `table`) alone when dirty: INSERT when new, else an UPDATE of the
/// columns set.
pub(crate) fn write_row_of(table: &Table, record: &mut dyn DynRecord, db: &mut Db) -> Result<()> {
    let meta = record.meta();
    if !meta.is_dirty() {
        return Ok(());
    }
    if meta.is_new() {
        crate::batch::insert_rows_of(table, &mut [record], db)
    } else {
        update_row(table, record, db)
    }
}

/// The UPDATE of the columns of `record` (of `table`) set since the last load or save, then
/// the read-back its table or the server's warnings call for.
pub(crate) fn update_row(table: &Table, record: &mut dyn DynRecord, db: &mut Db) -> Result<()> {
    let Some((sql, params, columns)) = update_sql_of(table, record)? else {
        return Ok(());
    };
    let written = db.write(&sql, params)?;
    let meta = Meta::of(record, table.shape.key);
    *record.meta_mut() = meta;
    read_back_row(table, record, db, written.warnings, &columns)
}

/// An UPDATE to send: its SQL, its parameters, and the columns it writes.
pub(crate) type Update = (String, Vec<Value>, Vec<usize>);

/// The UPDATE of the columns of `record` (of `table`) set since the last load or save;
/// `None` when none was set (the record is then clean, and nothing is sent).
pub(crate) fn update_sql_of(table: &Table, record: &mut dyn DynRecord) -> Result<Option<Update>> {
    let meta = record.meta();
    let columns: Vec<usize> = (0..table.columns.len())
        .filter(|c| meta.is_changed(*c) && !table.shape.generated.contains(c))
        .collect();
    if columns.is_empty() {
        // An UPDATE that sets nothing is not sent.
        *record.meta_mut() = Meta::loaded(meta.key().to_vec());
        return Ok(None);
    }
    if meta.key().is_empty() {
        return Err(Error::NoPrimaryKey { table: table.name });
    }
    let sets: Vec<String> = columns
        .iter()
        .map(|&c| format!("{} = ?", quote(table.columns[c])))
        .collect();
    let sql = format!(
        "UPDATE {} SET {} WHERE {}",
        quote(table.name),
        sets.join(", "),
        where_columns_of(table, table.shape.key)
    );
    let mut params = values(record, &columns);
    params.extend_from_slice(meta.key());
    Ok(Some((sql, params, columns)))
}

/// After a write: when the server changed values the record does not know (values it makes,
/// or the warnings of a non-strict `sql_mode`: a string cut, a number clamped), the record
/// takes the row's values. When that read fails the row is written but the record may differ:
/// the written columns stay to be written, so that a retry sends them again (an UPDATE).
pub(crate) fn read_back_row(
    table: &Table,
    record: &mut dyn DynRecord,
    db: &mut Db,
    warnings: u16,
    written: &[usize],
) -> Result<()> {
    let key_columns = table.shape.key;
    if warnings > 0 {
        let text = db.warnings().unwrap_or_else(|e| e.to_string());
        log::warn!(target: "modelgen", "`{}`: the server changed the values written: {text}", table.name);
        if key_columns.is_empty() {
            return Err(Error::Changed {
                table: table.name,
                warnings: text,
            });
        }
    } else if !table.shape.reread {
        return Ok(());
    }
    let key = record.meta().key().to_vec();
    if key.is_empty() {
        return Ok(());
    }
    let sql = select_by_of(table, key_columns);
    let mut first = None;
    let row = db
        .select(&sql, key, &mut |row| {
            if first.is_none() {
                first = Some(read_row_of(table, row)?);
            }
            Ok(())
        })
        .map(|()| first);
    match row {
        Ok(Some(row)) => take_row_of(table, record, &*row),
        // Another client deleted the row at once: nothing to read.
        Ok(None) => Ok(()),
        Err(error) => {
            for &c in written {
                record.meta_mut().change(c);
            }
            Err(error)
        }
    }
}

/// The record (of `table`) takes every value of `row` (its row as read back).
pub(crate) fn take_row_of(
    table: &Table,
    record: &mut dyn DynRecord,
    row: &dyn DynRecord,
) -> Result<()> {
    for c in 0..table.columns.len() {
        record
            .put(c, row.value(c))
            .map_err(|message| Error::Conversion {
                table: table.name,
                column: table.columns[c],
                message,
            })?;
    }
    Ok(())
}
