//! The relationship methods: getters that load once and cache, setters, `add_*`.

use crate::cache::{cache_of, BelongsTo, HasMany, HasOne};
use crate::db::Db;
use crate::error::{Error, Result};
use crate::read::{every_into, select_by, Rows};
use crate::record::{
    assign, clear_key, key_of, key_values, values, DynRecord, Link, LinkKind, List, Record, Table,
};
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
    fetch_target(db, &Table::of::<M>(), record, link, (P::TABLE, strict))?;
    Ok(cache_of::<BelongsTo<P>, M>(record, link).0.as_deref_mut())
}

/// `belongs_to` of a record of `table`, its types aside: the target read into the cache
/// unless it holds one or the key is NULL; `target` is its table, and whether a key no row has
/// is an error.
fn fetch_target(
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
    if !record.cache(link).read(db, other, key.clone())? {
        orphan(target, &key, strict)?;
    }
    Ok(())
}

/// The key a belongs-to getter reads its target by (relationship `link` of `record`, of
/// `table`): none when the cache holds the target or the key has a NULL. Both flavours'
/// getters ask so.
pub(crate) fn target_to_read(
    table: &Table,
    record: &mut dyn DynRecord,
    link: usize,
) -> Option<Vec<Value>> {
    let key = values(record, table.shape.links[link].columns);
    (!record.cache(link).is_loaded() && !key.contains(&Value::NULL)).then_some(key)
}

/// The key a has-one or has-many getter reads its children by (relationship `link` of
/// `record`, of `table`): none when the record is new or the key has a NULL, or when the cache
/// has them and `reload` is not asked. Both flavours' getters ask so.
pub(crate) fn children_to_read(
    table: &Table,
    record: &mut dyn DynRecord,
    link: usize,
    reload: bool,
) -> Option<Vec<Value>> {
    parent_key_of(table, record, link).filter(|_| reload || !record.cache(link).is_loaded())
}

/// A key that no row of `table` has: an error when `strict`, else a warning.
pub(crate) fn orphan(table: &'static str, key: &[Value], strict: bool) -> Result<()> {
    let key: Vec<String> = key.iter().map(|v| v.as_sql(true)).collect();
    let key = key.join(", ");
    if strict {
        return Err(Error::NotFound { table, key });
    }
    log::warn!(
        target: "modelgen",
        "no row in `{table}` has the key {key} (an orphaned foreign key)"
    );
    Ok(())
}

/// A belongs-to setter: the key columns take the target's key (now if it has one, else when
/// a save inserts it first) and the target is cached; the record becomes dirty. `None` (a
/// nullable key) makes the key NULL.
pub fn set_target<M: Record, P: Record>(record: &mut M, link: usize, target: Option<P>) {
    let held = target.as_ref().map(|t| t as &dyn DynRecord);
    aim(&Table::of::<M>(), record, link, held);
    let cache: &mut BelongsTo<P> = cache_of(record, link);
    cache.0 = target.map(Box::new);
}

/// `set_target` of a record of `table`, but for caching the target: the key columns take
/// `target`'s key (or NULL), the other targets sharing a column are forgotten, and the record
/// becomes dirty.
fn aim(table: &Table, record: &mut dyn DynRecord, link: usize, target: Option<&dyn DynRecord>) {
    let shape = &table.shape.links[link];
    match target {
        Some(target) => assign(record, shape.columns, &values(target, shape.other)),
        None => clear_key(record, shape.columns),
    }
    forget_same_columns(table.shape.links, record, link);
    record.meta_mut().touch();
}

/// Drops the targets of the other belongs-to relationships that share a column with `link`
/// (TPC-C's `orders`: `o_w_id` in the keys to `warehouse` and to `district`): a save would
/// write their keys over this one's, and a cached target must be the row its key names.
fn forget_same_columns(links: &[Link], record: &mut dyn DynRecord, link: usize) {
    let columns = links[link].columns;
    for (i, other) in links.iter().enumerate() {
        let shares = other.columns.iter().any(|c| columns.contains(c));
        if i != link && other.kind == LinkKind::BelongsTo && shares {
            record.cache(i).forget();
        }
    }
}

