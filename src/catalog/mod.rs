//! Statements → the catalog: tables, columns, keys and foreign keys in INFORMATION_SCHEMA's words.
//!
//! The catalog mirrors what MariaDB 10.11 keeps after running the same DDL, so that every
//! later stage reads facts the server would agree with. [`document`] prints it in the form of
//! CATALOG.md; [`apply`] changes it one statement at a time.

mod apply;
mod checks;
mod column_type;
mod default;
pub mod document;
mod integrity;
mod keys;
pub(crate) mod refusal;
pub mod text;

pub use apply::apply_change;
pub use checks::Rule;
pub use column_type::{enum_values, quote_identifier, SqlType, TypeKind};

/// The client session's settings that change how DDL is applied. Each input file starts a new
/// session, as migration tools and the `mariadb` client do.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    /// `SET foreign_key_checks = 0` makes InnoDB add foreign keys in place.
    pub foreign_key_checks: bool,
}

impl Default for Session {
    fn default() -> Session {
        Session {
            foreign_key_checks: true,
        }
    }
}

/// The tables of one schema, by name (MariaDB on Linux compares table names case-sensitively).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Catalog {
    pub tables: std::collections::BTreeMap<String, Table>,
}

/// One base table.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub table_name: String,
    /// `InnoDB`, `MyISAM`, ... as the server spells it.
    pub engine: String,
    pub table_comment: String,
    /// In ORDINAL_POSITION order.
    pub columns: Vec<Column>,
    /// Every index, the primary key included (named `PRIMARY`), in the order they were made.
    pub indexes: Vec<Index>,
    pub foreign_keys: Vec<ForeignKey>,
    pub checks: Vec<Check>,
}

/// One column, with its facts as INFORMATION_SCHEMA.COLUMNS prints them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Column {
    pub column_name: String,
    /// `int`, `varchar`, `enum`... lower case.
    pub data_type: String,
    /// The full type: `int(10) unsigned`, `enum('a','b')`, `decimal(10,2)`.
    pub column_type: String,
    /// The same type, typed: kind, width, length, precision and scale, values...
    pub sql_type: SqlType,
    pub is_nullable: bool,
    /// The server's text of the default (`'dark'`, `0`, `NULL`, `current_timestamp()`), or
    /// `None` where the server shows SQL NULL (a NOT NULL column without default).
    pub column_default: Option<String>,
    /// `auto_increment`, `on update current_timestamp()`, `VIRTUAL GENERATED`...
    pub extra: String,
    pub column_comment: String,
}

impl Column {
    pub fn is_auto_increment(&self) -> bool {
        self.extra
            .split_whitespace()
            .any(|w| w.eq_ignore_ascii_case("auto_increment"))
    }

    pub fn is_integer(&self) -> bool {
        column_type::is_integer_type(&self.data_type)
    }

    pub fn is_unsigned(&self) -> bool {
        self.column_type.ends_with(" unsigned") || self.column_type.ends_with(" zerofill")
    }

    /// A column of a primary key cannot hold NULL; the NULL it had as a default goes too.
    pub fn become_not_null(&mut self) {
        self.is_nullable = false;
        if self.column_default.as_deref() == Some("NULL") {
            self.column_default = None;
        }
    }
}

/// What kind of index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum IndexKind {
    Primary,
    Unique,
    Plain,
    Fulltext,
    Spatial,
}

/// One index (INFORMATION_SCHEMA.STATISTICS), the primary key included.
#[derive(Debug, Clone, PartialEq)]
pub struct Index {
    pub index_name: String,
    pub kind: IndexKind,
    pub columns: Vec<IndexPart>,
    /// Made by the server for a foreign key that had no index to use; dropped again when a
    /// later index can serve the foreign key.
    pub implicit_for_foreign_key: bool,
}

/// One column of an index, with its prefix length when only a prefix is indexed.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexPart {
    pub column_name: String,
    pub prefix: Option<u64>,
}

/// One FOREIGN KEY constraint.
#[derive(Debug, Clone, PartialEq)]
pub struct ForeignKey {
    pub constraint_name: String,
    pub columns: Vec<String>,
    pub referenced_table_name: String,
    pub referenced_columns: Vec<String>,
    /// `RESTRICT`, `CASCADE`, `SET NULL`, `NO ACTION`, `SET DEFAULT`.
    pub update_rule: String,
    pub delete_rule: String,
}

/// One CHECK constraint (a column's own CHECK is named after the column).
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    pub constraint_name: String,
    /// The column of a column-level CHECK (dropped with its column), `None` for a table CHECK.
    pub column_name: Option<String>,
    /// The `json_valid(col)` the server adds to a column declared JSON: the column holds JSON.
    pub json_valid: bool,
    /// The condition as sqlparser writes it back (INFORMATION_SCHEMA's CHECK_CLAUSE, up to
    /// spelling).
    pub clause: String,
    /// What the condition asks of each column (by name), read when the CHECK was made;
    /// `None` when it is not one modelgen reads.
    pub rules: Option<std::collections::BTreeMap<String, Rule>>,
}

impl Catalog {
    /// The table named exactly `name`.
    pub fn table(&self, name: &str) -> Option<&Table> {
        self.tables.get(name)
    }

    /// A warning for each foreign key whose table no input creates (`foreign_key_checks=0`
    /// lets such a key in): the server keeps it, but it can give no relationship.
    pub fn dangling_foreign_keys(&self) -> Vec<crate::diag::Diagnostic> {
        let mut warnings = Vec::new();
        for table in self.tables.values() {
            for fk in &table.foreign_keys {
                if self.table(&fk.referenced_table_name).is_none() {
                    let message = format!(
                        "foreign key '{}' of '{}' refers to '{}', which no input creates \
                         (foreign_key_checks=0 let it in): it gives no relationship",
                        fk.constraint_name, table.table_name, fk.referenced_table_name
                    );
                    warnings.push(crate::diag::Diagnostic::warning_of(
                        crate::diag::Kind::ForeignKey,
                        None,
                        message,
                    ));
                }
            }
        }
        warnings
    }
}

impl Table {
    /// The column named `name`, compared as the server does: case-insensitively.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns
            .iter()
            .find(|c| c.column_name.eq_ignore_ascii_case(name))
    }

    pub fn column_position(&self, name: &str) -> Option<usize> {
        self.columns
            .iter()
            .position(|c| c.column_name.eq_ignore_ascii_case(name))
    }

    pub fn index(&self, name: &str) -> Option<&Index> {
        self.indexes
            .iter()
            .find(|i| i.index_name.eq_ignore_ascii_case(name))
    }

    pub fn primary_key(&self) -> Option<&Index> {
        self.indexes.iter().find(|i| i.kind == IndexKind::Primary)
    }

    /// COLUMN_KEY of a column: `PRI`, `UNI`, `MUL` or empty, derived as the server does.
    pub fn column_key(&self, column_name: &str) -> &'static str {
        keys::column_key(self, column_name)
    }
}
