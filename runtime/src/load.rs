//! Batch loading (SPEC §9): `load_<relationship>` fills the cache its getter reads, for every
//! record of a slice, with one statement per 1,000 distinct keys.

use crate::db::Db;
use crate::error::Result;
use crate::read::{key_order_of, quote, select_into, select_sql_of, CHUNK};
use crate::record::{values, DynRecord, Link, LinkKind, List, Record, Table};
use mysql::Value;
use std::collections::{BTreeSet, HashMap};

/// `load_*`: the records of `T` that relationship `link` of each of `records` refers to (a
/// belongs-to) or that refer to it (has-one, has-many), into its cache. Records already
/// cached are not asked for again; a key no row has leaves that record's cache empty.
pub fn load<T: Record, M: Record>(db: &mut Db, records: &mut [M], link: usize) -> Result<()> {
    let mut found: Vec<T> = Vec::new();
    let loaded = (&Table::of::<T>(), &mut found as &mut dyn List);
    load_rows(
        db,
        &Table::of::<M>(),
        &mut dyn_records(records),
        link,
        loaded,
    )
}

/// `records` seen without their type.
pub(crate) fn dyn_records<M: Record>(records: &mut [M]) -> Vec<&mut dyn DynRecord> {
    let mut rows: Vec<&mut dyn DynRecord> = Vec::with_capacity(records.len());
    for record in records {
        rows.push(record);
    }
    rows
}

/// `load` into records of `table`, their type aside, reading records of `loaded`'s table
/// into its list.
fn load_rows(
    db: &mut Db,
    table: &Table,
    records: &mut [&mut dyn DynRecord],
    link: usize,
    (target, found): (&Table, &mut dyn List),
) -> Result<()> {
    let shape = table.shape.links[link];
    let wanted = wanted_of(shape, link, records);
    let keys = distinct_keys(wanted.iter().map(|(_, key)| key));
    for (sql, params) in select_in_of(target, shape.other, &keys) {
        select_into(db, target, &sql, params, found)?;
    }
    distribute_rows(table, records, link, wanted, found);
    Ok(())
}

/// The records whose cache of `link` is to be filled (their positions), with their keys:
/// not those cached already, with a NULL key, or new (for has-one and has-many); `shape` is
/// relationship `link`.
pub(crate) fn wanted_of(
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

/// The records `found` into the caches of `link` of the `wanted` records (of `table`), each
/// given those whose key matches its own.
pub(crate) fn distribute_rows(
    table: &Table,
    records: &mut [&mut dyn DynRecord],
    link: usize,
    wanted: Vec<(usize, Vec<Value>)>,
    found: &mut dyn List,
) {
    let rows: Vec<&dyn DynRecord> = (0..found.count()).map(|j| found.at(j)).collect();
    let matched = match_rows(&rows, table.shape.links[link].other, wanted);
    deliver(records, link, found, matched);
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

/// Fills each matched record's cache with its rows, as its getter would have: moved to the
/// last record that takes a row, cloned for the others (children that share a parent).
fn deliver(
    records: &mut [&mut dyn DynRecord],
    link: usize,
    found: &mut dyn List,
    matched: Vec<(usize, Vec<usize>)>,
) {
    let mut uses = uses(found.count(), &matched);
    for (i, rows) in matched {
        records[i].cache(link).fill(found, &rows, &mut uses);
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

/// The keys, each once, in order.
pub(crate) fn distinct_keys<'k>(keys: impl Iterator<Item = &'k Vec<Value>>) -> Vec<Vec<Value>> {
    let mut seen = BTreeSet::new();
    keys.filter(|k| seen.insert(key_text(k, false)))
        .cloned()
        .collect()
}

/// The SELECTs of the rows of `table` whose `columns` hold one of `keys`: `` `a` IN (?, ?) ``
/// or `` (`a`, `b`) IN ((?, ?), (?, ?)) ``, 1,000 keys a statement.
pub(crate) fn select_in_of(
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
