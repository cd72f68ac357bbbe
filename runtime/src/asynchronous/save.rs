//! Writing records, async: one row, the cascade of a `save` all or nothing, `insert_all`,
//! `delete`. What to write, in which order and with which SQL is the sync flavour's (its
//! checks, plans and statements); here it is sent over sqlx. As in the sync flavour, records
//! cross into this code without their type (`dyn DynRecord`, a `Table`), so that it is
//! compiled once rather than once per model.
//!
//! A save's records are put back as they were when it fails, and also when its future is
//! dropped before it ends: see [`Db::transaction`] for what the server keeps then.

use super::db::Db;
use super::error::{Error, Result};
use crate::batch::{
    insert_groups, insert_sql_of, made_by_server_of, reread_after, reread_sql_of, returning_sql_of,
    statement_ends, take_id_of, take_returned_of, take_rows_of,
};
use crate::cache::{children_in, typed, BelongsTo, Cache};
use crate::load::dyn_records;
use crate::read::select_by_of;
use crate::record::{
    assign, can_be_null_of, clear_key, values, DynRecord, LinkKind, List, Meta, Record, Table,
};
use crate::save::{delete_sql_of, plan_of, take_row_of, update_sql_of, Plan};
use mysql::Value;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;

/// A boxed future: the cascade recurses through relationships.
pub(crate) type Boxed<'a, T> = Pin<Box<dyn Future<Output = Result<T>> + Send + 'a>>;

/// `save`: the record and the records it caches, parents first, in one transaction (a
/// savepoint inside an outer one); on failure, or when the future is dropped before it ends,
/// every record is put back as it was.
pub async fn save<M: Record>(record: &mut M, db: &mut Db) -> Result<()> {
    save_as(record, db, Write::Tree).await
}

/// `save_shallow`: this record alone, not the records it caches (the PRD's `deep = false`).
pub async fn save_shallow<M: Record>(record: &mut M, db: &mut Db) -> Result<()> {
    save_as(record, db, Write::Row).await
}

/// `save` (`Write::Tree`) or `save_shallow` (`Write::Row`).
async fn save_as<M: Record>(record: &mut M, db: &mut Db, write: Write) -> Result<()> {
    let table = Table::of::<M>();
    match plan(&table, record, db, write)? {
        Plan::Nothing => Ok(()),
        Plan::Alone => write_row(&table, record, db).await,
        Plan::Transaction => atomically(std::slice::from_mut(record), db, write).await,
    }
}

/// What a save of `record` has to do (the sync flavour's plan).
fn plan(table: &Table, record: &mut dyn DynRecord, db: &mut Db, write: Write) -> Result<Plan> {
    let returning = db.returning();
    let connection: (&mut dyn FnMut() -> bool, bool) = (&mut || returning, db.in_transaction());
    Ok(plan_of(
        table,
        record,
        connection,
        matches!(write, Write::Tree),
    )?)
}

/// `insert_all`: the records and their cascades in one transaction, each table's new rows in
/// multi-row INSERTs; on failure (or a dropped future) every record is as it was.
pub async fn insert_all<M: Record>(records: &mut [M], db: &mut Db) -> Result<()> {
    let table = Table::of::<M>();
    for record in records.iter_mut() {
        crate::save::check_tree_of(&table, record, &[])?;
    }
    atomically(records, db, Write::Tree).await
}

/// `delete`: the row goes; the record is new again, and a save inserts it anew. `false` when
/// no row had the key or the record was never saved.
pub async fn delete<M: Record>(record: &mut M, db: &mut Db) -> Result<bool> {
    delete_row(&Table::of::<M>(), record, db).await
}

/// `delete` of a record of `table`.
async fn delete_row(table: &Table, record: &mut dyn DynRecord, db: &mut Db) -> Result<bool> {
    if record.meta().key().is_empty() {
        return Ok(false);
    }
    let key = record.meta().key().to_vec();
    let written = db.write(&delete_sql_of(table), key).await?;
    record.meta_mut().deleted(table.columns.len());
    Ok(written.affected > 0)
}

/// What `atomically` writes.
#[derive(Clone, Copy)]
enum Write {
    /// The records and those they cache.
    Tree,
    /// The records alone.
    Row,
}

/// Records as they were before a write: put back when dropped armed (the write failed, or its
/// future was dropped before it ended).
struct Restore<'r, M: Clone> {
    records: &'r mut [M],
    before: Option<Vec<M>>,
}

impl<M: Clone> Drop for Restore<'_, M> {
    fn drop(&mut self) {
        if let Some(before) = self.before.take() {
            self.records.clone_from_slice(&before);
        }
    }
}

