//! `inspect --relations`: every relationship with its provenance, its generated methods and the
//! rule that named each side; then every rename with its reason, and a hint when the table
//! names share a prefix that `table_prefix` could leave out.

use super::{Names, RelationshipNames};
use crate::relations::{Cardinality, Origin, Relations, Relationship};
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

/// A struct and the methods it gets for one side of a relationship, with the rule that
/// named them.
#[derive(Debug, Serialize)]
pub struct Methods {
    #[serde(rename = "struct")]
    pub struct_name: String,
    pub methods: Vec<String>,
    pub rule: String,
}

pub fn relationship_reports<'r>(
    relations: &'r Relations,
    names: &'r Names,
) -> Vec<RelationshipReport<'r>> {
    relations
        .relationships
        .iter()
        .zip(&names.relationships)
        .map(|(r, n)| report(r, n, names))
        .collect()
}

fn report<'r>(r: &'r Relationship, n: &RelationshipNames, names: &Names) -> RelationshipReport<'r> {
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
    let (cardinality, reverse_kind) = match r.cardinality {
        Cardinality::OneToOne => ("one-to-one", "has-one"),
        Cardinality::OneToMany => ("one-to-many", "has-many"),
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
            methods: n.belongs_to_methods(),
            rule: n.belongs_to_rule.clone(),
        },
        reverse_kind,
        reverse: Methods {
            struct_name: names.structs[&r.referenced_table].clone(),
            methods: n.reverse_methods(r.cardinality),
            rule: n.reverse_rule.clone(),
        },
    }
}

/// The reports as readable text; the renames and the prefix hint last.
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
            "{}({}) -> {}({})  {}  [{origin}]",
            r.table,
            r.columns.join(", "),
            r.referenced_table,
            r.referenced_columns.join(", "),
            r.cardinality,
        );
        let _ = writeln!(
            out,
            "  {}: {}\n    named by: {}",
            r.belongs_to.struct_name,
            r.belongs_to.methods.join(", "),
            r.belongs_to.rule
        );
        let _ = writeln!(
            out,
            "  {} ({}): {}\n    named by: {}",
            r.reverse.struct_name,
            r.reverse_kind,
            r.reverse.methods.join(", "),
            r.reverse.rule
        );
    }
    for rename in &names.renames {
        let struct_name = names
            .structs
            .get(&rename.table)
            .map_or(rename.table.as_str(), String::as_str);
        let _ = writeln!(
            out,
            "renamed: {struct_name} ({}): `{}`, not `{}`: {}",
            rename.table, rename.item, rename.wanted, rename.reason
        );
    }
    if let Some(hint) = &names.prefix_hint {
        let _ = writeln!(out, "{hint}");
    }
    out
}

/// A one-line hint when most table names share a prefix ending in a separator (`llx_`, `wp_`,
/// `hs_hr_`, osTicket's `%TABLE_PREFIX%`) and no `table_prefix` is set: the longest prefix at
/// least two thirds of three or more tables share.
pub fn prefix_hint<'t>(tables: impl IntoIterator<Item = &'t str>) -> Option<String> {
    let tables: Vec<&str> = tables.into_iter().collect();
    if tables.len() < 3 {
        return None;
    }
    let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
    for table in &tables {
        // Every head that ends in a separator (`_`, `%`, ...) and leaves a name after it.
        let separators = table.char_indices().filter(|(_, c)| !c.is_alphanumeric());
        for (at, c) in separators {
            let end = at + c.len_utf8();
            if end > 1 && end < table.len() {
                *counts.entry(&table[..end]).or_default() += 1;
            }
        }
    }
    let (prefix, count) = counts
        .into_iter()
        .filter(|(_, count)| count * 3 >= tables.len() * 2)
        .max_by_key(|(prefix, count)| (prefix.len(), *count))?;
    Some(format!(
        "hint: {count} of {} table names start with `{prefix}`: `table_prefix = \"{prefix}\"` \
         in the config leaves it out of the names",
        tables.len()
    ))
}

#[cfg(test)]
mod tests {
    use super::prefix_hint;

    #[test]
    fn a_shared_prefix_gets_a_hint() {
        let hint = |tables: &[&str]| prefix_hint(tables.iter().copied());
        assert!(hint(&["llx_user", "llx_societe", "llx_facture"])
            .unwrap()
            .contains("`llx_`"));
        assert!(hint(&[
            "hs_hr_employee",
            "hs_hr_emp_skill",
            "hs_hr_country",
            "ohrm_user"
        ])
        .unwrap()
        .contains("`hs_hr_`"));
        assert!(hint(&["wp_posts", "wp_users", "wp_options", "other", "x"]).is_none());
        assert!(hint(&["wp_posts", "wp_users", "wp_options", "other"])
            .unwrap()
            .contains("3 of 4"));
        assert_eq!(hint(&["users", "posts", "user_roles"]), None);
        assert_eq!(
            hint(&["a_b", "a_c"]),
            None,
            "two tables are too few to tell"
        );
    }
}
