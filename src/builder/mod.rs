//! [`Builder`]: one run of modelgen, for `build.rs` in the manner of prost-build's `Config`, and
//! under the CLI's `generate`. Inputs and options in; the files of the run out, in memory
//! ([`Builder::generate`]), written when changed ([`Builder::write`]) or compared with the disk
//! ([`Builder::check`]).

mod clean;
mod outputs;
pub(crate) mod paths;

pub use outputs::{Change, Difference, Output, Outputs};

use crate::config::Config;
use crate::diag::{Diagnostic, Kind, Severity};
use crate::relations::Infer;
use paths::Role;
use std::path::{Path, PathBuf};

/// One run of modelgen: its inputs, the files it writes and how.
///
/// ```no_run
/// // build.rs: models.rs into OUT_DIR, rebuilt when the schema changes. src/lib.rs then has
/// // `mod models { include!(concat!(env!("OUT_DIR"), "/models.rs")); }`.
/// modelgen::Builder::new()
///     .input("db/schema.sql")
///     .write()
///     .unwrap_or_else(|e| panic!("{e}"));
/// ```
#[derive(Debug, Clone, Default)]
pub struct Builder {
    inputs: Vec<PathBuf>,
    out: Option<PathBuf>,
    tests: Option<PathBuf>,
    diagram: Option<PathBuf>,
    config: Option<PathBuf>,
    infer: Option<Infer>,
    serde: bool,
    runtime: Option<crate::Runtime>,
    clean: Option<PathBuf>,
    deny_warnings: bool,
    cargo_directives: Option<bool>,
}

impl Builder {
    /// A run with no input yet and every option at its default.
    pub fn new() -> Builder {
        Builder::default()
    }

    /// Adds an SQL file (a schema, a mysqldump) or a folder of migrations; inputs apply in the
    /// order given, a folder's files in version order.
    ///
    /// ```no_run
    /// modelgen::Builder::new()
    ///     .input("db/schema.sql")
    ///     .input("db/migrations") // applied after schema.sql
    ///     .write()?;
    /// # Ok::<(), modelgen::Diagnostic>(())
    /// ```
    pub fn input(&mut self, path: impl Into<PathBuf>) -> &mut Builder {
        self.inputs.push(path.into());
        self
    }

    /// Where models.rs goes; by default `$OUT_DIR/models.rs` (in a build script).
    ///
    /// ```no_run
    /// modelgen::Builder::new()
    ///     .input("db/schema.sql")
    ///     .out("src/models.rs") // checked in, beside the code that uses it
    ///     .write()?;
    /// # Ok::<(), modelgen::Diagnostic>(())
    /// ```
    pub fn out(&mut self, path: impl Into<PathBuf>) -> &mut Builder {
        self.out = Some(path.into());
        self
    }

    /// Also writes the models' tests there; models.rs includes them under `#[cfg(test)]`.
    ///
    /// ```no_run
    /// modelgen::Builder::new()
    ///     .input("db/schema.sql")
    ///     .out("src/models.rs")
    ///     .tests("src/models_tests.rs")
    ///     .write()?;
    /// # Ok::<(), modelgen::Diagnostic>(())
    /// ```
    pub fn tests(&mut self, path: impl Into<PathBuf>) -> &mut Builder {
        self.tests = Some(path.into());
        self
    }

    /// Also writes a Mermaid ER diagram of the tables and relationships there.
    ///
    /// ```no_run
    /// modelgen::Builder::new()
    ///     .input("db/schema.sql")
    ///     .out("src/models.rs")
    ///     .diagram("docs/schema.mmd")
    ///     .write()?;
    /// # Ok::<(), modelgen::Diagnostic>(())
    /// ```
    pub fn diagram(&mut self, path: impl Into<PathBuf>) -> &mut Builder {
        self.diagram = Some(path.into());
        self
    }

    /// The config file (TOML); by default `modelgen.toml` in the folder holding an input, when
    /// there is one.
    ///
    /// ```no_run
    /// modelgen::Builder::new()
    ///     .input("db/schema.sql")
    ///     .config("db/models.toml")
    ///     .write()?;
    /// # Ok::<(), modelgen::Diagnostic>(())
    /// ```
    pub fn config(&mut self, path: impl Into<PathBuf>) -> &mut Builder {
        self.config = Some(path.into());
        self
    }

    /// Whether `*_id` columns without FOREIGN KEY are taken as references (default: the
    /// config's `infer`, else [`Infer::Auto`]).
    ///
    /// ```no_run
    /// modelgen::Builder::new()
    ///     .input("db/schema.sql")
    ///     .infer(modelgen::Infer::Off) // declared and configured relationships only
    ///     .write()?;
    /// # Ok::<(), modelgen::Diagnostic>(())
    /// ```
    pub fn infer(&mut self, infer: Infer) -> &mut Builder {
        self.infer = Some(infer);
        self
    }

