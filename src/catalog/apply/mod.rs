//! Applying one parsed change to the catalog, with the server's checks and naming.
//!
//! One file a part of the DDL: table options, columns, constraints, ALTER TABLE.

mod alter;
mod column;
mod constraint;
mod options;

use super::refusal::{At, Refusal};
use super::{integrity, Catalog, IndexKind, Session, Table};
use crate::diag::{Diagnostic, Kind, Location};
use crate::parse::{Change, Located};
use alter::alter_table;
use column::add_column;
use constraint::{add_constraint, index_parts, Algorithm};
use options::{apply_table_options, create_options, option_value};
use sqlparser::ast::{CreateIndex, CreateTable, CreateTableLikeKind, ObjectName};
use sqlparser::tokenizer::Span;

/// Applies `change` to `catalog`, or says (located at the statement) why the server would not.
pub fn apply_change(
    catalog: &mut Catalog,
    session: &mut Session,
    change: &Located<Change>,
) -> Result<(), Diagnostic> {
    let error = |refusal: Refusal| {
        let location = match refusal.at {
            Some(span) => Location {
                path: change.location.path.clone(),
                line: span.start.line as u32,
                column: span.start.column as u32,
            },
            None => change.location.clone(),
        };
        Diagnostic::new(refusal.kind, Some(location), refusal.message)
    };
    match &change.value {
        Change::CreateTable(create) => {
            create_table(catalog, create, session.foreign_key_checks).map_err(error)
        }
        Change::AlterTable {
            table,
            if_exists,
            actions,
        } => {
            if *if_exists && !catalog.tables.contains_key(&table_name(table)) {
                return Ok(());
            }
            let algorithm = if session.foreign_key_checks {
                Algorithm::Copy
            } else {
                Algorithm::InPlace
            };
            alter_table(
                catalog,
                table,
                actions,
                algorithm,
                session.foreign_key_checks,
            )
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
        Change::CreateIndex { index, or_replace } => {
            create_index(catalog, index, *or_replace).map_err(error)
        }
        Change::DropIndex {
            name,
            table,
            if_exists,
        } => {
            let table = table_mut(catalog, table).map_err(error)?;
            match table.drop_index(name) {
                Err(_) if *if_exists => Ok(()),
                other => other.map_err(error),
            }
        }
    }
}

/// The table's own name: the last part of `schema.table`.
pub(super) fn table_name(name: &ObjectName) -> String {
    name.0
        .last()
        .and_then(|p| p.as_ident())
        .map(|i| i.value.clone())
        .unwrap_or_default()
}

/// Where a table's name is written.
pub(super) fn name_span(name: &ObjectName) -> Span {
    name.0
        .last()
        .and_then(|p| p.as_ident())
        .map_or(Span::empty(), |i| i.span)
}

pub(super) fn table_mut<'c>(
    catalog: &'c mut Catalog,
    name: &ObjectName,
) -> Result<&'c mut Table, Refusal> {
    let wanted = table_name(name);
    if !catalog.tables.contains_key(&wanted) {
        return Err(unknown_table(catalog, &wanted)).at(name_span(name));
    }
    Ok(catalog.tables.get_mut(&wanted).expect("checked above"))
}

/// The server's message for a table that does not exist, with the one probably meant.
pub(super) fn unknown_table(catalog: &Catalog, name: &str) -> Refusal {
    let suggestion = crate::diag::closest(name, catalog.tables.keys().map(String::as_str))
        .map(|t| format!("; did you mean '{t}'?"))
        .unwrap_or_default();
    Refusal::new(
        Kind::UnknownTable,
        format!("Table '{name}' doesn't exist{suggestion}"),
    )
}

fn create_table(
    catalog: &mut Catalog,
    create: &CreateTable,
    foreign_key_checks: bool,
) -> Result<(), Refusal> {
    let name = table_name(&create.name);
    if catalog.tables.contains_key(&name) {
        if create.if_not_exists {
            return Ok(());
        }
        if !create.or_replace {
            return Err(format!("Table '{name}' already exists").into())
                .at(name_span(&create.name));
        }
    }
    let table = match &create.like {
        Some(CreateTableLikeKind::Plain(like) | CreateTableLikeKind::Parenthesized(like)) => {
            like_table(catalog, &table_name(&like.name), &name).at(name_span(&like.name))?
        }
        None => new_table(create, &name)?,
    };
    integrity::check_new_foreign_keys(catalog, &table, &[], foreign_key_checks)?;
    catalog.tables.insert(name.clone(), table);
    integrity::spell_referenced_columns(catalog, &name);
    Ok(())
}

/// `CREATE TABLE b LIKE a`: a's columns and indexes, but not its foreign keys.
fn like_table(catalog: &Catalog, source: &str, name: &str) -> Result<Table, Refusal> {
    let source = catalog
        .table(source)
        .ok_or_else(|| unknown_table(catalog, source))?;
    let mut table = source.clone();
    table.table_name = name.to_string();
    table.foreign_keys.clear();
    for index in &mut table.indexes {
        index.implicit_for_foreign_key = false;
    }
    Ok(table)
}

