//! Writing records, async: one row, the cascade of a `save` all or nothing, `insert_all`,
//! `delete`. What to write, in which order and with which SQL is the sync flavour's (its
//! checks, plans and statements); here it is sent over sqlx.
//!
//! A save's records are put back as they were when it fails, and also when its future is
//! dropped before it ends: see [`Db::transaction`] for what the server keeps then.

use super::db::Db;
use super::error::{Error, Result};
use super::read::{read_row, select};
use crate::batch::{
    insert_columns, insert_sql, made_by_server, reread_after_returning, reread_sql, returning_sql,
    statement_rows, take_id, take_returned, take_rows,
};
use crate::cache::{children_of, typed, BelongsTo, Cache};
use crate::read::select_by;
use crate::record::{assign, can_be_null, clear_key, values, LinkKind, Meta, Record};
use crate::save::{
    check_row, check_tree, delete_sql, is_tree_dirty, one_statement_when, take_row, update_sql,
    writes_alone,
};
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
    check_tree(record, &[])?;
    if !is_tree_dirty(record) {
        return Ok(());
    }
    let returning = db.returning();
    if writes_alone(record) && one_statement_when(record, || returning) && !db.in_transaction() {
        return write_row(record, db).await;
    }
    atomically(std::slice::from_mut(record), db, Write::Tree).await
}

/// `save_shallow`: this record alone, not the records it caches (the PRD's `deep = false`).
pub async fn save_shallow<M: Record>(record: &mut M, db: &mut Db) -> Result<()> {
    check_row(record, &[])?;
    if !record.meta().is_dirty() {
        return Ok(());
    }
    let returning = db.returning();
    if one_statement_when(record, || returning) || db.in_transaction() {
        return write_row(record, db).await;
    }
    atomically(std::slice::from_mut(record), db, Write::Row).await
}

/// `insert_all`: the records and their cascades in one transaction, each table's new rows in
/// multi-row INSERTs; on failure (or a dropped future) every record is as it was.
pub async fn insert_all<M: Record>(records: &mut [M], db: &mut Db) -> Result<()> {
    for record in records.iter_mut() {
        check_tree(record, &[])?;
    }
    atomically(records, db, Write::Tree).await
}

/// `delete`: the row goes; the record is new again, and a save inserts it anew. `false` when
/// no row had the key or the record was never saved.
pub async fn delete<M: Record>(record: &mut M, db: &mut Db) -> Result<bool> {
    if record.meta().key().is_empty() {
        return Ok(false);
    }
    let key = record.meta().key().to_vec();
    let written = db.write(&delete_sql::<M>(), key).await?;
    record.meta_mut().deleted(M::COLUMNS.len());
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
    let records = &mut *restore.records;
    let outcome = db
        .transaction(async |db| {
            let mut all: Vec<&mut M> = records.iter_mut().collect();
            match write {
                Write::Tree => write_many(&mut all, db).await,
                Write::Row => insert_or_update(&mut all, db).await,
            }
        })
        .await;
    if outcome.is_ok() {
        restore.before = None;
    }
    outcome
}

/// Each record alone, when dirty.
async fn insert_or_update<M: Record>(records: &mut [&mut M], db: &mut Db) -> Result<()> {
    for record in records.iter_mut() {
        write_row(*record, db).await?;
    }
    Ok(())
}

/// Writes this row alone when dirty: INSERT when new, else an UPDATE of the columns set.
pub(crate) async fn write_row<M: Record>(record: &mut M, db: &mut Db) -> Result<()> {
    let meta = record.meta();
    if !meta.is_dirty() {
        return Ok(());
    }
    if meta.is_new() {
        insert_rows(&mut [record], db).await
    } else {
        update(record, db).await
    }
}

async fn update<M: Record>(record: &mut M, db: &mut Db) -> Result<()> {
    let Some((sql, params, columns)) = update_sql(record)? else {
        return Ok(());
    };
    db.write(&sql, params).await?;
    *record.meta_mut() = Meta::of_row(record);
    read_back(record, db, &columns).await
}

/// After a write to a table whose rows the server changes (expression defaults, generated
/// columns, ON UPDATE), the record takes the row's values. When that read fails the row is
/// written but the record may differ: the written columns stay to be written.
///
/// (The sync flavour also reads back after a write the server warned about, under a
/// non-strict `sql_mode`: sqlx does not report warnings, so here values a non-strict
/// `sql_mode` cuts or clamps are not seen. MariaDB and MySQL are strict by default.)
async fn read_back<M: Record>(record: &mut M, db: &mut Db, written: &[usize]) -> Result<()> {
    if !M::SHAPE.reread {
        return Ok(());
    }
    let key = record.meta().key().to_vec();
    if key.is_empty() {
        return Ok(());
    }
    let row = super::read::first::<M>(db, M::SHAPE.key, key).await;
    match row {
        Ok(Some(row)) => Ok(take_row(record, &row)?),
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

/// Writes `records` and the records they cache: targets (then the key columns take their
/// keys), rows, children (which take the records' keys), each relationship batched.
pub(crate) fn write_many<'a, 'r: 'a, M: Record>(
    records: &'a mut [&'r mut M],
    db: &'a mut Db,
) -> Boxed<'a, ()> {
    Box::pin(async move {
        for (i, link) in M::SHAPE.links.iter().enumerate() {
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
                    assign(*record, link.columns, &key);
                }
            }
        }
        write_rows(records, db).await?;
        for (i, link) in M::SHAPE.links.iter().enumerate() {
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
async fn write_rows<M: Record>(records: &mut [&mut M], db: &mut Db) -> Result<()> {
    let mut new: Vec<&mut M> = Vec::new();
    for record in records.iter_mut() {
        let meta = record.meta();
        if !meta.is_dirty() {
            continue;
        }
        if meta.is_new() {
            new.push(&mut **record);
        } else {
            update(*record, db).await?;
        }
    }
    insert_rows(&mut new, db).await
}

/// Inserts new records: those writing the same columns together, in statements of the sync
/// flavour's bounds.
async fn insert_rows<M: Record>(records: &mut [&mut M], db: &mut Db) -> Result<()> {
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
            insert_chunk(&mut group[start..end], &columns, db).await?;
            start = end;
        }
    }
    Ok(())
}

