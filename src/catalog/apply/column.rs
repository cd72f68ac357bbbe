//! Columns: built from their definitions, added, changed, renamed and dropped.

use super::super::checks::{read_check, Rule};
use super::super::column_type::{server_type, TextOptions};
use super::super::default::column_default;
use super::super::refusal::{At, Refusal};
use super::super::{integrity, Column, Index, IndexKind, IndexPart, Table};
use super::constraint::{add_foreign_key, Algorithm};
use crate::diag::Kind;
use crate::parse::COMPRESSED;
use sqlparser::ast::Spanned;
use sqlparser::ast::{
    AlterColumnOperation, ColumnDef, ColumnOption, GeneratedExpressionMode, MySQLColumnPosition,
};

/// Builds a column from its definition. Column-level keys (PRIMARY KEY, UNIQUE, REFERENCES,
/// CHECK) are added to the table after the column.
pub(super) fn build_column(
    def: &ColumnDef,
    options: &[&ColumnOption],
    table_charset: Option<&str>,
) -> Result<Column, Refusal> {
    let ty = server_type(
        &def.name.value,
        &def.data_type,
        &text_options(options, table_charset),
    )
    .map_err(Refusal::from)
    .at(type_span(def))?;
    let mut column = Column {
        column_name: def.name.value.clone(),
        data_type: ty.data_type().to_string(),
        column_type: ty.column_type(),
        sql_type: ty.clone(),
        is_nullable: true,
        ..Column::default()
    };
    let mut default = None;
    let mut extras: Vec<String> = Vec::new();
    for option in options {
        match option {
            ColumnOption::Null => column.is_nullable = true,
            ColumnOption::NotNull => column.is_nullable = false,
            ColumnOption::Default(expr) => default = Some(expr),
            ColumnOption::PrimaryKey(_) => column.is_nullable = false,
            ColumnOption::Comment(text) => column.column_comment = text.clone(),
            ColumnOption::OnUpdate(expr) => {
                let text = column_default(expr, &ty)
                    .map_err(Refusal::from)
                    .at(expr.span())?;
                extras.push(format!("on update {text}"));
            }
            ColumnOption::DialectSpecific(tokens) => {
                let text: String = tokens
                    .iter()
                    .map(|t| t.to_string())
                    .collect::<Vec<_>>()
                    .join(" ");
                if text.eq_ignore_ascii_case("AUTO_INCREMENT") {
                    extras.insert(0, "auto_increment".into());
                }
            }
            ColumnOption::Generated {
                generation_expr_mode,
                generation_expr: Some(_),
                ..
            } => {
                extras.push(match generation_expr_mode {
                    Some(GeneratedExpressionMode::Stored) => "STORED GENERATED".into(),
                    _ => "VIRTUAL GENERATED".into(),
                });
            }
            ColumnOption::Invisible => extras.push("INVISIBLE".into()),
            _ => {}
        }
    }
    if is_serial(def) {
        extras.insert(0, "auto_increment".into());
    }
    // An AUTO_INCREMENT column is NOT NULL, whatever it says.
    if extras.iter().any(|e| e == "auto_increment") {
        column.is_nullable = false;
    }
    column.column_default = match default {
        _ if extras.iter().any(|e| e == "auto_increment") => None,
        Some(expr) => {
            let text = column_default(expr, &ty)
                .map_err(|reason| invalid_default(&column.column_name, &reason))
                .at(expr.span())?;
            if text == "NULL" && !column.is_nullable {
                return Err(invalid_default(
                    &column.column_name,
                    "the column is NOT NULL",
                ));
            }
            Some(text)
        }
        None if column.is_nullable => Some("NULL".into()),
        None => None,
    };
    column.extra = extras.join(" ");
    Ok(column)
}

/// Where a column's type is written: its name when sqlparser does not know it, else the
/// column's name (sqlparser keeps no place for types).
fn type_span(def: &ColumnDef) -> sqlparser::tokenizer::Span {
    match &def.data_type {
        sqlparser::ast::DataType::Custom(name, _) => super::name_span(name),
        _ => def.name.span,
    }
}

/// The character set and collation a column's options give, else its table's character set.
fn text_options(options: &[&ColumnOption], table_charset: Option<&str>) -> TextOptions {
    let mut text = TextOptions {
        charset: table_charset.map(str::to_string),
        ..TextOptions::default()
    };
    for option in options {
        match option {
            ColumnOption::CharacterSet(name) => {
                let name = name.to_string();
                text.binary_collation |= name.eq_ignore_ascii_case("binary");
                text.charset = Some(name);
            }
            // The BINARY and COMPRESSED attributes come as collations (parse::fixup).
            ColumnOption::Collation(name) if name.to_string() == COMPRESSED => {
                text.compressed = true;
            }
            ColumnOption::Collation(name) => {
                let name = name.to_string().to_ascii_lowercase();
                text.binary_collation = name.ends_with("_bin") || name == "binary";
            }
            _ => {}
        }
    }
    text
}

