//! The files of a run on disk: which paths name one file, paths that must not collide, and
//! writing through links only what changed.

use crate::diag::{Diagnostic, Kind};
use std::path::{Component, Path, PathBuf};

/// How many links are followed before a path is taken as it is (Linux's limit).
const MAX_LINKS: usize = 40;

/// Where `path` leads: the real path of what is there, links followed; for what is not there
/// yet, the real path of its folder and its name (and a dangling link, the path it points to).
pub fn resolved(path: &Path) -> PathBuf {
    resolved_within(path, MAX_LINKS)
}

fn resolved_within(path: &Path, links: usize) -> PathBuf {
    if let Ok(real) = path.canonicalize() {
        return real;
    }
    if let (Ok(target), Some(left)) = (std::fs::read_link(path), links.checked_sub(1)) {
        let beside = path.parent().unwrap_or(Path::new(""));
        return resolved_within(&beside.join(target), left);
    }
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    match (absolute.parent(), absolute.file_name()) {
        (Some(parent), Some(name)) => resolved_within(parent, links).join(name),
        _ => normalized(&absolute),
    }
}

/// `path` with `.` and `..` taken out, without looking at the disk.
fn normalized(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Whether `a` and `b` name one file: the same path once links and `..` are resolved, or two
/// hard links to one file.
pub fn same_file(a: &Path, b: &Path) -> bool {
    if resolved(a) == resolved(b) {
        return true;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(a), Ok(b)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return a.dev() == b.dev() && a.ino() == b.ino();
        }
    }
    false
}

/// Whether `path` is `folder` or below it.
pub fn is_within(path: &Path, folder: &Path) -> bool {
    resolved(path).starts_with(resolved(folder))
}

/// The path of `tests` as seen from the folder of `models` (what models.rs's `#[path]` needs):
/// `src/models.rs` and `src/models_tests.rs` give `models_tests.rs`.
pub fn relative_path(models: &Path, tests: &Path) -> String {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let from = absolute(models);
    let from = from.parent().unwrap_or(Path::new(""));
    let to = absolute(tests);
    let common = from
        .components()
        .zip(to.components())
        .take_while(|(a, b)| a == b)
        .count();
    let ups = from.components().count() - common;
    let mut relative: Vec<String> = vec!["..".to_string(); ups];
    relative.extend(
        to.components()
            .skip(common)
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    relative.join("/")
}

/// Writes `text` to `path`, whatever the file holds now ([`Outputs::write`] compares first, so
/// that an unchanged file keeps its time and cargo rebuilds nothing). The file a link leads to
/// is written, so the link stays a link (as editors do). The write is atomic: a temporary file
/// beside the target, then a rename, so a reader never sees half a file and a failure leaves
/// the old one.
///
/// [`Outputs::write`]: super::Outputs::write
pub fn write_atomically(path: &Path, text: &str) -> Result<(), Diagnostic> {
    let fail = |e: std::io::Error| Diagnostic::io("write", path, e);
    let target = if path.is_symlink() {
        resolved(path)
    } else {
        path.to_path_buf()
    };
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = target.with_file_name(format!(".{name}.modelgen-{}", std::process::id()));
    std::fs::write(&temporary, text).map_err(fail)?;
    std::fs::rename(&temporary, &target).map_err(|e| {
        let _ = std::fs::remove_file(&temporary);
        fail(e)
    })
}

/// A file a run reads or writes, by its role, for the messages of [`refuse_collisions`].
pub struct Role<'a> {
    pub what: &'static str,
    pub path: &'a Path,
    pub output: bool,
}

/// Refuses a run whose outputs collide: two outputs on one file, an output on an input (or
/// inside an input folder, named `*.sql`, where the next run would apply it), on the config, or
/// on what is no regular file (a folder, a FIFO). Looks at paths only: nothing is read.
pub fn refuse_collisions(roles: &[Role], input_folders: &[&Path]) -> Result<(), Diagnostic> {
    let outputs = roles.iter().filter(|r| r.output);
    for (i, output) in outputs.enumerate() {
        if let Some(kind) = not_a_file(output.path) {
            return Err(usage(format!(
                "{} would be written to {}, which is {kind}",
                output.what,
                output.path.display()
            )));
        }
        let earlier = roles.iter().filter(|r| r.output).take(i);
        let others = roles.iter().filter(|r| !r.output).chain(earlier);
        for other in others {
            if same_file(output.path, other.path) {
                return Err(usage(format!(
                    "{} would be written to {}, {}: give it a path of its own",
                    output.what,
                    output.path.display(),
                    described(other),
                )));
            }
        }
        let sql = output.path.extension().is_some_and(|e| e == "sql");
        if let Some(folder) = input_folders
            .iter()
            .find(|f| sql && is_within(output.path, f))
        {
            return Err(usage(format!(
                "{} would be written to {}, inside the input folder {}, where it would be read \
                 as a migration: give it a path outside",
                output.what,
                output.path.display(),
                folder.display()
            )));
        }
    }
    Ok(())
}

/// What is at `path` when it is there (links followed) and no regular file: a folder, or a
/// FIFO or device, which reading to compare could block on.
fn not_a_file(path: &Path) -> Option<&'static str> {
    let kind = std::fs::metadata(path).ok()?.file_type();
    if kind.is_file() {
        None
    } else if kind.is_dir() {
        Some("a folder")
    } else {
        Some("not a regular file")
    }
}

/// What else is at that path: "where the models go", "which is an input".
fn described(role: &Role) -> String {
    if role.output {
        format!("where {} go", role.what)
    } else {
        format!("which is {}", role.what)
    }
}

fn usage(message: String) -> Diagnostic {
    Diagnostic::new(Kind::Usage, None, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("modelgen-paths-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir.canonicalize().unwrap()
    }

    #[test]
    fn paths_not_there_yet_resolve_through_their_folder() {
        let dir = scratch("resolve");
        std::fs::create_dir(dir.join("sub")).unwrap();
        assert_eq!(resolved(&dir.join("sub/../new.rs")), dir.join("new.rs"));
        assert_eq!(
            resolved(&dir.join("no/such/x.rs")),
            dir.join("no/such/x.rs")
        );
        assert!(same_file(&dir.join("./a.rs"), &dir.join("sub/../a.rs")));
        assert!(!same_file(&dir.join("a.rs"), &dir.join("b.rs")));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_write_goes_through_a_link() {
        let dir = scratch("link");
        std::fs::create_dir(dir.join("real")).unwrap();
        let real = dir.join("real/models.rs");
        let link = dir.join("models.rs");
        std::fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink("real/models.rs", &link).unwrap();
        write_atomically(&link, "new").unwrap();
        assert!(link.is_symlink(), "the link stays a link");
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
        let dangling = dir.join("dangling.rs");
        std::os::unix::fs::symlink("real/later.rs", &dangling).unwrap();
        write_atomically(&dangling, "x").unwrap();
        assert!(dangling.is_symlink());
        assert_eq!(
            std::fs::read_to_string(dir.join("real/later.rs")).unwrap(),
            "x"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