/// Is `column` a key column of one of `links`' belongs-to relationships? A `const fn`: a
/// setter of `model!` decides when compiled whether it has targets to drop.
pub const fn holds_key(links: &[Link], column: usize) -> bool {
    let mut i = 0;
    while i < links.len() {
        let link = &links[i];
        let mut j = 0;
        while j < link.columns.len() {
            if matches!(link.kind, LinkKind::BelongsTo) && link.columns[j] == column {
                return true;
            }
            j += 1;
        }
        i += 1;
    }
    false
}

/// A key column's setter gave it another value: the targets cached through it go.
pub fn forget_targets<M: Record>(record: &mut M, column: usize) {
    forget_targets_of(M::SHAPE.links, record, column);
}

/// `forget_targets`, compiled once for every model.
fn forget_targets_of(links: &[Link], record: &mut dyn DynRecord, column: usize) {
    for (i, link) in links.iter().enumerate() {
        if link.kind == LinkKind::BelongsTo && link.columns.contains(&column) {
            record.cache(i).forget();
        }
    }
}

/// The key a child's columns hold for `record`: none (no statement) while it is new or has a
/// NULL among them.
pub(crate) fn parent_key<M: Record>(record: &M, link: usize) -> Option<Vec<Value>> {
    parent_key_of(&Table::of::<M>(), record, link)
}

/// `parent_key` of a record of `table`.
fn parent_key_of(table: &Table, record: &dyn DynRecord, link: usize) -> Option<Vec<Value>> {
    let key = values(record, table.shape.links[link].columns);
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
    fetch_children(db, &Table::of::<M>(), record, link, reload)?;
    Ok(cache_of::<HasOne<C>, M>(record, link)
        .state()
        .record
        .as_mut())
}

/// `has_one` and `has_many` of a record of `table`, its types aside: the children read into
/// the cache unless it has them (and not `reload`) or the record is new.
fn fetch_children(
    db: &mut Db,
    table: &Table,
    record: &mut dyn DynRecord,
    link: usize,
    reload: bool,
) -> Result<()> {
    if let Some(key) = children_to_read(table, record, link, reload) {
        let other = table.shape.links[link].other;
        record.cache(link).read(db, other, key)?;
    }
    Ok(())
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
    fetch_children(db, &Table::of::<M>(), record, link, reload)?;
    Ok(&mut cache_of::<HasMany<C>, M>(record, link).state().records)
}

/// A has-many list read anew into `records` (of `table`, whose `columns` hold `key`): but for
/// those `removed` (they stay out until the save detaches them), followed by the new records
/// of the list `held`.
pub(crate) fn reload_many(
    db: &mut Db,
    table: &Table,
    columns: &[usize],
    key: Vec<Value>,
    records: &mut dyn List,
    (held, removed): (&mut dyn List, &dyn List),
) -> Result<()> {
    every_into(db, table, columns, key, records)?;
    merge_reloaded(table, records, (held, removed));
    Ok(())
}

/// The has-many list `records` just read (of `table`) without those `removed` (they stay out
/// until the save detaches them), followed by the new records of the list `held`. Both
/// flavours' getters merge so.
pub(crate) fn merge_reloaded(
    table: &Table,
    records: &mut dyn List,
    (held, removed): (&mut dyn List, &dyn List),
) {
    if removed.count() > 0 {
        let key = table.shape.key;
        let removed: Vec<Vec<Value>> = (0..removed.count())
            .map(|i| key_of(removed.at(i), key))
            .collect();
        records.keep(&mut |r| !removed.contains(&key_of(r, key)));
    }
    records.take_new(held);
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
    forget_same_columns(C::SHAPE.links, &mut child, reverse);
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
    forget_same_columns(C::SHAPE.links, &mut child, reverse);
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
    let wanted = [key.to_sql()];
    let cache = cache_of::<HasMany<C>, M>(record, link).state();
    let at = position_of(&Table::of::<C>(), &cache.records, &wanted)?;
    let child = cache.records.remove(at);
    if !child.meta().is_new() {
        cache.removed.push(child.clone());
    }
    record.meta_mut().touch();
    Some(child)
}

/// The position in `records` (of `table`) of the record whose primary key is `key`.
fn position_of(table: &Table, records: &dyn List, key: &[Value]) -> Option<usize> {
    (0..records.count()).find(|&i| same_key(&key_of(records.at(i), table.shape.key), key))
}

/// Do two keys hold the same values, whatever their integer types?
fn same_key(a: &[Value], b: &[Value]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(a, b)| crate::read::compare(a, b) == std::cmp::Ordering::Equal)
}
