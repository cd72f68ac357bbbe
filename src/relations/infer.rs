//! Relationships inferred from column names: `<x>_id` refers to table `plural(x)` or `x`.

use super::{cardinality, Origin, Relationship};
use crate::catalog::{Catalog, Column, Table};

/// For every `<x>_id` column in no declared foreign key: a reference to the table named
/// `plural(x)` or `x` (or either after `prefix`), when it exists and has a one-column integer
/// primary key.
pub fn inferred(catalog: &Catalog, prefix: &str) -> Vec<Relationship> {
    let mut found = Vec::new();
    for table in catalog.tables.values() {
        for column in &table.columns {
            if in_foreign_key(table, &column.column_name) {
                continue;
            }
            let Some(stem) = column
                .column_name
                .strip_suffix("_id")
                .filter(|s| !s.is_empty())
            else {
                continue;
            };
            let found_target = target_of(catalog, prefix, stem, column);
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
    let plural = pluralizer::pluralize(stem, 2, false);
    let candidates = [
        plural.clone(),
        stem.to_string(),
        format!("{prefix}{plural}"),
        format!("{prefix}{stem}"),
    ];
    candidates.iter().find_map(|name| {
        let table = catalog.table(name)?;
        let key = table.primary_key()?;
        let [part] = key.columns.as_slice() else {
            return None;
        };
        let key_column = table.column(&part.column_name)?;
        (key_column.is_integer() && column.is_integer()).then_some((table, key_column))
    })
}
