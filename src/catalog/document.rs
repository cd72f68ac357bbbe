//! The catalog as the JSON document of CATALOG.md: one array of rows per INFORMATION_SCHEMA view.

use super::{Catalog, IndexKind, Table};
use serde_json::{json, Map, Value};

/// The document: TABLES, COLUMNS, TABLE_CONSTRAINTS, KEY_COLUMN_USAGE, REFERENTIAL_CONSTRAINTS,
/// rows in the order CATALOG.md gives (strings by their bytes).
pub fn catalog_document(catalog: &Catalog) -> Value {
    let tables: Vec<&Table> = catalog.tables.values().collect();
    let mut document = Map::new();
    document.insert("TABLES".into(), tables.iter().map(|t| table_row(t)).collect());
    document.insert("COLUMNS".into(), tables.iter().flat_map(|t| column_rows(t)).collect());
    let mut constraints: Vec<Value> = tables.iter().flat_map(|t| constraint_rows(t)).collect();
    constraints.sort_by(|a, b| {
        sort_key(a, &["TABLE_NAME", "CONSTRAINT_TYPE", "CONSTRAINT_NAME"])
            .cmp(&sort_key(b, &["TABLE_NAME", "CONSTRAINT_TYPE", "CONSTRAINT_NAME"]))
    });
    document.insert("TABLE_CONSTRAINTS".into(), Value::Array(constraints));
    let mut usage: Vec<Value> = tables.iter().flat_map(|t| key_column_rows(t)).collect();
    usage.sort_by(|a, b| {
        sort_key(a, &["TABLE_NAME", "CONSTRAINT_NAME"])
            .cmp(&sort_key(b, &["TABLE_NAME", "CONSTRAINT_NAME"]))
            .then(a["ORDINAL_POSITION"].as_u64().cmp(&b["ORDINAL_POSITION"].as_u64()))
    });
    document.insert("KEY_COLUMN_USAGE".into(), Value::Array(usage));
    let mut referential: Vec<Value> = tables.iter().flat_map(|t| referential_rows(t)).collect();
    referential.sort_by(|a, b| {
        sort_key(a, &["TABLE_NAME", "CONSTRAINT_NAME"])
            .cmp(&sort_key(b, &["TABLE_NAME", "CONSTRAINT_NAME"]))
    });
    document.insert("REFERENTIAL_CONSTRAINTS".into(), Value::Array(referential));
    Value::Object(document)
}

fn sort_key(row: &Value, keys: &[&str]) -> Vec<Vec<u8>> {
    keys.iter().map(|k| row[*k].as_str().unwrap_or_default().as_bytes().to_vec()).collect()
}

fn table_row(table: &Table) -> Value {
    json!({
        "TABLE_NAME": table.table_name,
        "TABLE_TYPE": "BASE TABLE",
        "ENGINE": table.engine,
        "TABLE_COMMENT": table.table_comment,
    })
}

fn column_rows(table: &Table) -> Vec<Value> {
    table
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            json!({
                "TABLE_NAME": table.table_name,
                "COLUMN_NAME": c.column_name,
                "ORDINAL_POSITION": i + 1,
                "COLUMN_DEFAULT": c.column_default,
                "IS_NULLABLE": if c.is_nullable { "YES" } else { "NO" },
                "DATA_TYPE": c.data_type,
                "COLUMN_TYPE": c.column_type,
                "COLUMN_KEY": table.column_key(&c.column_name),
                "EXTRA": c.extra,
                "COLUMN_COMMENT": c.column_comment,
            })
        })
        .collect()
}

fn constraint_rows(table: &Table) -> Vec<Value> {
    let row = |name: &str, kind: &str| json!({"TABLE_NAME": table.table_name, "CONSTRAINT_NAME": name, "CONSTRAINT_TYPE": kind});
    let keys = table.indexes.iter().filter_map(|i| match i.kind {
        IndexKind::Primary => Some(row(&i.index_name, "PRIMARY KEY")),
        IndexKind::Unique => Some(row(&i.index_name, "UNIQUE")),
        _ => None,
    });
    let foreign = table.foreign_keys.iter().map(|f| row(&f.constraint_name, "FOREIGN KEY"));
    let checks = table.checks.iter().map(|c| row(&c.constraint_name, "CHECK"));
    keys.chain(foreign).chain(checks).collect()
}

fn key_column_rows(table: &Table) -> Vec<Value> {
    let mut rows = Vec::new();
    for index in
        table.indexes.iter().filter(|i| matches!(i.kind, IndexKind::Primary | IndexKind::Unique))
    {
        for (i, part) in index.columns.iter().enumerate() {
            rows.push(json!({
                "TABLE_NAME": table.table_name,
                "CONSTRAINT_NAME": index.index_name,
                "COLUMN_NAME": part.column_name,
                "ORDINAL_POSITION": i + 1,
                "POSITION_IN_UNIQUE_CONSTRAINT": null,
                "REFERENCED_TABLE_NAME": null,
                "REFERENCED_COLUMN_NAME": null,
            }));
        }
    }
    for fk in &table.foreign_keys {
        for (i, (column, referenced)) in fk.columns.iter().zip(&fk.referenced_columns).enumerate() {
            rows.push(json!({
                "TABLE_NAME": table.table_name,
                "CONSTRAINT_NAME": fk.constraint_name,
                "COLUMN_NAME": column,
                "ORDINAL_POSITION": i + 1,
                "POSITION_IN_UNIQUE_CONSTRAINT": i + 1,
                "REFERENCED_TABLE_NAME": fk.referenced_table_name,
                "REFERENCED_COLUMN_NAME": referenced,
            }));
        }
    }
    rows
}

fn referential_rows(table: &Table) -> Vec<Value> {
    table
        .foreign_keys
        .iter()
        .map(|fk| {
            json!({
                "TABLE_NAME": table.table_name,
                "CONSTRAINT_NAME": fk.constraint_name,
                "REFERENCED_TABLE_NAME": fk.referenced_table_name,
                "UPDATE_RULE": fk.update_rule,
                "DELETE_RULE": fk.delete_rule,
            })
        })
        .collect()
}
