//! The relationship methods: getters that load once and cache, setters, `add_*`.

use crate::cache::{cache_of, BelongsTo, HasMany, HasOne};
use crate::db::Db;
use crate::error::{Error, Result};
use crate::read::{every, first, select_by, Rows};
use crate::record::{assign, clear_key, values, Record};
use mysql::Value;

/// A belongs-to getter (`link` holds the key): the cached target, else the row the key
/// refers to, loaded once; `None` for a NULL key. A key no row has is `Err(NotFound)` when
/// `strict`, else `None` and a logged warning.
pub fn belongs_to<'r, M: Record, P: Record>(
    db: &mut Db,
    record: &'r mut M,
    link: usize,
    strict: bool,
) -> Result<Option<&'r mut P>> {
    let shape = &M::SHAPE.links[link];
    let key = values(record, shape.columns);
    let cache: &mut BelongsTo<P> = cache_of(record, link);
    if cache.0.is_none() && !key.contains(&Value::NULL) {
        let target = first::<P>(db, shape.other, key.clone())?;
        if target.is_none() {
            orphan::<P>(&key, strict)?;
        }
        cache.0 = target.map(Box::new);
    }
    Ok(cache.0.as_deref_mut())
}

/// A key that no row of `P` has: an error when `strict`, else a warning.
fn orphan<P: Record>(key: &[Value], strict: bool) -> Result<()> {
    let key: Vec<String> = key.iter().map(|v| v.as_sql(true)).collect();
    let key = key.join(", ");
    if strict {
        return Err(Error::NotFound {
            table: P::TABLE,
            key,
        });
    }
    log::warn!(
        target: "modelgen",
        "no row in `{}` has the key {key} (an orphaned foreign key)",
        P::TABLE
    );
    Ok(())
}

/// A belongs-to setter: the key columns take the target's key (now if it has one, else when
/// a save inserts it first) and the target is cached; the record becomes dirty. `None` (a
/// nullable key) makes the key NULL.
pub fn set_target<M: Record, P: Record>(record: &mut M, link: usize, target: Option<P>) {
    let shape = &M::SHAPE.links[link];
    match &target {
        Some(target) => assign(record, shape.columns, &values(target, shape.other)),
        None => clear_key(record, shape.columns),
    }
    let cache: &mut BelongsTo<P> = cache_of(record, link);
    cache.0 = target.map(Box::new);
    record.meta_mut().touch();
}

/// The key a child's columns hold for `record`: none (no statement) while it is new or has a
/// NULL among them.
fn parent_key<M: Record>(record: &M, link: usize) -> Option<Vec<Value>> {
    let key = values(record, M::SHAPE.links[link].columns);
    (!record.meta().is_new() && !key.contains(&Value::NULL)).then_some(key)
}

/// A has-one getter: the cached record, else (or with `reload`) the row that refers to this
/// one. A new record has none and sends no statement.
pub fn has_one<'r, M: Record, C: Record>(
    db: &mut Db,
    record: &'r mut M,
    link: usize,
    reload: bool,
) -> Result<Option<&'r mut C>> {
    let key = parent_key(record, link);
    let other = M::SHAPE.links[link].other;
    let cache: &mut HasOne<C> = cache_of(record, link);
    if let Some(key) = key.filter(|_| reload || !cache.loaded) {
        cache.record = first::<C>(db, other, key)?.map(Box::new);
        cache.loaded = true;
    }
    Ok(cache.record.as_deref_mut())
}

/// A has-many getter: the cached list, else (or with `reload`) the rows that refer to this
/// record, followed by the records attached with `add_*` and not yet saved. A new record's
/// list holds just those and sends no statement.
pub fn has_many<'r, M: Record, C: Record>(
    db: &mut Db,
    record: &'r mut M,
    link: usize,
    reload: bool,
) -> Result<&'r mut Vec<C>> {
    let key = parent_key(record, link);
    let other = M::SHAPE.links[link].other;
    let cache: &mut HasMany<C> = cache_of(record, link);
    if let Some(key) = key.filter(|_| reload || !cache.loaded) {
        let mut records = every::<C>(db, other, key)?;
        records.extend(cache.records.drain(..).filter(|r| r.meta().is_new()));
        cache.records = records;
        cache.loaded = true;
    }
    Ok(&mut cache.records)
}

/// The lazy has-many getter: the rows that refer to `record`, read as they are iterated;
/// nothing cached. A new record has none and sends no statement.
pub fn has_many_lazy<'a, M: Record, C: Record>(
    db: &'a mut Db,
    record: &M,
    link: usize,
) -> Result<Rows<'a, C>> {
    let key = parent_key(record, link);
    let sql = select_by::<C>(M::SHAPE.links[link].other);
    let skip = key.is_none();
    Rows::new(db, &sql, key.unwrap_or_default(), skip)
}

/// `add_*`: the child joins the list, to be saved with its key set by the next save; what it
/// cached of its former parent is dropped.
pub fn add<M: Record, C: Record>(record: &mut M, link: usize, mut child: C) {
    child.cache(M::SHAPE.links[link].reverse).forget();
    let cache: &mut HasMany<C> = cache_of(record, link);
    cache.records.push(child);
    record.meta_mut().touch();
}