fn new_table(create: &CreateTable, name: &str) -> Result<Table, Refusal> {
    if create.query.is_some() {
        let message = "CREATE TABLE ... SELECT is not supported: its columns come from a query, \
                       which only a server can run; write the table's columns out";
        return Err(message.into());
    }
    let mut table = Table {
        table_name: name.to_string(),
        engine: "InnoDB".into(),
        ..Table::default()
    };
    let options = create_options(create);
    apply_table_options(&mut table, &options)?;
    let charset = option_value(&options, "CHARSET");
    for column in &create.columns {
        add_column(
            &mut table,
            column,
            None,
            charset.as_deref(),
            Algorithm::Copy,
        )?;
    }
    for constraint in &create.constraints {
        add_constraint(&mut table, constraint, Algorithm::Copy)?;
    }
    if table.columns.is_empty() {
        return Err("A table must have at least 1 column".into());
    }
    Ok(table)
}

fn drop_tables(
    catalog: &mut Catalog,
    names: &[ObjectName],
    if_exists: bool,
) -> Result<(), Refusal> {
    for written in names {
        let name = table_name(written);
        let span = name_span(written);
        if catalog.tables.remove(&name).is_none() && !if_exists {
            return Err(format!("Unknown table '{name}'").into()).at(span);
        }
    }
    Ok(())
}

