//! Catalog → relationships between tables: declared foreign keys, keys inferred from `*_id`
//! column names, one-to-one or one-to-many, and the order of tables (parents first).
//!
//! SPEC §3. Meaning only: names are `naming`'s job.

mod infer;

use crate::catalog::{Catalog, IndexKind, Table};
use petgraph::graph::DiGraph;
use std::collections::BTreeMap;

/// Whether `*_id` columns without a FOREIGN KEY are taken as references (`--infer`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Infer {
    #[default]
    Auto,
    Off,
}

/// One relationship: `table.columns` refer to `referenced_table.referenced_columns`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Relationship {
    /// The table holding the key (the belongs-to side).
    pub table: String,
    pub columns: Vec<String>,
    /// The table referred to (the has-one / has-many side).
    pub referenced_table: String,
    pub referenced_columns: Vec<String>,
    pub cardinality: Cardinality,
    pub origin: Origin,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Cardinality {
    /// The key's columns are exactly a PRIMARY KEY or UNIQUE key of their table.
    OneToOne,
    OneToMany,
}

/// Where a relationship comes from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Origin {
    /// A FOREIGN KEY constraint of the catalog.
    Constraint {
        name: String,
        delete_rule: String,
        update_rule: String,
    },
    /// Inferred from the column's name (`blueprint_id` → `blueprints`).
    Inferred,
    /// Added by the config file: neither a FOREIGN KEY nor a column name gives it.
    Configured,
}

impl Relationship {
    pub fn is_self_reference(&self) -> bool {
        self.table == self.referenced_table
    }
}

/// What shapes the relationships besides the catalog (the command line and the config file).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RelationOptions {
    pub infer: Infer,
    /// A prefix every table name carries (`wp_`): `post_id` also refers to `wp_posts`.
    pub table_prefix: Option<String>,
    /// Relationships to add: `table.columns` refer to `referenced_table.referenced_columns`.
    pub added: Vec<Key>,
    /// Relationships to leave out, by their table and key columns.
    pub ignored: Vec<Key>,
}

impl From<Infer> for RelationOptions {
    fn from(infer: Infer) -> RelationOptions {
        RelationOptions {
            infer,
            ..RelationOptions::default()
        }
    }
}

/// A relationship named by its key: `table.columns`, and for one to add, what they refer to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Key {
    pub table: String,
    pub columns: Vec<String>,
    pub referenced_table: String,
    pub referenced_columns: Vec<String>,
}

impl Relationship {
    /// Whether this is the relationship of `table.columns` (names compared as MySQL does).
    pub fn has_key(&self, table: &str, columns: &[String]) -> bool {
        self.table.eq_ignore_ascii_case(table) && same_columns(&self.columns, columns)
    }
}

/// The same column names in the same order, compared as MySQL compares them.
pub fn same_columns(a: &[String], b: &[String]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(a, b)| a.eq_ignore_ascii_case(b))
}

/// The relationships of a catalog and the order its tables are best created in.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Relations {
    /// Sorted by table, then columns: the same catalog gives the same list.
    pub relationships: Vec<Relationship>,
    /// Those the options left out.
    pub ignored: Vec<Relationship>,
    /// Every table, referenced tables before the tables that refer to them where the graph
    /// allows (a cycle keeps its tables together, by name).
    pub table_order: Vec<String>,
}