    /// Whether the models and enums implement `serde::Serialize` and `Deserialize` (default:
    /// the config's `serde`, else no); the application then enables modelgen-runtime's
    /// `serde` feature.
    ///
    /// ```no_run
    /// modelgen::Builder::new()
    ///     .input("db/schema.sql")
    ///     .serde(true) // modelgen-runtime = { version = "0.1", features = ["serde"] }
    ///     .write()?;
    /// # Ok::<(), modelgen::Diagnostic>(())
    /// ```
    pub fn serde(&mut self, serde: bool) -> &mut Builder {
        self.serde = serde;
        self
    }

    /// The flavour of the models (default: the config's `runtime`, else
    /// [`Runtime::Sync`](crate::Runtime::Sync)): [`Runtime::Async`](crate::Runtime::Async)
    /// writes them for async Rust on tokio, over sqlx (SPEC §10); the application then enables
    /// modelgen-runtime's `async` feature.
    ///
    /// ```no_run
    /// modelgen::Builder::new()
    ///     .input("db/schema.sql")
    ///     .runtime(modelgen::Runtime::Async) // features = ["async"]
    ///     .write()?;
    /// # Ok::<(), modelgen::Diagnostic>(())
    /// ```
    pub fn runtime(&mut self, runtime: crate::Runtime) -> &mut Builder {
        self.runtime = Some(runtime);
        self
    }

    /// Also removes the files directly in `dir` that an older generator wrote: `.rs` and `.py`
    /// files whose first lines hold a `@generated` comment, other than this run's inputs,
    /// config and outputs. Links, lock files and everything else are left alone.
    ///
    /// ```no_run
    /// let outputs = modelgen::Builder::new()
    ///     .input("db/schema.sql")
    ///     .out("src/models.rs")
    ///     .clean("src/models") // the per-table files of the generator before
    ///     .generate()?;
    /// println!("would remove {:?}", outputs.stale);
    /// # Ok::<(), modelgen::Diagnostic>(())
    /// ```
    pub fn clean(&mut self, dir: impl Into<PathBuf>) -> &mut Builder {
        self.clean = Some(dir.into());
        self
    }

    /// Makes warnings errors: a statement skipped with a warning fails the run, and nothing is
    /// written (`--deny-warnings`).
    ///
    /// ```no_run
    /// modelgen::Builder::new()
    ///     .input("db/schema.sql")
    ///     .deny_warnings(true)
    ///     .write()?;
    /// # Ok::<(), modelgen::Diagnostic>(())
    /// ```
    pub fn deny_warnings(&mut self, deny: bool) -> &mut Builder {
        self.deny_warnings = deny;
        self
    }

    /// Whether [`write`](Builder::write) prints cargo's directives: `cargo:rerun-if-changed`
    /// for each input and the config, and a `cargo:warning` line for each line of each
    /// warning, which cargo shows. By default, when run by cargo as a build script (`OUT_DIR`
    /// and `TARGET` set).
    ///
    /// ```no_run
    /// modelgen::Builder::new()
    ///     .input("db/schema.sql")
    ///     .out("src/models.rs")
    ///     .cargo_directives(false) // a tool of your own, not a build script
    ///     .write()?;
    /// # Ok::<(), modelgen::Diagnostic>(())
    /// ```
    pub fn cargo_directives(&mut self, print: bool) -> &mut Builder {
        self.cargo_directives = Some(print);
        self
    }

    /// The files this run makes, in memory: nothing is written. Reads nothing either before
    /// the paths are known not to collide (an output on an input or on the config, two outputs
    /// on one file).
    ///
    /// ```no_run
    /// let outputs = modelgen::Builder::new()
    ///     .input("db/schema.sql")
    ///     .out("src/models.rs")
    ///     .generate()?;
    /// assert!(outputs.models().starts_with("// @generated"));
    /// # Ok::<(), modelgen::Diagnostic>(())
    /// ```
    pub fn generate(&self) -> Result<Outputs, Diagnostic> {
        if self.inputs.is_empty() {
            return Err(Diagnostic::new(
                Kind::Usage,
                None,
                "no input: give an SQL file or a folder of migrations",
            ));
        }
        let models_path = self.models_path()?;
        let config_path = match &self.config {
            Some(path) => Some(path.clone()),
            None => Config::find_beside(&self.inputs)?,
        };
        self.refuse_collisions(&models_path, config_path.as_deref())?;
        let options = crate::pipeline::Options {
            infer: self.infer,
            config: config_path.as_deref().map(Config::read).transpose()?,
            tests: self.tests_include(&models_path),
            diagram: self.diagram.is_some(),
            serde: self.serde,
            runtime: self.runtime,
        };
        let sources = crate::input::collect_sources(&self.inputs)?;
        let generated = crate::pipeline::generate_from(&sources, options)?;
        if self.deny_warnings && !generated.warnings.is_empty() {
            return Err(denied(&generated.warnings));
        }
        let mut files = vec![Output {
            path: models_path,
            text: generated.models,
        }];
        let extra = [
            (&self.tests, generated.tests),
            (&self.diagram, generated.diagram),
        ];
        for (path, text) in extra {
            if let (Some(path), Some(text)) = (path, text) {
                files.push(Output {
                    path: path.clone(),
                    text,
                });
            }
        }
        let stale = match &self.clean {
            Some(dir) => self.stale_files(dir, &files, config_path.as_deref())?,
            None => Vec::new(),
        };
        Ok(Outputs {
            files,
            stale,
            warnings: generated.warnings,
            sources: generated.sources,
            config: config_path,
        })
    }

