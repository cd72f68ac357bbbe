//! The relationship methods that may read, async: getters that load once and cache, the lazy
//! getter's stream, batch loading. Setters, `add_*` and `remove_*` send nothing: they are the
//! sync flavour's.

use super::db::Db;
use super::error::Result;
use super::read::{every, first, rows, select};
use crate::cache::{cache_of, BelongsTo, HasMany, HasOne};
use crate::load::{distinct_keys, distribute, select_in, wanted};
use crate::read::select_by;
use crate::record::{key_values, values, Record};
use crate::relation::{orphan, parent_key};
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
    let shape = &M::SHAPE.links[link];
    let key = values(record, shape.columns);
    let cache: &mut BelongsTo<P> = cache_of(record, link);
    if cache.0.is_none() && !key.contains(&Value::NULL) {
        let target = first::<P>(db, shape.other, key.clone()).await?;
        if target.is_none() {
            orphan(P::TABLE, &key, strict)?;
        }
        cache.0 = target.map(Box::new);
    }
    Ok(cache.0.as_deref_mut())
}

/// A has-one getter: the cached record, else (or with `reload`) the row that refers to this
/// one. A new record has none and sends no statement.
pub async fn has_one<'r, M: Record, C: Record>(
    db: &mut Db,
    record: &'r mut M,
    link: usize,
    reload: bool,
) -> Result<Option<&'r mut C>> {
    let key = parent_key(record, link);
    let other = M::SHAPE.links[link].other;
    let cache = cache_of::<HasOne<C>, M>(record, link).state();
    if let Some(key) = key.filter(|_| reload || !cache.loaded) {
        cache.record = first::<C>(db, other, key).await?;
        cache.loaded = true;
    }
    Ok(cache.record.as_mut())
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
    let key = parent_key(record, link);
    let other = M::SHAPE.links[link].other;
    let cache = cache_of::<HasMany<C>, M>(record, link).state();
    if let Some(key) = key.filter(|_| reload || !cache.loaded) {
        let mut records = every::<C>(db, other, key).await?;
        // Those taken out stay out until the save detaches them.
        if !cache.removed.is_empty() {
            let removed: Vec<Vec<Value>> = cache.removed.iter().map(key_values).collect();
            records.retain(|r| !removed.contains(&key_values(r)));
        }
        records.extend(cache.records.drain(..).filter(|r| r.meta().is_new()));
        cache.records = records;
        cache.loaded = true;
    }
    Ok(&mut cache.records)
}

/// The lazy has-many getter: the rows that refer to `record`, read as the stream is polled;
/// nothing cached. A new record has none and sends no statement.
pub fn has_many_lazy<'a, M: Record, C: Record>(
    db: &'a mut Db,
    record: &M,
    link: usize,
) -> impl futures_core::Stream<Item = Result<C>> + Send + 'a {
    let key = parent_key(record, link);
    let sql = select_by::<C>(M::SHAPE.links[link].other);
    let skip = key.is_none();
    rows(db, sql, None, key.unwrap_or_default(), skip)
}

/// `load_*`: the records of `T` that relationship `link` of each of `records` refers to (a
/// belongs-to) or that refer to it (has-one, has-many), into its cache, one statement per
/// 1,000 distinct keys. Records already cached are not asked for again.
pub async fn load<T: Record, M: Record>(db: &mut Db, records: &mut [M], link: usize) -> Result<()> {
    let wanted = wanted::<M>(records, link);
    let keys = distinct_keys(wanted.iter().map(|(_, key)| key));
    let mut found = Vec::new();
    for (sql, params) in select_in::<T>(M::SHAPE.links[link].other, &keys) {
        found.extend(select::<T>(db, &sql, None, params).await?);
    }
    distribute(records, link, wanted, found);
    Ok(())
}
