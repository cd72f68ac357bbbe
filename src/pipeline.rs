//! The pipeline as calls: files → catalog ([`load_catalog`]), catalog → relationships and
//! names ([`derive_schema`]), and the whole run in memory ([`generate_models`]). The
//! [`Builder`](crate::Builder) is the public front door over these.

use crate::catalog::{self, Catalog};
use crate::diag::Diagnostic;
use crate::input::{self, Source, Sources};
use crate::{config, emit, naming, parse, relations, split};
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
    /// The files read, in the order applied.
    pub sources: Vec<PathBuf>,
}

/// Runs the pipeline up to the catalog: reads `inputs` (files and migration folders, in order)
/// and applies every schema statement. Stops at the first error, which points into the input
/// (and, in a migrations folder, says where the folder's order put the file).
pub fn load_catalog(inputs: &[PathBuf]) -> Result<Loaded, Diagnostic> {
    load_sources(&input::collect_sources(inputs)?)
}

/// [`load_catalog`] of files already listed.
pub fn load_sources(sources: &Sources) -> Result<Loaded, Diagnostic> {
    let mut loaded = Loaded {
        warnings: sources.warnings.clone(),
        ..Loaded::default()
    };
    for (i, source) in sources.files.iter().enumerate() {
        let before = i.checked_sub(1).map(|i| &sources.files[i]);
        let path = &source.path;
        let file = std::fs::File::open(path)
            .map_err(|e| Diagnostic::io("read", path, e))
            .map_err(|d| placed(d, source, before))?;
        apply_sql(path, BufReader::with_capacity(1 << 16, file), &mut loaded)
            .map_err(|d| placed(d, source, before))?;
        loaded.sources.push(path.clone());
    }
    let dangling = loaded.catalog.dangling_foreign_keys();
    loaded.warnings.extend(dangling);
    Ok(loaded)
}

/// `diagnostic` with a note saying where its migrations folder's order put `source`: an
/// error there is often a file applied too early.
fn placed(diagnostic: Diagnostic, source: &Source, before: Option<&Source>) -> Diagnostic {
    let Some(place) = &source.place else {
        return diagnostic;
    };
    let previous = before
        .filter(|b| b.place.as_ref().is_some_and(|p| p.folder == place.folder))
        .map(|b| format!(", after {}", file_name(&b.path, &place.folder)))
        .unwrap_or_default();
    diagnostic.with_note(format!(
        "{} is file {} of {} in {}{previous}: versioned files apply first, by version, then \
         the others by name (`modelgen inspect {} --verbose` lists the order)",
        file_name(&source.path, &place.folder),
        place.position,
        place.count,
        place.folder.display(),
        place.folder.display(),
    ))
}

/// `path` relative to `folder`, as the folder's order names it.
fn file_name(path: &Path, folder: &Path) -> String {
    path.strip_prefix(folder)
        .unwrap_or(path)
        .display()
        .to_string()
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
        // The generated tests run it in a scratch database: no other database is named.
        loaded
            .schema_sql
            .push_str(&parse::unqualified(statement.text.trim()));
        loaded.schema_sql.push_str(";\n");
        Ok(())
    })?;
    // The next file starts a session of its own.
    if !session.foreign_key_checks {
        loaded.schema_sql.push_str("SET foreign_key_checks = 1;\n");
    }
    Ok(())
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
    /// The files read, in the order applied.
    pub sources: Vec<PathBuf>,
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
    /// `--serde`: Serialize and Deserialize even when the config does not ask for them.
    pub serde: bool,
    /// `--runtime`: wins over the config's `runtime`; sync when neither says.
    pub runtime: Option<emit::Runtime>,
}

/// A catalog with its relationships and names: what the emitter works from.
#[derive(Debug, Clone, PartialEq)]
pub struct Schema {
    /// Less the columns the config ignores.
    pub catalog: Catalog,
    pub relations: relations::Relations,
    pub names: naming::Names,
    /// What the config takes away without an error (the relationships of ignored columns).
    pub warnings: Vec<Diagnostic>,
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
    let warnings = resolved.ignored_column_warnings(&catalog, infer);
    let catalog = resolved.prune(catalog);
    let relations = relations::derive_relations(&catalog, &resolved.relation_options(infer));
    resolved.check_relations(&relations)?;
    let names = naming::name_catalog(&catalog, &relations, &resolved.naming_options());
    resolved.check_names(&catalog, &relations, &names)?;
    Ok(Schema {
        catalog,
        relations,
        names,
        warnings,
    })
}

/// The whole pipeline: `inputs` → the text of models.rs. Writes nothing. Inputs that make no
/// table are an error: there would be nothing to generate.
pub fn generate_models(inputs: &[PathBuf], options: Options) -> Result<Generated, Diagnostic> {
    generate_from(&input::collect_sources(inputs)?, options)
}

/// [`generate_models`] of files already listed.
pub fn generate_from(sources: &Sources, options: Options) -> Result<Generated, Diagnostic> {
    let loaded = load_sources(sources)?;
    if loaded.catalog.tables.is_empty() {
        return Err(no_table(&loaded));
    }
    let Schema {
        catalog,
        relations,
        names,
        warnings,
    } = derive_schema(loaded.catalog, options.config.as_ref(), options.infer)?;
    let features = emit::Features {
        serde: options.serde || options.config.as_ref().is_some_and(|c| c.serde()),
        runtime: options
            .runtime
            .or_else(|| options.config.as_ref().and_then(|c| c.runtime()))
            .unwrap_or_default(),
    };
    let tests_path = options.tests.as_deref();
    let models = emit::emit_models(
        &catalog,
        &relations,
        &names,
        &loaded.schema_sql,
        tests_path,
        features,
    );
    let tests = tests_path.map(|_| emit::emit_tests(&catalog, &relations, &names, features));
    let diagram = options
        .diagram
        .then(|| emit::emit_diagram(&catalog, &relations, &names));
    Ok(Generated {
        models,
        tests,
        diagram,
        warnings: loaded.warnings.into_iter().chain(warnings).collect(),
        sources: loaded.sources,
    })
}

/// The error for inputs without a table, with the warnings that may say why (a statement
/// skipped), since they are not printed otherwise.
fn no_table(loaded: &Loaded) -> Diagnostic {
    let files = match loaded.sources.len() {
        1 => "1 file".to_string(),
        n => format!("{n} files"),
    };
    let mut error = Diagnostic::error(
        None,
        format!("the inputs make no table ({files} read): nothing to generate"),
    );
    for warning in &loaded.warnings {
        let first_line = warning
            .to_string()
            .lines()
            .next()
            .unwrap_or_default()
            .to_string();
        error = error.with_note(first_line);
    }
    error
}
