//! modelgen reads MySQL/MariaDB DDL offline and rebuilds the catalog INFORMATION_SCHEMA would show.
//!
//! The pipeline, one module a stage, each a plain function of the stage before:
//! paths → [`input`] (ordered files) → [`split`] (raw statements) → [`parse`] (sqlparser
//! statements) → [`catalog`] (tables, columns, keys in INFORMATION_SCHEMA's words) →
//! [`relations`] (declared and inferred relationships) → [`naming`] (every Rust name) →
//! [`emit`] (the text of models.rs). A [`config`] file adjusts the middle stages.
//!
//! ```no_run
//! let generated = modelgen::generate_models(&["db/schema.sql".into()], Default::default()).unwrap();
//! std::fs::write("src/models.rs", generated.models).unwrap();
//! ```

mod builder;
pub mod catalog;
pub mod config;
pub mod diag;
pub mod emit;
pub mod input;
pub mod naming;
pub mod parse;
pub mod relations;
pub mod split;

pub use builder::{differences, remove_files, stale_generated_files, Builder, Output, Outputs};
use catalog::Catalog;
use diag::Diagnostic;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

/// A catalog and the warnings met while building it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Loaded {
    pub catalog: Catalog,
    pub warnings: Vec<Diagnostic>,
    /// The statements that built the catalog, each ended by `;` and a newline, in the order
    /// run: run on an empty database they make the same tables (models.rs's `SCHEMA_SQL`).
    pub schema_sql: String,
}

/// Runs the pipeline up to the catalog: reads `inputs` (files and migration folders, in order)
/// and applies every schema statement. Stops at the first error, which points into the input.
pub fn load_catalog(inputs: &[PathBuf]) -> Result<Loaded, Diagnostic> {
    let mut loaded = Loaded::default();
    for path in input::collect_sources(inputs)? {
        let file = std::fs::File::open(&path).map_err(|e| Diagnostic::io("read", &path, e))?;
        apply_sql(&path, BufReader::with_capacity(1 << 16, file), &mut loaded)?;
    }
    let dangling = loaded.catalog.dangling_foreign_keys();
    loaded.warnings.extend(dangling);
    Ok(loaded)
}

/// What `generate` makes.
#[derive(Debug, Clone, PartialEq)]
pub struct Generated {
    /// The text of models.rs.
    pub models: String,
    /// The text of the tests file, when asked for.
    pub tests: Option<String>,
    /// The Mermaid ER diagram, when asked for.
    pub diagram: Option<String>,
    /// Warnings met while reading the inputs (statements skipped).
    pub warnings: Vec<Diagnostic>,
}

/// How to generate.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `--infer`: wins over the config's; auto when neither says.
    pub infer: Option<relations::Infer>,
    pub config: Option<config::Config>,
    /// Write tests too; models.rs includes them from this path (relative to its folder).
    pub tests: Option<String>,
    /// Draw the Mermaid ER diagram too.
    pub diagram: bool,
}

/// A catalog with its relationships and names: what the emitter works from.
#[derive(Debug, Clone, PartialEq)]
pub struct Schema {
    /// Less the columns the config ignores.
    pub catalog: Catalog,
    pub relations: relations::Relations,
    pub names: naming::Names,
}

/// The middle of the pipeline: catalog → relationships → names, as the config and `infer`
/// (`--infer`, which wins over the config) shape them. Fails when the config names what the
/// catalog does not hold, or asks for what cannot be.
pub fn derive_schema(
    catalog: Catalog,
    config: Option<&config::Config>,
    infer: Option<relations::Infer>,
) -> Result<Schema, Diagnostic> {
    let resolved = match config {
        Some(config) => config.resolve(&catalog)?,
        None => config::Resolved::default(),
    };
    let catalog = resolved.prune(catalog);
    let relations = relations::derive_relations(&catalog, &resolved.relation_options(infer));
    resolved.check_relations(&relations)?;
    let names = naming::name_catalog(&catalog, &relations, &resolved.naming_options());
    resolved.check_names(&relations, &names)?;
    Ok(Schema {
        catalog,
        relations,
        names,
    })
}

/// The whole pipeline: `inputs` → the text of models.rs. Writes nothing.
pub fn generate_models(inputs: &[PathBuf], options: Options) -> Result<Generated, Diagnostic> {
    let loaded = load_catalog(inputs)?;
    let Schema {
        catalog,
        relations,
        names,
    } = derive_schema(loaded.catalog, options.config.as_ref(), options.infer)?;
    let tests_path = options.tests.as_deref();
    let models = emit::emit_models(&catalog, &relations, &names, &loaded.schema_sql, tests_path);
    let tests = tests_path.map(|_| emit::emit_tests(&catalog, &relations, &names));
    let diagram = options
        .diagram
        .then(|| emit::emit_diagram(&catalog, &relations, &names));
    Ok(Generated {
        models,
        tests,
        diagram,
        warnings: loaded.warnings,
    })
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

/// Whether `a` and `b` name one file: the same path once links and `..` are resolved, or, for
/// a path not there yet, the same spelling.
pub(crate) fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// Writes `text` to `path` atomically: a temporary file beside it, then a rename, so that a
/// reader never sees half a file and a failure leaves the old one.
pub fn write_atomically(path: &Path, text: &str) -> Result<(), Diagnostic> {
    let fail = |e: std::io::Error| {
        Diagnostic::error(None, format!("cannot write {}: {e}", path.display()))
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = path.with_file_name(format!(".{name}.modelgen-{}", std::process::id()));
    std::fs::write(&temporary, text).map_err(fail)?;
    std::fs::rename(&temporary, path).map_err(|e| {
        let _ = std::fs::remove_file(&temporary);
        fail(e)
    })
}

/// Applies the SQL read from `reader` (named `path` in diagnostics) to `loaded`, in a session
/// of its own.
pub fn apply_sql(path: &Path, reader: impl BufRead, loaded: &mut Loaded) -> Result<(), Diagnostic> {
    let mut session = catalog::Session::default();
    split::split_statements(path, reader, |statement| {
        let Some(change) = parse::parse_statement(path, &statement)? else {
            return Ok(());
        };
        catalog::apply_change(&mut loaded.catalog, &mut session, &change)
            .map_err(|d| d.with_excerpt_from(&statement.text, statement.line, statement.column))?;
        loaded.schema_sql.push_str(statement.text.trim());
        loaded.schema_sql.push_str(";\n");
        Ok(())
    })?;
    // The next file starts a session of its own.
    if !session.foreign_key_checks {
        loaded.schema_sql.push_str("SET foreign_key_checks = 1;\n");
    }
    Ok(())
}
