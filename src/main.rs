//! The `modelgen` command: parses flags, calls the library, prints diagnostics, sets the exit code.

use clap::{Args, Parser, Subcommand, ValueEnum};
use modelgen::catalog::{document::catalog_document, text::catalog_text};
use modelgen::naming::report::{relations_text, relationship_reports};
use modelgen::{Change, Diagnostic, Infer};
use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
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
    /// relationships.
    Generate(GenerateArgs),
    /// Print the catalog INFORMATION_SCHEMA would show after running INPUT... on an empty
    /// database, or with --relations the relationships and the method names they give.
    Inspect(InspectArgs),
}

#[derive(Args)]
struct GenerateArgs {
    /// SQL files and migration folders, applied in the order given.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    /// The file to write: atomically, only when its content changed, through a link to the
    /// file it leads to; nothing is written when an input is bad.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// Also write tests of the models to FILE; models.rs includes it under #[cfg(test)].
    /// They run against the server of MODELGEN_TEST_DATABASE_URL (they fail without it,
    /// unless MODELGEN_SKIP_DB=1).
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
    /// Implement serde's Serialize and Deserialize for the models and enums (the
    /// application enables modelgen-runtime's `serde` feature) [default: the config's
    /// `serde`, else no]
    #[arg(long)]
    serde: bool,
    /// `sync`: models over the `mysql` crate; `async`: async models over sqlx on tokio (the
    /// application enables modelgen-runtime's `async` feature) [default: the config's
    /// `runtime`, else sync]
    #[arg(long, value_enum, value_name = "FLAVOUR")]
    runtime: Option<RuntimeArg>,
    /// Write nothing; exit 1 with a unified diff when a file differs from what would be
    /// generated (or --clean would remove one), then a line per such file and the command
    /// that brings them up to date; 0 when all are current. For pre-commit hooks and CI.
    #[arg(long)]
    check: bool,
    /// Also remove the .rs and .py files directly in DIR whose first lines hold a
    /// `@generated` comment (the per-table files of an older generator); never an input,
    /// the config, an output, a link or any other file.
    #[arg(long, value_name = "DIR")]
    clean: Option<PathBuf>,
    /// Write and remove nothing: list the files read, in the order applied, and which
    /// files would be created, changed or removed.
    #[arg(long)]
    dry_run: bool,
    /// Make warnings errors: exit 2 and write nothing when a statement or file is skipped
    /// with a warning.
    #[arg(long)]
    deny_warnings: bool,
    /// List the files read, in the order applied, on stderr.
    #[arg(long, short)]
    verbose: bool,
}

