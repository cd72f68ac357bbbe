//! Paths given on the command line → the ordered list of SQL files to apply.
//!
//! A file is applied as it is. A folder is a migrations folder: every `*.sql` below it except
//! down migrations, versioned files first in version order (Flyway `V2_1__x.sql` is 2.1,
//! golang-migrate `000010_x.up.sql` is 10, diesel `2019-01-01-000000_x/up.sql` is
//! 20190101000000), then the rest in natural order (CATALOG.md, "Inputs and their order").

use crate::diag::{Diagnostic, Kind};
use std::cmp::Ordering;
use std::path::{Path, PathBuf};

/// The files of a run, in the order they apply, and the warnings met listing them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Sources {
    pub files: Vec<Source>,
    /// Entries of a migrations folder left out: named `*.sql` but no regular file (a FIFO, a
    /// socket, a device), which reading could block on forever.
    pub warnings: Vec<Diagnostic>,
}

/// One SQL file to apply.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub path: PathBuf,
    /// Where a migrations folder put it; `None` for a file named as an input.
    pub place: Option<Place>,
}

/// The place of a file in the order of its migrations folder.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub folder: PathBuf,
    /// 1-based.
    pub position: usize,
    /// How many files the folder gave.
    pub count: usize,
}

/// Expands `inputs` (files, and migration folders) into the files to apply, in order.
pub fn collect_sources(inputs: &[PathBuf]) -> Result<Sources, Diagnostic> {
    let mut sources = Sources::default();
    for input in inputs {
        if input.is_dir() {
            let files = migration_files(input, &mut sources.warnings)?;
            let count = files.len();
            sources
                .files
                .extend(files.into_iter().enumerate().map(|(i, path)| Source {
                    path,
                    place: Some(Place {
                        folder: input.clone(),
                        position: i + 1,
                        count,
                    }),
                }));
        } else if input.exists() {
            // Named as an input, any kind of file is read: `<(zcat dump.sql.gz)` is a pipe.
            sources.files.push(Source {
                path: input.clone(),
                place: None,
            });
        } else {
            return Err(Diagnostic::new(
                Kind::Usage,
                None,
                format!("{}: no such file or folder", input.display()),
            ));
        }
    }
    Ok(sources)
}

/// The up-migration files below `folder`, in the order they apply. Entries that are no regular
/// file (even through a link) are left out with a warning.
fn migration_files(
    folder: &Path,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Vec<PathBuf>, Diagnostic> {
    let mut found: Vec<(SortKey, PathBuf)> = Vec::new();
    // Walked in name order, so that the warnings come in an order that does not change.
    for entry in walkdir::WalkDir::new(folder).sort_by_file_name() {
        let entry = entry.map_err(|e| unreadable(folder, &e))?;
        let name = entry.file_name().to_string_lossy();
        if is_folder(&entry) || !name.ends_with(".sql") || is_down_migration(&name) {
            continue;
        }
        if let Some(kind) = special_file_kind(entry.path()) {
            let message = format!(
                "{}: a {kind}, not a regular file: skipped",
                entry.path().display()
            );
            warnings.push(Diagnostic::warning_of(Kind::Skipped, None, message));
            continue;
        }
        let relative = entry.path().strip_prefix(folder).unwrap_or(entry.path());
        found.push((SortKey::of(relative), entry.path().to_path_buf()));
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(found.into_iter().map(|(_, path)| path).collect())
}

/// What `path` is when it is there (links followed) but neither a regular file nor a folder. A
/// dangling link gives `None`: it is listed, as the oracle lists it, and reading it fails.
fn special_file_kind(path: &Path) -> Option<&'static str> {
    let kind = std::fs::metadata(path).ok()?.file_type();
    if kind.is_file() || kind.is_dir() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("FIFO");
        }
        if kind.is_socket() {
            return Some("socket");
        }
        if kind.is_block_device() || kind.is_char_device() {
            return Some("device");
        }
    }
    Some("special file")
}

/// Whether `entry` is a folder, or a link to one. As in the oracle's `os.walk`, links to folders
/// are not followed, while anything else named `*.sql` (a link to a file included) is applied.
fn is_folder(entry: &walkdir::DirEntry) -> bool {
    entry.file_type().is_dir() || (entry.path_is_symlink() && entry.path().is_dir())
}

