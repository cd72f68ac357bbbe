//! Applying one parsed change to the catalog, with the server's checks and naming.

use super::column_type::server_type;
use super::default::column_default;
use super::integrity;
use super::keys::engine_keeps_foreign_keys;
use super::{Catalog, Column, ForeignKey, IndexKind, IndexPart, Session, Table};
use crate::diag::Diagnostic;
use crate::parse::{AlterAction, Change, Located};
use sqlparser::ast::{
    AlterColumnOperation, AlterTableOperation, ColumnDef, ColumnOption, CreateIndex, CreateTable,
    CreateTableLikeKind, Expr, ForeignKeyConstraint, GeneratedExpressionMode, IndexColumn,
    MySQLColumnPosition, ObjectName, ReferentialAction, RenameTableNameKind, SqlOption,
    TableConstraint,
};

/// Applies `change` to `catalog`, or says (located at the statement) why the server would not.
pub fn apply_change(
    catalog: &mut Catalog,
    session: &mut Session,
    change: &Located<Change>,
) -> Result<(), Diagnostic> {
    let error = |message: String| Diagnostic::error(Some(change.location.clone()), message);
    match &change.value {
        Change::CreateTable(create) => {
            create_table(catalog, create, session.foreign_key_checks).map_err(error)
        }
        Change::AlterTable { table, if_exists, actions } => {
            if *if_exists && !catalog.tables.contains_key(&table_name(table)) {
                return Ok(());
            }
            let algorithm =
                if session.foreign_key_checks { Algorithm::Copy } else { Algorithm::InPlace };
            alter_table(catalog, table, actions, algorithm, session.foreign_key_checks)
                .map_err(error)
        }
        Change::SetForeignKeyChecks(on) => {
            session.foreign_key_checks = *on;
            Ok(())
        }
        Change::DropTables { names, if_exists } => {
            drop_tables(catalog, names, *if_exists).map_err(error)
        }
        Change::RenameTables(pairs) => rename_tables(catalog, pairs).map_err(error),
        Change::CreateIndex(index) => create_index(catalog, index).map_err(error),
        Change::DropIndex { name, table, if_exists } => {
            let table = table_mut(catalog, table).map_err(error)?;
            match table.drop_index(name) {
                Err(_) if *if_exists => Ok(()),
                other => other.map_err(error),
            }
        }
    }
}

/// The table's own name: the last part of `schema.table`.
fn table_name(name: &ObjectName) -> String {
    name.0.last().and_then(|p| p.as_ident()).map(|i| i.value.clone()).unwrap_or_default()
}

fn table_mut<'c>(catalog: &'c mut Catalog, name: &ObjectName) -> Result<&'c mut Table, String> {
    let name = table_name(name);
    catalog.tables.get_mut(&name).ok_or_else(|| format!("Table '{name}' doesn't exist"))
}

fn create_table(
    catalog: &mut Catalog,
    create: &CreateTable,
    foreign_key_checks: bool,
) -> Result<(), String> {
    let name = table_name(&create.name);
    if catalog.tables.contains_key(&name) {
        if create.if_not_exists {
            return Ok(());
        }
        if !create.or_replace {
            return Err(format!("Table '{name}' already exists"));
        }
    }
    let table = match &create.like {
        Some(CreateTableLikeKind::Plain(like) | CreateTableLikeKind::Parenthesized(like)) => {
            like_table(catalog, &table_name(&like.name), &name)?
        }
        None => new_table(create, &name)?,
    };
    if foreign_key_checks {
        integrity::check_new_foreign_keys(catalog, &table, &[])?;
    }
    catalog.tables.insert(name, table);
    Ok(())
}

/// `CREATE TABLE b LIKE a`: a's columns and indexes, but not its foreign keys.
fn like_table(catalog: &Catalog, source: &str, name: &str) -> Result<Table, String> {
    let source = catalog.table(source).ok_or_else(|| format!("Table '{source}' doesn't exist"))?;
    let mut table = source.clone();
    table.table_name = name.to_string();
    table.foreign_keys.clear();
    for index in &mut table.indexes {
        index.implicit_for_foreign_key = false;
    }
    Ok(table)
}

