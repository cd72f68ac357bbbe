//! Resolving: every table and column the config names looked up in the catalog (spelled as
//! the catalog spells them), and turned into the options of the later stages.

use super::did_you_mean;
use super::read::{Config, Entry, FindersSetting, InferSetting};
use crate::catalog::{Catalog, Column, Table};
use crate::diag::Diagnostic;
use crate::naming::{self, ChosenNames, Finders, NamingOptions};
use crate::relations::{cardinality, same_columns, Cardinality, Infer, Key, RelationOptions};
use std::collections::BTreeMap;
use std::ops::Range;
use toml::Spanned;

/// The config checked against a catalog: every name it holds is the catalog's.
#[derive(Debug, Clone, Default)]
pub struct Resolved<'c> {
    pub(super) config: Option<&'c Config>,
    infer: Option<Infer>,
    table_prefix: Option<String>,
    finders: Finders,
    /// (table, column) of `ignore_columns`, with the place of each in the file.
    pub(super) ignored_columns: Vec<(String, String, Range<usize>)>,
    /// Table → the struct name chosen for it, with the name's place in the file.
    pub(super) structs: BTreeMap<String, Spanned<String>>,
    /// Each entry with its table and columns as the catalog spells them.
    pub(super) entries: Vec<(&'c Entry, Key)>,
}

