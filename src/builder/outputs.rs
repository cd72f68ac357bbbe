//! What a run makes, in memory, and how it compares with the disk: the files to write, the
//! stale files to remove, and the differences (`--check`, `--dry-run`).

use super::clean::remove_files;
use super::paths::write_atomically;
use crate::diag::Diagnostic;
use std::path::{Path, PathBuf};

/// One file a run makes.
#[derive(Debug, Clone, PartialEq)]
pub struct Output {
    pub path: PathBuf,
    pub text: String,
}

/// The files of a run (models.rs first), the stale files it would remove and the warnings met
/// reading the inputs.
#[derive(Debug, Clone, PartialEq)]
pub struct Outputs {
    pub files: Vec<Output>,
    /// Files an older generator left in the folder given to [`Builder::clean`](crate::Builder::clean).
    pub stale: Vec<PathBuf>,
    pub warnings: Vec<Diagnostic>,
    /// The SQL files read, in the order applied.
    pub sources: Vec<PathBuf>,
    /// The config file read, if any.
    pub config: Option<PathBuf>,
}

/// How a file on disk differs from what the run makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Not there yet: the run creates it, with this many lines.
    Create { lines: usize },
    /// There, with other content: this many lines added and removed.
    Modify { added: usize, removed: usize },
    /// A stale generated file the run removes.
    Remove,
}

/// One file on disk that is not as the run makes it.
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    pub path: PathBuf,
    pub change: Change,
    /// The unified diff, the file on disk (`---`) against the run's (`+++`); empty for a file
    /// to remove.
    pub diff: String,
}

impl Outputs {
    /// The text of models.rs.
    pub fn models(&self) -> &str {
        &self.files[0].text
    }

    /// The files on disk that are not as this run makes them (a missing file differs from any
    /// text), and the stale files to remove; empty when all are current. Writes nothing.
    pub fn differences(&self) -> Vec<Difference> {
        self.compare(true)
    }

    /// The differences, with their unified diffs or without (`diff` empty).
    fn compare(&self, diffs: bool) -> Vec<Difference> {
        let files = self.files.iter().filter_map(|file| {
            let current = std::fs::read_to_string(&file.path).ok();
            difference(&file.path, current.as_deref(), &file.text, diffs)
        });
        let stale = self.stale.iter().map(|path| Difference {
            path: path.clone(),
            change: Change::Remove,
            diff: String::new(),
        });
        files.chain(stale).collect()
    }

    /// Writes the files whose content changed (each atomically, through links; an unchanged
    /// file keeps its time) and removes the stale ones. Returns what it changed, each `diff`
    /// left empty ([`differences`](Self::differences) gives them: the diff of a new 20 MB
    /// models.rs took a tenth of `generate`'s time).
    pub fn write(&self) -> Result<Vec<Difference>, Diagnostic> {
        // Each file is read once, by the comparison: those that differ are written.
        let differences = self.compare(false);
        for file in &self.files {
            if differences.iter().any(|d| d.path == file.path) {
                write_atomically(&file.path, &file.text)?;
            }
        }
        remove_files(&self.stale)?;
        Ok(differences)
    }
}

/// How `generated` differs from `current` (the text on disk, `None` when there is none),
/// with the unified diff when `diffs`.
fn difference(
    path: &Path,
    current: Option<&str>,
    generated: &str,
    diffs: bool,
) -> Option<Difference> {
    if current == Some(generated) {
        return None;
    }
    // Counting a file's changed lines takes the line diff; a new file's diff is made only when
    // asked for (`diffs`).
    let lines = (diffs || current.is_some())
        .then(|| similar::TextDiff::from_lines(current.unwrap_or_default(), generated));
    let change = match (current, &lines) {
        (Some(_), Some(lines)) => {
            let count = |tag| lines.iter_all_changes().filter(|c| c.tag() == tag).count();
            Change::Modify {
                added: count(similar::ChangeTag::Insert),
                removed: count(similar::ChangeTag::Delete),
            }
        }
        _ => Change::Create {
            lines: generated.lines().count(),
        },
    };
    let Some(lines) = lines.filter(|_| diffs) else {
        return Some(Difference {
            path: path.to_path_buf(),
            change,
            diff: String::new(),
        });
    };
    let name = path.display().to_string();
    let unified = lines
        .unified_diff()
        .context_radius(3)
        .header(&format!("{name} (on disk)"), &format!("{name} (generated)"))
        .to_string();
    Some(Difference {
        path: path.to_path_buf(),
        change,
        diff: unified,
    })
}