/// Runs `write` of `records` in a transaction; on failure, or when this future is dropped
/// before it ends, `records` are put back as they were.
async fn atomically<M: Record>(records: &mut [M], db: &mut Db, write: Write) -> Result<()> {
    let before = records.to_vec();
    let mut restore = Restore {
        records,
        before: Some(before),
    };
    let rows = dyn_records(restore.records);
    let outcome = write_in_transaction(&Table::of::<M>(), rows, db, write).await;
    if outcome.is_ok() {
        restore.before = None;
    }
    outcome
}

/// `write` of `records` (of `table`) in a transaction.
fn write_in_transaction<'a>(
    table: &'a Table,
    mut records: Vec<&'a mut dyn DynRecord>,
    db: &'a mut Db,
    write: Write,
) -> Boxed<'a, ()> {
    Box::pin(async move {
        db.transaction(async |db| match write {
            Write::Tree => write_many(table, &mut records, db).await,
            Write::Row => {
                for record in records.iter_mut() {
                    write_row(table, &mut **record, db).await?;
                }
                Ok(())
            }
        })
        .await
    })
}

/// Writes this row (of `table`) alone when dirty: INSERT when new, else an UPDATE of the
/// columns set.
pub(crate) fn write_row<'a>(
    table: &'a Table,
    record: &'a mut dyn DynRecord,
    db: &'a mut Db,
) -> Boxed<'a, ()> {
    Box::pin(async move {
        let meta = record.meta();
        if !meta.is_dirty() {
            return Ok(());
        }
        if meta.is_new() {
            insert_rows(table, &mut [record], db).await
        } else {
            update(table, record, db).await
        }
    })
}

async fn update(table: &Table, record: &mut dyn DynRecord, db: &mut Db) -> Result<()> {
    let Some((sql, params, columns)) = update_sql_of(table, record)? else {
        return Ok(());
    };
    db.write(&sql, params).await?;
    let meta = Meta::of(record, table.shape.key);
    *record.meta_mut() = meta;
    read_back(table, record, db, &columns).await
}

/// After a write to a table whose rows the server changes (expression defaults, generated
/// columns, ON UPDATE), the record takes the row's values. When that read fails the row is
/// written but the record may differ: the written columns stay to be written.
///
/// (The sync flavour also reads back after a write the server warned about, under a
/// non-strict `sql_mode`: sqlx does not report warnings, so here values a non-strict
/// `sql_mode` cuts or clamps are not seen. MariaDB and MySQL are strict by default.)
async fn read_back(
    table: &Table,
    record: &mut dyn DynRecord,
    db: &mut Db,
    written: &[usize],
) -> Result<()> {
    if !table.shape.reread {
        return Ok(());
    }
    match reread_one(table, record, db).await {
        Err(error) => {
            for &c in written {
                record.meta_mut().change(c);
            }
            Err(error)
        }
        ok => ok,
    }
}

/// Writes `records` (of `table`) and the records they cache: targets (then the key columns
/// take their keys), rows, children (which take the records' keys), each relationship
/// batched.
pub(crate) fn write_many<'a, 'r: 'a>(
    table: &'a Table,
    records: &'a mut [&'r mut dyn DynRecord],
    db: &'a mut Db,
) -> Boxed<'a, ()> {
    Box::pin(async move {
        for (i, link) in table.shape.links.iter().enumerate() {
            if link.kind != LinkKind::BelongsTo {
                continue;
            }
            let caches: Vec<&mut dyn Cache> = records.iter_mut().map(|r| r.cache(i)).collect();
            if !caches.iter().any(|c| c.holds()) {
                continue;
            }
            let batch = caches[0].async_batch();
            let keys = batch.save_targets(caches, db, link.other).await?;
            for (record, key) in records.iter_mut().zip(keys) {
                if let Some(key) = key {
                    assign(&mut **record, link.columns, &key);
                }
            }
        }
        write_rows(table, records, db).await?;
        for (i, link) in table.shape.links.iter().enumerate() {
            if link.kind == LinkKind::BelongsTo {
                continue;
            }
            let keys: Vec<Vec<Value>> =
                records.iter().map(|r| values(&**r, link.columns)).collect();
            let caches: Vec<&mut dyn Cache> = records.iter_mut().map(|r| r.cache(i)).collect();
            if !caches.iter().any(|c| c.holds() || c.has_removed()) {
                continue;
            }
            let batch = caches[0].async_batch();
            batch.save_children(caches, db, link.other, keys).await?;
        }
        Ok(())
    })
}

