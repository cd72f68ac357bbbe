//! Indexes, foreign keys and checks of one table, named and derived as MariaDB does.

use super::checks::Rule;
use super::refusal::Refusal;
use super::{Check, ForeignKey, Index, IndexKind, IndexPart, Table};
use std::collections::BTreeMap;

/// Engines that keep FOREIGN KEY constraints; the others accept the syntax and keep nothing.
pub fn engine_keeps_foreign_keys(engine: &str) -> bool {
    engine.eq_ignore_ascii_case("InnoDB")
}

impl Table {
    /// Adds an index. An unnamed one is named after its first column (`col`, `col_2`...), as
    /// the server does. An implicit foreign-key index is not added when an index already
    /// starts with its columns; an explicit index that starts with the columns of an implicit
    /// one replaces it.
    pub fn add_index(
        &mut self,
        name: Option<String>,
        kind: IndexKind,
        columns: Vec<IndexPart>,
        implicit: bool,
    ) -> Result<(), Refusal> {
        if implicit
            && self
                .indexes
                .iter()
                .any(|i| starts_with(&i.columns, &columns))
        {
            return Ok(());
        }
        if !implicit {
            let covered: Vec<String> = self
                .indexes
                .iter()
                .filter(|i| i.implicit_for_foreign_key && starts_with(&columns, &i.columns))
                .map(|i| i.index_name.clone())
                .collect();
            self.indexes.retain(|i| !covered.contains(&i.index_name));
        }
        let Some(first) = columns.first() else {
            return Err("an index needs at least one column".into());
        };
        let index_name = match (kind, name) {
            (IndexKind::Primary, _) => "PRIMARY".to_string(),
            (_, Some(name)) => name,
            (_, None) => self.unique_index_name(&first.column_name),
        };
        if kind == IndexKind::Primary && self.primary_key().is_some() {
            return Err("Multiple primary key defined".into());
        }
        if self.index(&index_name).is_some() {
            return Err(format!("Duplicate key name '{index_name}'").into());
        }
        for part in &columns {
            if self.column(&part.column_name).is_none() {
                return Err(
                    format!("Key column '{}' doesn't exist in table", part.column_name).into(),
                );
            }
        }
        self.check_blob_parts(kind, &columns, &index_name)?;
        if kind == IndexKind::Primary {
            self.make_primary_key_columns_not_null(&columns);
        }
        self.indexes.push(Index {
            index_name,
            kind,
            columns,
            implicit_for_foreign_key: implicit,
        });
        Ok(())
    }

    /// A BLOB or TEXT column needs a prefix length in a PRIMARY KEY; a plain index of one such
    /// column gets a prefix from the server, but not one of several columns. (A UNIQUE of
    /// any length is a hash index on MariaDB, which cannot hold an AUTO_INCREMENT column.)
    fn check_blob_parts(
        &self,
        kind: IndexKind,
        columns: &[IndexPart],
        name: &str,
    ) -> Result<(), Refusal> {
        let is_blob = |part: &IndexPart| {
            part.prefix.is_none()
                && self
                    .column(&part.column_name)
                    .is_some_and(|c| c.data_type.ends_with("blob") || c.data_type.ends_with("text"))
        };
        match columns.iter().find(|p| is_blob(p)) {
            Some(part) if kind == IndexKind::Primary => Err(format!(
                "BLOB/TEXT column '{}' used in key specification without a key length",
                part.column_name
            )
            .into()),
            Some(_) if kind == IndexKind::Plain && columns.len() > 1 => {
                Err("Specified key was too long; max key length is 3072 bytes".into())
            }
            Some(part)
                if kind == IndexKind::Unique
                    && columns.iter().any(|p| self.is_auto_increment(p)) =>
            {
                Err(format!(
                    "AUTO_INCREMENT column `{}` cannot be used in the UNIQUE index `{name}`",
                    part.column_name
                )
                .into())
            }
            _ => Ok(()),
        }
    }

    fn is_auto_increment(&self, part: &IndexPart) -> bool {
        self.column(&part.column_name)
            .is_some_and(|c| c.is_auto_increment())
    }

    fn make_primary_key_columns_not_null(&mut self, parts: &[IndexPart]) {
        for part in parts {
            if let Some(column) = self
                .columns
                .iter_mut()
                .find(|c| c.column_name.eq_ignore_ascii_case(&part.column_name))
            {
                column.become_not_null();
            }
        }
    }

    /// `base`, or `base_2`, `base_3`... whichever no index has yet (`PRIMARY` is taken).
    fn unique_index_name(&self, base: &str) -> String {
        let taken = |n: &str| self.index(n).is_some() || n.eq_ignore_ascii_case("PRIMARY");
        if !taken(base) {
            return base.to_string();
        }
        (2..)
            .map(|i| format!("{base}_{i}"))
            .find(|n| !taken(n))
            .unwrap_or_default()
    }

    /// Does an index start with `columns` (in this order)? A foreign key needs one on both of
    /// its sides.
    pub fn has_index_starting_with(&self, columns: &[String]) -> bool {
        self.indexes.iter().any(|index| {
            columns.len() <= index.columns.len()
                && columns
                    .iter()
                    .zip(&index.columns)
                    .all(|(c, p)| c.eq_ignore_ascii_case(&p.column_name))
        })
    }

    pub fn drop_index(&mut self, name: &str) -> Result<(), Refusal> {
        let before = self.indexes.len();
        self.indexes
            .retain(|i| !i.index_name.eq_ignore_ascii_case(name));
        if self.indexes.len() == before {
            return Err(format!("Can't DROP INDEX `{name}`; check that it exists").into());
        }
        Ok(())
    }