/// The error for a folder below `folder` (or `folder` itself) that cannot be listed.
fn unreadable(folder: &Path, error: &walkdir::Error) -> Diagnostic {
    let path = error.path().unwrap_or(folder);
    let cause = error
        .io_error()
        .map_or_else(|| error.to_string(), |e| e.to_string());
    let message = format!("cannot read folder {}: {cause}", path.display());
    match error.io_error() {
        Some(io) => Diagnostic::new(Kind::Io, None, message)
            .with_source(std::io::Error::new(io.kind(), io.to_string())),
        None => Diagnostic::new(Kind::Io, None, message),
    }
}

/// `down.sql` (diesel), `*.down.sql` (golang-migrate), Flyway undo files `U<version>__*.sql`.
fn is_down_migration(name: &str) -> bool {
    let undo = name.starts_with('U') && name[1..].starts_with(|c: char| c.is_ascii_digit());
    name == "down.sql" || name.ends_with(".down.sql") || undo
}

/// The migration version of a file at `relative` path inside its folder, from its first
/// component: Flyway's dotted version, or the leading digits and dashes as one number.
pub fn migration_version(relative: &Path) -> Option<Vec<Number>> {
    let first = relative
        .components()
        .next()?
        .as_os_str()
        .to_string_lossy()
        .into_owned();
    flyway_version(&first).or_else(|| {
        let digits: String = first
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '-')
            .collect();
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
        let digits = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
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
        Number(if trimmed.is_empty() {
            "0".to_string()
        } else {
            trimmed.to_string()
        })
    }
}

