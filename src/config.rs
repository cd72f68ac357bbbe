//! The config file (`--config FILE`, or `modelgen.toml` beside the inputs): what the schema
//! cannot say. Inference on or off, a table prefix, relationships to add or leave out,
//! columns to leave out, and method names of one's own (SPEC §3, PRD OQ1).
//!
//! ```toml
//! infer = "auto"                 # or "off"; --infer wins
//! table_prefix = "wp_"           # wp_posts → Post, get_posts; post_id → wp_posts
//! ignore_columns = ["players.legacy_flags"]
//!
//! [[relationships]]              # one the schema does not give
//! table = "mobiles"
//! columns = ["owner_id"]
//! references = "players"         # its primary key, or referenced_columns = ["id"]
//! belongs_to = "owner"           # Mobile::get_owner, set_owner
//! has_many = "owned_mobiles"     # Player::get_owned_mobiles, _lazy, add_owned_mobile
//!
//! [[relationships]]              # one to leave out
//! table = "trades"
//! columns = ["previous_trade_id"]
//! ignore = true
//! ```
//!
//! Reading checks the file's shape (unknown keys are errors); [`Config::resolve`] checks it
//! against the catalog, and the relationships and names made with it are checked against what
//! it asked for. Every error points into the file.

use crate::catalog::{Catalog, Column, Table};
use crate::diag::{Diagnostic, Location};
use crate::naming::{self, ChosenNames, Names, NamingOptions};
use crate::relations::{
    cardinality, same_columns, Cardinality, Infer, Key, RelationOptions, Relations,
};
use serde::Deserialize;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The name modelgen looks for beside the inputs.
pub const FILE_NAME: &str = "modelgen.toml";

/// A config file as read: its text (for diagnostics) and its settings.
#[derive(Debug, Clone, Default)]
pub struct Config {
    path: PathBuf,
    text: String,
    settings: Settings,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Settings {
    infer: Option<InferSetting>,
    table_prefix: Option<Spanned<String>>,
    #[serde(default)]
    ignore_columns: Vec<Spanned<String>>,
    #[serde(default)]
    relationships: Vec<Entry>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
enum InferSetting {
    Auto,
    Off,
}

/// One `[[relationships]]` table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    table: Spanned<String>,
    columns: Spanned<Vec<String>>,
    references: Option<Spanned<String>>,
    referenced_columns: Option<Spanned<Vec<String>>>,
    ignore: Option<Spanned<bool>>,
    belongs_to: Option<Spanned<String>>,
    has_many: Option<Spanned<String>>,
    has_one: Option<Spanned<String>>,
}

impl Entry {
    fn ignored(&self) -> bool {
        self.ignore.as_ref().is_some_and(|i| *i.get_ref())
    }

