//! ALTER TABLE: its drops first, as the server drops from the old definition, then the other
//! clauses in the order written.

use super::super::refusal::{At, Refusal};
use super::super::{integrity, Catalog, Table};
use super::column::{add_column, alter_column, drop_column, rename_column, replace_column};
use super::constraint::{add_constraint, Algorithm};
use super::options::apply_table_options;
use super::{rename_tables, table_mut, table_name};
use crate::parse::AlterAction;
use sqlparser::ast::{AlterTableOperation, ColumnDef, ObjectName, RenameTableNameKind};

pub(super) fn alter_table(
    catalog: &mut Catalog,
    name: &ObjectName,
    actions: &[AlterAction],
    algorithm: Algorithm,
    foreign_key_checks: bool,
) -> Result<(), Refusal> {
    let mut renamed_to = None;
    let old: Vec<String> = table_mut(catalog, name)?
        .foreign_keys
        .iter()
        .map(|f| f.constraint_name.clone())
        .collect();
    {
        let table = table_mut(catalog, name)?;
        let mut ordered: Vec<&AlterAction> = actions.iter().collect();
        ordered.sort_by_key(|action| drop_order(action));
        for action in ordered {
            match action {
                AlterAction::Options(options) => apply_table_options(table, options)?,
                AlterAction::RenameIndex { from, to } => rename_index(table, from, to)?,
                AlterAction::Operation {
                    operation,
                    if_exists,
                } => {
                    if let AlterTableOperation::RenameTable { table_name: new } = operation.as_ref()
                    {
                        renamed_to = Some(match new {
                            RenameTableNameKind::As(n) | RenameTableNameKind::To(n) => n.clone(),
                        });
                        continue;
                    }
                    match alter_operation(table, operation, algorithm) {
                        Err(_) if *if_exists => {}
                        other => other?,
                    }
                }
            }
        }
    }
    if algorithm == Algorithm::InPlace {
        integrity::renumber_in_place_foreign_keys(table_mut(catalog, name)?, &old)?;
    }
    follow_renamed_columns(catalog, &table_name(name), actions);
    let table = catalog.table(&table_name(name)).expect("altered above");
    // With foreign_key_checks off the server lets an index a foreign key needs go.
    if foreign_key_checks {
        integrity::check_foreign_key_indexes(table)?;
    }
    integrity::check_new_foreign_keys(catalog, table, &old, foreign_key_checks)?;
    integrity::spell_referenced_columns(catalog, &table_name(name));
    if let Some(new_name) = renamed_to {
        rename_tables(catalog, &[(name.clone(), new_name)])?;
    }
    Ok(())
}

/// Foreign keys that refer to columns the ALTER TABLE renamed (CHANGE, RENAME COLUMN) refer to
/// their new names, in every table.
fn follow_renamed_columns(catalog: &mut Catalog, table: &str, actions: &[AlterAction]) {
    let renames: Vec<(&str, &str)> = actions
        .iter()
        .filter_map(|action| match action {
            AlterAction::Operation { operation, .. } => match operation.as_ref() {
                AlterTableOperation::ChangeColumn {
                    old_name, new_name, ..
                } => Some((old_name.value.as_str(), new_name.value.as_str())),
                AlterTableOperation::RenameColumn {
                    old_column_name,
                    new_column_name,
                } => Some((
                    old_column_name.value.as_str(),
                    new_column_name.value.as_str(),
                )),
                _ => None,
            },
            _ => None,
        })
        .collect();
    if renames.is_empty() {
        return;
    }
    for other in catalog.tables.values_mut() {
        for fk in other
            .foreign_keys
            .iter_mut()
            .filter(|fk| fk.referenced_table_name == table)
        {
            for column in &mut fk.referenced_columns {
                if let Some((_, new)) = renames
                    .iter()
                    .find(|(old, _)| old.eq_ignore_ascii_case(column))
                {
                    *column = new.to_string();
                }
            }
        }
    }
}

/// Index and constraint drops come first, then column drops, then everything else.
fn drop_order(action: &AlterAction) -> u8 {
    use AlterTableOperation as Op;
    match action {
        AlterAction::Operation { operation, .. } => match operation.as_ref() {
            Op::DropIndex { .. }
            | Op::DropForeignKey { .. }
            | Op::DropPrimaryKey { .. }
            | Op::DropConstraint { .. } => 0,
            Op::DropColumn { .. } => 1,
            _ => 2,
        },
        _ => 2,
    }
}

pub(super) fn rename_index(table: &mut Table, from: &str, to: &str) -> Result<(), Refusal> {
    if table.index(to).is_some() {
        return Err(format!("Duplicate key name '{to}'").into());
    }
    let index = table
        .indexes
        .iter_mut()
        .find(|i| i.index_name.eq_ignore_ascii_case(from))
        .ok_or_else(|| format!("Key '{from}' doesn't exist in table '{}'", table.table_name))?;
    index.index_name = to.to_string();
    Ok(())
}

pub(super) fn alter_operation(
    table: &mut Table,
    operation: &AlterTableOperation,
    algorithm: Algorithm,
) -> Result<(), Refusal> {
    use AlterTableOperation as Op;
    match operation {
        Op::AddColumn {
            column_def,
            column_position,
            ..
        } => add_column(table, column_def, column_position.as_ref(), None, algorithm),
        Op::AddConstraint { constraint, .. } => add_constraint(table, constraint, algorithm),
        Op::DropColumn { column_names, .. } => column_names
            .iter()
            .try_for_each(|c| drop_column(table, &c.value).at(c.span)),
        Op::DropPrimaryKey { .. } => table.drop_index("PRIMARY"),
        Op::DropForeignKey { name, .. } => table.drop_foreign_key(&name.value).at(name.span),
        Op::DropIndex { name } => table.drop_index(&name.value).at(name.span),
        Op::DropConstraint { name, .. } => table.drop_constraint(&name.value).at(name.span),
        Op::RenameColumn {
            old_column_name,
            new_column_name,
        } => rename_column(table, &old_column_name.value, &new_column_name.value)
            .at(old_column_name.span),
        Op::ChangeColumn {
            old_name,
            new_name,
            data_type,
            options,
            column_position,
        } => {
            let def = ColumnDef {
                name: new_name.clone(),
                data_type: data_type.clone(),
                options: vec![],
            };
            replace_column(
                table,
                &old_name.value,
                &def,
                options,
                column_position.as_ref(),
                algorithm,
            )
            .at(old_name.span)
        }
        Op::ModifyColumn {
            col_name,
            data_type,
            options,
            column_position,
        } => {
            let def = ColumnDef {
                name: col_name.clone(),
                data_type: data_type.clone(),
                options: vec![],
            };
            replace_column(
                table,
                &col_name.value,
                &def,
                options,
                column_position.as_ref(),
                algorithm,
            )
            .at(col_name.span)
        }
        Op::AlterColumn { column_name, op } => {
            alter_column(table, &column_name.value, op).at(column_name.span)
        }
        Op::Algorithm { .. } | Op::Lock { .. } => Ok(()),
        other => Err(format!("unsupported ALTER TABLE clause: {other}").into()),
    }
}