/// RENAME TABLE: the table's `<old>_ibfk_N` keys are renamed with it, and foreign keys of
/// other tables follow it.
pub(super) fn rename_tables(
    catalog: &mut Catalog,
    pairs: &[(ObjectName, ObjectName)],
) -> Result<(), Refusal> {
    for (old_name, new_name) in pairs {
        let (old, new) = (table_name(old_name), table_name(new_name));
        if catalog.tables.contains_key(&new) {
            return Err(format!("Table '{new}' already exists").into()).at(name_span(new_name));
        }
        let Some(mut table) = catalog.tables.remove(&old) else {
            return Err(unknown_table(catalog, &old)).at(name_span(old_name));
        };
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
fn create_index(
    catalog: &mut Catalog,
    index: &CreateIndex,
    or_replace: bool,
) -> Result<(), Refusal> {
    let table = table_mut(catalog, &index.table_name)?;
    let name = index.name.as_ref().map(table_name);
    if let (true, Some(name)) = (or_replace, &name) {
        let _ = table.drop_index(name);
    }
    let kind = if index.unique {
        IndexKind::Unique
    } else {
        IndexKind::Plain
    };
    let parts = index_parts(table, &index.columns)?;
    match table.add_index(name, kind, parts, false) {
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
        crate::apply_sql(Path::new("test.sql"), sql.as_bytes(), &mut loaded)
            .unwrap_err()
            .message
    }

    fn table<'c>(catalog: &'c Catalog, name: &str) -> &'c Table {
        catalog
            .table(name)
            .unwrap_or_else(|| panic!("no table {name}"))
    }

    fn index_names(table: &Table) -> Vec<&str> {
        table
            .indexes
            .iter()
            .map(|i| i.index_name.as_str())
            .collect()
    }

    fn foreign_key_names(table: &Table) -> Vec<&str> {
        table
            .foreign_keys
            .iter()
            .map(|f| f.constraint_name.as_str())
            .collect()
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

    /// Issue 13 §3: the typed type beside the text, built once here.
    #[test]
    fn columns_carry_their_typed_type() {
        use crate::catalog::TypeKind;
        let c = catalog("CREATE TABLE t (a DECIMAL(10,2) UNSIGNED, b ENUM('x','y') CHARACTER SET latin1 COLLATE latin1_bin, c JSON, d DATETIME(3), e BIGINT ZEROFILL)");
        let t = table(&c, "t");
        let ty = |name: &str| t.column(name).unwrap().sql_type.clone();
        let a = ty("a");
        assert_eq!(
            (a.kind, a.precision, a.scale, a.unsigned),
            (TypeKind::Decimal, Some(10), Some(2), true)
        );
        let b = ty("b");
        assert_eq!(
            (b.kind, b.values.as_slice()),
            (TypeKind::Enum, &["x".to_string(), "y".to_string()][..])
        );
        assert_eq!(
            (b.charset.as_deref(), b.binary_collation),
            (Some("latin1"), true)
        );
        assert!(ty("c").json);
        assert_eq!(ty("d").fsp, Some(3));
        let e = ty("e");
        assert_eq!((e.width, e.unsigned, e.zerofill), (Some(20), true, true));
        for column in &t.columns {
            assert_eq!(column.sql_type.column_type(), column.column_type);
            assert_eq!(column.sql_type.data_type(), column.data_type);
        }
    }

    #[test]
    fn unnamed_foreign_keys_count_from_the_largest() {
        let c = catalog(&format!("{PARENT}CREATE TABLE c (a INT, b INT, d INT, FOREIGN KEY (a) REFERENCES p (id), FOREIGN KEY (b) REFERENCES p (id), FOREIGN KEY (d) REFERENCES p (id));\nALTER TABLE c DROP FOREIGN KEY c_ibfk_2;\nALTER TABLE c ADD FOREIGN KEY (b) REFERENCES p (id)"));
        assert_eq!(
            foreign_key_names(table(&c, "c")),
            ["c_ibfk_1", "c_ibfk_3", "c_ibfk_4"]
        );
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
        let keys: Vec<&str> = ["a", "b", "c", "d"]
            .iter()
            .map(|n| t.column_key(n))
            .collect();
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
        let rules: Vec<&str> = table(&c, "c")
            .foreign_keys
            .iter()
            .map(|f| f.delete_rule.as_str())
            .collect();
        assert_eq!(rules, ["NO ACTION", "RESTRICT"]);
    }

    #[test]
    fn server_errors() {
        assert_eq!(
            error("ALTER TABLE nope ADD x INT"),
            "Table 'nope' doesn't exist"
        );
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

    /// Where an error points: (line, column, kind).
    fn error_at(sql: &str) -> (u32, u32, crate::diag::Kind, String) {
        let mut loaded = Loaded::default();
        let error =
            crate::apply_sql(Path::new("test.sql"), sql.as_bytes(), &mut loaded).unwrap_err();
        let location = error.location.clone().unwrap();
        (location.line, location.column, error.kind, error.message)
    }

    /// Issue 11 point 13: the offending token's line and column, not the statement's first.
    #[test]
    fn errors_point_at_the_offending_token_with_a_suggestion() {
        use crate::diag::Kind;
        let (line, column, kind, message) =
            error_at("CREATE TABLE loans (\n  id INT,\n  due VARCHR(10)\n)");
        assert_eq!((line, column, kind), (3, 7, Kind::InvalidDefinition));
        assert!(message.ends_with("did you mean VARCHAR?"), "{message}");
        let (line, column, kind, message) =
            error_at("CREATE TABLE loans (\n  borrower_id INT,\n  KEY (borower_id)\n)");
        assert_eq!((line, column, kind), (3, 8, Kind::UnknownColumn));
        assert!(
            message.ends_with("did you mean 'borrower_id'?"),
            "{message}"
        );
        let at = |sql: &str| {
            let (line, column, kind, _) = error_at(sql);
            (line, column, kind)
        };
        let loans = "CREATE TABLE loans (id INT, b INT);\n";
        assert_eq!(
            at(&format!("{loans}ALTER TABLE laons ADD x INT")),
            (2, 13, Kind::UnknownTable)
        );
        assert_eq!(
            at(&format!("{loans}ALTER TABLE loans MODIFY idd INT")),
            (2, 26, Kind::UnknownColumn)
        );
        assert_eq!(
            at(&format!("{loans}ALTER TABLE loans ADD c INT AFTER x")),
            (2, 35, Kind::UnknownColumn)
        );
        assert_eq!(
            at(&format!("{loans}ALTER TABLE loans ADD b INT")),
            (2, 23, Kind::Duplicate)
        );
        assert_eq!(
            at(&format!("{loans}ALTER TABLE loans DROP INDEX k")),
            (2, 30, Kind::UnknownKey)
        );
        assert_eq!(
            at(&format!("{loans}CREATE INDEX i ON loans (c)")),
            (2, 26, Kind::UnknownColumn)
        );
        assert_eq!(
            at(&format!("{loans}DROP TABLE x")),
            (2, 12, Kind::UnknownTable)
        );
        assert_eq!(
            at(&format!("{loans}RENAME TABLE loans TO loans")),
            (2, 23, Kind::Duplicate)
        );
        assert_eq!(
            at("CREATE TABLE t (a DATE DEFAULT 'x')"),
            (1, 32, Kind::InvalidDefinition)
        );
        assert_eq!(
            at(&format!(
                "{PARENT}CREATE TABLE c (a INT, FOREIGN KEY (x) REFERENCES p (id))"
            )),
            (2, 37, Kind::UnknownColumn)
        );
    }

    #[test]
    fn a_foreign_key_to_a_table_never_made_is_a_warning() {
        let mut loaded = Loaded::default();
        let sql = "SET foreign_key_checks=0;\nCREATE TABLE c (a INT, FOREIGN KEY (a) REFERENCES nope (id));";
        crate::apply_sql(Path::new("t.sql"), sql.as_bytes(), &mut loaded).unwrap();
        let warnings = loaded.catalog.dangling_foreign_keys();
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0]
            .message
            .contains("'c_ibfk_1' of 'c' refers to 'nope'"));
    }

    #[test]
    fn if_exists_forms_do_nothing_when_missing() {
        let c = catalog("CREATE TABLE t (a INT);\nALTER TABLE IF EXISTS nope ADD b INT;\nALTER TABLE t DROP COLUMN IF EXISTS b, ADD COLUMN IF NOT EXISTS a INT;\nDROP TABLE IF EXISTS nope");
        assert_eq!(table(&c, "t").columns.len(), 1);
    }
}