    fn reverse(&self) -> Option<&Spanned<String>> {
        self.has_many.as_ref().or(self.has_one.as_ref())
    }
}

/// The config checked against a catalog: every name it holds is the catalog's.
#[derive(Debug, Clone, Default)]
pub struct Resolved<'c> {
    config: Option<&'c Config>,
    infer: Option<Infer>,
    table_prefix: Option<String>,
    /// (table, column) of `ignore_columns`.
    ignored_columns: Vec<(String, String)>,
    /// Each entry with its table and columns as the catalog spells them.
    entries: Vec<(&'c Entry, Key)>,
}

impl Config {
    /// Reads and checks the shape of the config file at `path`.
    pub fn read(path: &Path) -> Result<Config, Diagnostic> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Diagnostic::error(None, format!("cannot read {}: {e}", path.display())))?;
        Config::parse(path, &text)
    }

    /// The config in `text` (named `path` in diagnostics).
    pub fn parse(path: &Path, text: &str) -> Result<Config, Diagnostic> {
        let mut config = Config {
            path: path.to_path_buf(),
            text: text.to_string(),
            settings: Settings::default(),
        };
        config.settings = toml::from_str(text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            config.error(span, e.message().trim_end())
        })?;
        Ok(config)
    }

    /// `modelgen.toml` in the folder holding an input (`db/` for `db/schema.sql` and for
    /// `db/migrations`), when there is one; two different ones are an error.
    pub fn find_beside(inputs: &[PathBuf]) -> Result<Option<PathBuf>, Diagnostic> {
        let mut found: Option<PathBuf> = None;
        for input in inputs {
            let folder = input.parent().unwrap_or(Path::new(""));
            let candidate = folder.join(FILE_NAME);
            if !candidate.is_file() {
                continue;
            }
            match &found {
                Some(first) if !crate::same_file(first, &candidate) => {
                    return Err(Diagnostic::error(
                        None,
                        format!(
                            "two config files beside the inputs, {} and {}: choose one with --config",
                            first.display(),
                            candidate.display()
                        ),
                    ));
                }
                Some(_) => {}
                None => found = Some(candidate),
            }
        }
        Ok(found)
    }

    /// The config of a run: `explicit` (`--config`) when given, else the one beside the inputs,
    /// if any.
    pub fn for_inputs(
        explicit: Option<&Path>,
        inputs: &[PathBuf],
    ) -> Result<Option<Config>, Diagnostic> {
        let path = match explicit {
            Some(path) => Some(path.to_path_buf()),
            None => Config::find_beside(inputs)?,
        };
        path.map(|path| Config::read(&path)).transpose()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Checks every table and column the config names against `catalog`.
    pub fn resolve(&self, catalog: &Catalog) -> Result<Resolved<'_>, Diagnostic> {
        let mut resolved = Resolved {
            config: Some(self),
            infer: self.settings.infer.map(|i| match i {
                InferSetting::Auto => Infer::Auto,
                InferSetting::Off => Infer::Off,
            }),
            table_prefix: self.table_prefix()?,
            ..Resolved::default()
        };
        for column in &self.settings.ignore_columns {
            resolved
                .ignored_columns
                .push(self.ignorable_column(catalog, column)?);
        }
        let pruned = resolved.prune(catalog.clone());
        for entry in &self.settings.relationships {
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

    /// A chosen stem makes `get_<stem>`: it must be a snake_case identifier.
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

    /// An error at `span` of the file, with its line shown.
    fn error(&self, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        let before = &self.text[..span.start.min(self.text.len())];
        let line = before.matches('\n').count() as u32 + 1;
        let line_start = before.rfind('\n').map_or(0, |at| at + 1);
        let column = before[line_start..].chars().count() as u32 + 1;
        let location = Location {
            path: self.path.clone(),
            line,
            column,
        };
        Diagnostic::error(Some(location), message).with_excerpt_from(&self.text, 1, 1)
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
        }
    }

    /// `catalog` without the ignored columns: gone from the table, with the keys, indexes and
    /// CHECKs that use them.
    pub fn prune(&self, mut catalog: Catalog) -> Catalog {
        for (table_name, column_name) in &self.ignored_columns {
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

    /// Every name the config chose is the one the models got: a chosen name that meets a
    /// column accessor or another chosen name is an error, not a silent rename.
    pub fn check_names(&self, relations: &Relations, names: &Names) -> Result<(), Diagnostic> {
        let Some(config) = self.config else {
            return Ok(());
        };
        for (entry, key) in &self.entries {
            let Some(position) = relations
                .relationships
                .iter()
                .position(|r| r.has_key(&key.table, &key.columns))
            else {
                continue;
            };
            let got = &names.relationships[position];
            let relationship = &relations.relationships[position];
            let sides = [
                (
                    entry.belongs_to.as_ref(),
                    &got.belongs_to,
                    &relationship.table,
                ),
                (
                    entry.reverse(),
                    &got.reverse,
                    &relationship.referenced_table,
                ),
            ];
            for (asked, got, table) in sides {
                if let Some(asked) = asked.filter(|a| a.get_ref() != got) {
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

/// `; did you mean `x`?` for the closest of `names`, when one is close.
fn did_you_mean<'a>(name: &str, names: impl Iterator<Item = &'a str>) -> String {
    names
        .map(|candidate| (strsim::jaro_winkler(name, candidate), candidate))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| format!("; did you mean `{candidate}`?"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests;
