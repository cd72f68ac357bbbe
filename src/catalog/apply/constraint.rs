//! Keys, foreign keys and checks declared in a table body or added by ALTER TABLE.

use super::super::checks::read_check;
use super::super::refusal::{At, Refusal};
use super::super::{ForeignKey, IndexKind, IndexPart, Table};
use super::table_name;
use crate::diag::Kind;
use sqlparser::ast::Spanned;
use sqlparser::ast::{Expr, ForeignKeyConstraint, IndexColumn, ReferentialAction, TableConstraint};

/// The parts of an index on `table`, each a column it has.
pub(super) fn index_parts(
    table: &Table,
    columns: &[IndexColumn],
) -> Result<Vec<IndexPart>, Refusal> {
    columns
        .iter()
        .map(|c| {
            let expr = &c.column.expr;
            let mut part = index_part(expr).at(expr.span())?;
            let Some(column) = table.column(&part.column_name) else {
                return Err(missing_key_column(table, &part.column_name)).at(expr.span());
            };
            // The server names the column as the table spells it.
            part.column_name.clone_from(&column.column_name);
            Ok(part)
        })
        .collect()
}

/// The server's message for a key naming a column `table` lacks, with the one probably meant.
pub(super) fn missing_key_column(table: &Table, name: &str) -> Refusal {
    let suggestion =
        crate::diag::closest(name, table.columns.iter().map(|c| c.column_name.as_str()))
            .map(|c| format!("; did you mean '{c}'?"))
            .unwrap_or_default();
    Refusal::new(
        Kind::UnknownColumn,
        format!("Key column '{name}' doesn't exist in table{suggestion}"),
    )
}

pub(super) fn index_part(expr: &Expr) -> Result<IndexPart, Refusal> {
    match expr {
        Expr::Identifier(ident) => Ok(IndexPart {
            column_name: ident.value.clone(),
            prefix: None,
        }),
        Expr::CompoundIdentifier(parts) => Ok(IndexPart {
            column_name: parts.last().map(|p| p.value.clone()).unwrap_or_default(),
            prefix: None,
        }),
        Expr::Function(f) => {
            let prefix = f
                .args
                .to_string()
                .trim_matches(|c| c == '(' || c == ')')
                .trim()
                .parse()
                .ok();
            Ok(IndexPart {
                column_name: f.name.to_string().trim_matches('`').to_string(),
                prefix,
            })
        }
        other => Err(format!("unsupported index part {other}").into()),
    }
}

pub(super) fn add_constraint(
    table: &mut Table,
    constraint: &TableConstraint,
    algorithm: Algorithm,
) -> Result<(), Refusal> {
    let name_of = |n: &Option<sqlparser::ast::Ident>| n.as_ref().map(|i| i.value.clone());
    match constraint {
        TableConstraint::PrimaryKey(pk) => table.add_index(
            None,
            IndexKind::Primary,
            index_parts(table, &pk.columns)?,
            false,
        ),
        TableConstraint::Unique(u) => {
            let name = name_of(&u.index_name).or_else(|| name_of(&u.name));
            table.add_index(
                name,
                IndexKind::Unique,
                index_parts(table, &u.columns)?,
                false,
            )
        }
        TableConstraint::Index(i) => table.add_index(
            name_of(&i.name),
            IndexKind::Plain,
            index_parts(table, &i.columns)?,
            false,
        ),
        TableConstraint::FulltextOrSpatial(f) => {
            let kind = if f.fulltext {
                IndexKind::Fulltext
            } else {
                IndexKind::Spatial
            };
            table.add_index(
                name_of(&f.opt_index_name),
                kind,
                index_parts(table, &f.columns)?,
                false,
            )
        }
        TableConstraint::ForeignKey(fk) => add_foreign_key(table, fk, algorithm),
        TableConstraint::Check(check) => {
            let rules = read_check(&check.expr, table);
            table.add_check(name_of(&check.name), None, check.expr.to_string(), rules)
        }
        other => Err(format!("unsupported constraint {other}").into()),
    }
}

/// How InnoDB builds a foreign key, which decides how it stores the rule: a table built anew
/// (CREATE TABLE, or ALTER TABLE with foreign_key_checks on, which copies the table) or an
/// ALTER TABLE done in place (foreign_key_checks off).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Algorithm {
    Copy,
    InPlace,
}

/// The rule as INFORMATION_SCHEMA shows it. InnoDB has no SET DEFAULT (a new table keeps
/// RESTRICT), and its in-place path stores an explicit RESTRICT or SET DEFAULT as NO ACTION.
pub(super) fn rule(action: &Option<ReferentialAction>, algorithm: Algorithm) -> String {
    use ReferentialAction as R;
    match (action, algorithm) {
        (None, _) => "RESTRICT",
        (Some(R::Cascade), _) => "CASCADE",
        (Some(R::SetNull), _) => "SET NULL",
        (Some(R::NoAction), _) => "NO ACTION",
        (Some(R::Restrict | R::SetDefault), Algorithm::InPlace) => "NO ACTION",
        (Some(R::Restrict | R::SetDefault), Algorithm::Copy) => "RESTRICT",
    }
    .to_string()
}

pub(super) fn add_foreign_key(
    table: &mut Table,
    fk: &ForeignKeyConstraint,
    algorithm: Algorithm,
) -> Result<(), Refusal> {
    // MariaDB names the constraint and its index each after the other when only one is given.
    let given = |n: &Option<sqlparser::ast::Ident>| n.as_ref().map(|n| n.value.clone());
    let constraint_name = given(&fk.name)
        .or(given(&fk.index_name))
        .unwrap_or_default();
    let index_name = given(&fk.index_name).or(given(&fk.name));
    for column in &fk.columns {
        if table.column(&column.value).is_none() {
            return Err(missing_key_column(table, &column.value)).at(column.span);
        }
    }
    let foreign_key = ForeignKey {
        constraint_name,
        columns: fk
            .columns
            .iter()
            .map(|c| {
                table
                    .column(&c.value)
                    .map_or(c.value.clone(), |c| c.column_name.clone())
            })
            .collect(),
        referenced_table_name: table_name(&fk.foreign_table),
        referenced_columns: fk
            .referred_columns
            .iter()
            .map(|c| c.value.clone())
            .collect(),
        update_rule: rule(&fk.on_update, algorithm),
        delete_rule: rule(&fk.on_delete, algorithm),
    };
    table.add_foreign_key(foreign_key, index_name)
}