impl Config {
    /// Checks every table and column the config names against `catalog`.
    pub fn resolve(&self, catalog: &Catalog) -> Result<Resolved<'_>, Diagnostic> {
        let settings = &self.settings;
        let mut resolved = Resolved {
            config: Some(self),
            infer: settings.infer.map(|i| match i {
                InferSetting::Auto => Infer::Auto,
                InferSetting::Off => Infer::Off,
            }),
            table_prefix: self.table_prefix()?,
            finders: match settings.finders {
                Some(FindersSetting::All) => Finders::All,
                Some(FindersSetting::Indexed) | None => Finders::Indexed,
            },
            ..Resolved::default()
        };
        for column in &settings.ignore_columns {
            let (table, column_name) = self.ignorable_column(catalog, column)?;
            resolved
                .ignored_columns
                .push((table, column_name, column.span()));
        }
        for (table, name) in &settings.structs {
            let table = self.table(catalog, table.get_ref(), table.span())?;
            self.check_struct_name(name)?;
            if let Some((other, _)) = resolved.structs.iter().find(|(_, n)| *n == name) {
                return Err(self.error(
                    name.span(),
                    format!("`{}` is chosen for table `{other}` too", name.get_ref()),
                ));
            }
            resolved
                .structs
                .insert(table.table_name.clone(), name.clone());
        }
        let pruned = resolved.prune(catalog.clone());
        for entry in &settings.relationships {
            let key = self.entry_key(&pruned, entry)?;
            resolved.entries.push((entry, key));
        }
        Ok(resolved)
    }

    fn table_prefix(&self) -> Result<Option<String>, Diagnostic> {
        let Some(prefix) = &self.settings.table_prefix else {
            return Ok(None);
        };
        if prefix.get_ref().is_empty() {
            return Err(self.error(prefix.span(), "table_prefix is empty"));
        }
        Ok(Some(prefix.get_ref().clone()))
    }

    /// A chosen struct name: UpperCamelCase ASCII, and no name of Rust or of the runtime.
    fn check_struct_name(&self, name: &Spanned<String>) -> Result<(), Diagnostic> {
        let wanted = name.get_ref();
        let camel = naming::type_name(wanted);
        if camel != *wanted {
            return Err(self.error(
                name.span(),
                format!("`{wanted}` is not an UpperCamelCase name: try `{camel}`"),
            ));
        }
        if naming::is_taken_type(wanted) {
            return Err(self.error(
                name.span(),
                format!("`{wanted}` is a name of Rust or of modelgen's runtime: choose another"),
            ));
        }
        Ok(())
    }

    /// `"table.column"` of `ignore_columns`, if a model can do without it: not in the primary
    /// key, and an INSERT that leaves it out still works.
    fn ignorable_column(
        &self,
        catalog: &Catalog,
        name: &Spanned<String>,
    ) -> Result<(String, String), Diagnostic> {
        let span = name.span();
        let Some((table_name, column_name)) = name.get_ref().rsplit_once('.') else {
            return Err(self.error(span, "write an ignored column as \"table.column\""));
        };
        let table = self.table(catalog, table_name, span.clone())?;
        let column = self.column(table, column_name, span.clone())?;
        let in_primary_key = table.primary_key().is_some_and(|k| {
            k.columns
                .iter()
                .any(|p| p.column_name == column.column_name)
        });
        if in_primary_key {
            return Err(self.error(
                span,
                format!("`{table_name}.{column_name}` is in the primary key: a model needs it"),
            ));
        }
        let insertable = column.is_nullable
            || column.column_default.is_some()
            || column.is_auto_increment()
            || column.extra.contains("GENERATED");
        if !insertable {
            return Err(self.error(
                span,
                format!(
                    "`{table_name}.{column_name}` is NOT NULL without a DEFAULT: a model that \
                     leaves it out could not insert a row"
                ),
            ));
        }
        Ok((table.table_name.clone(), column.column_name.clone()))
    }

    /// A `[[relationships]]` entry's key, its names checked against the catalog (`pruned`: less
    /// the ignored columns).
    fn entry_key(&self, pruned: &Catalog, entry: &Entry) -> Result<Key, Diagnostic> {
        let table = self.table(pruned, entry.table.get_ref(), entry.table.span())?;
        let columns = self.columns(table, &entry.columns)?;
        let mut key = Key {
            table: table.table_name.clone(),
            columns,
            ..Key::default()
        };
        self.check_entry_shape(entry)?;
        if let Some(references) = &entry.references {
            let declared = table.foreign_keys.iter();
            if let Some(fk) = declared
                .into_iter()
                .find(|fk| same_columns(&fk.columns, &key.columns))
            {
                return Err(self.error(
                    references.span(),
                    format!(
                        "`{}` has FOREIGN KEY `{}` on these columns already: leave out \
                         `references`",
                        key.table, fk.constraint_name
                    ),
                ));
            }
            let target = self.table(pruned, references.get_ref(), references.span())?;
            key.referenced_table = target.table_name.clone();
            key.referenced_columns = self.referenced_columns(table, target, entry, &key)?;
        }
        Ok(key)
    }

    /// What cannot go together in one entry.
    fn check_entry_shape(&self, entry: &Entry) -> Result<(), Diagnostic> {
        if let (Some(many), Some(_)) = (&entry.has_many, &entry.has_one) {
            return Err(self.error(
                many.span(),
                "has_many and has_one together: a relationship is one or the other",
            ));
        }
        if let Some(columns) = &entry.referenced_columns {
            if entry.references.is_none() {
                return Err(self.error(columns.span(), "referenced_columns without references"));
            }
        }
        if entry.ignored() {
            let named = [
                entry.references.as_ref(),
                entry.belongs_to.as_ref(),
                entry.reverse(),
            ]
            .into_iter()
            .flatten()
            .next();
            if let Some(named) = named {
                return Err(self.error(
                    named.span(),
                    "an ignored relationship has nothing to add or name: leave out `ignore`, or this",
                ));
            }
        }
        for name in [&entry.belongs_to, &entry.has_many, &entry.has_one]
            .into_iter()
            .flatten()
        {
            self.check_method_stem(name)?;
        }
        Ok(())
    }

    /// A chosen stem makes `get_<stem>`: it must be a snake_case ASCII identifier.
    fn check_method_stem(&self, name: &Spanned<String>) -> Result<(), Diagnostic> {
        let stem = name.get_ref();
        let snake = naming::snake(stem);
        if *stem != snake || naming::identifier(stem) != *stem || stem.starts_with('_') {
            return Err(self.error(
                name.span(),
                format!("`{stem}` is not a snake_case name: try `{snake}`"),
            ));
        }
        Ok(())
    }

    /// The columns an added relationship refers to: those given, or the primary key; a
    /// PRIMARY KEY or UNIQUE key of `target`, as many as the key has, of like types.
    fn referenced_columns(
        &self,
        table: &Table,
        target: &Table,
        entry: &Entry,
        key: &Key,
    ) -> Result<Vec<String>, Diagnostic> {
        let references = entry.references.as_ref().expect("an entry that adds");
        let (columns, span) = match &entry.referenced_columns {
            Some(given) => (self.columns(target, given)?, given.span()),
            None => {
                let Some(primary) = target.primary_key() else {
                    return Err(self.error(
                        references.span(),
                        format!(
                            "`{}` has no primary key: name the columns with referenced_columns",
                            target.table_name
                        ),
                    ));
                };
                let columns = primary.columns.iter().map(|p| p.column_name.clone());
                (columns.collect(), references.span())
            }
        };
        if columns.len() != key.columns.len() {
            return Err(self.error(
                span,
                format!(
                    "{} column(s) refer to {} column(s) of `{}`",
                    key.columns.len(),
                    columns.len(),
                    target.table_name
                ),
            ));
        }
        if cardinality(target, &columns) != Cardinality::OneToOne {
            return Err(self.error(
                span,
                format!(
                    "`{}({})` is not a PRIMARY KEY or UNIQUE key: a belongs-to must find one row",
                    target.table_name,
                    columns.join(", ")
                ),
            ));
        }
        for (own, referenced) in key.columns.iter().zip(&columns) {
            let own = table.column(own).expect("resolved");
            let referenced = target.column(referenced).expect("resolved");
            if !like_types(own, referenced) {
                return Err(self.error(
                    span,
                    format!(
                        "`{}.{}` ({}) cannot hold the values of `{}.{}` ({})",
                        table.table_name,
                        own.column_name,
                        own.column_type,
                        target.table_name,
                        referenced.column_name,
                        referenced.column_type
                    ),
                ));
            }
        }
        Ok(columns)
    }

    fn table<'a>(
        &self,
        catalog: &'a Catalog,
        name: &str,
        span: Range<usize>,
    ) -> Result<&'a Table, Diagnostic> {
        catalog.table(name).ok_or_else(|| {
            let hint = did_you_mean(name, catalog.tables.keys().map(String::as_str));
            self.error(span, format!("no table `{name}` in the schema{hint}"))
        })
    }

    fn column<'a>(
        &self,
        table: &'a Table,
        name: &str,
        span: Range<usize>,
    ) -> Result<&'a Column, Diagnostic> {
        table.column(name).ok_or_else(|| {
            let names = table.columns.iter().map(|c| c.column_name.as_str());
            let hint = did_you_mean(name, names);
            self.error(
                span,
                format!("no column `{name}` in `{}`{hint}", table.table_name),
            )
        })
    }

    /// The columns of `names`, as `table` spells them.
    fn columns(
        &self,
        table: &Table,
        names: &Spanned<Vec<String>>,
    ) -> Result<Vec<String>, Diagnostic> {
        if names.get_ref().is_empty() {
            return Err(self.error(names.span(), "no columns"));
        }
        names
            .get_ref()
            .iter()
            .map(|name| {
                let column = self.column(table, name, names.span())?;
                Ok(column.column_name.clone())
            })
            .collect()
    }
}

