//! The `modelgen` command: parses flags, calls the library, prints diagnostics, sets the exit code.

use clap::{Parser, Subcommand, ValueEnum};
use modelgen::catalog::{document::catalog_document, text::catalog_text};
use modelgen::diag::Diagnostic;
use std::path::PathBuf;
use std::process::ExitCode;

/// Reads MySQL/MariaDB DDL offline (schema files, dumps, migration folders).
#[derive(Parser)]
#[command(name = "modelgen", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the catalog INFORMATION_SCHEMA would show after running INPUT... on an empty database.
    Inspect {
        /// SQL files and migration folders, applied in the order given.
        #[arg(required = true, value_name = "INPUT")]
        inputs: Vec<PathBuf>,
        /// `json`: the catalog document of CATALOG.md; `text`: a readable summary.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
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
        Command::Inspect { inputs, format } => {
            let loaded = modelgen::load_catalog(&inputs)?;
            for warning in &loaded.warnings {
                eprintln!("{}", prefixed(warning));
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