/// `SERIAL` is `BIGINT UNSIGNED NOT NULL AUTO_INCREMENT UNIQUE`.
pub(super) fn is_serial(def: &ColumnDef) -> bool {
    matches!(&def.data_type, sqlparser::ast::DataType::Custom(name, _) if name.to_string().eq_ignore_ascii_case("serial"))
}

/// Adds `def` at `position` (the end when `None`) with its column-level keys.
pub(super) fn add_column(
    table: &mut Table,
    def: &ColumnDef,
    position: Option<&MySQLColumnPosition>,
    table_charset: Option<&str>,
    algorithm: Algorithm,
) -> Result<(), Refusal> {
    let options: Vec<&ColumnOption> = def.options.iter().map(|o| &o.option).collect();
    let column = build_column(def, &options, table_charset)?;
    if table.column(&column.column_name).is_some() {
        return Err(format!("Duplicate column name '{}'", column.column_name).into())
            .at(def.name.span);
    }
    let at = insert_position(table, position)?;
    table.columns.insert(at, column);
    add_json_check(table, def)?;
    if is_serial(def) {
        let part = IndexPart {
            column_name: def.name.value.clone(),
            prefix: None,
        };
        table.add_index(None, IndexKind::Unique, vec![part], false)?;
    }
    add_column_keys(table, &def.name.value, &options, algorithm)
}

pub(super) fn insert_position(
    table: &Table,
    position: Option<&MySQLColumnPosition>,
) -> Result<usize, Refusal> {
    match position {
        None => Ok(table.columns.len()),
        Some(MySQLColumnPosition::First) => Ok(0),
        Some(MySQLColumnPosition::After(name)) => table
            .column_position(&name.value)
            .map(|p| p + 1)
            .ok_or_else(|| unknown_column(table, &name.value))
            .at(name.span),
    }
}

/// The keys a column definition declares on itself.
pub(super) fn add_column_keys(
    table: &mut Table,
    column_name: &str,
    options: &[&ColumnOption],
    algorithm: Algorithm,
) -> Result<(), Refusal> {
    let primary = options
        .iter()
        .any(|o| matches!(o, ColumnOption::PrimaryKey(_)));
    let part = || {
        vec![IndexPart {
            column_name: column_name.to_string(),
            prefix: None,
        }]
    };
    for option in options {
        match option {
            ColumnOption::PrimaryKey(_) => {
                table.add_index(None, IndexKind::Primary, part(), false)?
            }
            // A column that is the primary key gets no UNIQUE key beside it.
            ColumnOption::Unique(_) if primary => {}
            ColumnOption::Unique(_) => table.add_index(None, IndexKind::Unique, part(), false)?,
            ColumnOption::ForeignKey(fk) => {
                let mut fk = fk.clone();
                fk.columns = vec![sqlparser::ast::Ident::new(column_name)];
                add_foreign_key(table, &fk, algorithm)?;
            }
            ColumnOption::Check(check) => {
                let name = check.name.as_ref().map(|n| n.value.clone());
                let clause = check.expr.to_string();
                let rules = read_check(&check.expr, table);
                table.add_check(name, Some(column_name.to_string()), clause, rules)?
            }
            _ => {}
        }
    }
    Ok(())
}

/// JSON is LONGTEXT with a CHECK (json_valid(col)) named after the column.
pub(super) fn add_json_check(table: &mut Table, def: &ColumnDef) -> Result<(), Refusal> {
    if def.data_type == sqlparser::ast::DataType::JSON {
        let clause = format!("json_valid(`{}`)", def.name.value.replace('`', "``"));
        let json = Rule {
            json: true,
            ..Rule::default()
        };
        let rules = [(def.name.value.clone(), json)].into_iter().collect();
        table.add_check(None, Some(def.name.value.clone()), clause, Some(rules))?;
        if let Some(check) = table.checks.last_mut() {
            check.json_valid = true;
        }
    }
    Ok(())
}

pub(super) fn alter_column(
    table: &mut Table,
    name: &str,
    op: &AlterColumnOperation,
) -> Result<(), Refusal> {
    let position = table
        .column_position(name)
        .ok_or_else(|| unknown_column(table, name))?;
    let column = &mut table.columns[position];
    match op {
        AlterColumnOperation::SetDefault { value } => {
            let text = column_default(value, &column.sql_type)
                .map_err(|reason| invalid_default(&column.column_name, &reason))
                .at(value.span())?;
            if text == "NULL" && !column.is_nullable {
                return Err(invalid_default(
                    &column.column_name,
                    "the column is NOT NULL",
                ));
            }
            column.column_default = Some(text);
        }
        AlterColumnOperation::DropDefault => {
            column.column_default = if column.is_nullable {
                Some("NULL".into())
            } else {
                None
            };
        }
        other => return Err(format!("unsupported ALTER COLUMN clause: {other}").into()),
    }
    Ok(())
}

/// The server's message, with our reason after it.
fn invalid_default(column_name: &str, reason: &str) -> Refusal {
    Refusal::new(
        Kind::InvalidDefinition,
        format!("Invalid default value for '{column_name}': {reason}"),
    )
}

