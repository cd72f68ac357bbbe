//! modelgen reads MySQL/MariaDB DDL offline and rebuilds the catalog INFORMATION_SCHEMA would show.
//!
//! The pipeline, one module a stage, each a plain function of the stage before:
//! paths → [`input`] (ordered files) → [`split`] (raw statements) → [`parse`] (sqlparser
//! statements) → [`catalog`] (tables, columns, keys in INFORMATION_SCHEMA's words).
//!
//! ```no_run
//! let loaded = modelgen::load_catalog(&["db/schema.sql".into()]).unwrap();
//! println!("{} tables", loaded.catalog.tables.len());
//! ```

pub mod catalog;
pub mod diag;
pub mod emit;
pub mod input;
pub mod naming;
pub mod parse;
pub mod relations;
pub mod split;

use catalog::Catalog;
use diag::Diagnostic;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

/// A catalog and the warnings met while building it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Loaded {
    pub catalog: Catalog,
    pub warnings: Vec<Diagnostic>,
}

/// Runs the pipeline up to the catalog: reads `inputs` (files and migration folders, in order)
/// and applies every schema statement. Stops at the first error, which points into the input.
pub fn load_catalog(inputs: &[PathBuf]) -> Result<Loaded, Diagnostic> {
    let mut loaded = Loaded::default();
    for path in input::collect_sources(inputs)? {
        let file = std::fs::File::open(&path)
            .map_err(|e| Diagnostic::error(None, format!("cannot read {}: {e}", path.display())))?;
        apply_sql(&path, BufReader::with_capacity(1 << 16, file), &mut loaded)?;
    }
    Ok(loaded)
}

/// Applies the SQL read from `reader` (named `path` in diagnostics) to `loaded`, in a session
/// of its own.
pub fn apply_sql(path: &Path, reader: impl BufRead, loaded: &mut Loaded) -> Result<(), Diagnostic> {
    let mut session = catalog::Session::default();
    split::split_statements(path, reader, |statement| {
        let Some(change) = parse::parse_statement(path, &statement, &mut loaded.warnings)? else {
            return Ok(());
        };
        catalog::apply_change(&mut loaded.catalog, &mut session, &change)
            .map_err(|d| d.with_excerpt_from(&statement.text, statement.line, statement.column))
    })
}