    /// Generates, then writes every file whose content changed (each atomically; through a
    /// link, to the file it leads to) and removes the stale files of [`clean`](Builder::clean).
    /// Nothing is written when an input is bad.
    ///
    /// ```no_run
    /// modelgen::Builder::new()
    ///     .input("db/schema.sql")
    ///     .out("src/models.rs")
    ///     .write()?;
    /// # Ok::<(), modelgen::Diagnostic>(())
    /// ```
    pub fn write(&self) -> Result<Outputs, Diagnostic> {
        let outputs = self.generate()?;
        outputs.write()?;
        let in_build_script =
            std::env::var_os("OUT_DIR").is_some() && std::env::var_os("TARGET").is_some();
        if self.cargo_directives.unwrap_or(in_build_script) {
            use std::io::Write;
            // Cargo reads these from the build script's stdout, a file: nothing to do if it
            // is gone.
            let _ =
                std::io::stdout().write_all(cargo_directives(&self.inputs, &outputs).as_bytes());
        }
        Ok(outputs)
    }

    /// The files on disk that are not as this run makes them (a missing file differs from any
    /// text), with their diffs, and the stale files it would remove: empty when all are
    /// current. Writes nothing.
    ///
    /// ```no_run
    /// let stale = modelgen::Builder::new()
    ///     .input("db/schema.sql")
    ///     .out("src/models.rs")
    ///     .check()?;
    /// for difference in &stale {
    ///     print!("{}", difference.diff);
    /// }
    /// # Ok::<(), modelgen::Diagnostic>(())
    /// ```
    pub fn check(&self) -> Result<Vec<Difference>, Diagnostic> {
        Ok(self.generate()?.differences())
    }

    fn models_path(&self) -> Result<PathBuf, Diagnostic> {
        if let Some(out) = &self.out {
            return Ok(out.clone());
        }
        let out_dir = std::env::var_os("OUT_DIR").ok_or_else(|| {
            Diagnostic::new(
                Kind::Usage,
                None,
                "no output: give Builder::out a path, or run in a build script (OUT_DIR)",
            )
        })?;
        Ok(Path::new(&out_dir).join("models.rs"))
    }

    /// The path models.rs includes its tests from.
    fn tests_include(&self, models_path: &Path) -> Option<String> {
        let tests = self.tests.as_deref()?;
        Some(if self.out.is_some() {
            paths::relative_path(models_path, tests)
        } else {
            // Inside `include!`, a module's path is taken from the including file: OUT_DIR's
            // files are named by their absolute path.
            std::path::absolute(tests)
                .unwrap_or_else(|_| tests.to_path_buf())
                .to_string_lossy()
                .into_owned()
        })
    }

    fn refuse_collisions(&self, models: &Path, config: Option<&Path>) -> Result<(), Diagnostic> {
        let mut roles: Vec<Role> = self
            .inputs
            .iter()
            .map(|path| Role {
                what: "an input",
                path,
                output: false,
            })
            .collect();
        roles.extend(config.map(|path| Role {
            what: "the config file",
            path,
            output: false,
        }));
        let outputs = [
            ("the models", Some(models)),
            ("the tests", self.tests.as_deref()),
            ("the diagram", self.diagram.as_deref()),
        ];
        for (what, path) in outputs {
            roles.extend(path.map(|path| Role {
                what,
                path,
                output: true,
            }));
        }
        let folders: Vec<&Path> = self
            .inputs
            .iter()
            .filter(|i| i.is_dir())
            .map(PathBuf::as_path)
            .collect();
        paths::refuse_collisions(&roles, &folders)
    }

    fn stale_files(
        &self,
        dir: &Path,
        files: &[Output],
        config: Option<&Path>,
    ) -> Result<Vec<PathBuf>, Diagnostic> {
        let mut keep: Vec<&Path> = self.inputs.iter().map(PathBuf::as_path).collect();
        keep.extend(config);
        keep.extend(files.iter().map(|f| f.path.as_path()));
        let folders: Vec<&Path> = keep.iter().copied().filter(|p| p.is_dir()).collect();
        clean::stale_generated_files(dir, &keep, &folders)
    }
}