fn new_table(create: &CreateTable, name: &str) -> Result<Table, String> {
    let mut table =
        Table { table_name: name.to_string(), engine: "InnoDB".into(), ..Table::default() };
    let options = create_options(create);
    apply_table_options(&mut table, &options)?;
    let charset = option_value(&options, "CHARSET");
    for column in &create.columns {
        add_column(&mut table, column, None, charset.as_deref(), Algorithm::Copy)?;
    }
    for constraint in &create.constraints {
        add_constraint(&mut table, constraint, Algorithm::Copy)?;
    }
    if table.columns.is_empty() {
        return Err("A table must have at least 1 column".into());
    }
    Ok(table)
}

/// The table options of a CREATE TABLE as (upper-case name, value) pairs.
fn create_options(create: &CreateTable) -> Vec<(String, String)> {
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

fn comment_text(comment: &sqlparser::ast::CommentDef) -> String {
    match comment {
        sqlparser::ast::CommentDef::WithEq(s) | sqlparser::ast::CommentDef::WithoutEq(s) => {
            s.clone()
        }
    }
}

fn sql_option(option: &SqlOption) -> Option<(String, String)> {
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
            let key = if key == "TYPE" { "ENGINE".to_string() } else { key };
            Some((key, list.name.as_ref()?.value.clone()))
        }
        _ => None,
    }
}

/// The text of a literal or a name, unquoted.
fn expr_text(expr: &Expr) -> String {
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

fn option_value(options: &[(String, String)], name: &str) -> Option<String> {
    options.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.clone())
}

/// The engine names the server knows, spelled as it prints them.
fn engine_name(given: &str) -> Result<String, String> {
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
        .ok_or_else(|| format!("Unknown storage engine '{given}'"))
}