    /// The next free `<table>_ibfk_<n>`: one more than the largest n the table has.
    pub fn next_foreign_key_name(&self) -> String {
        let prefix = format!("{}_ibfk_", self.table_name);
        let largest = self
            .foreign_keys
            .iter()
            .filter_map(|fk| {
                fk.constraint_name
                    .strip_prefix(&prefix)?
                    .parse::<u64>()
                    .ok()
            })
            .max()
            .unwrap_or(0);
        format!("{prefix}{}", largest + 1)
    }

    /// Adds a foreign key and the index it needs. `index_name` names that index when it must be
    /// made (the FOREIGN KEY's own index name, else its constraint name).
    pub fn add_foreign_key(
        &mut self,
        mut foreign_key: ForeignKey,
        index_name: Option<String>,
    ) -> Result<(), Refusal> {
        let parts: Vec<IndexPart> = foreign_key
            .columns
            .iter()
            .map(|c| IndexPart {
                column_name: c.clone(),
                prefix: None,
            })
            .collect();
        self.add_index(index_name, IndexKind::Plain, parts, true)?;
        if !engine_keeps_foreign_keys(&self.engine) {
            return Ok(());
        }
        if foreign_key.constraint_name.is_empty() {
            foreign_key.constraint_name = self.next_foreign_key_name();
        }
        if self.foreign_keys.iter().any(|f| {
            f.constraint_name
                .eq_ignore_ascii_case(&foreign_key.constraint_name)
        }) {
            return Err(format!(
                "Duplicate foreign key constraint name '{}'",
                foreign_key.constraint_name
            )
            .into());
        }
        self.foreign_keys.push(foreign_key);
        Ok(())
    }

    pub fn drop_foreign_key(&mut self, name: &str) -> Result<(), Refusal> {
        let before = self.foreign_keys.len();
        self.foreign_keys
            .retain(|f| !f.constraint_name.eq_ignore_ascii_case(name));
        if self.foreign_keys.len() == before {
            return Err(format!("Can't DROP FOREIGN KEY `{name}`; check that it exists").into());
        }
        Ok(())
    }

    /// Adds a CHECK; an unnamed table CHECK is the first free `CONSTRAINT_<n>`.
    pub fn add_check(
        &mut self,
        name: Option<String>,
        column_name: Option<String>,
        clause: String,
        rules: Option<BTreeMap<String, Rule>>,
    ) -> Result<(), Refusal> {
        let constraint_name = match (name, &column_name) {
            (Some(name), _) => name,
            (None, Some(column)) => column.clone(),
            (None, None) => (1..)
                .map(|i| format!("CONSTRAINT_{i}"))
                .find(|n| !self.has_check(n))
                .unwrap_or_default(),
        };
        if self.has_check(&constraint_name) {
            return Err(format!("Duplicate CHECK constraint name '{constraint_name}'").into());
        }
        self.checks.push(Check {
            constraint_name,
            column_name,
            json_valid: false,
            clause,
            rules,
        });
        Ok(())
    }

    /// Drops the CHECKs a column declared on itself (JSON's json_valid among them).
    pub fn drop_column_checks(&mut self, column_name: &str) {
        self.checks.retain(|c| {
            !c.column_name
                .as_deref()
                .is_some_and(|c| c.eq_ignore_ascii_case(column_name))
        });
    }

    fn has_check(&self, name: &str) -> bool {
        self.checks
            .iter()
            .any(|c| c.constraint_name.eq_ignore_ascii_case(name))
    }

    /// DROP CONSTRAINT: a check, a foreign key or a unique key of that name.
    pub fn drop_constraint(&mut self, name: &str) -> Result<(), Refusal> {
        if self.has_check(name) {
            self.checks
                .retain(|c| !c.constraint_name.eq_ignore_ascii_case(name));
            return Ok(());
        }
        if self
            .foreign_keys
            .iter()
            .any(|f| f.constraint_name.eq_ignore_ascii_case(name))
        {
            return self.drop_foreign_key(name);
        }
        self.drop_index(name)
            .map_err(|_| format!("Can't DROP CONSTRAINT `{name}`; check that it exists").into())
    }
}

/// Does the index `columns` start with the columns of `prefix`?
fn starts_with(columns: &[IndexPart], prefix: &[IndexPart]) -> bool {
    prefix.len() <= columns.len()
        && prefix
            .iter()
            .zip(columns)
            .all(|(p, c)| p.column_name.eq_ignore_ascii_case(&c.column_name))
}

/// The index the server treats as the primary key: the PRIMARY KEY, or else the first UNIQUE
/// index whose columns are all NOT NULL.
fn effective_primary(table: &Table) -> Option<&Index> {
    table.primary_key().or_else(|| {
        table.indexes.iter().find(|i| {
            i.kind == IndexKind::Unique
                && i.columns.iter().all(|p| {
                    p.prefix.is_none()
                        && table.column(&p.column_name).is_some_and(|c| !c.is_nullable)
                })
        })
    })
}

/// COLUMN_KEY: PRI for a column of the (effective) primary key, UNI for the column of a
/// one-column UNIQUE index, MUL for the first column of any other index.
pub fn column_key(table: &Table, column_name: &str) -> &'static str {
    let same = |p: &IndexPart| p.column_name.eq_ignore_ascii_case(column_name);
    let primary = effective_primary(table);
    if primary.is_some_and(|i| i.columns.iter().any(same)) {
        return "PRI";
    }
    let first_of = |i: &&Index| i.columns.first().is_some_and(same);
    let others = || {
        table
            .indexes
            .iter()
            .filter(|i| Some(*i) != primary)
            .filter(first_of)
    };
    if others().any(|i| i.kind == IndexKind::Unique && i.columns.len() == 1) {
        "UNI"
    } else if others().next().is_some() {
        "MUL"
    } else {
        ""
    }
}