/// The first of `warnings` as the error that stops a run denying warnings.
fn denied(warnings: &[Diagnostic]) -> Diagnostic {
    let mut error = warnings[0].clone();
    error.severity = Severity::Error;
    let more = match warnings.len() - 1 {
        0 => String::new(),
        1 => " (and 1 more warning)".to_string(),
        n => format!(" (and {n} more warnings)"),
    };
    error.with_note(format!(
        "warnings are errors in this run (--deny-warnings){more}"
    ))
}

/// What a build script prints for cargo after writing: rerun when an input or the config
/// changes, and each warning, a `cargo:warning` a line (cargo shows them after the build).
fn cargo_directives(inputs: &[PathBuf], outputs: &Outputs) -> String {
    let mut text = String::new();
    let watched = inputs.iter().chain(&outputs.config);
    for path in watched {
        text.push_str(&format!("cargo:rerun-if-changed={}\n", path.display()));
    }
    for warning in &outputs.warnings {
        for line in warning.to_string().lines() {
            text.push_str(&format!("cargo:warning={line}\n"));
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("modelgen-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn check_gives_a_unified_diff_per_changed_file() {
        let dir = scratch("check");
        let schema = dir.join("schema.sql");
        std::fs::write(&schema, "CREATE TABLE t (id INT PRIMARY KEY, name TEXT);").unwrap();
        let mut builder = Builder::new();
        builder
            .input(&schema)
            .out(dir.join("models.rs"))
            .diagram(dir.join("models.mmd"))
            .cargo_directives(false);
        assert_eq!(builder.check().unwrap().len(), 2, "nothing written yet");
        builder.write().unwrap();
        assert!(builder.check().unwrap().is_empty());
        std::fs::write(&schema, "CREATE TABLE t (id INT PRIMARY KEY, title TEXT);").unwrap();
        let diffs = builder.check().unwrap();
        assert_eq!(diffs.len(), 1, "the diagram shows keys only: {diffs:?}");
        let diff = &diffs[0].diff;
        assert!(diff.contains("models.rs (on disk)"), "{diff}");
        assert!(diff.contains("get_title -> Option<&str>"), "{diff}");
        let Change::Modify { added, removed } = diffs[0].change else {
            panic!("{:?}", diffs[0].change)
        };
        assert!(added > 0 && added == removed, "{added} {removed}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A second write of the same content leaves the files alone, times included: cargo
    /// rebuilds nothing.
    #[test]
    fn an_unchanged_file_is_not_written_again() {
        let dir = scratch("unchanged");
        let schema = dir.join("schema.sql");
        std::fs::write(&schema, "CREATE TABLE t (id INT PRIMARY KEY);").unwrap();
        let models = dir.join("models.rs");
        let mut builder = Builder::new();
        builder.input(&schema).out(&models).cargo_directives(false);
        builder.write().unwrap();
        let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1 << 30);
        let file = std::fs::File::options().write(true).open(&models).unwrap();
        file.set_modified(old).unwrap();
        builder.write().unwrap();
        let modified = std::fs::metadata(&models).unwrap().modified().unwrap();
        assert_eq!(modified, old);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A migrations folder holding a FIFO named like a migration (skipped with a warning).
    #[cfg(unix)]
    fn warned_folder(dir: &Path) -> PathBuf {
        let folder = dir.join("migrations");
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("1_t.sql"), "CREATE TABLE t (id INT);").unwrap();
        let fifo = folder.join("2_pipe.sql");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.unwrap().success());
        folder
    }

    #[cfg(unix)]
    #[test]
    fn warnings_become_cargo_warnings_or_errors() {
        let dir = scratch("warned");
        let folder = warned_folder(&dir);
        let models = dir.join("models.rs");
        let mut builder = Builder::new();
        builder.input(&folder).out(&models);
        let outputs = builder.generate().unwrap();
        assert_eq!(outputs.warnings.len(), 1, "{:?}", outputs.warnings);
        let directives = cargo_directives(std::slice::from_ref(&folder), &outputs);
        let rerun = format!("cargo:rerun-if-changed={}\n", folder.display());
        assert!(directives.starts_with(&rerun), "{directives}");
        let warning = format!(
            "cargo:warning=warning: {}: a FIFO, not a regular file: skipped\n",
            folder.join("2_pipe.sql").display()
        );
        assert!(directives.ends_with(&warning), "{directives}");
        let error = builder.deny_warnings(true).write().unwrap_err();
        assert_eq!(error.severity, Severity::Error);
        assert!(
            error
                .to_string()
                .ends_with("= note: warnings are errors in this run (--deny-warnings)"),
            "{error}"
        );
        assert!(!models.exists(), "nothing written");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