fn apply_table_options(table: &mut Table, options: &[(String, String)]) -> Result<(), String> {
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

/// Bytes per character of a character set: TEXT(n) is sized with it.
fn bytes_per_char(charset: Option<&str>) -> u64 {
    match charset.map(|c| c.to_ascii_lowercase()) {
        Some(c) if c == "latin1" || c == "ascii" || c == "binary" => 1,
        Some(c) if c == "utf8" || c == "utf8mb3" => 3,
        Some(c) if c == "ucs2" => 2,
        _ => 4,
    }
}

/// Builds a column from its definition. Column-level keys (PRIMARY KEY, UNIQUE, REFERENCES,
/// CHECK) are added to the table after the column.
fn build_column(
    def: &ColumnDef,
    options: &[&ColumnOption],
    table_charset: Option<&str>,
) -> Result<Column, String> {
    let column_charset = options.iter().find_map(|o| match o {
        ColumnOption::CharacterSet(name) => Some(name.to_string()),
        _ => None,
    });
    let ty =
        server_type(&def.data_type, bytes_per_char(column_charset.as_deref().or(table_charset)))
            .map_err(|e| format!("{e} for column '{}'", def.name.value))?;
    let mut column = Column {
        column_name: def.name.value.clone(),
        data_type: ty.data_type.clone(),
        column_type: ty.column_type.clone(),
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
                let text = column_default(expr, &ty)?;
                extras.push(format!("on update {text}"));
            }
            ColumnOption::DialectSpecific(tokens) => {
                let text: String =
                    tokens.iter().map(|t| t.to_string()).collect::<Vec<_>>().join(" ");
                if text.eq_ignore_ascii_case("AUTO_INCREMENT") {
                    extras.insert(0, "auto_increment".into());
                }
            }
            ColumnOption::Generated { generation_expr_mode, generation_expr: Some(_), .. } => {
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
        column.is_nullable = false;
        extras.insert(0, "auto_increment".into());
    }
    column.column_default = match default {
        _ if extras.iter().any(|e| e == "auto_increment") => None,
        Some(expr) => {
            let text = column_default(expr, &ty)?;
            if text == "NULL" && !column.is_nullable {
                return Err(format!("Invalid default value for '{}'", column.column_name));
            }
            Some(text)
        }
        None if column.is_nullable => Some("NULL".into()),
        None => None,
    };
    column.extra = extras.join(" ");
    Ok(column)
}

/// `SERIAL` is `BIGINT UNSIGNED NOT NULL AUTO_INCREMENT UNIQUE`.
fn is_serial(def: &ColumnDef) -> bool {
    matches!(&def.data_type, sqlparser::ast::DataType::Custom(name, _) if name.to_string().eq_ignore_ascii_case("serial"))
}

/// Adds `def` at `position` (the end when `None`) with its column-level keys.
fn add_column(
    table: &mut Table,
    def: &ColumnDef,
    position: Option<&MySQLColumnPosition>,
    table_charset: Option<&str>,
    algorithm: Algorithm,
) -> Result<(), String> {
    let options: Vec<&ColumnOption> = def.options.iter().map(|o| &o.option).collect();
    let column = build_column(def, &options, table_charset)?;
    if table.column(&column.column_name).is_some() {
        return Err(format!("Duplicate column name '{}'", column.column_name));
    }
    let at = insert_position(table, position)?;
    table.columns.insert(at, column);
    add_json_check(table, def)?;
    if is_serial(def) {
        let part = IndexPart { column_name: def.name.value.clone(), prefix: None };
        table.add_index(None, IndexKind::Unique, vec![part], false)?;
    }
    add_column_keys(table, &def.name.value, &options, algorithm)
}

fn insert_position(table: &Table, position: Option<&MySQLColumnPosition>) -> Result<usize, String> {
    match position {
        None => Ok(table.columns.len()),
        Some(MySQLColumnPosition::First) => Ok(0),
        Some(MySQLColumnPosition::After(name)) => table
            .column_position(&name.value)
            .map(|p| p + 1)
            .ok_or_else(|| format!("Unknown column '{}' in '{}'", name.value, table.table_name)),
    }
}

/// The keys a column definition declares on itself.
fn add_column_keys(
    table: &mut Table,
    column_name: &str,
    options: &[&ColumnOption],
    algorithm: Algorithm,
) -> Result<(), String> {
    let part = || vec![IndexPart { column_name: column_name.to_string(), prefix: None }];
    for option in options {
        match option {
            ColumnOption::PrimaryKey(_) => {
                table.add_index(None, IndexKind::Primary, part(), false)?
            }
            ColumnOption::Unique(_) => table.add_index(None, IndexKind::Unique, part(), false)?,
            ColumnOption::ForeignKey(fk) => {
                let mut fk = fk.clone();
                fk.columns = vec![sqlparser::ast::Ident::new(column_name)];
                add_foreign_key(table, &fk, algorithm)?;
            }
            ColumnOption::Check(check) => {
                let name = check.name.as_ref().map(|n| n.value.clone());
                table.add_check(name, Some(column_name.to_string()))?
            }
            _ => {}
        }
    }
    Ok(())
}

/// JSON is LONGTEXT with a CHECK (json_valid(col)) named after the column.
fn add_json_check(table: &mut Table, def: &ColumnDef) -> Result<(), String> {
    if def.data_type == sqlparser::ast::DataType::JSON {
        table.add_check(None, Some(def.name.value.clone()))?;
    }
    Ok(())
}

fn index_parts(columns: &[IndexColumn]) -> Result<Vec<IndexPart>, String> {
    columns.iter().map(|c| index_part(&c.column.expr)).collect()
}

fn index_part(expr: &Expr) -> Result<IndexPart, String> {
    match expr {
        Expr::Identifier(ident) => Ok(IndexPart { column_name: ident.value.clone(), prefix: None }),
        Expr::CompoundIdentifier(parts) => Ok(IndexPart {
            column_name: parts.last().map(|p| p.value.clone()).unwrap_or_default(),
            prefix: None,
        }),
        Expr::Function(f) => {
            let prefix =
                f.args.to_string().trim_matches(|c| c == '(' || c == ')').trim().parse().ok();
            Ok(IndexPart { column_name: f.name.to_string().trim_matches('`').to_string(), prefix })
        }
        other => Err(format!("unsupported index part {other}")),
    }
}

fn add_constraint(
    table: &mut Table,
    constraint: &TableConstraint,
    algorithm: Algorithm,
) -> Result<(), String> {
    let name_of = |n: &Option<sqlparser::ast::Ident>| n.as_ref().map(|i| i.value.clone());
    match constraint {
        TableConstraint::PrimaryKey(pk) => {
            table.add_index(None, IndexKind::Primary, index_parts(&pk.columns)?, false)
        }
        TableConstraint::Unique(u) => {
            let name = name_of(&u.index_name).or_else(|| name_of(&u.name));
            table.add_index(name, IndexKind::Unique, index_parts(&u.columns)?, false)
        }
        TableConstraint::Index(i) => {
            table.add_index(name_of(&i.name), IndexKind::Plain, index_parts(&i.columns)?, false)
        }
        TableConstraint::FulltextOrSpatial(f) => {
            let kind = if f.fulltext { IndexKind::Fulltext } else { IndexKind::Spatial };
            table.add_index(name_of(&f.opt_index_name), kind, index_parts(&f.columns)?, false)
        }
        TableConstraint::ForeignKey(fk) => add_foreign_key(table, fk, algorithm),
        TableConstraint::Check(check) => table.add_check(name_of(&check.name), None),
        other => Err(format!("unsupported constraint {other}")),
    }
}

/// How InnoDB builds a foreign key, which decides how it stores the rule: a table built anew
/// (CREATE TABLE, or ALTER TABLE with foreign_key_checks on, which copies the table) or an
/// ALTER TABLE done in place (foreign_key_checks off).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Algorithm {
    Copy,
    InPlace,
}

