//! Paths given on the command line → the ordered list of SQL files to apply.
//!
//! A file is applied as it is. A folder is a migrations folder: every `*.sql` below it except
//! down migrations, versioned files first in version order (Flyway `V2_1__x.sql` is 2.1,
//! golang-migrate `000010_x.up.sql` is 10, diesel `2019-01-01-000000_x/up.sql` is
//! 20190101000000), then the rest in natural order (CATALOG.md, "Inputs and their order").

use crate::diag::Diagnostic;
use std::cmp::Ordering;
use std::path::{Path, PathBuf};

/// Expands `inputs` (files, and migration folders) into the files to apply, in order.
pub fn collect_sources(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, Diagnostic> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            files.extend(migration_files(input)?);
        } else if input.exists() {
            files.push(input.clone());
        } else {
            return Err(Diagnostic::error(
                None,
                format!("{}: no such file or folder", input.display()),
            ));
        }
    }
    Ok(files)
}

/// The up-migration files below `folder`, in the order they apply.
fn migration_files(folder: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let mut found: Vec<(SortKey, PathBuf)> = Vec::new();
    for entry in walkdir::WalkDir::new(folder) {
        let entry = entry.map_err(|e| {
            Diagnostic::error(None, format!("cannot read {}: {e}", folder.display()))
        })?;
        let name = entry.file_name().to_string_lossy();
        if !entry.file_type().is_file() || !name.ends_with(".sql") || is_down_migration(&name) {
            continue;
        }
        let relative = entry.path().strip_prefix(folder).unwrap_or(entry.path());
        found.push((SortKey::of(relative), entry.path().to_path_buf()));
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(found.into_iter().map(|(_, path)| path).collect())
}

/// `down.sql` (diesel), `*.down.sql` (golang-migrate), Flyway undo files `U<version>__*.sql`.
fn is_down_migration(name: &str) -> bool {
    let undo = name.starts_with('U') && name[1..].starts_with(|c: char| c.is_ascii_digit());
    name == "down.sql" || name.ends_with(".down.sql") || undo
}

/// The migration version of a file at `relative` path inside its folder, from its first
/// component: Flyway's dotted version, or the leading digits and dashes as one number.
pub fn migration_version(relative: &Path) -> Option<Vec<Number>> {
    let first = relative.components().next()?.as_os_str().to_string_lossy().into_owned();
    flyway_version(&first).or_else(|| {
        let digits: String =
            first.chars().take_while(|c| c.is_ascii_digit() || *c == '-').collect();
        digits
            .starts_with(|c: char| c.is_ascii_digit())
            .then(|| vec![Number::new(&digits.replace('-', ""))])
    })
}

/// `V2_1__x.sql` → [2, 1]: digit groups separated by `.` or `_`, followed by `__`.
fn flyway_version(name: &str) -> Option<Vec<Number>> {
    let mut rest = name.strip_prefix(['V', 'v'])?;
    let mut parts = Vec::new();
    loop {
        let digits = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
        if digits == 0 {
            return None;
        }
        parts.push(Number::new(&rest[..digits]));
        rest = &rest[digits..];
        if rest.starts_with("__") {
            return Some(parts);
        }
        let separated =
            rest.starts_with(['.', '_']) && rest[1..].starts_with(|c: char| c.is_ascii_digit());
        if !separated {
            return None;
        }
        rest = &rest[1..];
    }
}

/// A whole number of any length, compared by value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Number(String);

impl Number {
    fn new(digits: &str) -> Number {
        let trimmed = digits.trim_start_matches('0');
        Number(if trimmed.is_empty() { "0".to_string() } else { trimmed.to_string() })
    }
}

impl Ord for Number {
    fn cmp(&self, other: &Number) -> Ordering {
        self.0.len().cmp(&other.0.len()).then_with(|| self.0.cmp(&other.0))
    }
}

impl PartialOrd for Number {
    fn partial_cmp(&self, other: &Number) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// A run of a name: digits compare as numbers and before text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Run {
    Digits(Number),
    Text(String),
}

/// The order of a migration file: versioned first by version, then by natural name, then by
/// the path itself.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct SortKey {
    unversioned: bool,
    version: Vec<Number>,
    natural: Vec<Run>,
    path: String,
}

impl SortKey {
    fn of(relative: &Path) -> SortKey {
        let path = relative.to_string_lossy().into_owned();
        let version = migration_version(relative);
        SortKey {
            unversioned: version.is_none(),
            version: version.unwrap_or_default(),
            natural: natural_runs(&path),
            path,
        }
    }
}

fn natural_runs(text: &str) -> Vec<Run> {
    let mut runs = Vec::new();
    let mut rest = text;
    while let Some(first) = rest.chars().next() {
        let digit = first.is_ascii_digit();
        let end = rest.find(|c: char| c.is_ascii_digit() != digit).unwrap_or(rest.len());
        runs.push(if digit {
            Run::Digits(Number::new(&rest[..end]))
        } else {
            Run::Text(rest[..end].to_string())
        });
        rest = &rest[end..];
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(path: &str) -> Option<Vec<String>> {
        migration_version(Path::new(path)).map(|v| v.into_iter().map(|n| n.0).collect())
    }

    fn ordered(names: &[&str]) -> Vec<String> {
        let mut keys: Vec<SortKey> = names.iter().map(|n| SortKey::of(Path::new(n))).collect();
        keys.sort();
        keys.into_iter().map(|k| k.path).collect()
    }

    #[test]
    fn flyway_versions() {
        assert_eq!(version("V2_1__x.sql"), Some(vec!["2".into(), "1".into()]));
        assert_eq!(version("V111_1__set default_x.sql"), Some(vec!["111".into(), "1".into()]));
        assert_eq!(version("v3.0.1__y.sql"), Some(vec!["3".into(), "0".into(), "1".into()]));
        assert_eq!(version("V366_remove_x.sql"), None, "a single underscore is no Flyway version");
    }

    #[test]
    fn timestamp_and_sequence_versions() {
        assert_eq!(version("000010_x.up.sql"), Some(vec!["10".into()]));
        assert_eq!(version("2019-01-01-000000_x/up.sql"), Some(vec!["20190101000000".into()]));
        assert_eq!(
            version("20220513000001000001_big.up.sql"),
            Some(vec!["20220513000001000001".into()])
        );
        assert_eq!(version("init.sql"), None);
    }

    #[test]
    fn flyway_order() {
        let names = [
            "V10__z.sql",
            "V2__y.sql",
            "V1_1__b.sql",
            "V1__a.sql",
            "V114__c - Copy.sql",
            "V366_remove.sql",
        ];
        assert_eq!(
            ordered(&names),
            [
                "V1__a.sql",
                "V1_1__b.sql",
                "V2__y.sql",
                "V10__z.sql",
                "V114__c - Copy.sql",
                "V366_remove.sql"
            ]
        );
    }

    #[test]
    fn unversioned_files_follow_in_natural_order() {
        assert_eq!(
            ordered(&["b10.sql", "b9.sql", "a.sql", "001_x.sql"]),
            ["001_x.sql", "a.sql", "b9.sql", "b10.sql"]
        );
    }

    #[test]
    fn down_migrations_are_left_out() {
        assert!(is_down_migration("down.sql"));
        assert!(is_down_migration("000001_init.down.sql"));
        assert!(is_down_migration("U2__undo.sql"));
        assert!(!is_down_migration("up.sql") && !is_down_migration("Users.sql"));
    }
}
