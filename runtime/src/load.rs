//! Batch loading (SPEC §9): `load_<relationship>` fills the cache its getter reads, for every
//! record of a slice, with one statement per 1,000 distinct keys.

use crate::cache::{cache_in, BelongsTo, HasMany, HasOne};
use crate::db::Db;
use crate::error::Result;
use crate::read::{key_order_of, quote, read_row, select_sql_of, CHUNK};
use crate::record::{values, DynRecord, Link, LinkKind, Record, Table};
use mysql::Value;
use std::collections::{BTreeSet, HashMap};

/// `load_*`: the records of `T` that relationship `link` of each of `records` refers to (a
/// belongs-to) or that refer to it (has-one, has-many), into its cache. Records already
/// cached are not asked for again; a key no row has leaves that record's cache empty.
pub fn load<T: Record, M: Record>(db: &mut Db, records: &mut [M], link: usize) -> Result<()> {
    let mut rows: Vec<&mut dyn DynRecord> = records.iter_mut().map(|r| r as _).collect();
    load_rows::<T>(db, &Table::of::<M>(), &mut rows, link)
}

/// `load` into records of `table`, their type aside: generic only in the records loaded.
fn load_rows<T: Record>(
    db: &mut Db,
    table: &Table,
    records: &mut [&mut dyn DynRecord],
    link: usize,
) -> Result<()> {
    let shape = table.shape.links[link];
    let wanted = wanted_of(shape, link, records);
    let keys = distinct_keys(wanted.iter().map(|(_, key)| key));
    let mut found = Vec::new();
    for (sql, params) in select_in::<T>(shape.other, &keys) {
        found.extend(db.select(&sql, params, read_row::<T>)?);
    }
    distribute_rows(table, records, link, wanted, found);
    Ok(())
}

/// The records whose cache of `link` is to be filled (their positions), with their keys:
/// not those cached already, with a NULL key, or new (for has-one and has-many).
#[cfg(feature = "async")]
pub(crate) fn wanted<M: Record>(records: &mut [M], link: usize) -> Vec<(usize, Vec<Value>)> {
    let mut rows: Vec<&mut dyn DynRecord> = records.iter_mut().map(|r| r as _).collect();
    wanted_of(M::SHAPE.links[link], link, &mut rows)
}

/// `wanted`, the records' type aside; `shape` is relationship `link`.
fn wanted_of(
    shape: Link,
    link: usize,
    records: &mut [&mut dyn DynRecord],
) -> Vec<(usize, Vec<Value>)> {
    let mut wanted = Vec::new();
    for (i, record) in records.iter_mut().enumerate() {
        let key = values(&**record, shape.columns);
        let parent_unsaved = shape.kind != LinkKind::BelongsTo && record.meta().is_new();
        if record.cache(link).is_loaded() || key.contains(&Value::NULL) || parent_unsaved {
            continue;
        }
        wanted.push((i, key));
    }
    wanted
}

/// The records `found` into the caches of `link` of the `wanted` records, each given those
/// whose key matches its own.
#[cfg(feature = "async")]
pub(crate) fn distribute<T: Record, M: Record>(
    records: &mut [M],
    link: usize,
    wanted: Vec<(usize, Vec<Value>)>,
    found: Vec<T>,
) {
    let mut rows: Vec<&mut dyn DynRecord> = records.iter_mut().map(|r| r as _).collect();
    distribute_rows(&Table::of::<M>(), &mut rows, link, wanted, found);
}

/// `distribute` into records of `table`, their type aside.
fn distribute_rows<T: Record>(
    table: &Table,
    records: &mut [&mut dyn DynRecord],
    link: usize,
    wanted: Vec<(usize, Vec<Value>)>,
    found: Vec<T>,
) {
    let rows: Vec<&dyn DynRecord> = found.iter().map(|r| r as _).collect();
    let matched = match_rows(&rows, table.shape.links[link].other, wanted);
    deliver(table, records, link, found, matched);
}

/// For each wanted record (its position and key), the positions of the rows found for it:
/// the rows whose key is the same, else the same as the usual collations compare text (the
/// server matched `'Ann '` with `'ann'`; the records must too).
fn match_rows(
    found: &[&dyn DynRecord],
    columns: &[usize],
    wanted: Vec<(usize, Vec<Value>)>,
) -> Vec<(usize, Vec<usize>)> {
    let index = |folded: bool| {
        let mut rows: HashMap<String, Vec<usize>> = HashMap::new();
        for (j, row) in found.iter().enumerate() {
            let key = key_text(&values(*row, columns), folded);
            rows.entry(key).or_default().push(j);
        }
        rows
    };
    let exact = index(false);
    let mut folded = None;
    wanted
        .into_iter()
        .map(|(i, key)| {
            let rows = match exact.get(&key_text(&key, false)) {
                Some(rows) => rows.clone(),
                None if found.is_empty() => Vec::new(),
                None => folded
                    .get_or_insert_with(|| index(true))
                    .get(&key_text(&key, true))
                    .cloned()
                    .unwrap_or_default(),
            };
            (i, rows)
        })
        .collect()
}

