//! The `modelgen` command: parses flags, calls the library, prints diagnostics, sets the exit code.

use clap::{Parser, Subcommand, ValueEnum};
use modelgen::catalog::Catalog;
use modelgen::catalog::{document::catalog_document, text::catalog_text};
use modelgen::diag::Diagnostic;
use modelgen::relations::report::{relations_text, relationship_reports};
use modelgen::relations::{derive_relations, Infer};
use std::path::PathBuf;
use std::process::ExitCode;

/// Reads MySQL/MariaDB DDL offline (schema files, dumps, migration folders) and writes
/// ActiveRecord-style Rust models with their relationships; `inspect` shows what they are
/// made from.
#[derive(Parser)]
#[command(name = "modelgen", version)]
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
        /// They run against MODELGEN_TEST_DATABASE_URL.
        #[arg(long, value_name = "FILE")]
        tests: Option<PathBuf>,
        /// `auto`: a `<x>_id` column without FOREIGN KEY refers to table `<x>s` or `<x>`
        /// when that exists; `off`: only declared foreign keys.
        #[arg(long, value_enum, default_value_t = InferArg::Auto)]
        infer: InferArg,
    },
    /// Print the catalog INFORMATION_SCHEMA would show after running INPUT... on an empty database.
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
        /// `auto`: a `<x>_id` column without FOREIGN KEY refers to table `<x>s` or `<x>`
        /// when that exists; `off`: only declared foreign keys.
        #[arg(long, value_enum, default_value_t = InferArg::Auto)]
        infer: InferArg,
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
        Ok(()) => ExitCode::SUCCESS,
        Err(diagnostic) => {
            eprintln!("{}", prefixed(&diagnostic));
            ExitCode::from(2)
        }
    }
}

/// A diagnostic without a location reads `modelgen: error: ...`.
fn prefixed(diagnostic: &Diagnostic) -> String {
    match diagnostic.location {
        Some(_) => diagnostic.to_string(),
        None => format!("modelgen: {diagnostic}"),
    }
}

fn run(cli: Cli) -> Result<(), Diagnostic> {
    match cli.command {
        Command::Generate {
            inputs,
            out,
            tests,
            infer,
        } => {
            let options = modelgen::Options {
                infer: infer.into(),
                tests: tests.as_deref().map(|t| modelgen::relative_path(&out, t)),
            };
            let generated = modelgen::generate_models(&inputs, options)?;
            for warning in &generated.warnings {
                eprintln!("{}", prefixed(warning));
            }
            if let (Some(path), Some(text)) = (&tests, &generated.tests) {
                modelgen::write_atomically(path, text)?;
            }
            modelgen::write_atomically(&out, &generated.models)
        }
        Command::Inspect {
            inputs,
            format,
            relations,
            infer,
        } => {
            let loaded = modelgen::load_catalog(&inputs)?;
            for warning in &loaded.warnings {
                eprintln!("{}", prefixed(warning));
            }
            if relations {
                print_relations(&loaded.catalog, infer.into(), format)?;
                return Ok(());
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
            Ok(())
        }
    }
}

fn print_relations(catalog: &Catalog, infer: Infer, format: Format) -> Result<(), Diagnostic> {
    let relations = derive_relations(catalog, infer);
    let names = modelgen::naming::name_catalog(catalog, &relations);
    let reports = relationship_reports(&relations, &names);
    match format {
        Format::Json => {
            let stdout = std::io::BufWriter::new(std::io::stdout().lock());
            serde_json::to_writer_pretty(stdout, &reports)
                .map_err(|e| Diagnostic::error(None, format!("cannot write the relations: {e}")))?;
            println!();
        }
        Format::Text => print!("{}", relations_text(&reports, &names)),
    }
    Ok(())
}
