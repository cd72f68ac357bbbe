//! The catalog as the JSON document of CATALOG.md: one array of rows per INFORMATION_SCHEMA
//! view, each row keyed by the view's column names, in the order CATALOG.md gives.

use super::{Catalog, IndexKind, Table};
use serde::Serialize;

/// The document: serialize it with serde_json.
#[derive(Debug, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub struct CatalogDocument<'c> {
    pub tables: Vec<TableRow<'c>>,
    pub columns: Vec<ColumnRow<'c>>,
    pub table_constraints: Vec<ConstraintRow<'c>>,
    pub key_column_usage: Vec<KeyColumnRow<'c>>,
    pub referential_constraints: Vec<ReferentialRow<'c>>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub struct TableRow<'c> {
    pub table_name: &'c str,
    pub table_type: &'static str,
    pub engine: &'c str,
    pub table_comment: &'c str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub struct ColumnRow<'c> {
    pub table_name: &'c str,
    pub column_name: &'c str,
    pub ordinal_position: usize,
    pub column_default: Option<&'c str>,
    pub is_nullable: &'static str,
    pub data_type: &'c str,
    pub column_type: &'c str,
    pub column_key: &'static str,
    pub extra: &'c str,
    pub column_comment: &'c str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub struct ConstraintRow<'c> {
    pub table_name: &'c str,
    pub constraint_name: &'c str,
    pub constraint_type: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub struct KeyColumnRow<'c> {
    pub table_name: &'c str,
    pub constraint_name: &'c str,
    pub column_name: &'c str,
    pub ordinal_position: usize,
    pub position_in_unique_constraint: Option<usize>,
    pub referenced_table_name: Option<&'c str>,
    pub referenced_column_name: Option<&'c str>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub struct ReferentialRow<'c> {
    pub table_name: &'c str,
    pub constraint_name: &'c str,
    pub referenced_table_name: &'c str,
    pub update_rule: &'c str,
    pub delete_rule: &'c str,
}

/// The catalog in INFORMATION_SCHEMA's rows. Tables come sorted by name (the catalog's map);
/// the other views are sorted by the keys CATALOG.md gives, strings by their bytes.
pub fn catalog_document(catalog: &Catalog) -> CatalogDocument<'_> {
    let tables: Vec<&Table> = catalog.tables.values().collect();
    let mut table_constraints: Vec<ConstraintRow> =
        tables.iter().flat_map(|t| constraint_rows(t)).collect();
    table_constraints.sort_by(|a, b| {
        (a.table_name, a.constraint_type, a.constraint_name).cmp(&(
            b.table_name,
            b.constraint_type,
            b.constraint_name,
        ))
    });
    let mut key_column_usage: Vec<KeyColumnRow> =
        tables.iter().flat_map(|t| key_column_rows(t)).collect();
    key_column_usage.sort_by(|a, b| {
        (a.table_name, a.constraint_name, a.ordinal_position).cmp(&(
            b.table_name,
            b.constraint_name,
            b.ordinal_position,
        ))
    });
    let mut referential_constraints: Vec<ReferentialRow> =
        tables.iter().flat_map(|t| referential_rows(t)).collect();
    referential_constraints
        .sort_by(|a, b| (a.table_name, a.constraint_name).cmp(&(b.table_name, b.constraint_name)));
    CatalogDocument {
        tables: tables.iter().map(|t| table_row(t)).collect(),
        columns: tables.iter().flat_map(|t| column_rows(t)).collect(),
        table_constraints,
        key_column_usage,
        referential_constraints,
    }
}

fn table_row(table: &Table) -> TableRow<'_> {
    TableRow {
        table_name: &table.table_name,
        table_type: "BASE TABLE",
        engine: &table.engine,
        table_comment: &table.table_comment,
    }
}

fn column_rows(table: &Table) -> Vec<ColumnRow<'_>> {
    table
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| ColumnRow {
            table_name: &table.table_name,
            column_name: &c.column_name,
            ordinal_position: i + 1,
            column_default: c.column_default.as_deref(),
            is_nullable: if c.is_nullable { "YES" } else { "NO" },
            data_type: &c.data_type,
            column_type: &c.column_type,
            column_key: table.column_key(&c.column_name),
            extra: &c.extra,
            column_comment: &c.column_comment,
        })
        .collect()
}

fn constraint_rows(table: &Table) -> Vec<ConstraintRow<'_>> {
    let row = |constraint_name, constraint_type| ConstraintRow {
        table_name: &table.table_name,
        constraint_name,
        constraint_type,
    };
    let keys = table.indexes.iter().filter_map(|i| match i.kind {
        IndexKind::Primary => Some(row(&i.index_name, "PRIMARY KEY")),
        IndexKind::Unique => Some(row(&i.index_name, "UNIQUE")),
        _ => None,
    });
    let foreign = table
        .foreign_keys
        .iter()
        .map(|f| row(&f.constraint_name, "FOREIGN KEY"));
    let checks = table
        .checks
        .iter()
        .map(|c| row(&c.constraint_name, "CHECK"));
    keys.chain(foreign).chain(checks).collect()
}

fn key_column_rows(table: &Table) -> Vec<KeyColumnRow<'_>> {
    let unique = table
        .indexes
        .iter()
        .filter(|i| matches!(i.kind, IndexKind::Primary | IndexKind::Unique));
    let keys = unique.flat_map(|index| {
        index
            .columns
            .iter()
            .enumerate()
            .map(|(i, part)| KeyColumnRow {
                table_name: &table.table_name,
                constraint_name: &index.index_name,
                column_name: &part.column_name,
                ordinal_position: i + 1,
                position_in_unique_constraint: None,
                referenced_table_name: None,
                referenced_column_name: None,
            })
    });
    let foreign = table.foreign_keys.iter().flat_map(|fk| {
        fk.columns
            .iter()
            .zip(&fk.referenced_columns)
            .enumerate()
            .map(|(i, (column, referenced))| KeyColumnRow {
                table_name: &table.table_name,
                constraint_name: &fk.constraint_name,
                column_name: column,
                ordinal_position: i + 1,
                position_in_unique_constraint: Some(i + 1),
                referenced_table_name: Some(&fk.referenced_table_name),
                referenced_column_name: Some(referenced),
            })
    });
    keys.chain(foreign).collect()
}

fn referential_rows(table: &Table) -> Vec<ReferentialRow<'_>> {
    table
        .foreign_keys
        .iter()
        .map(|fk| ReferentialRow {
            table_name: &table.table_name,
            constraint_name: &fk.constraint_name,
            referenced_table_name: &fk.referenced_table_name,
            update_rule: &fk.update_rule,
            delete_rule: &fk.delete_rule,
        })
        .collect()
}
