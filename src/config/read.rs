//! Reading: the TOML file into settings whose values keep their place in the file, and the
//! errors that point there.

use crate::diag::{Diagnostic, Location};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The name modelgen looks for beside the inputs.
pub const FILE_NAME: &str = "modelgen.toml";

/// A config file as read: its text (for diagnostics) and its settings.
#[derive(Debug, Clone, Default)]
pub struct Config {
    path: PathBuf,
    text: String,
    pub(super) settings: Settings,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Settings {
    pub infer: Option<InferSetting>,
    pub table_prefix: Option<Spanned<String>>,
    pub finders: Option<FindersSetting>,
    /// Serialize and Deserialize for the models and enums (SPEC §9).
    pub serde: Option<bool>,
    /// The flavour of the models (SPEC §10): `sync` or `async`.
    pub runtime: Option<RuntimeSetting>,
    #[serde(default)]
    pub ignore_columns: Vec<Spanned<String>>,
    /// Table → struct name.
    #[serde(default)]
    pub structs: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    pub relationships: Vec<Entry>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(super) enum InferSetting {
    Auto,
    Off,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(super) enum RuntimeSetting {
    Sync,
    Async,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(super) enum FindersSetting {
    Indexed,
    All,
}

/// One `[[relationships]]` table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Entry {
    pub table: Spanned<String>,
    pub columns: Spanned<Vec<String>>,
    pub references: Option<Spanned<String>>,
    pub referenced_columns: Option<Spanned<Vec<String>>>,
    pub ignore: Option<Spanned<bool>>,
    pub belongs_to: Option<Spanned<String>>,
    pub has_many: Option<Spanned<String>>,
    pub has_one: Option<Spanned<String>>,
}

impl Entry {
    pub fn ignored(&self) -> bool {
        self.ignore.as_ref().is_some_and(|i| *i.get_ref())
    }

    pub fn reverse(&self) -> Option<&Spanned<String>> {
        self.has_many.as_ref().or(self.has_one.as_ref())
    }
}

impl Config {
    /// `serde = true`: the models implement Serialize and Deserialize.
    pub fn serde(&self) -> bool {
        self.settings.serde.unwrap_or(false)
    }

    /// `runtime = "sync"` or `"async"`: the flavour of the models; `None` when not set.
    pub fn runtime(&self) -> Option<crate::emit::Runtime> {
        self.settings.runtime.map(|r| match r {
            RuntimeSetting::Sync => crate::emit::Runtime::Sync,
            RuntimeSetting::Async => crate::emit::Runtime::Async,
        })
    }

    /// Reads and checks the shape of the config file at `path`.
    pub fn read(path: &Path) -> Result<Config, Diagnostic> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Diagnostic::error(None, format!("cannot read {}: {e}", path.display())))?;
        Config::parse(path, &text)
    }

    /// The config in `text` (named `path` in diagnostics).
    pub fn parse(path: &Path, text: &str) -> Result<Config, Diagnostic> {
        let mut config = Config {
            path: path.to_path_buf(),
            text: text.to_string(),
            settings: Settings::default(),
        };
        config.settings = toml::from_str(text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            config.error(span, e.message().trim_end())
        })?;
        Ok(config)
    }

    /// `modelgen.toml` in the folder holding an input (`db/` for `db/schema.sql` and for
    /// `db/migrations`), when there is one; two different ones are an error.
    pub fn find_beside(inputs: &[PathBuf]) -> Result<Option<PathBuf>, Diagnostic> {
        let mut found: Option<PathBuf> = None;
        for input in inputs {
            let folder = input.parent().unwrap_or(Path::new(""));
            let candidate = folder.join(FILE_NAME);
            if !candidate.is_file() {
                continue;
            }
            match &found {
                Some(first) if !crate::same_file(first, &candidate) => {
                    return Err(Diagnostic::error(
                        None,
                        format!(
                            "two config files beside the inputs, {} and {}: choose one with --config",
                            first.display(),
                            candidate.display()
                        ),
                    ));
                }
                Some(_) => {}
                None => found = Some(candidate),
            }
        }
        Ok(found)
    }

    /// The config of a run: `explicit` (`--config`) when given, else the one beside the inputs,
    /// if any.
    pub fn for_inputs(
        explicit: Option<&Path>,
        inputs: &[PathBuf],
    ) -> Result<Option<Config>, Diagnostic> {
        let path = match explicit {
            Some(path) => Some(path.to_path_buf()),
            None => Config::find_beside(inputs)?,
        };
        path.map(|path| Config::read(&path)).transpose()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The place of `span` in the file.
    fn location(&self, span: &Range<usize>) -> Location {
        let before = &self.text[..span.start.min(self.text.len())];
        let line = before.matches('\n').count() as u32 + 1;
        let line_start = before.rfind('\n').map_or(0, |at| at + 1);
        let column = before[line_start..].chars().count() as u32 + 1;
        Location {
            path: self.path.clone(),
            line,
            column,
        }
    }

    /// An error at `span` of the file, with its line shown.
    pub(super) fn error(&self, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(Some(self.location(&span)), message).with_excerpt_from(&self.text, 1, 1)
    }

    /// A warning at `span` of the file, with its line shown.
    pub(super) fn warning(&self, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::warning(Some(self.location(&span)), message).with_excerpt_from(&self.text, 1, 1)
    }
}