/// Fills each matched record's cache with its rows: moved to the last record that takes a
/// row, cloned for the others (children that share a parent).
fn deliver<T: Record>(
    table: &Table,
    records: &mut [&mut dyn DynRecord],
    link: usize,
    found: Vec<T>,
    matched: Vec<(usize, Vec<usize>)>,
) {
    let mut uses = uses(found.len(), &matched);
    let mut found: Vec<Option<T>> = found.into_iter().map(Some).collect();
    for (i, rows) in matched {
        let mine: Vec<T> = rows
            .into_iter()
            .filter_map(|j| {
                uses[j] -= 1;
                if uses[j] == 0 {
                    found[j].take()
                } else {
                    found[j].clone()
                }
            })
            .collect();
        fill(table, &mut *records[i], link, mine);
    }
}

/// How many records each of `rows` rows was matched to.
fn uses(rows: usize, matched: &[(usize, Vec<usize>)]) -> Vec<usize> {
    let mut uses = vec![0usize; rows];
    for j in matched.iter().flat_map(|(_, rows)| rows) {
        uses[*j] += 1;
    }
    uses
}

/// Puts what was found for `record` into its cache, as its getter would have.
fn fill<T: Record>(table: &Table, record: &mut dyn DynRecord, link: usize, mut found: Vec<T>) {
    match table.shape.links[link].kind {
        LinkKind::BelongsTo => {
            let cache: &mut BelongsTo<T> = cache_in(record, table.name, link);
            cache.0 = found.pop().map(Box::new);
        }
        LinkKind::HasOne => {
            let cache = cache_in::<HasOne<T>>(record, table.name, link).state();
            cache.record = found.pop();
            cache.loaded = true;
        }
        LinkKind::HasMany => {
            let cache = cache_in::<HasMany<T>>(record, table.name, link).state();
            found.extend(cache.records.drain(..).filter(|r| r.meta().is_new()));
            cache.records = found;
            cache.loaded = true;
        }
    }
}

/// The keys, each once, in order.
pub(crate) fn distinct_keys<'k>(keys: impl Iterator<Item = &'k Vec<Value>>) -> Vec<Vec<Value>> {
    let mut seen = BTreeSet::new();
    keys.filter(|k| seen.insert(key_text(k, false)))
        .cloned()
        .collect()
}

/// The SELECTs of the rows of `T` whose `columns` hold one of `keys`: `` `a` IN (?, ?) `` or
/// `` (`a`, `b`) IN ((?, ?), (?, ?)) ``, 1,000 keys a statement.
pub(crate) fn select_in<T: Record>(
    columns: &[usize],
    keys: &[Vec<Value>],
) -> Vec<(String, Vec<Value>)> {
    select_in_of(&Table::of::<T>(), columns, keys)
}

/// `select_in` of `table`.
fn select_in_of(
    table: &Table,
    columns: &[usize],
    keys: &[Vec<Value>],
) -> Vec<(String, Vec<Value>)> {
    let names: Vec<String> = columns.iter().map(|&c| quote(table.columns[c])).collect();
    let (target, one) = match names.as_slice() {
        [one] => (one.clone(), "?".to_string()),
        _ => (
            format!("({})", names.join(", ")),
            format!("({})", vec!["?"; names.len()].join(", ")),
        ),
    };
    let order = key_order_of(table);
    let select = select_sql_of(table);
    keys.chunks(CHUNK)
        .map(|chunk| {
            let marks = vec![one.as_str(); chunk.len()].join(", ");
            let sql = format!("{select} WHERE {target} IN ({marks}){order}");
            (sql, chunk.iter().flatten().cloned().collect())
        })
        .collect()
}

/// A key as text, the same for the same values whatever their integer type; `folded`, text
/// as the usual collations compare it (case and trailing spaces aside).
fn key_text(key: &[Value], folded: bool) -> String {
    let parts: Vec<String> = key
        .iter()
        .map(|v| match v {
            Value::Int(n) => n.to_string(),
            Value::UInt(n) => n.to_string(),
            Value::Bytes(bytes) if folded => {
                String::from_utf8_lossy(bytes).trim_end().to_lowercase()
            }
            other => other.as_sql(false),
        })
        .collect();
    parts.join("\u{1f}")
}