/// Derives every relationship of `catalog` (SPEC §3): declared, added, then inferred for the
/// `*_id` columns in neither, less the ignored.
pub fn derive_relations(catalog: &Catalog, options: &RelationOptions) -> Relations {
    let mut relationships: Vec<Relationship> = catalog
        .tables
        .values()
        .flat_map(|table| declared(catalog, table))
        .collect();
    relationships.extend(options.added.iter().filter_map(|key| added(catalog, key)));
    if options.infer == Infer::Auto {
        let prefix = options.table_prefix.as_deref().unwrap_or("");
        let inferred = infer::inferred(catalog, prefix);
        let taken = |r: &Relationship| {
            relationships
                .iter()
                .any(|o| o.has_key(&r.table, &r.columns))
        };
        let inferred: Vec<Relationship> = inferred.into_iter().filter(|r| !taken(r)).collect();
        relationships.extend(inferred);
    }
    let (mut ignored, mut relationships): (Vec<_>, Vec<_>) =
        relationships.into_iter().partition(|r| {
            options
                .ignored
                .iter()
                .any(|key| r.has_key(&key.table, &key.columns))
        });
    relationships.sort();
    ignored.sort();
    let table_order = table_order(catalog, &relationships);
    Relations {
        relationships,
        ignored,
        table_order,
    }
}

/// A relationship the config file adds, when its tables exist (the config checks the rest).
fn added(catalog: &Catalog, key: &Key) -> Option<Relationship> {
    let table = catalog.table(&key.table)?;
    let referenced = catalog.table(&key.referenced_table)?;
    Some(Relationship {
        table: table.table_name.clone(),
        columns: key.columns.clone(),
        referenced_table: referenced.table_name.clone(),
        referenced_columns: key.referenced_columns.clone(),
        cardinality: cardinality(table, &key.columns),
        origin: Origin::Configured,
    })
}

fn declared<'c>(catalog: &'c Catalog, table: &'c Table) -> impl Iterator<Item = Relationship> + 'c {
    table
        .foreign_keys
        .iter()
        .filter(|fk| catalog.table(&fk.referenced_table_name).is_some())
        .map(|fk| Relationship {
            table: table.table_name.clone(),
            columns: fk.columns.clone(),
            referenced_table: fk.referenced_table_name.clone(),
            referenced_columns: fk.referenced_columns.clone(),
            cardinality: cardinality(table, &fk.columns),
            origin: Origin::Constraint {
                name: fk.constraint_name.clone(),
                delete_rule: fk.delete_rule.clone(),
                update_rule: fk.update_rule.clone(),
            },
        })
}

/// One-to-one when the columns are exactly those of the primary key or of a unique index.
pub(crate) fn cardinality(table: &Table, columns: &[String]) -> Cardinality {
    let same = |index_columns: Vec<&str>| {
        index_columns.len() == columns.len()
            && columns
                .iter()
                .all(|c| index_columns.iter().any(|i| i.eq_ignore_ascii_case(c)))
    };
    let unique = table
        .indexes
        .iter()
        .filter(|i| matches!(i.kind, IndexKind::Primary | IndexKind::Unique));
    if unique
        .into_iter()
        .any(|i| same(i.columns.iter().map(|p| p.column_name.as_str()).collect()))
    {
        Cardinality::OneToOne
    } else {
        Cardinality::OneToMany
    }
}

/// Tables ordered parents first: the strongly connected components of the reference graph
/// (petgraph's Tarjan gives them children first), each component's tables by name.
fn table_order(catalog: &Catalog, relationships: &[Relationship]) -> Vec<String> {
    let mut graph = DiGraph::<&str, ()>::new();
    let nodes: BTreeMap<&str, _> = catalog
        .tables
        .keys()
        .map(|name| (name.as_str(), graph.add_node(name.as_str())))
        .collect();
    for r in relationships.iter().filter(|r| !r.is_self_reference()) {
        // An edge from the child to its parent: Tarjan lists a component after those it
        // points to, so parents come first.
        graph.add_edge(
            nodes[r.table.as_str()],
            nodes[r.referenced_table.as_str()],
            (),
        );
    }
    petgraph::algo::tarjan_scc(&graph)
        .into_iter()
        .flat_map(|mut component| {
            component.sort_by_key(|n| graph[*n]);
            component
                .into_iter()
                .map(|n| graph[n].to_string())
                .collect::<Vec<_>>()
        })
        .collect()
}

#[cfg(test)]
mod tests;
