//! Table options (ENGINE, COMMENT, CHARSET) of CREATE and ALTER TABLE.

use super::super::keys::engine_keeps_foreign_keys;
use super::super::refusal::Refusal;
use super::super::Table;
use sqlparser::ast::{CreateTable, Expr, SqlOption};

/// The table options of a CREATE TABLE as (upper-case name, value) pairs.
pub(super) fn create_options(create: &CreateTable) -> Vec<(String, String)> {
    use sqlparser::ast::CreateTableOptions as O;
    let list: &[SqlOption] = match &create.table_options {
        O::Plain(l) | O::With(l) | O::Options(l) | O::TableProperties(l) => l,
        O::None => &[],
    };
    let mut options: Vec<(String, String)> = list.iter().filter_map(sql_option).collect();
    if let Some(comment) = &create.comment {
        options.push(("COMMENT".into(), comment_text(comment)));
    }
    options
}

pub(super) fn comment_text(comment: &sqlparser::ast::CommentDef) -> String {
    match comment {
        sqlparser::ast::CommentDef::WithEq(s) | sqlparser::ast::CommentDef::WithoutEq(s) => {
            s.clone()
        }
    }
}

pub(super) fn sql_option(option: &SqlOption) -> Option<(String, String)> {
    match option {
        SqlOption::KeyValue { key, value } => {
            let key = key.to_string().to_ascii_uppercase().replace(' ', "_");
            let key = match key.as_str() {
                "DEFAULT_CHARSET" | "CHARACTER_SET" | "DEFAULT_CHARACTER_SET" => {
                    "CHARSET".to_string()
                }
                "TYPE" => "ENGINE".to_string(),
                _ => key,
            };
            Some((key, expr_text(value)))
        }
        SqlOption::Comment(comment) => Some(("COMMENT".into(), comment_text(comment))),
        // `ENGINE=InnoDB` comes as a named list without values.
        SqlOption::NamedParenthesizedList(list) => {
            let key = list.key.value.to_ascii_uppercase();
            let key = if key == "TYPE" {
                "ENGINE".to_string()
            } else {
                key
            };
            Some((key, list.name.as_ref()?.value.clone()))
        }
        _ => None,
    }
}

/// The text of a literal or a name, unquoted.
pub(super) fn expr_text(expr: &Expr) -> String {
    match expr {
        Expr::Value(v) => match &v.value {
            sqlparser::ast::Value::SingleQuotedString(s)
            | sqlparser::ast::Value::DoubleQuotedString(s) => s.clone(),
            other => other.to_string(),
        },
        Expr::Identifier(ident) => ident.value.clone(),
        other => other.to_string(),
    }
}

pub(super) fn option_value(options: &[(String, String)], name: &str) -> Option<String> {
    options
        .iter()
        .rev()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
}

/// The engine names the server knows, spelled as it prints them.
pub(super) fn engine_name(given: &str) -> Result<String, Refusal> {
    const ENGINES: &[&str] = &[
        "InnoDB",
        "MyISAM",
        "MEMORY",
        "Aria",
        "CSV",
        "ARCHIVE",
        "BLACKHOLE",
        "MRG_MyISAM",
        "SEQUENCE",
    ];
    let given = match given.to_ascii_uppercase().as_str() {
        "HEAP" => "MEMORY".to_string(),
        "MERGE" | "MRG_MYISAM" => "MRG_MyISAM".to_string(),
        _ => given.to_string(),
    };
    ENGINES
        .iter()
        .find(|e| e.eq_ignore_ascii_case(&given))
        .map(|e| e.to_string())
        .ok_or_else(|| format!("Unknown storage engine '{given}'").into())
}

pub(super) fn apply_table_options(
    table: &mut Table,
    options: &[(String, String)],
) -> Result<(), Refusal> {
    for (name, value) in options {
        match name.as_str() {
            "ENGINE" => {
                let engine = engine_name(value)?;
                if !engine_keeps_foreign_keys(&engine) && !table.foreign_keys.is_empty() {
                    let message =
                        "Cannot delete or update a parent row: a foreign key constraint fails";
                    return Err(message.into());
                }
                table.engine = engine;
            }
            "COMMENT" => table.table_comment = value.clone(),
            _ => {}
        }
    }
    Ok(())
}
