//! Relationships inferred from column names: `<x>_id` refers to table `plural(x)` or `x`, `x`
//! being the column's stem (SPEC §4: `requests_id` and `request_id` both refer to `requests`).

use super::{cardinality, Origin, Relationship};
use crate::catalog::{Catalog, Column, Table};
use crate::naming::{key_stem, plural, snake};

/// For every `<x>_id` column (`articleID`, `PROC_DEF_ID_` too) in no declared foreign key
/// and not alone its table's primary key: a reference to the table named `plural(x)` or `x`
/// (or either after `prefix`), when it exists and has a one-column integer primary key.
pub fn inferred(catalog: &Catalog, prefix: &str) -> Vec<Relationship> {
    let mut found = Vec::new();
    for table in catalog.tables.values() {
        for column in &table.columns {
            let name = &column.column_name;
            if in_foreign_key(table, name) || is_sole_primary_key(table, name) {
                continue;
            }
            if !snake(name).ends_with("_id") {
                continue;
            }
            let stem = key_stem(name, None, None).stem;
            let found_target = target_of(catalog, prefix, &stem, column);
            // `actor.actor_id` names its own table: it is the key, not a reference.
            let itself = |(target, key): &(&Table, &Column)| {
                target.table_name == table.table_name
                    && key.column_name.eq_ignore_ascii_case(&column.column_name)
            };
            if let Some((target, key)) = found_target.filter(|t| !itself(t)) {
                found.push(Relationship {
                    table: table.table_name.clone(),
                    columns: vec![column.column_name.clone()],
                    referenced_table: target.table_name.clone(),
                    referenced_columns: vec![key.column_name.clone()],
                    cardinality: cardinality(table, std::slice::from_ref(&column.column_name)),
                    origin: Origin::Inferred,
                });
            }
        }
    }
    found
}

/// A column that is by itself its table's PRIMARY KEY: a one-to-one that only a declaration
/// or the config can tell from an id of its own (Ambari's `groups.group_id`).
fn is_sole_primary_key(table: &Table, column: &str) -> bool {
    table.primary_key().is_some_and(
        |k| matches!(k.columns.as_slice(), [only] if only.column_name.eq_ignore_ascii_case(column)),
    )
}

fn in_foreign_key(table: &Table, column: &str) -> bool {
    table
        .foreign_keys
        .iter()
        .any(|fk| fk.columns.iter().any(|c| c.eq_ignore_ascii_case(column)))
}

/// The table `stem` names (its plural first, then itself, then both after `prefix`) and its
/// primary key column, if that key is one integer column like `column`.
fn target_of<'c>(
    catalog: &'c Catalog,
    prefix: &str,
    stem: &str,
    column: &Column,
) -> Option<(&'c Table, &'c Column)> {
    let plural = plural(stem);
    let candidates = [
        plural.clone(),
        stem.to_string(),
        format!("{prefix}{plural}"),
        format!("{prefix}{stem}"),
    ];
    candidates.iter().find_map(|name| {
        let table = catalog.table(name).or_else(|| {
            let mut tables = catalog.tables.values();
            tables.find(|t| t.table_name.eq_ignore_ascii_case(name))
        })?;
        let key = table.primary_key()?;
        let [part] = key.columns.as_slice() else {
            return None;
        };
        let key_column = table.column(&part.column_name)?;
        (key_column.is_integer() && column.is_integer()).then_some((table, key_column))
    })
}
