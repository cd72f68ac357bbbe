//! The catalog as a short human-readable summary (`inspect --format text`).

use super::{Catalog, IndexKind};
use std::fmt::Write;

/// One block per table: columns with type, nullability, default and key; indexes; foreign keys.
pub fn catalog_text(catalog: &Catalog) -> String {
    let mut out = String::new();
    for table in catalog.tables.values() {
        let comment = if table.table_comment.is_empty() {
            String::new()
        } else {
            format!("  -- {}", table.table_comment)
        };
        let _ = writeln!(
            out,
            "table {} ({}){comment}",
            table.table_name, table.engine
        );
        for column in &table.columns {
            let null = if column.is_nullable {
                "NULL"
            } else {
                "NOT NULL"
            };
            let default = column
                .column_default
                .as_ref()
                .map(|d| format!(" DEFAULT {d}"))
                .unwrap_or_default();
            let key = table.column_key(&column.column_name);
            let key = if key.is_empty() {
                String::new()
            } else {
                format!(" [{key}]")
            };
            let extra = if column.extra.is_empty() {
                String::new()
            } else {
                format!(" {}", column.extra)
            };
            let _ = writeln!(
                out,
                "  {} {} {null}{default}{extra}{key}",
                column.column_name, column.column_type
            );
        }
        for index in &table.indexes {
            let kind = match index.kind {
                IndexKind::Primary => "primary key",
                IndexKind::Unique => "unique",
                IndexKind::Plain => "index",
                IndexKind::Fulltext => "fulltext",
                IndexKind::Spatial => "spatial",
            };
            let columns: Vec<&str> = index
                .columns
                .iter()
                .map(|p| p.column_name.as_str())
                .collect();
            let _ = writeln!(
                out,
                "  {kind} {} ({})",
                index.index_name,
                columns.join(", ")
            );
        }
        for fk in &table.foreign_keys {
            let _ = writeln!(
                out,
                "  foreign key {} ({}) -> {} ({}) on delete {} on update {}",
                fk.constraint_name,
                fk.columns.join(", "),
                fk.referenced_table_name,
                fk.referenced_columns.join(", "),
                fk.delete_rule,
                fk.update_rule
            );
        }
        out.push('\n');
    }
    out
}
