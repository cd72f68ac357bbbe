//! The relationship methods that may read, async: getters that load once and cache, the lazy
//! getter's stream, batch loading. Setters, `add_*` and `remove_*` send nothing: they are the
//! sync flavour's.

use super::db::Db;
use super::error::Result;
use super::read::{every_into, rows, select_into};
use crate::cache::{cache_of, BelongsTo, HasMany, HasOne};
use crate::load::{distinct_keys, distribute_rows, dyn_records, select_in_of, wanted_of};
use crate::read::select_by_of;
use crate::record::{DynRecord, List, Record, Table};
use crate::relation::{children_to_read, merge_reloaded, orphan, parent_key, target_to_read};
use mysql::Value;

/// A belongs-to getter (`link` holds the key): the cached target, else the row the key
/// refers to, loaded once; `None` for a NULL key. A key no row has is `Err(NotFound)` when
/// `strict`, else `None` and a logged warning.
pub async fn belongs_to<'r, M: Record, P: Record>(
    db: &mut Db,
    record: &'r mut M,
    link: usize,
    strict: bool,
) -> Result<Option<&'r mut P>> {
    fetch_target(db, &Table::of::<M>(), record, link, (P::TABLE, strict)).await?;
    Ok(cache_of::<BelongsTo<P>, M>(record, link).0.as_deref_mut())
}

/// `belongs_to` of a record of `table`, its types aside (the sync flavour's `fetch_target`).
async fn fetch_target(
    db: &mut Db,
    table: &Table,
    record: &mut dyn DynRecord,
    link: usize,
    (target, strict): (&'static str, bool),
) -> Result<()> {
    let Some(key) = target_to_read(table, record, link) else {
        return Ok(());
    };
    let other = table.shape.links[link].other;
    if !record
        .cache(link)
        .async_read(db, other, key.clone())
        .await?
    {
        orphan(target, &key, strict)?;
    }
    Ok(())
}

/// A has-one getter: the cached record, else (or with `reload`) the row that refers to this
/// one. A new record has none and sends no statement.
pub async fn has_one<'r, M: Record, C: Record>(
    db: &mut Db,
    record: &'r mut M,
    link: usize,
    reload: bool,
) -> Result<Option<&'r mut C>> {
    fetch_children(db, &Table::of::<M>(), record, link, reload).await?;
    Ok(cache_of::<HasOne<C>, M>(record, link)
        .state()
        .record
        .as_mut())
}

/// A has-many getter: the cached list, else (or with `reload`) the rows that refer to this
/// record, followed by the records attached with `add_*` and not yet saved. A new record's
/// list holds just those and sends no statement.
pub async fn has_many<'r, M: Record, C: Record>(
    db: &mut Db,
    record: &'r mut M,
    link: usize,
    reload: bool,
) -> Result<&'r mut Vec<C>> {
    fetch_children(db, &Table::of::<M>(), record, link, reload).await?;
    Ok(&mut cache_of::<HasMany<C>, M>(record, link).state().records)
}

/// `has_one` and `has_many` of a record of `table`, its types aside: the children read into
/// the cache unless it has them (and not `reload`) or the record is new.
async fn fetch_children(
    db: &mut Db,
    table: &Table,
    record: &mut dyn DynRecord,
    link: usize,
    reload: bool,
) -> Result<()> {
    if let Some(key) = children_to_read(table, record, link, reload) {
        let other = table.shape.links[link].other;
        record.cache(link).async_read(db, other, key).await?;
    }
    Ok(())
}

/// A has-many list read anew into `records` (of `table`, whose `columns` hold `key`): but for
/// those `removed`, followed by the new records of the list `held` (the sync flavour's
/// `reload_many`).
pub(crate) async fn reload_many(
    db: &mut Db,
    table: &Table,
    (columns, key): (&[usize], Vec<Value>),
    records: &mut dyn List,
    (held, removed): (&mut dyn List, &dyn List),
) -> Result<()> {
    every_into(db, table, (columns, key, true), records).await?;
    merge_reloaded(table, records, (held, removed));
    Ok(())
}

/// The lazy has-many getter: the rows that refer to `record`, read as the stream is polled;
/// nothing cached. A new record has none and sends no statement.
pub fn has_many_lazy<'a, M: Record, C: Record>(
    db: &'a mut Db,
    record: &M,
    link: usize,
) -> impl futures_core::Stream<Item = Result<C>> + Send + 'a {
    let key = parent_key(record, link);
    let sql = select_by_of(&Table::of::<C>(), M::SHAPE.links[link].other);
    let skip = key.is_none();
    rows(db, sql, None, key.unwrap_or_default(), skip)
}

/// `load_*`: the records of `T` that relationship `link` of each of `records` refers to (a
/// belongs-to) or that refer to it (has-one, has-many), into its cache, one statement per
/// 1,000 distinct keys. Records already cached are not asked for again.
pub async fn load<T: Record, M: Record>(db: &mut Db, records: &mut [M], link: usize) -> Result<()> {
    let mut found: Vec<T> = Vec::new();
    let loaded = (&Table::of::<T>(), &mut found as &mut dyn List);
    load_rows(db, &Table::of::<M>(), dyn_records(records), link, loaded).await
}

/// `load` into records of `table`, their type aside, reading records of `loaded`'s table into
/// its list.
async fn load_rows(
    db: &mut Db,
    table: &Table,
    mut records: Vec<&mut dyn DynRecord>,
    link: usize,
    (target, found): (&Table, &mut dyn List),
) -> Result<()> {
    let shape = table.shape.links[link];
    let wanted = wanted_of(shape, link, &mut records);
    let keys = distinct_keys(wanted.iter().map(|(_, key)| key));
    for (sql, params) in select_in_of(target, shape.other, &keys) {
        select_into(db, target, (&sql, None, params), found).await?;
    }
    distribute_rows(table, &mut records, link, wanted, found);
    Ok(())
}
