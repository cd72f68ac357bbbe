//! The relationship methods: getters that load once and cache, setters, `add_*`.

use crate::cache::{cache_of, BelongsTo, HasMany, HasOne};
use crate::db::Db;
use crate::error::{Error, Result};
use crate::read::{every, first, select_by, Rows};
use crate::record::{assign, clear_key, key_values, values, LinkKind, Record};
use crate::value::ToSql;
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
pub(crate) fn orphan<P: Record>(key: &[Value], strict: bool) -> Result<()> {
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
    forget_same_columns(record, link);
    let cache: &mut BelongsTo<P> = cache_of(record, link);
    cache.0 = target.map(Box::new);
    record.meta_mut().touch();
}

/// Drops the targets of the other belongs-to relationships that share a column with `link`
/// (TPC-C's `orders`: `o_w_id` in the keys to `warehouse` and to `district`): a save would
/// write their keys over this one's, and a cached target must be the row its key names.
fn forget_same_columns<M: Record>(record: &mut M, link: usize) {
    let columns = M::SHAPE.links[link].columns;
    for (i, other) in M::SHAPE.links.iter().enumerate() {
        let shares = other.columns.iter().any(|c| columns.contains(c));
        if i != link && other.kind == LinkKind::BelongsTo && shares {
            record.cache(i).forget();
        }
    }
}

/// A key column's setter gave it another value: the targets its relationships cached go.
pub fn forget_targets<M: Record>(record: &mut M, column: usize) {
    for (i, link) in M::SHAPE.links.iter().enumerate() {
        if link.kind == LinkKind::BelongsTo && link.columns.contains(&column) {
            record.cache(i).forget();
        }
    }
}

/// The key a child's columns hold for `record`: none (no statement) while it is new or has a
/// NULL among them.
pub(crate) fn parent_key<M: Record>(record: &M, link: usize) -> Option<Vec<Value>> {
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
    let cache = cache_of::<HasOne<C>, M>(record, link).state();
    if let Some(key) = key.filter(|_| reload || !cache.loaded) {
        cache.record = first::<C>(db, other, key)?;
        cache.loaded = true;
    }
    Ok(cache.record.as_mut())
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
    let cache = cache_of::<HasMany<C>, M>(record, link).state();
    if let Some(key) = key.filter(|_| reload || !cache.loaded) {
        let mut records = every::<C>(db, other, key)?;
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
    let reverse = M::SHAPE.links[link].reverse;
    child.cache(reverse).forget();
    forget_same_columns(&mut child, reverse);
    let cache = cache_of::<HasMany<C>, M>(record, link).state();
    cache.records.push(child);
    record.meta_mut().touch();
}

/// `set_*` of a has-one: `child` is attached like `add_*` (saved by the next save, its key
/// set to this record's); a saved child this record had loaded is taken out, and the next
/// save detaches it as `remove_*` does. (A child the database holds that was never loaded is
/// not known here: load it first for it to be replaced.)
pub fn set_child<M: Record, C: Record>(record: &mut M, link: usize, mut child: C) {
    let reverse = M::SHAPE.links[link].reverse;
    child.cache(reverse).forget();
    forget_same_columns(&mut child, reverse);
    let cache = cache_of::<HasOne<C>, M>(record, link).state();
    if let Some(previous) = cache.record.take() {
        if !previous.meta().is_new() && key_values(&previous) != key_values(&child) {
            cache.removed.push(previous);
        }
    }
    cache.record = Some(child);
    record.meta_mut().touch();
}

/// `remove_*`: the child with primary key `key` leaves the cached list and is returned;
/// the next save sets its key columns to NULL (where each can be NULL) or deletes its row,
/// inside the save's transaction. A child never saved is just dropped. `None` when no child
/// of the list has that key.
pub fn remove<C: Record, M: Record, K: ToSql>(record: &mut M, link: usize, key: &K) -> Option<C> {
    let wanted = vec![key.to_sql()];
    let cache = cache_of::<HasMany<C>, M>(record, link).state();
    let at = cache
        .records
        .iter()
        .position(|child| same_key(&key_values(child), &wanted))?;
    let child = cache.records.remove(at);
    if !child.meta().is_new() {
        cache.removed.push(child.clone());
    }
    record.meta_mut().touch();
    Some(child)
}

/// Do two keys hold the same values, whatever their integer types?
fn same_key(a: &[Value], b: &[Value]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(a, b)| crate::read::compare(a, b) == std::cmp::Ordering::Equal)
}
