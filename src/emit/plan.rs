//! What the emitter needs to know of one table, gathered once: its columns with their Rust
//! names and types, its primary key, its finders and its relationships on both sides.

use super::code::Expr;
use super::types::{default_value, rust_type, RustType};
use crate::catalog::Rule;
use crate::catalog::{Catalog, Column, IndexKind, Table};
use crate::naming::{self, Names, RelationshipNames, Rename};
use crate::relations::{Relations, Relationship};

/// One table as a model.
#[derive(Debug)]
pub struct Model<'a> {
    pub table: &'a Table,
    pub name: &'a str,
    pub fields: Vec<Field<'a>>,
    /// Positions of the primary key's columns, in the key's order.
    pub key: Vec<usize>,
    pub finders: Vec<Finder>,
    /// Relationships this table's key columns make (belongs-to).
    pub parents: Vec<Link<'a>>,
    /// Relationships other tables' keys make to this one (has-one / has-many).
    pub children: Vec<Link<'a>>,
    /// A save reads the row back: the server makes some values (expression defaults, generated
    /// columns, ON UPDATE).
    pub rereads: bool,
    /// Why the table's CHECKs cannot be read (the generated tests cannot sample it).
    pub unreadable_check: Option<String>,
    /// The names of this model that are not the ones their rule gave.
    pub renames: Vec<&'a Rename>,
}

/// One column as a field.
#[derive(Debug)]
pub struct Field<'a> {
    pub column: &'a Column,
    pub index: usize,
    /// `get_<stem>`, `set_<stem>`, `find_by_<stem>`.
    pub stem: String,
    /// The struct field.
    pub field: String,
    /// Its `Column` constant (SPEC §9).
    pub constant: String,
    pub ty: RustType,
    /// The DDL default as Rust, when Rust can write it.
    pub default: Option<Expr>,
    /// The server fills it when it is not written: AUTO_INCREMENT, or a default Rust cannot
    /// write.
    pub server_made: bool,
    /// A generated column: read, never written.
    pub generated: bool,
    /// NOT NULL, without default, not made by the server: a new record must set it.
    pub required: bool,
    /// What the table's CHECKs ask of the column's values.
    pub check: Option<Rule>,
}

/// A SELECT by some columns: `find`, a `find_by_*`, or the query of a relationship.
#[derive(Debug, Clone, PartialEq)]
pub struct Finder {
    pub columns: Vec<usize>,
    /// `find_by_<stem>`; the primary key's finder is `find`.
    pub stem: String,
    /// At most one row: the columns are a PRIMARY KEY or UNIQUE key.
    pub unique: bool,
}

/// One relationship seen from one of its tables.
#[derive(Debug, Clone, Copy)]
pub struct Link<'a> {
    pub relationship: &'a Relationship,
    pub names: &'a RelationshipNames,
    /// Positions in the list of models of the table referred to and of the one holding the key.
    pub parent: usize,
    pub child: usize,
}

impl Link<'_> {
    pub fn origin_text(&self) -> String {
        match &self.relationship.origin {
            crate::relations::Origin::Constraint {
                name, delete_rule, ..
            } => {
                format!("constraint `{name}`, ON DELETE {delete_rule}")
            }
            crate::relations::Origin::Inferred => "inferred from the column name".to_string(),
            crate::relations::Origin::Configured => "added by the config file".to_string(),
        }
    }
}

impl Model<'_> {
    /// The doc line of a renamed item (struct, method, constant), saying why.
    pub fn rename_doc(&self, item: &str) -> Option<String> {
        self.renames
            .iter()
            .find(|r| r.item == item)
            .map(|r| r.doc())
    }

    pub fn has_key(&self) -> bool {
        !self.key.is_empty()
    }

    /// Positions of a relationship's key columns in this table.
    pub fn positions(&self, columns: &[String]) -> Vec<usize> {
        columns
            .iter()
            .map(|c| {
                self.table
                    .column_position(c)
                    .expect("a relationship's column")
            })
            .collect()
    }
}