/// The server's message for a column `table` lacks, with the one probably meant.
pub(super) fn unknown_column(table: &Table, name: &str) -> Refusal {
    let suggestion =
        crate::diag::closest(name, table.columns.iter().map(|c| c.column_name.as_str()))
            .map(|c| format!("; did you mean '{c}'?"))
            .unwrap_or_default();
    Refusal::new(
        Kind::UnknownColumn,
        format!(
            "Unknown column '{name}' in '{}'{suggestion}",
            table.table_name
        ),
    )
}

/// CHANGE/MODIFY: a new definition for an existing column, keeping its place unless moved.
pub(super) fn replace_column(
    table: &mut Table,
    old_name: &str,
    def: &ColumnDef,
    options: &[ColumnOption],
    position: Option<&MySQLColumnPosition>,
    algorithm: Algorithm,
) -> Result<(), Refusal> {
    let at = table
        .column_position(old_name)
        .ok_or_else(|| unknown_column(table, old_name))?;
    let option_refs: Vec<&ColumnOption> = options.iter().collect();
    let mut column = build_column(def, &option_refs, None)?;
    integrity::check_foreign_key_column_change(table, &table.columns[at], &column)?;
    let in_primary_key = table.primary_key().is_some_and(|pk| {
        pk.columns
            .iter()
            .any(|p| p.column_name.eq_ignore_ascii_case(old_name))
    });
    if in_primary_key {
        column.become_not_null();
    }
    let old = table.columns.remove(at);
    if !old.column_name.eq_ignore_ascii_case(&column.column_name)
        && table.column(&column.column_name).is_some()
    {
        table.columns.insert(at, old);
        return Err(format!("Duplicate column name '{}'", column.column_name).into())
            .at(def.name.span);
    }
    let new_name = column.column_name.clone();
    let at = match position {
        None => at,
        Some(_) => insert_position(table, position)?,
    };
    table.columns.insert(at, column);
    rename_column_references(table, old_name, &new_name);
    // The column's own CHECKs (JSON's among them) belong to its old definition.
    table.drop_column_checks(&new_name);
    add_json_check(table, def)?;
    add_column_keys(table, &new_name, &option_refs, algorithm)
}

pub(super) fn rename_column(
    table: &mut Table,
    old_name: &str,
    new_name: &str,
) -> Result<(), Refusal> {
    let at = table
        .column_position(old_name)
        .ok_or_else(|| unknown_column(table, old_name))?;
    if !old_name.eq_ignore_ascii_case(new_name) && table.column(new_name).is_some() {
        return Err(format!("Duplicate column name '{new_name}'").into());
    }
    table.columns[at].column_name = new_name.to_string();
    rename_column_references(table, old_name, new_name);
    Ok(())
}

/// Index parts, foreign keys and checks follow a renamed column.
pub(super) fn rename_column_references(table: &mut Table, old_name: &str, new_name: &str) {
    let rename = |name: &mut String| {
        if name.eq_ignore_ascii_case(old_name) {
            *name = new_name.to_string();
        }
    };
    for index in &mut table.indexes {
        index
            .columns
            .iter_mut()
            .for_each(|p| rename(&mut p.column_name));
    }
    for fk in &mut table.foreign_keys {
        fk.columns.iter_mut().for_each(rename);
    }
    for check in &mut table.checks {
        if let Some(column) = &mut check.column_name {
            rename(column);
        }
        if let Some(rules) = &mut check.rules {
            let renamed = std::mem::take(rules).into_iter().map(|(mut column, rule)| {
                rename(&mut column);
                (column, rule)
            });
            *rules = renamed.collect();
        }
    }
}

/// Drops a column from its indexes (and the indexes left empty), and its own CHECKs.
pub(super) fn drop_column(table: &mut Table, name: &str) -> Result<(), Refusal> {
    let at = table
        .column_position(name)
        .ok_or_else(|| format!("Can't DROP COLUMN `{name}`; check that it exists"))?;
    if table
        .foreign_keys
        .iter()
        .any(|fk| fk.columns.iter().any(|c| c.eq_ignore_ascii_case(name)))
    {
        return Err(
            format!("Cannot drop column '{name}': needed in a foreign key constraint").into(),
        );
    }
    // Indexes lose the column (and go when empty), but MariaDB refuses to shrink a primary
    // or unique key of several columns: it would change what is unique.
    let same = |p: &IndexPart| p.column_name.eq_ignore_ascii_case(name);
    let unique = |i: &Index| matches!(i.kind, IndexKind::Primary | IndexKind::Unique);
    if table
        .indexes
        .iter()
        .any(|i| unique(i) && i.columns.len() > 1 && i.columns.iter().any(same))
    {
        return Err(format!("Key column '{name}' doesn't exist in table").into());
    }
    table.columns.remove(at);
    for index in &mut table.indexes {
        index.columns.retain(|p| !same(p));
    }
    table.indexes.retain(|i| !i.columns.is_empty());
    table.drop_column_checks(name);
    Ok(())
}
