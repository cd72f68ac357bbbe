//! The `modelgen` command: parses flags, calls the library, prints diagnostics, sets the exit code.

use clap::{Parser, Subcommand, ValueEnum};
use modelgen::catalog::{document::catalog_document, text::catalog_text};
use modelgen::diag::Diagnostic;
use modelgen::naming::report::{relations_text, relationship_reports};
use modelgen::relations::Infer;
use std::path::PathBuf;
use std::process::ExitCode;

/// Reads MySQL/MariaDB DDL offline (schema files, dumps, migration folders) and writes
/// ActiveRecord-style Rust models with their relationships; `inspect` shows what they are
/// made from.
#[derive(Parser)]
#[command(
    name = "modelgen",
    version,
    after_help = "Examples:\n  modelgen generate db/schema.sql --out src/models.rs --tests src/models_tests.rs\n  modelgen inspect db/migrations --relations"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write models.rs: one ActiveRecord-style model per table of INPUT..., with its
    /// relationships, and the runtime they share.
    Generate {
        /// SQL files and migration folders, applied in the order given.
        #[arg(required = true, value_name = "INPUT")]
        inputs: Vec<PathBuf>,
        /// The file to write (replaced atomically; nothing is written when an input is bad).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Also write tests of the models to FILE; models.rs includes it under #[cfg(test)].
        /// They run against the server of MODELGEN_TEST_DATABASE_URL (skipped without it).
        #[arg(long, value_name = "FILE")]
        tests: Option<PathBuf>,
        /// Also write a Mermaid ER diagram of the tables, their keys and relationships to FILE
        /// (relationships without FOREIGN KEY dashed).
        #[arg(long, value_name = "FILE")]
        diagram: Option<PathBuf>,
        /// The config file (TOML): inference, table prefix, relationships to add or ignore,
        /// columns to ignore, method names [default: modelgen.toml in the folder holding an
        /// INPUT, if any]
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// `auto`: a `<x>_id` column without FOREIGN KEY refers to table `<x>s` or `<x>`
        /// (also after the config's table_prefix) when that exists; `off`: only declared and
        /// configured relationships [default: the config's, else auto]
        #[arg(long, value_enum, value_name = "MODE")]
        infer: Option<InferArg>,
        /// Write nothing; exit 1 with a unified diff when a file differs from what would be
        /// generated (or --clean would remove one), 0 when all are current. For pre-commit
        /// hooks and CI.
        #[arg(long)]
        check: bool,
        /// Remove the files directly in DIR whose first lines carry a `@generated` marker and
        /// that are not outputs of this run (the per-table files of an older generator);
        /// never any other file.
        #[arg(long, value_name = "DIR")]
        clean: Option<PathBuf>,
        /// Write and remove nothing: list what would be written and removed.
        #[arg(long)]
        dry_run: bool,
    },
    /// Print the catalog INFORMATION_SCHEMA would show after running INPUT... on an empty
    /// database, or with --relations the relationships and the method names they give.
    Inspect {
        /// SQL files and migration folders, applied in the order given.
        #[arg(required = true, value_name = "INPUT")]
        inputs: Vec<PathBuf>,
        /// `text`: a summary per table; `json`: INFORMATION_SCHEMA's rows (TABLES, COLUMNS,
        /// TABLE_CONSTRAINTS, KEY_COLUMN_USAGE, REFERENTIAL_CONSTRAINTS) as the server shows them.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Print the relationships between tables instead, with where each comes from and the
        /// names of the methods it gives.
        #[arg(long)]
        relations: bool,
        /// With --relations: the config file, as for generate [default: modelgen.toml in the
        /// folder holding an INPUT, if any]
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// With --relations: `auto` or `off`, as for generate [default: the config's, else
        /// auto]
        #[arg(long, value_enum, value_name = "MODE")]
        infer: Option<InferArg>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum InferArg {
    Auto,
    Off,
}

impl From<InferArg> for Infer {
    fn from(arg: InferArg) -> Infer {
        match arg {
            InferArg::Auto => Infer::Auto,
            InferArg::Off => Infer::Off,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Json,
    Text,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(Outcome::Done) => ExitCode::SUCCESS,
        Ok(Outcome::Differs) => ExitCode::from(1),
        Err(diagnostic) => {
            eprintln!("{}", prefixed(&diagnostic));
            ExitCode::from(2)
        }
    }
}

/// How a run ended, when it did not fail.
enum Outcome {
    Done,
    /// `--check` found a file that is not as it would be generated.
    Differs,
}

/// A diagnostic without a location reads `modelgen: error: ...`.
fn prefixed(diagnostic: &Diagnostic) -> String {
    match diagnostic.location {
        Some(_) => diagnostic.to_string(),
        None => format!("modelgen: {diagnostic}"),
    }
}

fn run(cli: Cli) -> Result<Outcome, Diagnostic> {
    match cli.command {
        Command::Generate {
            inputs,
            out,
            tests,
            diagram,
            config,
            infer,
            check,
            clean,
            dry_run,
        } => {
            let mut builder = modelgen::Builder::new();
            for input in inputs {
                builder.input(input);
            }
            builder.out(out).cargo_directives(false);
            if let Some(infer) = infer {
                builder.infer(infer.into());
            }
            if let Some(config) = config {
                builder.config(config);
            }
            if let Some(tests) = tests {
                builder.tests(tests);
            }
            if let Some(diagram) = diagram {
                builder.diagram(diagram);
            }
            generate(&builder, clean.as_deref(), check, dry_run)
        }
        Command::Inspect {
            inputs,
            format,
            relations,
            config,
            infer,
        } => {
            let loaded = modelgen::load_catalog(&inputs)?;
            for warning in &loaded.warnings {
                eprintln!("{}", prefixed(warning));
            }
            if relations {
                // The catalog alone is the server's; only the relationships read the config.
                let config = modelgen::config::Config::for_inputs(config.as_deref(), &inputs)?;
                let schema = modelgen::derive_schema(
                    loaded.catalog,
                    config.as_ref(),
                    infer.map(Into::into),
                )?;
                for warning in &schema.warnings {
                    eprintln!("{}", prefixed(warning));
                }
                print_relations(&schema, format)?;
                return Ok(Outcome::Done);
            }
            match format {
                Format::Json => {
                    let document = catalog_document(&loaded.catalog);
                    let stdout = std::io::BufWriter::new(std::io::stdout().lock());
                    serde_json::to_writer_pretty(stdout, &document).map_err(|e| {
                        Diagnostic::error(None, format!("cannot write the catalog: {e}"))
                    })?;
                    println!();
                }
                Format::Text => print!("{}", catalog_text(&loaded.catalog)),
            }
            Ok(Outcome::Done)
        }
    }
}

/// `generate`: every file made in memory first, so that a bad input writes nothing; then
/// written, compared (`--check`) or listed (`--dry-run`), and the stale files of `clean`
/// removed, compared or listed alike.
fn generate(
    builder: &modelgen::Builder,
    clean: Option<&std::path::Path>,
    check: bool,
    dry_run: bool,
) -> Result<Outcome, Diagnostic> {
    let outputs = builder.generate()?;
    for warning in &outputs.warnings {
        eprintln!("{}", prefixed(warning));
    }
    let keep: Vec<PathBuf> = outputs.files.iter().map(|f| f.path.clone()).collect();
    let stale = match clean {
        Some(dir) => modelgen::stale_generated_files(dir, &keep)?,
        None => Vec::new(),
    };
    if check {
        let diffs = modelgen::differences(&outputs);
        for diff in &diffs {
            print!("{diff}");
        }
        for file in &stale {
            println!("stale: {} (--clean would remove it)", file.display());
        }
        let current = diffs.is_empty() && stale.is_empty();
        return Ok(if current {
            Outcome::Done
        } else {
            Outcome::Differs
        });
    }
    if dry_run {
        for file in &outputs.files {
            println!("would write {}", file.path.display());
        }
        for file in &stale {
            println!("would remove {}", file.display());
        }
        return Ok(Outcome::Done);
    }
    for file in &outputs.files {
        modelgen::write_atomically(&file.path, &file.text)?;
    }
    modelgen::remove_files(&stale)?;
    for file in &stale {
        println!("removed {}", file.display());
    }
    Ok(Outcome::Done)
}

fn print_relations(schema: &modelgen::Schema, format: Format) -> Result<(), Diagnostic> {
    let reports = relationship_reports(&schema.relations, &schema.names);
    match format {
        Format::Json => {
            let stdout = std::io::BufWriter::new(std::io::stdout().lock());
            serde_json::to_writer_pretty(stdout, &reports)
                .map_err(|e| Diagnostic::error(None, format!("cannot write the relations: {e}")))?;
            println!();
        }
        Format::Text => print!("{}", relations_text(&reports, &schema.names)),
    }
    Ok(())
}