/// The rule as INFORMATION_SCHEMA shows it. InnoDB has no SET DEFAULT (a new table keeps
/// RESTRICT), and its in-place path stores an explicit RESTRICT or SET DEFAULT as NO ACTION.
fn rule(action: &Option<ReferentialAction>, algorithm: Algorithm) -> String {
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

fn add_foreign_key(
    table: &mut Table,
    fk: &ForeignKeyConstraint,
    algorithm: Algorithm,
) -> Result<(), String> {
    // MariaDB names the constraint and its index each after the other when only one is given.
    let given = |n: &Option<sqlparser::ast::Ident>| n.as_ref().map(|n| n.value.clone());
    let constraint_name = given(&fk.name).or(given(&fk.index_name)).unwrap_or_default();
    let index_name = given(&fk.index_name).or(given(&fk.name));
    for column in &fk.columns {
        if table.column(&column.value).is_none() {
            return Err(format!("Key column '{}' doesn't exist in table", column.value));
        }
    }
    let foreign_key = ForeignKey {
        constraint_name,
        columns: fk.columns.iter().map(|c| c.value.clone()).collect(),
        referenced_table_name: table_name(&fk.foreign_table),
        referenced_columns: fk.referred_columns.iter().map(|c| c.value.clone()).collect(),
        update_rule: rule(&fk.on_update, algorithm),
        delete_rule: rule(&fk.on_delete, algorithm),
    };
    table.add_foreign_key(foreign_key, index_name)
}

fn alter_table(
    catalog: &mut Catalog,
    name: &ObjectName,
    actions: &[AlterAction],
    algorithm: Algorithm,
    foreign_key_checks: bool,
) -> Result<(), String> {
    let mut renamed_to = None;
    let old: Vec<String> =
        table_mut(catalog, name)?.foreign_keys.iter().map(|f| f.constraint_name.clone()).collect();
    {
        let table = table_mut(catalog, name)?;
        for action in actions {
            match action {
                AlterAction::Options(options) => apply_table_options(table, options)?,
                AlterAction::RenameIndex { from, to } => rename_index(table, from, to)?,
                AlterAction::Operation { operation, if_exists } => {
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
    let table = catalog.table(&table_name(name)).expect("altered above");
    integrity::check_foreign_key_indexes(table)?;
    if foreign_key_checks {
        integrity::check_new_foreign_keys(catalog, table, &old)?;
    }
    if let Some(new_name) = renamed_to {
        rename_tables(catalog, &[(name.clone(), new_name)])?;
    }
    Ok(())
}

fn rename_index(table: &mut Table, from: &str, to: &str) -> Result<(), String> {
    if table.index(to).is_some() {
        return Err(format!("Duplicate key name '{to}'"));
    }
    let index = table
        .indexes
        .iter_mut()
        .find(|i| i.index_name.eq_ignore_ascii_case(from))
        .ok_or_else(|| format!("Key '{from}' doesn't exist in table '{}'", table.table_name))?;
    index.index_name = to.to_string();
    Ok(())
}

fn alter_operation(
    table: &mut Table,
    operation: &AlterTableOperation,
    algorithm: Algorithm,
) -> Result<(), String> {
    use AlterTableOperation as Op;
    match operation {
        Op::AddColumn { column_def, column_position, .. } => {
            add_column(table, column_def, column_position.as_ref(), None, algorithm)
        }
        Op::AddConstraint { constraint, .. } => add_constraint(table, constraint, algorithm),
        Op::DropColumn { column_names, .. } => {
            column_names.iter().try_for_each(|c| drop_column(table, &c.value))
        }
        Op::DropPrimaryKey { .. } => table.drop_index("PRIMARY"),
        Op::DropForeignKey { name, .. } => table.drop_foreign_key(&name.value),
        Op::DropIndex { name } => table.drop_index(&name.value),
        Op::DropConstraint { name, .. } => table.drop_constraint(&name.value),
        Op::RenameColumn { old_column_name, new_column_name } => {
            rename_column(table, &old_column_name.value, &new_column_name.value)
        }
        Op::ChangeColumn { old_name, new_name, data_type, options, column_position } => {
            let def =
                ColumnDef { name: new_name.clone(), data_type: data_type.clone(), options: vec![] };
            replace_column(
                table,
                &old_name.value,
                &def,
                options,
                column_position.as_ref(),
                algorithm,
            )
        }
        Op::ModifyColumn { col_name, data_type, options, column_position } => {
            let def =
                ColumnDef { name: col_name.clone(), data_type: data_type.clone(), options: vec![] };
            replace_column(
                table,
                &col_name.value,
                &def,
                options,
                column_position.as_ref(),
                algorithm,
            )
        }
        Op::AlterColumn { column_name, op } => alter_column(table, &column_name.value, op),
        Op::Algorithm { .. } | Op::Lock { .. } => Ok(()),
        other => Err(format!("unsupported ALTER TABLE clause: {other}")),
    }
}

fn alter_column(table: &mut Table, name: &str, op: &AlterColumnOperation) -> Result<(), String> {
    let position = table.column_position(name).ok_or_else(|| unknown_column(table, name))?;
    let column = &mut table.columns[position];
    match op {
        AlterColumnOperation::SetDefault { value } => {
            let ty = server_type_of(column);
            column.column_default = Some(column_default(value, &ty)?);
        }
        AlterColumnOperation::DropDefault => {
            column.column_default = if column.is_nullable { Some("NULL".into()) } else { None };
        }
        other => return Err(format!("unsupported ALTER COLUMN clause: {other}")),
    }
    Ok(())
}

fn server_type_of(column: &Column) -> super::column_type::ServerType {
    super::column_type::ServerType {
        data_type: column.data_type.clone(),
        column_type: column.column_type.clone(),
    }
}

fn unknown_column(table: &Table, name: &str) -> String {
    format!("Unknown column '{name}' in '{}'", table.table_name)
}

/// CHANGE/MODIFY: a new definition for an existing column, keeping its place unless moved.
fn replace_column(
    table: &mut Table,
    old_name: &str,
    def: &ColumnDef,
    options: &[ColumnOption],
    position: Option<&MySQLColumnPosition>,
    algorithm: Algorithm,
) -> Result<(), String> {
    let at = table.column_position(old_name).ok_or_else(|| unknown_column(table, old_name))?;
    let option_refs: Vec<&ColumnOption> = options.iter().collect();
    let mut column = build_column(def, &option_refs, None)?;
    let in_primary_key = table
        .primary_key()
        .is_some_and(|pk| pk.columns.iter().any(|p| p.column_name.eq_ignore_ascii_case(old_name)));
    if in_primary_key {
        column.is_nullable = false;
        if column.column_default.as_deref() == Some("NULL") {
            column.column_default = None;
        }
    }
    let old = table.columns.remove(at);
    if !old.column_name.eq_ignore_ascii_case(&column.column_name)
        && table.column(&column.column_name).is_some()
    {
        table.columns.insert(at, old);
        return Err(format!("Duplicate column name '{}'", column.column_name));
    }
    let new_name = column.column_name.clone();
    let at = match position {
        None => at,
        Some(_) => insert_position(table, position)?,
    };
    table.columns.insert(at, column);
    rename_column_references(table, old_name, &new_name);
    add_column_keys(table, &new_name, &option_refs, algorithm)
}

fn rename_column(table: &mut Table, old_name: &str, new_name: &str) -> Result<(), String> {
    let at = table.column_position(old_name).ok_or_else(|| unknown_column(table, old_name))?;
    if !old_name.eq_ignore_ascii_case(new_name) && table.column(new_name).is_some() {
        return Err(format!("Duplicate column name '{new_name}'"));
    }
    table.columns[at].column_name = new_name.to_string();
    rename_column_references(table, old_name, new_name);
    Ok(())
}

/// Index parts, foreign keys and checks follow a renamed column.
fn rename_column_references(table: &mut Table, old_name: &str, new_name: &str) {
    let rename = |name: &mut String| {
        if name.eq_ignore_ascii_case(old_name) {
            *name = new_name.to_string();
        }
    };
    for index in &mut table.indexes {
        index.columns.iter_mut().for_each(|p| rename(&mut p.column_name));
    }
    for fk in &mut table.foreign_keys {
        fk.columns.iter_mut().for_each(rename);
    }
    for check in &mut table.checks {
        if let Some(column) = &mut check.column_name {
            rename(column);
        }
    }
}

/// Drops a column; indexes lose it (and go when empty), its own CHECKs go with it.
fn drop_column(table: &mut Table, name: &str) -> Result<(), String> {
    let at = table
        .column_position(name)
        .ok_or_else(|| format!("Can't DROP COLUMN `{name}`; check that it exists"))?;
    if table.foreign_keys.iter().any(|fk| fk.columns.iter().any(|c| c.eq_ignore_ascii_case(name))) {
        return Err(format!("Cannot drop column '{name}': needed in a foreign key constraint"));
    }
    table.columns.remove(at);
    for index in &mut table.indexes {
        index.columns.retain(|p| !p.column_name.eq_ignore_ascii_case(name));
    }
    table.indexes.retain(|i| !i.columns.is_empty());
    table
        .checks
        .retain(|c| !c.column_name.as_deref().is_some_and(|c| c.eq_ignore_ascii_case(name)));
    Ok(())
}

fn drop_tables(catalog: &mut Catalog, names: &[ObjectName], if_exists: bool) -> Result<(), String> {
    for name in names {
        let name = table_name(name);
        if catalog.tables.remove(&name).is_none() && !if_exists {
            return Err(format!("Unknown table '{name}'"));
        }
    }
    Ok(())
}

/// RENAME TABLE: the table's `<old>_ibfk_N` keys are renamed with it, and foreign keys of
/// other tables follow it.
fn rename_tables(catalog: &mut Catalog, pairs: &[(ObjectName, ObjectName)]) -> Result<(), String> {
    for (old, new) in pairs {
        let (old, new) = (table_name(old), table_name(new));
        if catalog.tables.contains_key(&new) {
            return Err(format!("Table '{new}' already exists"));
        }
        let mut table =
            catalog.tables.remove(&old).ok_or_else(|| format!("Table '{old}' doesn't exist"))?;
        let old_prefix = format!("{old}_ibfk_");
        for fk in &mut table.foreign_keys {
            if let Some(n) = fk.constraint_name.strip_prefix(&old_prefix) {
                fk.constraint_name = format!("{new}_ibfk_{n}");
            }
        }
        table.table_name = new.clone();
        catalog.tables.insert(new.clone(), table);
        for other in catalog.tables.values_mut() {
            for fk in &mut other.foreign_keys {
                if fk.referenced_table_name == old {
                    fk.referenced_table_name = new.clone();
                }
            }
        }
    }
    Ok(())
}

/// CREATE INDEX is ALTER TABLE ADD INDEX.
fn create_index(catalog: &mut Catalog, index: &CreateIndex) -> Result<(), String> {
    let table = table_mut(catalog, &index.table_name)?;
    let name = index.name.as_ref().map(table_name);
    let kind = if index.unique { IndexKind::Unique } else { IndexKind::Plain };
    match table.add_index(name, kind, index_parts(&index.columns)?, false) {
        Err(_) if index.if_not_exists => Ok(()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use crate::catalog::{Catalog, Table};
    use crate::Loaded;
    use std::path::Path;

    /// The catalog after running `sql` (in the manner of sqlparser's `verified_stmt`: one
    /// helper, and each test states the facts it expects).
    fn catalog(sql: &str) -> Catalog {
        let mut loaded = Loaded::default();
        crate::apply_sql(Path::new("test.sql"), sql.as_bytes(), &mut loaded)
            .unwrap_or_else(|e| panic!("{e}"));
        loaded.catalog
    }

    fn error(sql: &str) -> String {
        let mut loaded = Loaded::default();
        crate::apply_sql(Path::new("test.sql"), sql.as_bytes(), &mut loaded).unwrap_err().message
    }

    fn table<'c>(catalog: &'c Catalog, name: &str) -> &'c Table {
        catalog.table(name).unwrap_or_else(|| panic!("no table {name}"))
    }

    fn index_names(table: &Table) -> Vec<&str> {
        table.indexes.iter().map(|i| i.index_name.as_str()).collect()
    }

    fn foreign_key_names(table: &Table) -> Vec<&str> {
        table.foreign_keys.iter().map(|f| f.constraint_name.as_str()).collect()
    }

    const PARENT: &str = "CREATE TABLE p (id INT PRIMARY KEY);\n";

    #[test]
    fn create_table_columns_in_server_words() {
        let c = catalog("CREATE TABLE t (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, name VARCHAR(5) DEFAULT 'x' COMMENT 'n')");
        let t = table(&c, "t");
        let id = t.column("id").unwrap();
        assert_eq!(
            (id.column_type.as_str(), id.is_nullable, id.extra.as_str()),
            ("int(10) unsigned", false, "auto_increment")
        );
        assert_eq!(id.column_default, None);
        let name = t.column("NAME").unwrap();
        assert_eq!(
            (name.column_default.as_deref(), name.column_comment.as_str()),
            (Some("'x'"), "n")
        );
    }

    #[test]
    fn unnamed_foreign_keys_count_from_the_largest() {
        let c = catalog(&format!("{PARENT}CREATE TABLE c (a INT, b INT, d INT, FOREIGN KEY (a) REFERENCES p (id), FOREIGN KEY (b) REFERENCES p (id), FOREIGN KEY (d) REFERENCES p (id));\nALTER TABLE c DROP FOREIGN KEY c_ibfk_2;\nALTER TABLE c ADD FOREIGN KEY (b) REFERENCES p (id)"));
        assert_eq!(foreign_key_names(table(&c, "c")), ["c_ibfk_1", "c_ibfk_3", "c_ibfk_4"]);
    }

    #[test]
    fn rename_table_renames_its_ibfk_names_and_references() {
        let c = catalog(&format!(
            "{PARENT}CREATE TABLE c (a INT REFERENCES p (id));\nRENAME TABLE c TO d, p TO q"
        ));
        let d = table(&c, "d");
        assert_eq!(foreign_key_names(d), ["d_ibfk_1"]);
        assert_eq!(d.foreign_keys[0].referenced_table_name, "q");
    }

    #[test]
    fn unnamed_indexes_take_the_first_column_name() {
        let c = catalog(
            "CREATE TABLE t (a INT, b INT, KEY (a), KEY (a, b), UNIQUE (b), KEY a_3 (b), KEY (a))",
        );
        assert_eq!(index_names(table(&c, "t")), ["a", "a_2", "b", "a_3", "a_4"]);
    }

    #[test]
    fn foreign_key_index_is_implicit_and_replaced() {
        let c = catalog(&format!("{PARENT}CREATE TABLE c (a INT, b INT, CONSTRAINT fk FOREIGN KEY (a) REFERENCES p (id));\nALTER TABLE c ADD INDEX ab (a, b)"));
        assert_eq!(index_names(table(&c, "c")), ["ab"]);
        let c = catalog(&format!(
            "{PARENT}CREATE TABLE c (a INT, KEY own (a), FOREIGN KEY (a) REFERENCES p (id))"
        ));
        assert_eq!(index_names(table(&c, "c")), ["own"]);
    }

    #[test]
    fn column_key_derivation() {
        let c = catalog("CREATE TABLE t (a INT NOT NULL, b INT, c INT, d INT, UNIQUE (a), UNIQUE (b), UNIQUE (c, d))");
        let t = table(&c, "t");
        let keys: Vec<&str> = ["a", "b", "c", "d"].iter().map(|n| t.column_key(n)).collect();
        assert_eq!(
            keys,
            ["PRI", "UNI", "MUL", ""],
            "a NOT NULL UNIQUE stands in for the missing primary key"
        );
    }

    #[test]
    fn myisam_keeps_no_foreign_keys_but_their_index() {
        let c = catalog(&format!(
            "{PARENT}CREATE TABLE c (a INT, FOREIGN KEY (a) REFERENCES p (id)) ENGINE=MyISAM"
        ));
        let t = table(&c, "c");
        assert!(t.foreign_keys.is_empty());
        assert_eq!(index_names(t), ["a"]);
    }

    #[test]
    fn json_is_longtext_with_a_check() {
        let c = catalog("CREATE TABLE t (doc JSON)");
        let t = table(&c, "t");
        assert_eq!(t.column("doc").unwrap().column_type, "longtext");
        assert_eq!(t.checks[0].constraint_name, "doc");
    }

    #[test]
    fn change_column_follows_in_indexes_and_moves() {
        let c = catalog(
            "CREATE TABLE t (a INT, b INT, KEY (a));\nALTER TABLE t CHANGE a z BIGINT AFTER b",
        );
        let t = table(&c, "t");
        let names: Vec<&str> = t.columns.iter().map(|c| c.column_name.as_str()).collect();
        assert_eq!(names, ["b", "z"]);
        assert_eq!(t.indexes[0].columns[0].column_name, "z");
    }

    #[test]
    fn like_copies_columns_and_keys_but_not_foreign_keys() {
        let c = catalog(&format!(
            "{PARENT}CREATE TABLE c (a INT PRIMARY KEY REFERENCES p (id));\nCREATE TABLE d LIKE c"
        ));
        let d = table(&c, "d");
        assert!(d.foreign_keys.is_empty());
        assert_eq!(index_names(d), ["PRIMARY"]);
    }

    #[test]
    fn in_place_alter_stores_restrict_as_no_action() {
        let sql = format!("{PARENT}CREATE TABLE c (a INT, b INT);\nSET foreign_key_checks = 0;\nALTER TABLE c ADD FOREIGN KEY (a) REFERENCES p (id) ON DELETE RESTRICT, ADD FOREIGN KEY (b) REFERENCES p (id)");
        let c = catalog(&sql);
        let rules: Vec<&str> =
            table(&c, "c").foreign_keys.iter().map(|f| f.delete_rule.as_str()).collect();
        assert_eq!(rules, ["NO ACTION", "RESTRICT"]);
    }

    #[test]
    fn server_errors() {
        assert_eq!(error("ALTER TABLE nope ADD x INT"), "Table 'nope' doesn't exist");
        assert_eq!(
            error("CREATE TABLE t (a INT);\nALTER TABLE t ADD a INT"),
            "Duplicate column name 'a'"
        );
        assert_eq!(
            error("CREATE TABLE t (a INT, KEY (b))"),
            "Key column 'b' doesn't exist in table"
        );
        assert_eq!(
            error("CREATE TABLE t (a INT, PRIMARY KEY (a), PRIMARY KEY (a))"),
            "Multiple primary key defined"
        );
    }

    #[test]
    fn if_exists_forms_do_nothing_when_missing() {
        let c = catalog("CREATE TABLE t (a INT);\nALTER TABLE IF EXISTS nope ADD b INT;\nALTER TABLE t DROP COLUMN IF EXISTS b, ADD COLUMN IF NOT EXISTS a INT;\nDROP TABLE IF EXISTS nope");
        assert_eq!(table(&c, "t").columns.len(), 1);
    }
}
