//! modelgen as a library, for `build.rs` in the manner of prost-build, and under the CLI's
//! `generate`: inputs and options in; the files of one run out, written atomically, compared
//! with what is on disk (`--check`), and the stale generated files beside them found
//! (`--clean`).
//!
//! ```no_run
//! // build.rs: models.rs into OUT_DIR, rebuilt when the schema changes. src/lib.rs then has
//! // `mod models { include!(concat!(env!("OUT_DIR"), "/models.rs")); }`.
//! modelgen::Builder::new()
//!     .input("db/schema.sql")
//!     .write()
//!     .unwrap_or_else(|e| panic!("{e}"));
//! ```

use crate::diag::Diagnostic;
use crate::relations::Infer;
use std::path::{Path, PathBuf};

/// How many first lines of a file may carry the `@generated` marker.
const MARKER_LINES: usize = 5;

/// One run of modelgen: its inputs, the files it writes and how.
#[derive(Debug, Clone, Default)]
pub struct Builder {
    inputs: Vec<PathBuf>,
    out: Option<PathBuf>,
    tests: Option<PathBuf>,
    diagram: Option<PathBuf>,
    config: Option<PathBuf>,
    infer: Option<Infer>,
    cargo_directives: Option<bool>,
}

/// One file a run makes.
#[derive(Debug, Clone, PartialEq)]
pub struct Output {
    pub path: PathBuf,
    pub text: String,
}

/// The files of a run (models.rs first) and the warnings met reading the inputs.
#[derive(Debug, Clone, PartialEq)]
pub struct Outputs {
    pub files: Vec<Output>,
    pub warnings: Vec<Diagnostic>,
    /// The config file read, if any.
    pub config: Option<PathBuf>,
}

impl Builder {
    pub fn new() -> Builder {
        Builder::default()
    }

    /// An SQL file or a folder of migrations; inputs apply in the order given.
    pub fn input(&mut self, path: impl Into<PathBuf>) -> &mut Builder {
        self.inputs.push(path.into());
        self
    }

    /// Where models.rs goes; by default `$OUT_DIR/models.rs` (in a build script).
    pub fn out(&mut self, path: impl Into<PathBuf>) -> &mut Builder {
        self.out = Some(path.into());
        self
    }

    /// Also write the models' tests there (models.rs includes them under `#[cfg(test)]`).
    pub fn tests(&mut self, path: impl Into<PathBuf>) -> &mut Builder {
        self.tests = Some(path.into());
        self
    }

    /// Also write a Mermaid ER diagram there.
    pub fn diagram(&mut self, path: impl Into<PathBuf>) -> &mut Builder {
        self.diagram = Some(path.into());
        self
    }

    /// The config file (TOML); by default `modelgen.toml` in the folder holding an input,
    /// when there is one.
    pub fn config(&mut self, path: impl Into<PathBuf>) -> &mut Builder {
        self.config = Some(path.into());
        self
    }

    /// Whether `*_id` columns without FOREIGN KEY are taken as references (default: the
    /// config's `infer`, else auto).
    pub fn infer(&mut self, infer: Infer) -> &mut Builder {
        self.infer = Some(infer);
        self
    }

    /// Print `cargo:rerun-if-changed` for every input when writing (default: when `OUT_DIR` is
    /// set, as in a build script).
    pub fn cargo_directives(&mut self, print: bool) -> &mut Builder {
        self.cargo_directives = Some(print);
        self
    }

    /// The files this run makes, in memory: nothing is written.
    pub fn generate(&self) -> Result<Outputs, Diagnostic> {
        let models_path = self.models_path()?;
        let tests_include = self.tests.as_deref().map(|tests| {
            if self.out.is_some() {
                crate::relative_path(&models_path, tests)
            } else {
                // Inside `include!`, a module's path is taken from the including file:
                // OUT_DIR's files are named by their absolute path.
                std::path::absolute(tests)
                    .unwrap_or_else(|_| tests.to_path_buf())
                    .to_string_lossy()
                    .into_owned()
            }
        });
        let config = crate::config::Config::for_inputs(self.config.as_deref(), &self.inputs)?;
        let config_path = config.as_ref().map(|c| c.path().to_path_buf());
        let options = crate::Options {
            infer: self.infer,
            config,
            tests: tests_include,
            diagram: self.diagram.is_some(),
        };
        let generated = crate::generate_models(&self.inputs, options)?;
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
        Ok(Outputs {
            files,
            warnings: generated.warnings,
            config: config_path,
        })
    }

    /// Generates, then writes every file (each atomically); nothing is written when an input
    /// is bad.
    pub fn write(&self) -> Result<Outputs, Diagnostic> {
        let outputs = self.generate()?;
        for file in &outputs.files {
            crate::write_atomically(&file.path, &file.text)?;
        }
        let in_build_script = std::env::var_os("OUT_DIR").is_some();
        if self.cargo_directives.unwrap_or(in_build_script) {
            for input in &self.inputs {
                println!("cargo:rerun-if-changed={}", input.display());
            }
            // A config file added later beside the inputs is not seen until an input changes.
            if let Some(config) = &outputs.config {
                println!("cargo:rerun-if-changed={}", config.display());
            }
        }
        Ok(outputs)
    }

