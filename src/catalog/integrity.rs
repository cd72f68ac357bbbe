//! The checks InnoDB makes on foreign keys, raised as the server raises them.

use super::keys::engine_keeps_foreign_keys;
use super::refusal::Refusal;
use super::{Catalog, Column, ForeignKey, Table};

/// A new foreign key must name columns of a compatible type that start an index of its
/// table; InnoDB checks this whenever that table exists. With foreign_key_checks on, the table
/// must exist too. `table` may not be in `catalog` yet (a CREATE TABLE in progress, possibly
/// referencing itself); `old` names the foreign keys it had before the statement.
pub fn check_new_foreign_keys(
    catalog: &Catalog,
    table: &Table,
    old: &[String],
    foreign_key_checks: bool,
) -> Result<(), Refusal> {
    for fk in table
        .foreign_keys
        .iter()
        .filter(|fk| !old.contains(&fk.constraint_name))
    {
        for column in &fk.columns {
            if let Some(column) = table.column(column) {
                check_set_null(fk, column)?;
            }
        }
        let target = if fk.referenced_table_name == table.table_name {
            Some(table)
        } else {
            catalog.table(&fk.referenced_table_name)
        };
        let problem = match target {
            // A table without foreign keys (MyISAM...) counts as missing.
            Some(target) if engine_keeps_foreign_keys(&target.engine) => {
                reference_problem(table, fk, target)
            }
            _ if !foreign_key_checks => None,
            Some(target) => Some(format!(
                "the referenced table '{}' is {}, which keeps no foreign keys",
                target.table_name, target.engine
            )),
            None => Some(format!(
                "the referenced table '{}' doesn't exist",
                fk.referenced_table_name
            )),
        };
        if let Some(problem) = problem {
            return Err(format!(
                "Can't create table `{}` (errno: 150 \"Foreign key constraint is incorrectly formed\"): foreign key '{}': {problem}",
                table.table_name, fk.constraint_name
            ).into());
        }
    }
    Ok(())
}

fn reference_problem(table: &Table, fk: &ForeignKey, target: &Table) -> Option<String> {
    if fk.columns.len() != fk.referenced_columns.len() {
        return Some("it has not as many columns as it references".into());
    }
    for (column, referenced) in fk.columns.iter().zip(&fk.referenced_columns) {
        let Some(referenced_column) = target.column(referenced) else {
            return Some(format!(
                "the referenced column '{referenced}' doesn't exist in '{}'",
                target.table_name
            ));
        };
        let column = table.column(column)?;
        if !compatible(column, referenced_column) {
            return Some(format!(
                "'{}' ({}) and '{}.{}' ({}) have incompatible types",
                column.column_name,
                column.column_type,
                target.table_name,
                referenced,
                referenced_column.column_type
            ));
        }
    }
    if !target.has_index_starting_with(&fk.referenced_columns) {
        let columns = fk.referenced_columns.join(", ");
        return Some(format!(
            "no index of '{}' starts with ({columns})",
            target.table_name
        ));
    }
    None
}

/// Types InnoDB accepts on both sides of a foreign key: the same integer type and sign, the
/// same decimal, or two character strings.
fn compatible(a: &Column, b: &Column) -> bool {
    const STRINGS: &[&str] = &["char", "varchar"];
    const BYTES: &[&str] = &["binary", "varbinary"];
    let family = |c: &Column| {
        if STRINGS.contains(&c.data_type.as_str()) {
            "string".to_string()
        } else if BYTES.contains(&c.data_type.as_str()) {
            "bytes".to_string()
        } else if c.data_type.ends_with("int") {
            format!(
                "{}{}",
                c.data_type,
                if c.is_unsigned() { " unsigned" } else { "" }
            )
        } else {
            c.column_type.clone()
        }
    };
    family(a) == family(b)
}

/// Every foreign key needs an index that starts with its columns; the server refuses to drop
/// the last one.
pub fn check_foreign_key_indexes(table: &Table) -> Result<(), Refusal> {
    for fk in &table.foreign_keys {
        if !table.has_index_starting_with(&fk.columns) {
            return Err(format!(
                "Cannot drop index: needed in a foreign key constraint '{}'",
                fk.constraint_name
            )
            .into());
        }
    }
    Ok(())
}

/// An ALTER TABLE done in place (foreign_key_checks off) numbers its unnamed foreign keys
/// `<table>_ibfk_1`, `_2`... from 1 again, whatever the table has: a name the table already
/// has makes the server fail. (A copying ALTER counts on from the largest, as CREATE does.)
pub fn renumber_in_place_foreign_keys(table: &mut Table, old: &[String]) -> Result<(), Refusal> {
    let prefix = format!("{}_ibfk_", table.table_name);
    let mut number = 0;
    for fk in table
        .foreign_keys
        .iter_mut()
        .filter(|fk| !old.contains(&fk.constraint_name))
    {
        if fk
            .constraint_name
            .strip_prefix(&prefix)
            .is_none_or(|n| n.parse::<u64>().is_err())
        {
            continue;
        }
        number += 1;
        fk.constraint_name = format!("{prefix}{number}");
        if old
            .iter()
            .any(|o| o.eq_ignore_ascii_case(&fk.constraint_name))
        {
            return Err(format!(
                "Failed to add the foreign key constraint '{}' to system tables",
                fk.constraint_name
            )
            .into());
        }
    }
    Ok(())
}

/// A column of one of the table's foreign keys keeps a type compatible with the one it had
/// (InnoDB checks this even with foreign_key_checks off).
pub fn check_foreign_key_column_change(
    table: &Table,
    old: &Column,
    new: &Column,
) -> Result<(), Refusal> {
    let used_by = table.foreign_keys.iter().find(|fk| {
        fk.columns
            .iter()
            .any(|c| c.eq_ignore_ascii_case(&old.column_name))
    });
    match used_by {
        Some(fk) if !compatible(old, new) => Err(format!(
            "Cannot change column '{}': used in a foreign key constraint '{}'",
            old.column_name, fk.constraint_name
        )
        .into()),
        Some(fk) => check_set_null(fk, new),
        None => Ok(()),
    }
}

/// ON DELETE/UPDATE SET NULL needs columns that can be NULL (InnoDB checks it always).
fn check_set_null(fk: &ForeignKey, column: &Column) -> Result<(), Refusal> {
    if column.is_nullable || (fk.delete_rule != "SET NULL" && fk.update_rule != "SET NULL") {
        return Ok(());
    }
    Err(format!(
        "Column '{}' cannot be NOT NULL: needed in a foreign key constraint '{}' SET NULL",
        column.column_name, fk.constraint_name
    )
    .into())
}

/// The referenced columns of `table`'s foreign keys spelled as their table spells them, as
/// the server shows them (REFERENCES p (ID) to a column `id` shows `id`).
pub fn spell_referenced_columns(catalog: &mut Catalog, table: &str) {
    let Some(this) = catalog.table(table) else {
        return;
    };
    let spelled: Vec<Vec<String>> = this
        .foreign_keys
        .iter()
        .map(|fk| {
            let target = catalog.table(&fk.referenced_table_name);
            fk.referenced_columns
                .iter()
                .map(|c| {
                    target
                        .and_then(|t| t.column(c))
                        .map_or_else(|| c.clone(), |column| column.column_name.clone())
                })
                .collect()
        })
        .collect();
    if let Some(this) = catalog.tables.get_mut(table) {
        for (fk, columns) in this.foreign_keys.iter_mut().zip(spelled) {
            fk.referenced_columns = columns;
        }
    }
}
