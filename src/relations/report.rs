//! `inspect --relations`: every relationship with its provenance and generated method names.

use super::{Cardinality, Origin, Relations};
use crate::naming::Names;
use serde::Serialize;
use std::fmt::Write;

/// One relationship as `inspect --relations --format json` prints it.
#[derive(Debug, Serialize)]
pub struct RelationshipReport<'r> {
    pub table: &'r str,
    pub columns: &'r [String],
    pub referenced_table: &'r str,
    pub referenced_columns: &'r [String],
    /// `one-to-one` or `one-to-many`.
    pub cardinality: &'static str,
    /// The constraint's name, or `null` when inferred or configured.
    pub constraint: Option<&'r str>,
    /// `constraint`, `inferred` (from the column name) or `configured` (added by the config
    /// file).
    pub origin: &'static str,
    pub inferred: bool,
    pub on_delete: Option<&'r str>,
    pub on_update: Option<&'r str>,
    pub belongs_to: Methods,
    /// `has-one` or `has-many`, on the referenced table's struct.
    pub reverse_kind: &'static str,
    pub reverse: Methods,
}

/// A struct and the methods it gets for one side of a relationship.
#[derive(Debug, Serialize)]
pub struct Methods {
    #[serde(rename = "struct")]
    pub struct_name: String,
    pub methods: Vec<String>,
}

pub fn relationship_reports<'r>(
    relations: &'r Relations,
    names: &'r Names,
) -> Vec<RelationshipReport<'r>> {
    relations
        .relationships
        .iter()
        .zip(&names.relationships)
        .map(|(r, n)| {
            let (constraint, on_delete, on_update) = match &r.origin {
                Origin::Constraint {
                    name,
                    delete_rule,
                    update_rule,
                } => (
                    Some(name.as_str()),
                    Some(delete_rule.as_str()),
                    Some(update_rule.as_str()),
                ),
                Origin::Inferred | Origin::Configured => (None, None, None),
            };
            let (cardinality, reverse_kind, reverse_methods) = match r.cardinality {
                Cardinality::OneToOne => {
                    ("one-to-one", "has-one", vec![format!("get_{}", n.reverse)])
                }
                Cardinality::OneToMany => (
                    "one-to-many",
                    "has-many",
                    vec![
                        format!("get_{}", n.reverse),
                        format!("get_{}_lazy", n.reverse),
                        format!("add_{}", n.reverse_one),
                    ],
                ),
            };
            RelationshipReport {
                table: &r.table,
                columns: &r.columns,
                referenced_table: &r.referenced_table,
                referenced_columns: &r.referenced_columns,
                cardinality,
                constraint,
                origin: match r.origin {
                    Origin::Constraint { .. } => "constraint",
                    Origin::Inferred => "inferred",
                    Origin::Configured => "configured",
                },
                inferred: r.origin == Origin::Inferred,
                on_delete,
                on_update,
                belongs_to: Methods {
                    struct_name: names.structs[&r.table].clone(),
                    methods: vec![
                        format!("get_{}", n.belongs_to),
                        format!("set_{}", n.belongs_to),
                    ],
                },
                reverse_kind,
                reverse: Methods {
                    struct_name: names.structs[&r.referenced_table].clone(),
                    methods: reverse_methods,
                },
            }
        })
        .collect()
}

/// The reports as readable text, renames last.
pub fn relations_text(reports: &[RelationshipReport], names: &Names) -> String {
    let mut out = String::new();
    for r in reports {
        let origin = match (r.constraint, r.on_delete) {
            (Some(name), Some(rule)) => format!("constraint {name}, ON DELETE {rule}"),
            _ if r.inferred => "inferred from the column name".to_string(),
            _ => "added by the config file".to_string(),
        };
        let _ = writeln!(
            out,
            "{}({}) -> {}({})  {}  [{origin}]\n  {}: {}\n  {} ({}): {}",
            r.table,
            r.columns.join(", "),
            r.referenced_table,
            r.referenced_columns.join(", "),
            r.cardinality,
            r.belongs_to.struct_name,
            r.belongs_to.methods.join(", "),
            r.reverse.struct_name,
            r.reverse_kind,
            r.reverse.methods.join(", ")
        );
    }
    for rename in &names.renames {
        let _ = writeln!(out, "renamed: {rename}");
    }
    out
}