/// Every table of the catalog as a model, parents first.
pub fn plan<'a>(
    catalog: &'a Catalog,
    relations: &'a Relations,
    names: &'a Names,
) -> Vec<Model<'a>> {
    let mut models: Vec<Model<'a>> = relations
        .table_order
        .iter()
        .map(|t| model(&catalog.tables[t], names))
        .collect();
    let position: std::collections::HashMap<&str, usize> = models
        .iter()
        .enumerate()
        .map(|(i, m)| (m.table.table_name.as_str(), i))
        .collect();
    for (relationship, names) in relations.relationships.iter().zip(&names.relationships) {
        let parent = position[relationship.referenced_table.as_str()];
        let child = position[relationship.table.as_str()];
        let link = Link {
            relationship,
            names,
            parent,
            child,
        };
        models[child].parents.push(link);
        models[parent].children.push(link);
    }
    models
}

fn model<'a>(table: &'a Table, names: &'a Names) -> Model<'a> {
    let struct_name = &names.structs[&table.table_name];
    let column_names = &names.columns[&table.table_name];
    let (rules, unreadable_check) = match table.check_rules() {
        Ok(rules) => (rules, None),
        Err(reason) => (Default::default(), Some(reason)),
    };
    let fields: Vec<Field> = table
        .columns
        .iter()
        .zip(column_names)
        .enumerate()
        .map(|(index, (column, n))| {
            let enum_name = names
                .enums
                .get(&(table.table_name.clone(), column.column_name.clone()));
            let json = table.checks.iter().any(|c| {
                c.json_valid
                    && c.column_name
                        .as_deref()
                        .is_some_and(|n| n.eq_ignore_ascii_case(&column.column_name))
            });
            let mut ty = rust_type(column, enum_name.map(String::as_str), json);
            let default = default_value(column, &ty, naming_variant(column));
            let generated = column.extra.to_ascii_uppercase().contains("GENERATED");
            let server_made = column.is_auto_increment()
                || (column.column_default.is_some() && default.is_none() && !generated);
            // A value only the server can make is unknown until the row is inserted.
            ty.optional |= server_made;
            let required = !column.is_nullable
                && column.column_default.is_none()
                && !column.is_auto_increment()
                && !generated;
            Field {
                column,
                index,
                stem: n.stem.clone(),
                field: n.field.clone(),
                constant: n.constant.clone(),
                ty,
                default,
                server_made,
                generated,
                required,
                check: rules.get(&index).cloned(),
            }
        })
        .collect();
    let key: Vec<usize> = table
        .primary_key()
        .map(|pk| {
            pk.columns
                .iter()
                .filter_map(|p| table.column_position(&p.column_name))
                .collect()
        })
        .unwrap_or_default();
    let rereads = fields.iter().any(|f| {
        f.generated
            || (f.server_made && !f.column.is_auto_increment())
            || f.column.extra.to_ascii_lowercase().contains("on update")
    }) && !key.is_empty();
    let mut model = Model {
        table,
        name: struct_name,
        fields,
        key: key.clone(),
        finders: Vec::new(),
        parents: Vec::new(),
        children: Vec::new(),
        rereads,
        unreadable_check,
        renames: names
            .renames
            .iter()
            .filter(|r| r.table == table.table_name)
            .collect(),
    };
    if !key.is_empty() {
        model.finders.push(Finder {
            columns: key,
            stem: String::new(),
            unique: true,
        });
    }
    // Naming chose which columns get finders (indexed ones, and every relationship's keys).
    for finder in &names.finders[&table.table_name] {
        let columns = model.positions(&finder.columns);
        model.finders.push(Finder {
            unique: is_unique(table, &columns),
            columns,
            stem: finder.stem.clone(),
        });
    }
    model
}

/// The variant of an ENUM column's value, as `naming` makes them (deduplicated like the enum).
fn naming_variant(column: &Column) -> impl Fn(&str) -> String + '_ {
    move |value| {
        let values = crate::catalog::enum_values(&column.column_type);
        let variants = super::enums::variants(&values);
        values
            .iter()
            .position(|v| v == value || v.eq_ignore_ascii_case(value))
            .map(|i| variants[i].clone())
            .unwrap_or_else(|| naming::variant_name(value))
    }
}

/// Are `columns` exactly the columns of a PRIMARY KEY or UNIQUE key (whole columns)?
fn is_unique(table: &Table, columns: &[usize]) -> bool {
    table
        .indexes
        .iter()
        .filter(|i| matches!(i.kind, IndexKind::Primary | IndexKind::Unique))
        .any(|index| {
            index.columns.len() == columns.len()
                && index.columns.iter().all(|part| {
                    part.prefix.is_none()
                        && table
                            .column_position(&part.column_name)
                            .is_some_and(|p| columns.contains(&p))
                })
        })
}