#[derive(Args)]
struct InspectArgs {
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
    /// List the files read, in the order applied, on stderr (first, so that it shows
    /// when a file fails).
    #[arg(long, short)]
    verbose: bool,
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
enum RuntimeArg {
    Sync,
    Async,
}

impl From<RuntimeArg> for modelgen::Runtime {
    fn from(arg: RuntimeArg) -> modelgen::Runtime {
        match arg {
            RuntimeArg::Sync => modelgen::Runtime::Sync,
            RuntimeArg::Async => modelgen::Runtime::Async,
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
    let mut terminal = Terminal::new();
    let outcome = run(cli, &mut terminal).and_then(|outcome| {
        terminal.out.flush().map_err(cannot_print)?;
        Ok(outcome)
    });
    match outcome {
        Ok(Outcome::Done) => ExitCode::SUCCESS,
        Ok(Outcome::Differs) => ExitCode::from(1),
        Err(diagnostic) => {
            let _ = writeln!(terminal.err, "{}", prefixed(&diagnostic));
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

/// stdout and stderr, each ending quietly when its reader has gone (`modelgen ... | head -1`:
/// a broken pipe is no error of the run, whose exit code stays its outcome's).
struct Terminal {
    out: Quiet<std::io::BufWriter<std::io::StdoutLock<'static>>>,
    err: Quiet<std::io::StderrLock<'static>>,
}

impl Terminal {
    fn new() -> Terminal {
        Terminal {
            out: Quiet::new(std::io::BufWriter::new(std::io::stdout().lock())),
            err: Quiet::new(std::io::stderr().lock()),
        }
    }

    /// Prints the warnings of a run on stderr.
    fn warn(&mut self, warnings: &[Diagnostic]) {
        for warning in warnings {
            let _ = writeln!(self.err, "{}", prefixed(warning));
        }
    }
}

/// A stream whose writes succeed, writing nothing, once its reader has gone (EPIPE).
struct Quiet<W> {
    inner: W,
    gone: bool,
}

impl<W: Write> Quiet<W> {
    fn new(inner: W) -> Quiet<W> {
        Quiet { inner, gone: false }
    }

    fn unless_gone<T>(&mut self, result: std::io::Result<T>, done: T) -> std::io::Result<T> {
        match result {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.gone = true;
                Ok(done)
            }
            other => other,
        }
    }
}

impl<W: Write> Write for Quiet<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.gone {
            return Ok(buf.len());
        }
        let result = self.inner.write(buf);
        self.unless_gone(result, buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.gone {
            return Ok(());
        }
        let result = self.inner.flush();
        self.unless_gone(result, ())
    }
}

fn cannot_print(error: std::io::Error) -> Diagnostic {
    Diagnostic::error(None, format!("cannot write to stdout: {error}"))
}

/// A diagnostic without a location reads `modelgen: error: ...`.
fn prefixed(diagnostic: &Diagnostic) -> String {
    match diagnostic.location {
        Some(_) => diagnostic.to_string(),
        None => format!("modelgen: {diagnostic}"),
    }
}

fn run(cli: Cli, terminal: &mut Terminal) -> Result<Outcome, Diagnostic> {
    match cli.command {
        Command::Generate(args) => generate(args, terminal),
        Command::Inspect(args) => inspect(args, terminal),
    }
}

/// `generate`: every file made in memory first, so that a bad input writes nothing; then
/// written, compared (`--check`) or listed (`--dry-run`).
fn generate(args: GenerateArgs, terminal: &mut Terminal) -> Result<Outcome, Diagnostic> {
    if args.verbose {
        print_order(&mut terminal.err, &args.inputs)?;
    }
    let mut builder = modelgen::Builder::new();
    for input in args.inputs {
        builder.input(input);
    }
    builder
        .out(args.out)
        .deny_warnings(args.deny_warnings)
        .cargo_directives(false);
    if let Some(infer) = args.infer {
        builder.infer(infer.into());
    }
    if let Some(config) = args.config {
        builder.config(config);
    }
    if let Some(tests) = args.tests {
        builder.tests(tests);
    }
    if args.serde {
        builder.serde(true);
    }
    if let Some(runtime) = args.runtime {
        builder.runtime(runtime.into());
    }
    if let Some(diagram) = args.diagram {
        builder.diagram(diagram);
    }
    if let Some(clean) = args.clean {
        builder.clean(clean);
    }
    let outputs = builder.generate()?;
    terminal.warn(&outputs.warnings);
    if args.check {
        check_outputs(&mut terminal.out, &outputs)
    } else if args.dry_run {
        list_outputs(&mut terminal.out, &outputs)?;
        Ok(Outcome::Done)
    } else {
        write_outputs(&mut terminal.out, &outputs)
    }
}

/// `inspect`: the catalog, or the relationships and their names.
fn inspect(args: InspectArgs, terminal: &mut Terminal) -> Result<Outcome, Diagnostic> {
    if args.verbose {
        print_order(&mut terminal.err, &args.inputs)?;
    }
    let loaded = modelgen::load_catalog(&args.inputs)?;
    terminal.warn(&loaded.warnings);
    let out = &mut terminal.out;
    if args.relations {
        // The catalog alone is the server's; only the relationships read the config.
        let config = modelgen::config::Config::for_inputs(args.config.as_deref(), &args.inputs)?;
        let infer = args.infer.map(Into::into);
        let schema = modelgen::derive_schema(loaded.catalog, config.as_ref(), infer)?;
        terminal.warn(&schema.warnings);
        let out = &mut terminal.out;
        print_relations(out, &schema, args.format)?;
        return Ok(Outcome::Done);
    }
    match args.format {
        Format::Json => {
            let document = catalog_document(&loaded.catalog);
            serde_json::to_writer_pretty(&mut *out, &document)
                .map_err(|e| cannot_print(e.into()))?;
            writeln!(out).map_err(cannot_print)?;
        }
        Format::Text => write!(out, "{}", catalog_text(&loaded.catalog)).map_err(cannot_print)?,
    }
    Ok(Outcome::Done)
}

/// The files `inputs` give, in the order applied, numbered.
fn print_order(to: &mut impl Write, inputs: &[PathBuf]) -> Result<(), Diagnostic> {
    let sources = modelgen::input::collect_sources(inputs)?;
    let paths: Vec<&Path> = sources.files.iter().map(|s| s.path.as_path()).collect();
    write!(to, "{}", order_text(&paths)).map_err(cannot_print)
}

fn order_text(paths: &[&Path]) -> String {
    let mut text = match paths.len() {
        1 => "reads 1 file:\n".to_string(),
        n => format!("reads {n} files, in this order:\n"),
    };
    for (i, path) in paths.iter().enumerate() {
        text.push_str(&format!("{:>4}. {}\n", i + 1, path.display()));
    }
    text
}

/// `--check`: the diffs, then a line per file that is not current and the command that
/// updates them.
fn check_outputs(out: &mut impl Write, outputs: &modelgen::Outputs) -> Result<Outcome, Diagnostic> {
    let differences = outputs.differences();
    if differences.is_empty() {
        return Ok(Outcome::Done);
    }
    let mut text = String::new();
    for difference in &differences {
        text.push_str(&difference.diff);
    }
    for difference in &differences {
        let path = difference.path.display();
        text.push_str(&match difference.change {
            Change::Create { lines } => format!("missing: {path} ({})\n", count(lines, "line")),
            Change::Modify { added, removed } => {
                format!("stale: {path} ({})\n", changed_lines(added, removed))
            }
            Change::Remove => format!("stale: {path} (--clean would remove it)\n"),
        });
    }
    text.push_str(&format!("to update: {}\n", regenerate_command()));
    out.write_all(text.as_bytes()).map_err(cannot_print)?;
    Ok(Outcome::Differs)
}

/// `--dry-run`: the files read, in order, then what would happen to each output.
fn list_outputs(out: &mut impl Write, outputs: &modelgen::Outputs) -> Result<(), Diagnostic> {
    let paths: Vec<&Path> = outputs.sources.iter().map(PathBuf::as_path).collect();
    let mut text = order_text(&paths);
    let differences = outputs.differences();
    let change_of = |path: &Path| differences.iter().find(|d| d.path == path);
    for file in &outputs.files {
        let path = file.path.display();
        text.push_str(&match change_of(&file.path).map(|d| &d.change) {
            None => format!("unchanged {path}\n"),
            Some(Change::Create { lines }) => {
                format!("would create {path} ({})\n", count(*lines, "line"))
            }
            Some(Change::Modify { added, removed }) => {
                format!(
                    "would change {path} ({})\n",
                    changed_lines(*added, *removed)
                )
            }
            Some(Change::Remove) => unreachable!("outputs are written, not removed"),
        });
    }
    for file in &outputs.stale {
        text.push_str(&format!("would remove {}\n", file.display()));
    }
    out.write_all(text.as_bytes()).map_err(cannot_print)
}

/// Writes what changed; says what it removed.
fn write_outputs(out: &mut impl Write, outputs: &modelgen::Outputs) -> Result<Outcome, Diagnostic> {
    for difference in outputs.write()? {
        if difference.change == Change::Remove {
            writeln!(out, "removed {}", difference.path.display()).map_err(cannot_print)?;
        }
    }
    Ok(Outcome::Done)
}

fn changed_lines(added: usize, removed: usize) -> String {
    format!("{} added, {removed} removed", count(added, "line"))
}

fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// This command without `--check`: what brings the files up to date, as a shell reads it.
fn regenerate_command() -> String {
    let args: Vec<OsString> = std::env::args_os()
        .skip(1)
        .filter(|a| a != "--check")
        .collect();
    let mut words = vec!["modelgen".to_string()];
    words.extend(args.iter().map(|a| shell_word(&a.to_string_lossy())));
    words.join(" ")
}

/// `word` as one shell word: as it is when it holds only characters no shell treats apart,
/// else in single quotes.
fn shell_word(word: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "-_./:=@%+,".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

fn print_relations(
    out: &mut impl Write,
    schema: &modelgen::Schema,
    format: Format,
) -> Result<(), Diagnostic> {
    let reports = relationship_reports(&schema.relations, &schema.names);
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, &reports)
                .map_err(|e| cannot_print(e.into()))?;
            writeln!(out).map_err(cannot_print)
        }
        Format::Text => {
            write!(out, "{}", relations_text(&reports, &schema.names)).map_err(cannot_print)
        }
    }
}
