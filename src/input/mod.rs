//! Paths given on the command line → the ordered list of SQL files to apply.
//!
//! (Interface only: the implementation is being written.)

use crate::diag::Diagnostic;
use std::path::{Path, PathBuf};

/// Expands `inputs` (files, and migration folders) in the order CATALOG.md gives.
pub fn collect_sources(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, Diagnostic> {
    let _ = inputs;
    unimplemented!()
}

/// The migration version of a file at `relative` path inside its folder, if it has one.
pub fn migration_version(relative: &Path) -> Option<Vec<u64>> {
    let _ = relative;
    unimplemented!()
}
