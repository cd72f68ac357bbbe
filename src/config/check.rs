//! Checking: the relationships and names made with the config are what it asked for. Every
//! entry met a relationship of the right kind, every chosen name is the one the models got
//! and is no other relationship's name by default, and what `ignore_columns` takes away with
//! a column is said.

use super::resolve::Resolved;
use crate::catalog::Catalog;
use crate::diag::Diagnostic;
use crate::naming::{self, Names, NamingOptions};
use crate::relations::{self, Cardinality, Infer, Relations, Relationship};
use toml::Spanned;

impl Resolved<'_> {
    /// Every entry that ignores or names a relationship met one, and the names asked for fit
    /// the relationship's kind.
    pub fn check_relations(&self, relations: &Relations) -> Result<(), Diagnostic> {
        let Some(config) = self.config else {
            return Ok(());
        };
        for (entry, key) in &self.entries {
            let pool = if entry.ignored() {
                &relations.ignored
            } else {
                &relations.relationships
            };
            let Some(found) = pool.iter().find(|r| r.has_key(&key.table, &key.columns)) else {
                return Err(config.error(
                    entry.columns.span(),
                    format!(
                        "no relationship has the key `{}({})`: `modelgen inspect --relations` \
                         lists them; add `references` to make one",
                        key.table,
                        key.columns.join(", ")
                    ),
                ));
            };
            let wrong_kind = match found.cardinality {
                Cardinality::OneToOne => entry
                    .has_many
                    .as_ref()
                    .map(|n| (n, "one-to-one", "has_one")),
                Cardinality::OneToMany => entry
                    .has_one
                    .as_ref()
                    .map(|n| (n, "one-to-many", "has_many")),
            };
            if let Some((name, kind, right)) = wrong_kind {
                return Err(config.error(
                    name.span(),
                    format!(
                        "`{}({})` is {kind}: name its other side with {right}",
                        key.table,
                        key.columns.join(", ")
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Every name the config chose is the one the models got: a chosen name that another
    /// relationship has by default (so that code written against it would silently get other
    /// rows), or that meets a column accessor or another chosen name, is an error.
    pub fn check_names(
        &self,
        catalog: &Catalog,
        relations: &Relations,
        names: &Names,
    ) -> Result<(), Diagnostic> {
        let Some(config) = self.config else {
            return Ok(());
        };
        self.check_struct_names(catalog, names)?;
        let options = self.naming_options();
        let defaults = naming::name_catalog(
            catalog,
            relations,
            &NamingOptions {
                methods: Vec::new(),
                ..options.clone()
            },
        );
        for (entry, key) in &self.entries {
            let Some(position) = relations
                .relationships
                .iter()
                .position(|r| r.has_key(&key.table, &key.columns))
            else {
                continue;
            };
            let r = &relations.relationships[position];
            let got = &names.relationships[position];
            let sides = [
                (entry.belongs_to.as_ref(), &got.belongs_to, &r.table),
                (entry.reverse(), &got.reverse, &r.referenced_table),
            ];
            for (asked, got, table) in sides {
                let Some(asked) = asked else {
                    continue;
                };
                if let Some(other) =
                    default_holder(relations, &defaults, &options, position, table, asked)
                {
                    return Err(config.error(
                        asked.span(),
                        format!(
                            "`get_{}` is what {other} gets by default on {}: code written \
                             against it would get other rows; choose another name",
                            asked.get_ref(),
                            names.structs[table]
                        ),
                    ));
                }
                if asked.get_ref() != got {
                    return Err(config.error(
                        asked.span(),
                        format!(
                            "`get_{}` is taken on {} (by a column or another relationship): \
                             choose another name",
                            asked.get_ref(),
                            names.structs[table]
                        ),
                    ));
                }
            }
        }
        Ok(())
    }

    /// A chosen struct name is no other table's by default.
    fn check_struct_names(&self, catalog: &Catalog, names: &Names) -> Result<(), Diagnostic> {
        let Some(config) = self.config else {
            return Ok(());
        };
        let prefix = self.naming_options();
        for (table, name) in &self.structs {
            let other = catalog.tables.keys().find(|t| {
                *t != table && naming::struct_name(prefix.unprefixed(t)) == *name.get_ref()
            });
            if let Some(other) = other {
                return Err(config.error(
                    name.span(),
                    format!(
                        "`{}` is the struct of table `{other}` by default: choose another name",
                        name.get_ref()
                    ),
                ));
            }
            debug_assert_eq!(&names.structs[table], name.get_ref());
        }
        Ok(())
    }

    /// A warning for every relationship an ignored column takes away (its key, or the key it
    /// refers to): the column is gone from the model, and so are these methods.
    pub fn ignored_column_warnings(
        &self,
        unpruned: &Catalog,
        infer: Option<Infer>,
    ) -> Vec<Diagnostic> {
        let Some(config) = self.config else {
            return Vec::new();
        };
        if self.ignored_columns.is_empty() {
            return Vec::new();
        }
        let all = relations::derive_relations(unpruned, &self.relation_options(infer));
        let mut warnings = Vec::new();
        for (table, column, span) in &self.ignored_columns {
            let uses = |r: &&Relationship| {
                let is_it = |c: &String| c.eq_ignore_ascii_case(column);
                (r.table == *table && r.columns.iter().any(is_it))
                    || (r.referenced_table == *table && r.referenced_columns.iter().any(is_it))
            };
            for r in all.relationships.iter().filter(uses) {
                warnings.push(config.warning(
                    span.clone(),
                    format!(
                        "ignoring `{table}.{column}` drops the relationship {}({}) -> {}({}) \
                         and its methods on both sides",
                        r.table,
                        r.columns.join(", "),
                        r.referenced_table,
                        r.referenced_columns.join(", ")
                    ),
                ));
            }
        }
        warnings
    }
}

/// The relationship other than `position` whose default name on `table` is `asked`, unless
/// the config names that side too (two relationships may swap names).
fn default_holder(
    relations: &Relations,
    defaults: &Names,
    options: &NamingOptions,
    position: usize,
    table: &str,
    asked: &Spanned<String>,
) -> Option<String> {
    let asked = asked.get_ref();
    let chosen = |r: &Relationship| {
        options
            .methods
            .iter()
            .find(|m| r.has_key(&m.table, &m.columns))
    };
    relations
        .relationships
        .iter()
        .zip(&defaults.relationships)
        .enumerate()
        .filter(|(i, _)| *i != position)
        .find_map(|(_, (r, n))| {
            let named = chosen(r);
            let belongs = r.table == table
                && n.belongs_to == *asked
                && named.is_none_or(|c| c.belongs_to.is_none());
            let reverse = r.referenced_table == table
                && n.reverse == *asked
                && named.is_none_or(|c| c.reverse.is_none());
            (belongs || reverse).then(|| {
                format!(
                    "{}({}) -> {}",
                    r.table,
                    r.columns.join(", "),
                    r.referenced_table
                )
            })
        })
}