impl Resolved<'_> {
    /// `--infer` when given, else the config's, else auto.
    pub fn relation_options(&self, infer: Option<Infer>) -> RelationOptions {
        // An entry with `references` adds; one with `ignore` leaves out (never both).
        let keys = |wanted: fn(&Entry) -> bool| {
            self.entries
                .iter()
                .filter(|(entry, _)| wanted(entry))
                .map(|(_, key)| key.clone())
                .collect()
        };
        RelationOptions {
            infer: infer.or(self.infer).unwrap_or_default(),
            table_prefix: self.table_prefix.clone(),
            added: keys(|entry| entry.references.is_some()),
            ignored: keys(Entry::ignored),
        }
    }

    pub fn naming_options(&self) -> NamingOptions {
        NamingOptions {
            table_prefix: self.table_prefix.clone(),
            methods: self
                .entries
                .iter()
                .filter(|(entry, _)| entry.belongs_to.is_some() || entry.reverse().is_some())
                .map(|(entry, key)| ChosenNames {
                    table: key.table.clone(),
                    columns: key.columns.clone(),
                    belongs_to: entry.belongs_to.as_ref().map(|n| n.get_ref().clone()),
                    reverse: entry.reverse().map(|n| n.get_ref().clone()),
                })
                .collect(),
            structs: self
                .structs
                .iter()
                .map(|(table, name)| (table.clone(), name.get_ref().clone()))
                .collect(),
            finders: self.finders,
        }
    }

    /// `catalog` without the ignored columns: gone from the table, with the keys, indexes and
    /// CHECKs that use them.
    pub fn prune(&self, mut catalog: Catalog) -> Catalog {
        for (table_name, column_name, _) in &self.ignored_columns {
            let is_it = |c: &String| c.eq_ignore_ascii_case(column_name);
            for table in catalog.tables.values_mut() {
                table.foreign_keys.retain(|fk| {
                    !(fk.referenced_table_name == *table_name
                        && fk.referenced_columns.iter().any(is_it))
                });
            }
            let Some(table) = catalog.tables.get_mut(table_name) else {
                continue;
            };
            table.columns.retain(|c| !is_it(&c.column_name));
            table
                .indexes
                .retain(|i| !i.columns.iter().any(|p| is_it(&p.column_name)));
            table
                .foreign_keys
                .retain(|fk| !fk.columns.iter().any(is_it));
            table.checks.retain(|c| {
                !c.column_name.as_ref().is_some_and(is_it) && !mentions(&c.clause, column_name)
            });
        }
        catalog
    }
}

/// Whether the expression `clause` names `column` (bare or quoted).
fn mentions(clause: &str, column: &str) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    clause.contains(&format!("`{column}`"))
        || clause
            .split(|c: char| !word(c))
            .any(|w| w.eq_ignore_ascii_case(column))
}

/// Integers hold each other's values (the models convert them); other types must be alike.
fn like_types(a: &Column, b: &Column) -> bool {
    let text = |t: &str| matches!(t, "char" | "varchar");
    let bytes = |t: &str| matches!(t, "binary" | "varbinary");
    let (x, y) = (a.data_type.as_str(), b.data_type.as_str());
    x == y || (a.is_integer() && b.is_integer()) || (text(x) && text(y)) || (bytes(x) && bytes(y))
}