    /// The unified diffs of the files on disk that differ from what would be generated (a
    /// missing file differs from any text); empty when all are current. Writes nothing.
    pub fn check(&self) -> Result<Vec<String>, Diagnostic> {
        Ok(differences(&self.generate()?))
    }

    fn models_path(&self) -> Result<PathBuf, Diagnostic> {
        if let Some(out) = &self.out {
            return Ok(out.clone());
        }
        let out_dir = std::env::var_os("OUT_DIR").ok_or_else(|| {
            Diagnostic::error(
                None,
                "no output: give Builder::out a path, or run in a build script (OUT_DIR)",
            )
        })?;
        Ok(Path::new(&out_dir).join("models.rs"))
    }
}

/// The unified diffs of `outputs` against the files on disk, for those that differ.
pub fn differences(outputs: &Outputs) -> Vec<String> {
    let mut diffs = Vec::new();
    for file in &outputs.files {
        let current = std::fs::read_to_string(&file.path).unwrap_or_default();
        if current != file.text {
            diffs.push(unified_diff(&file.path, &current, &file.text));
        }
    }
    diffs
}

/// `--- path` (on disk) / `+++ path` (as generated), with three lines of context.
fn unified_diff(path: &Path, current: &str, generated: &str) -> String {
    let name = path.display().to_string();
    similar::TextDiff::from_lines(current, generated)
        .unified_diff()
        .context_radius(3)
        .header(&format!("{name} (on disk)"), &format!("{name} (generated)"))
        .to_string()
}

/// The files directly in `dir` whose first lines carry a `@generated` marker, except `keep`
/// (this run's outputs, its config): what `--clean` removes. Sorted by name.
pub fn stale_generated_files(dir: &Path, keep: &[PathBuf]) -> Result<Vec<PathBuf>, Diagnostic> {
    let fail =
        |e: std::io::Error| Diagnostic::error(None, format!("cannot read {}: {e}", dir.display()));
    let mut stale = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(fail)? {
        let path = entry.map_err(fail)?.path();
        if !path.is_file() || keep.iter().any(|k| crate::same_file(k, &path)) {
            continue;
        }
        if has_marker(&path) {
            stale.push(path);
        }
    }
    stale.sort();
    Ok(stale)
}

/// Comment leaders of the languages generators write: a marker is a comment.
const COMMENT_LEADERS: &[&str] = &[
    "//", "#", "--", "/*", "*", "%%", "<!--", ";", "\"\"\"", "'''",
];

/// Does one of the first lines of `path` carry the `@generated` marker: a comment holding the
/// word `@generated`?
fn has_marker(path: &Path) -> bool {
    use std::io::BufRead;
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    std::io::BufReader::new(file)
        .split(b'\n')
        .take(MARKER_LINES)
        .map_while(Result::ok)
        .any(|line| {
            let line = String::from_utf8_lossy(&line);
            let line = line.trim_start();
            COMMENT_LEADERS.iter().any(|c| line.starts_with(c))
                && line
                    .split(|c: char| !(c.is_alphanumeric() || c == '@' || c == '_'))
                    .any(|word| word == "@generated")
        })
}

/// Removes `files` (from `stale_generated_files`).
pub fn remove_files(files: &[PathBuf]) -> Result<(), Diagnostic> {
    for file in files {
        std::fs::remove_file(file).map_err(|e| {
            Diagnostic::error(None, format!("cannot remove {}: {e}", file.display()))
        })?;
    }
    Ok(())
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
    fn only_marked_files_other_than_the_outputs_are_stale() {
        let dir = scratch("clean");
        let write = |name: &str, text: &str| std::fs::write(dir.join(name), text).unwrap();
        write(
            "player.py",
            "# @generated by generate_models.py\nclass Player: pass\n",
        );
        write(
            "item.py",
            "#!/usr/bin/env python\n# coding: utf-8\n# @generated\n",
        );
        write("models.rs", "// @generated by modelgen: do not edit\n");
        write("hand.py", "# written by hand\nclass Hand: pass\n");
        write("late.py", "1\n2\n3\n4\n5\n# @generated too late to count\n");
        write(
            "lookalike.py",
            "# by ann@generated.example, @generatedness, @generated_by\n",
        );
        write("modelgen.toml", "# @generated? no: the config is kept\n");
        std::fs::create_dir(dir.join("sub")).unwrap();
        let keep = [dir.join("models.rs"), dir.join("modelgen.toml")];
        let stale = stale_generated_files(&dir, &keep).unwrap();
        assert_eq!(stale, [dir.join("item.py"), dir.join("player.py")]);
        remove_files(&stale).unwrap();
        let mut left: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        let expected = [
            "hand.py",
            "late.py",
            "lookalike.py",
            "modelgen.toml",
            "models.rs",
            "sub",
        ];
        assert_eq!(left, expected);
        std::fs::remove_dir_all(&dir).unwrap();
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
        assert!(diffs[0].contains("models.rs (on disk)"), "{}", diffs[0]);
        assert!(
            diffs[0].contains("\n+    pub fn get_title(&self)"),
            "{}",
            diffs[0]
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