/// One INSERT of `records` (each writing `columns`); the records take their ids and the
/// values the server made, and are loaded (clean) afterwards.
fn insert_chunk<'a, 'r: 'a, M: Record>(
    records: &'a mut [&'r mut M],
    columns: &'a [usize],
    db: &'a mut Db,
) -> Boxed<'a, ()> {
    Box::pin(async move {
        let (sql, params) = insert_sql(records, columns);
        let returned = made_by_server::<M>();
        if !returned.is_empty() && db.returning() {
            let sql = returning_sql::<M>(&sql, &returned);
            match db.select(&sql, None, params.clone()).await {
                Ok(rows) => {
                    let rows: Vec<Vec<Value>> = rows
                        .iter()
                        .map(super::value::values)
                        .collect::<std::result::Result<_, _>>()
                        .map_err(|message| Error::Conversion {
                            table: M::TABLE,
                            column: "?",
                            message,
                        })?;
                    take_returned(records, &returned, rows.into_iter())?;
                    if reread_after_returning::<M>(0, returned.len()) {
                        reread_all(records, db).await?;
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
                insert_chunk(std::slice::from_mut(record), columns, db).await?;
            }
            return Ok(());
        }
        let written = db.write(&sql, params).await?;
        take_id(records, written.id);
        if M::SHAPE.reread {
            for record in records.iter_mut() {
                read_back(*record, db, columns).await?;
            }
        }
        Ok(())
    })
}

/// Each record takes its row's values again (by key, 1,000 keys a statement).
async fn reread_all<M: Record>(records: &mut [&mut M], db: &mut Db) -> Result<()> {
    for chunk in records.chunks_mut(crate::read::CHUNK) {
        if M::SHAPE.key.len() != 1 {
            for record in chunk.iter_mut() {
                reread_one(*record, db).await?;
            }
            continue;
        }
        let keys: Vec<Value> = chunk.iter().map(|r| r.value(M::SHAPE.key[0])).collect();
        let rows: Vec<M> = select::<M>(db, &reread_sql::<M>(keys.len()), None, keys).await?;
        take_rows(chunk, &rows);
    }
    Ok(())
}

/// The record takes its row's values again, by its key.
async fn reread_one<M: Record>(record: &mut M, db: &mut Db) -> Result<()> {
    let key = record.meta().key().to_vec();
    if key.is_empty() {
        return Ok(());
    }
    let rows = db.select(&select_by::<M>(M::SHAPE.key), None, key).await?;
    if let Some(row) = rows.first() {
        let row: M = read_row(row)?;
        take_row(record, &row)?;
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
        Box::pin(async move {
            let mut held: Vec<&mut P> = Vec::new();
            let mut which: Vec<bool> = Vec::new();
            for cache in caches {
                let target = typed::<BelongsTo<P>>(cache).0.as_deref_mut();
                which.push(target.is_some());
                held.extend(target);
            }
            write_many(&mut held, db).await?;
            let mut keys = held.iter().map(|t| values(&**t, columns));
            Ok(which
                .into_iter()
                .map(|h| h.then(|| keys.next()).flatten())
                .collect())
        })
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
        Box::pin(async move {
            let mut held: Vec<&mut C> = Vec::new();
            for (cache, key) in caches.into_iter().zip(&keys) {
                let (children, removed) = children_of::<C>(cache);
                detach(removed, db, columns).await?;
                for child in children {
                    assign(child, columns, key);
                    held.push(child);
                }
            }
            write_many(&mut held, db).await
        })
    }
}

/// Children taken out of a parent's list: their key `columns` become NULL where each can be
/// NULL, else their rows are deleted; inside the save's transaction.
async fn detach<M: Record>(removed: &mut Vec<M>, db: &mut Db, columns: &[usize]) -> Result<()> {
    for child in removed.iter_mut() {
        if columns.iter().all(|&c| can_be_null::<M>(c)) {
            clear_key(child, columns);
            write_row(child, db).await?;
        } else {
            delete(child, db).await?;
        }
    }
    removed.clear();
    Ok(())
}