/// The rows of `records` that are dirty: new ones inserted together, changed ones updated.
async fn write_rows(table: &Table, records: &mut [&mut dyn DynRecord], db: &mut Db) -> Result<()> {
    let mut new: Vec<&mut dyn DynRecord> = Vec::new();
    for record in records.iter_mut() {
        let meta = record.meta();
        if !meta.is_dirty() {
            continue;
        }
        if meta.is_new() {
            new.push(&mut **record);
        } else {
            update(table, &mut **record, db).await?;
        }
    }
    insert_rows(table, &mut new, db).await
}

/// Inserts new records: those writing the same columns together, in statements of the sync
/// flavour's bounds.
async fn insert_rows(table: &Table, records: &mut [&mut dyn DynRecord], db: &mut Db) -> Result<()> {
    for (columns, mut group) in insert_groups(records, table) {
        let mut start = 0;
        for end in statement_ends(&group, &columns) {
            insert_chunk(table, &mut group[start..end], &columns, db).await?;
            start = end;
        }
    }
    Ok(())
}

/// One INSERT of `records` (each writing `columns`); the records take their ids and the
/// values the server made, and are loaded (clean) afterwards.
fn insert_chunk<'a, 'r: 'a>(
    table: &'a Table,
    records: &'a mut [&'r mut dyn DynRecord],
    columns: &'a [usize],
    db: &'a mut Db,
) -> Boxed<'a, ()> {
    Box::pin(async move {
        let (sql, params) = insert_sql_of(table, records.iter().map(|r| &**r), columns);
        let returned = made_by_server_of(table);
        if !returned.is_empty() && db.returning() {
            let sql = returning_sql_of(table, &sql, &returned);
            match db.select(&sql, None, params.clone()).await {
                Ok(rows) => {
                    let rows: Vec<Vec<Value>> = rows
                        .iter()
                        .map(super::value::values)
                        .collect::<std::result::Result<_, _>>()
                        .map_err(|message| Error::Conversion {
                            table: table.name,
                            column: "?",
                            message,
                        })?;
                    take_returned_of(table, records, &returned, rows.into_iter())?;
                    if reread_after(table, 0, returned.len()) {
                        reread_all(table, records, db).await?;
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
                insert_chunk(table, std::slice::from_mut(record), columns, db).await?;
            }
            return Ok(());
        }
        let written = db.write(&sql, params).await?;
        take_id_of(table, records, written.id);
        if table.shape.reread {
            for record in records.iter_mut() {
                read_back(table, &mut **record, db, columns).await?;
            }
        }
        Ok(())
    })
}

/// Each record takes its row's values again (by key, 1,000 keys a statement).
async fn reread_all(table: &Table, records: &mut [&mut dyn DynRecord], db: &mut Db) -> Result<()> {
    for chunk in records.chunks_mut(crate::read::CHUNK) {
        if table.shape.key.len() != 1 {
            for record in chunk.iter_mut() {
                reread_one(table, &mut **record, db).await?;
            }
            continue;
        }
        let keys: Vec<Value> = chunk.iter().map(|r| r.value(table.shape.key[0])).collect();
        let mut rows: Vec<Box<dyn DynRecord>> = Vec::new();
        let sql = reread_sql_of(table, keys.len());
        super::read::select_boxed(db, table, &sql, keys, &mut rows).await?;
        let rows: Vec<&dyn DynRecord> = rows.iter().map(|r| &**r).collect();
        take_rows_of(table, chunk, &rows);
    }
    Ok(())
}

/// The record takes its row's values again, by its key.
async fn reread_one(table: &Table, record: &mut dyn DynRecord, db: &mut Db) -> Result<()> {
    let key = record.meta().key().to_vec();
    if key.is_empty() {
        return Ok(());
    }
    let mut rows: Vec<Box<dyn DynRecord>> = Vec::new();
    let sql = select_by_of(table, table.shape.key);
    super::read::select_boxed(db, table, &sql, key, &mut rows).await?;
    // Another client deleted the row at once: nothing to read.
    if let Some(row) = rows.first() {
        take_row_of(table, record, &**row)?;
    }
    Ok(())
}

/// Saves the caches of one relationship of many records (all of one type) at once: the async
/// twin of the sync cascade's batch.
#[doc(hidden)]
pub trait Batch: Send + Sync {
    /// The targets held (belongs-to), written as one batch; for each cache the values of
    /// the target's `columns`, `None` where it holds none.
    fn save_targets<'a>(
        &self,
        caches: Vec<&'a mut dyn Cache>,
        db: &'a mut Db,
        columns: &'static [usize],
    ) -> Boxed<'a, Vec<Option<Vec<Value>>>>;
    /// The children held (has-one, has-many), each taking its parent's `keys[i]` in its
    /// `columns`, written as one batch; the children taken out are detached first.
    fn save_children<'a>(
        &self,
        caches: Vec<&'a mut dyn Cache>,
        db: &'a mut Db,
        columns: &'static [usize],
        keys: Vec<Vec<Value>>,
    ) -> Boxed<'a, ()>;
}