impl Ord for Number {
    fn cmp(&self, other: &Number) -> Ordering {
        self.0
            .len()
            .cmp(&other.0.len())
            .then_with(|| self.0.cmp(&other.0))
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
        let end = rest
            .find(|c: char| c.is_ascii_digit() != digit)
            .unwrap_or(rest.len());
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

    #[test]
    fn flyway_versions() {
        assert_eq!(version("V2_1__x.sql"), Some(vec!["2".into(), "1".into()]));
        assert_eq!(
            version("V111_1__set default_x.sql"),
            Some(vec!["111".into(), "1".into()])
        );
        assert_eq!(
            version("v3.0.1__y.sql"),
            Some(vec!["3".into(), "0".into(), "1".into()])
        );
        assert_eq!(
            version("V366_remove_x.sql"),
            None,
            "a single underscore is no Flyway version"
        );
    }

    #[test]
    fn timestamp_and_sequence_versions() {
        assert_eq!(version("000010_x.up.sql"), Some(vec!["10".into()]));
        assert_eq!(
            version("2019-01-01-000000_x/up.sql"),
            Some(vec!["20190101000000".into()])
        );
        assert_eq!(
            version("20220513000001000001_big.up.sql"),
            Some(vec!["20220513000001000001".into()])
        );
        assert_eq!(version("init.sql"), None);
    }

    #[test]
    fn down_migrations_are_left_out() {
        assert!(is_down_migration("down.sql"));
        assert!(is_down_migration("000001_init.down.sql"));
        assert!(is_down_migration("U2__undo.sql"));
        assert!(!is_down_migration("up.sql") && !is_down_migration("Users.sql"));
    }

    /// A folder of empty files under the system's temporary folder, removed when dropped.
    struct Scratch(PathBuf);

    impl Scratch {
        fn with(files: &[&str]) -> Scratch {
            static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
            let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let root =
                std::env::temp_dir().join(format!("modelgen-input-{}-{n}", std::process::id()));
            let _ = std::fs::remove_dir_all(&root);
            std::fs::create_dir_all(&root).unwrap();
            let scratch = Scratch(root);
            for file in files {
                scratch.touch(file);
            }
            scratch
        }

        fn touch(&self, relative: &str) -> PathBuf {
            let path = self.0.join(relative);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, "").unwrap();
            path
        }

        fn relative(&self, path: &Path) -> String {
            path.strip_prefix(&self.0)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        }

        /// What `collect_sources` makes of the folder, relative to it.
        fn collected(&self) -> Vec<String> {
            let sources = collect_sources(std::slice::from_ref(&self.0)).unwrap();
            sources
                .files
                .iter()
                .map(|f| self.relative(&f.path))
                .collect()
        }

        /// What the oracle's `expand` (../shared/tools/mariadb-catalog) makes of the folder.
        fn reference(&self) -> Vec<String> {
            let tool =
                Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/tools/mariadb-catalog");
            let script = "import importlib.machinery, importlib.util, sys\n\
                loader = importlib.machinery.SourceFileLoader('mc', sys.argv[1])\n\
                mc = importlib.util.module_from_spec(importlib.util.spec_from_loader('mc', loader))\n\
                loader.exec_module(mc)\n\
                sys.stdout.buffer.write('\\0'.join(mc.expand(sys.argv[2])).encode())";
            let output = std::process::Command::new("python3")
                .args(["-c", script])
                .arg(tool)
                .arg(&self.0)
                .output()
                .expect("python3");
            assert!(
                output.status.success(),
                "{}",
                String::from_utf8_lossy(&output.stderr)
            );
            let text = String::from_utf8(output.stdout).unwrap();
            text.split('\0')
                .filter(|f| !f.is_empty())
                .map(|f| self.relative(Path::new(f)))
                .collect()
        }

        /// The folder's order, after checking that it is the oracle's.
        fn ordered(&self) -> Vec<String> {
            let ours = self.collected();
            assert_eq!(ours, self.reference(), "order differs from the oracle's");
            ours
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    #[test]
    fn flyway_order() {
        let folder = Scratch::with(&[
            "V366_remove.sql",
            "V114__x.sql",
            "V114__x - Copy.sql",
            "V111_1__set default.sql",
            "V10__d.sql",
            "v3.0.1__lower.sql",
            "V2__c.sql",
            "U2__undo_c.sql",
            "V1_1__b.sql",
            "V1__a.sql",
        ]);
        // `V366_remove.sql` has a single underscore: neither regex gives it a version (it starts
        // with a letter), so it comes after every versioned file.
        assert_eq!(
            folder.ordered(),
            [
                "V1__a.sql",
                "V1_1__b.sql",
                "V2__c.sql",
                "v3.0.1__lower.sql",
                "V10__d.sql",
                "V111_1__set default.sql",
                "V114__x - Copy.sql",
                "V114__x.sql",
                "V366_remove.sql",
            ]
        );
    }

    #[test]
    fn golang_migrate_order() {
        let folder = Scratch::with(&[
            "000010_x.up.sql",
            "000009_y.up.sql",
            "000002_users.up.sql",
            "000002_users.down.sql",
            "1_z.up.sql",
            "000001_init.up.sql",
            "000001_init.down.sql",
        ]);
        assert_eq!(
            folder.ordered(),
            [
                "000001_init.up.sql",
                "1_z.up.sql",
                "000002_users.up.sql",
                "000009_y.up.sql",
                "000010_x.up.sql",
            ]
        );
    }

    #[test]
    fn diesel_order() {
        let folder = Scratch::with(&[
            "2019-01-01-000000_create users/up.sql",
            "2019-01-01-000000_create users/down.sql",
            "2018-12-31-235959_add posts/up.sql",
            "2018-12-31-235959_add posts/down.sql",
            "20170207193805_old style/up.sql",
            "20170207193805_old style/down.sql",
            "00000000000000_diesel_initial_setup/up.sql",
            "00000000000000_diesel_initial_setup/down.sql",
        ]);
        assert_eq!(
            folder.ordered(),
            [
                "00000000000000_diesel_initial_setup/up.sql",
                "20170207193805_old style/up.sql",
                "2018-12-31-235959_add posts/up.sql",
                "2019-01-01-000000_create users/up.sql",
            ]
        );
    }

    #[test]
    fn goose_single_files_order() {
        // Both directions live in one goose file: the split stage cuts the down part.
        let folder = Scratch::with(&[
            "20200101120000_add.sql",
            "3_alter.sql",
            "00002_more.sql",
            "00001_create.sql",
        ]);
        assert_eq!(
            folder.ordered(),
            [
                "00001_create.sql",
                "00002_more.sql",
                "3_alter.sql",
                "20200101120000_add.sql"
            ]
        );
    }

    #[test]
    fn versions_beyond_u64_order() {
        let folder = Scratch::with(&[
            "340282366920938463463374607431768211457_beyond_u128.sql",
            "20220513000001000001_hydra.up.sql",
            "18446744073709551616_u64_max_plus_1.sql",
            "18446744073709551615_u64_max.sql",
            "9_small.sql",
        ]);
        assert_eq!(
            folder.ordered(),
            [
                "9_small.sql",
                "18446744073709551615_u64_max.sql",
                "18446744073709551616_u64_max_plus_1.sql",
                "20220513000001000001_hydra.up.sql",
                "340282366920938463463374607431768211457_beyond_u128.sql",
            ]
        );
    }

    #[test]
    fn down_and_undo_files_left_out() {
        let folder = Scratch::with(&[
            "down.sql",
            "1_a.down.sql",
            "U1__undo.sql",
            "U1.1__undo.sql",
            "1_a.up.sql",
            "u1__lower_case_is_no_undo.sql",
            "U_is_no_undo.sql",
            "Users.sql",
            "x.down.sql.sql",
            "notes.txt",
            "UPPER.SQL",
        ]);
        assert_eq!(
            folder.ordered(),
            [
                "1_a.up.sql",
                "U_is_no_undo.sql",
                "Users.sql",
                "u1__lower_case_is_no_undo.sql",
                "x.down.sql.sql",
            ]
        );
    }

    #[test]
    fn unversioned_natural_order() {
        let folder = Scratch::with(&[
            "schema.sql",
            "b10.sql",
            "b9a.sql",
            "b9.sql",
            "a1.sql",
            "a01.sql",
            "a.sql",
            "B.sql",
            "001_x.sql",
        ]);
        // Digit runs compare as numbers (b9 before b10), text by code point (B before a), names
        // equal as numbers (a01, a1) by their path. A text run is compared whole: `a` (of a1) is
        // a prefix of `a.sql`, so `a.sql` comes after `a1.sql`.
        assert_eq!(
            folder.ordered(),
            [
                "001_x.sql",
                "B.sql",
                "a01.sql",
                "a1.sql",
                "a.sql",
                "b9.sql",
                "b9a.sql",
                "b10.sql",
                "schema.sql",
            ]
        );
    }

    #[test]
    fn nested_folders_order() {
        let folder = Scratch::with(&[
            "tables/sub/llx_c.sql",
            "tables/llx_b.sql",
            "tables/llx_a.key.sql",
            "data/10.sql",
            "data/9.sql",
            "2_x/sub/1.sql",
            "1_y/z/2.sql",
        ]);
        // The version comes from the first component only; the natural order spans the path.
        assert_eq!(
            folder.ordered(),
            [
                "1_y/z/2.sql",
                "2_x/sub/1.sql",
                "data/9.sql",
                "data/10.sql",
                "tables/llx_a.key.sql",
                "tables/llx_b.sql",
                "tables/sub/llx_c.sql",
            ]
        );
    }

    #[test]
    fn odd_names_order() {
        let folder = Scratch::with(&[
            "V1.__not_flyway.sql",
            "V1__2__x.sql",
            "V1_0__b.sql",
            "V1__a.sql",
            "1_plain.sql",
            "v2__lower.sql",
            "1-_dash.sql",
            "-1_neg.sql",
            "12-3_x.sql",
            "0_zero.sql",
            "V0__zero.sql",
            "V_no_digits__x.sql",
            "Vx1__x.sql",
            "名前1.sql",
            "名前 2.sql",
            "ünïcode10.sql",
            " leading space.sql",
            "1.sql",
            "01.sql",
        ]);
        assert_eq!(
            folder.ordered(),
            [
                "0_zero.sql",
                "V0__zero.sql",
                "1-_dash.sql",
                "01.sql",
                "1.sql",
                "1_plain.sql",
                "V1__2__x.sql",
                "V1__a.sql",
                "V1_0__b.sql",
                "v2__lower.sql",
                "12-3_x.sql",
                " leading space.sql",
                "-1_neg.sql",
                "V1.__not_flyway.sql",
                "V_no_digits__x.sql",
                "Vx1__x.sql",
                "ünïcode10.sql",
                "名前1.sql",
                "名前 2.sql",
            ]
        );
    }

    #[test]
    fn order_is_independent_of_creation_order() {
        let names = [
            "b.sql",
            "a/2.sql",
            "a/10.sql",
            "V1__x.sql",
            "3_y.sql",
            "c/d/e.sql",
        ];
        let forward = Scratch::with(&names);
        let mut reversed = names;
        reversed.reverse();
        let backward = Scratch::with(&reversed);
        assert_eq!(forward.ordered(), backward.ordered());
    }

    #[cfg(unix)]
    #[test]
    fn links_to_files_are_applied_links_to_folders_are_not_followed() {
        let folder = Scratch::with(&["sub/2_b.sql"]);
        let elsewhere = Scratch::with(&["outside.sql"]);
        let outside = elsewhere.0.join("outside.sql");
        std::os::unix::fs::symlink(&outside, folder.0.join("1_link.sql")).unwrap();
        std::os::unix::fs::symlink(folder.0.join("sub"), folder.0.join("0_linked_folder")).unwrap();
        std::os::unix::fs::symlink("nowhere.sql", folder.0.join("3_dangling.sql")).unwrap();
        // The dangling link is listed, as the oracle lists it: reading it is what fails.
        assert_eq!(
            folder.ordered(),
            ["1_link.sql", "3_dangling.sql", "sub/2_b.sql"]
        );
    }

    #[test]
    fn inputs_apply_in_the_order_given() {
        let folder = Scratch::with(&["m/2_b.sql", "m/1_a.sql", "m/down.sql", "notes.txt", "z.sql"]);
        let inputs = [
            folder.0.join("z.sql"),
            folder.0.join("m"),
            folder.0.join("notes.txt"),
        ];
        let sources = collect_sources(&inputs).unwrap();
        let files: Vec<String> = sources
            .files
            .iter()
            .map(|f| folder.relative(&f.path))
            .collect();
        assert_eq!(files, ["z.sql", "m/1_a.sql", "m/2_b.sql", "notes.txt"]);
        let places: Vec<Option<(usize, usize)>> = sources
            .files
            .iter()
            .map(|f| f.place.as_ref().map(|p| (p.position, p.count)))
            .collect();
        assert_eq!(places, [None, Some((1, 2)), Some((2, 2)), None]);
        // A file named on the command line is applied whatever its name, even a down migration.
        let down = folder.0.join("m/down.sql");
        let sources = collect_sources(std::slice::from_ref(&down)).unwrap();
        assert_eq!(sources.files.len(), 1);
        assert_eq!(sources.files[0].path, down);
    }

    /// A FIFO named like a migration would block the run forever: it is left out, with a
    /// warning, and so is a link to one; the files around it are applied.
    #[cfg(unix)]
    #[test]
    fn a_fifo_in_a_folder_is_skipped_with_a_warning() {
        let folder = Scratch::with(&["1_a.sql", "3_c.sql"]);
        let fifo = folder.0.join("2_b.sql");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.unwrap().success());
        std::os::unix::fs::symlink(&fifo, folder.0.join("4_link.sql")).unwrap();
        let sources = collect_sources(std::slice::from_ref(&folder.0)).unwrap();
        let files: Vec<String> = sources
            .files
            .iter()
            .map(|f| folder.relative(&f.path))
            .collect();
        assert_eq!(files, ["1_a.sql", "3_c.sql"]);
        let warnings: Vec<String> = sources.warnings.iter().map(|w| w.to_string()).collect();
        assert_eq!(
            warnings,
            [
                format!(
                    "warning: {}: a FIFO, not a regular file: skipped",
                    fifo.display()
                ),
                format!(
                    "warning: {}: a FIFO, not a regular file: skipped",
                    folder.0.join("4_link.sql").display()
                ),
            ]
        );
    }

    #[test]
    fn folder_without_sql_files_is_empty() {
        let folder = Scratch::with(&["README.md", "sub/notes.txt"]);
        assert_eq!(folder.ordered(), Vec::<String>::new());
    }

    #[test]
    fn missing_path_is_an_error() {
        let folder = Scratch::with(&[]);
        let missing = folder.0.join("no_such_migrations");
        let error = collect_sources(std::slice::from_ref(&missing)).unwrap_err();
        assert_eq!(error.severity, crate::diag::Severity::Error);
        assert_eq!(error.location, None);
        assert_eq!(
            error.message,
            format!("{}: no such file or folder", missing.display())
        );
    }

    #[cfg(unix)]
    #[test]
    fn unreadable_folder_is_an_error() {
        use std::os::unix::fs::PermissionsExt;
        let folder = Scratch::with(&["1_a.sql", "locked/2_b.sql"]);
        let locked = folder.0.join("locked");
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
        let readable_anyway = std::fs::read_dir(&locked).is_ok(); // as root
        let result = collect_sources(std::slice::from_ref(&folder.0));
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
        if !readable_anyway {
            let error = result.unwrap_err();
            assert_eq!(error.location, None);
            assert!(error
                .message
                .starts_with(&format!("cannot read folder {}:", locked.display())));
        }
    }
}