struct Targets<P>(PhantomData<fn() -> P>);

struct Children<C>(PhantomData<fn() -> C>);

/// The batch of belongs-to caches of targets `P`.
pub(crate) fn targets<P: Record>() -> Box<dyn Batch> {
    Box::new(Targets::<P>(PhantomData))
}

/// The batch of has-one or has-many caches of children `C`.
pub(crate) fn children<C: Record>() -> Box<dyn Batch> {
    Box::new(Children::<C>(PhantomData))
}

impl<P: Record> Batch for Targets<P> {
    fn save_targets<'a>(
        &self,
        caches: Vec<&'a mut dyn Cache>,
        db: &'a mut Db,
        columns: &'static [usize],
    ) -> Boxed<'a, Vec<Option<Vec<Value>>>> {
        let mut held: Vec<&mut dyn DynRecord> = Vec::new();
        let mut which: Vec<bool> = Vec::new();
        for cache in caches {
            let target = typed::<BelongsTo<P>>(cache).0.as_deref_mut();
            which.push(target.is_some());
            if let Some(target) = target {
                held.push(target);
            }
        }
        save_targets(Table::of::<P>(), held, which, db, columns)
    }

    fn save_children<'a>(
        &self,
        _: Vec<&'a mut dyn Cache>,
        _: &'a mut Db,
        _: &'static [usize],
        _: Vec<Vec<Value>>,
    ) -> Boxed<'a, ()> {
        Box::pin(async { Ok(()) })
    }
}

/// `save_targets` of targets of `table`: `held` those the caches hold, `which` the caches that
/// hold one.
fn save_targets<'a>(
    table: Table,
    mut held: Vec<&'a mut dyn DynRecord>,
    which: Vec<bool>,
    db: &'a mut Db,
    columns: &'static [usize],
) -> Boxed<'a, Vec<Option<Vec<Value>>>> {
    Box::pin(async move {
        write_many(&table, &mut held, db).await?;
        let mut keys = held.iter().map(|t| values(&**t, columns));
        Ok(which
            .into_iter()
            .map(|h| h.then(|| keys.next()).flatten())
            .collect())
    })
}

impl<C: Record> Batch for Children<C> {
    fn save_targets<'a>(
        &self,
        caches: Vec<&'a mut dyn Cache>,
        _: &'a mut Db,
        _: &'static [usize],
    ) -> Boxed<'a, Vec<Option<Vec<Value>>>> {
        let none = vec![None; caches.len()];
        Box::pin(async move { Ok(none) })
    }

    fn save_children<'a>(
        &self,
        caches: Vec<&'a mut dyn Cache>,
        db: &'a mut Db,
        columns: &'static [usize],
        keys: Vec<Vec<Value>>,
    ) -> Boxed<'a, ()> {
        let mut held = Vec::new();
        for cache in caches {
            held.push(children_in::<C>(cache));
        }
        save_children(Table::of::<C>(), held, db, columns, keys)
    }
}

/// `save_children` of children of `table`: for each parent its children and those taken
/// out.
fn save_children<'a>(
    table: Table,
    held: Vec<(Vec<&'a mut dyn DynRecord>, &'a mut dyn List)>,
    db: &'a mut Db,
    columns: &'static [usize],
    keys: Vec<Vec<Value>>,
) -> Boxed<'a, ()> {
    Box::pin(async move {
        let mut all: Vec<&mut dyn DynRecord> = Vec::new();
        for ((children, removed), key) in held.into_iter().zip(&keys) {
            detach(&table, removed, db, columns).await?;
            for child in children {
                assign(&mut *child, columns, key);
                all.push(child);
            }
        }
        write_many(&table, &mut all, db).await
    })
}

/// Children taken out of a parent's list: their key `columns` become NULL where each can be
/// NULL, else their rows are deleted; inside the save's transaction.
async fn detach(
    table: &Table,
    removed: &mut dyn List,
    db: &mut Db,
    columns: &[usize],
) -> Result<()> {
    let nullable = columns.iter().all(|&c| can_be_null_of(table, c));
    for i in 0..removed.count() {
        let child = removed.at_mut(i);
        if nullable {
            clear_key(&mut *child, columns);
            write_row(table, child, db).await?;
        } else {
            delete_row(table, child, db).await?;
        }
    }
    removed.clear();
    Ok(())
}
