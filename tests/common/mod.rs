//! Helpers shared by the integration tests: paths to the samples, the corpus and the oracle.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared` beside the repository: the corpus and the oracle tool (CI has it there too).
pub fn shared() -> PathBuf {
    repo().join("..").join("shared")
}

/// The bundled samples, by name, with their inputs.
pub fn samples() -> Vec<(&'static str, Vec<PathBuf>)> {
    let dir = repo().join("migrations-samples");
    vec![
        ("gamedb", vec![dir.join("gamedb")]),
        ("legacy_gamedb", vec![dir.join("legacy_gamedb").join("schema.sql")]),
        ("gamedb_dump", vec![dir.join("gamedb_dump.sql")]),
    ]
}

/// The entries of `shared/corpus/MANIFEST`: name and inputs.
pub fn manifest() -> Vec<(String, Vec<PathBuf>)> {
    let corpus = shared().join("corpus");
    let text = std::fs::read_to_string(corpus.join("MANIFEST")).expect("shared/corpus/MANIFEST");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut words = l.split_whitespace();
            let name = words.next().unwrap().to_string();
            (name, words.map(|w| corpus.join(w)).collect())
        })
        .collect()
}

/// The catalog document modelgen builds for `inputs`, as pretty JSON.
pub fn catalog_json(inputs: &[PathBuf]) -> String {
    let loaded = modelgen::load_catalog(inputs).unwrap_or_else(|e| panic!("{e}"));
    let document = modelgen::catalog::document::catalog_document(&loaded.catalog);
    serde_json::to_string_pretty(&document).unwrap() + "\n"
}

/// Compares `actual` with the golden file, or rewrites it when `UPDATE_GOLDEN=1`.
pub fn assert_golden(path: &Path, actual: &str) {
    if std::env::var("UPDATE_GOLDEN").as_deref() == Ok("1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_else(|_| {
        panic!("{} is missing: run UPDATE_GOLDEN=1 cargo test", path.display())
    });
    pretty_assertions::assert_eq!(expected, actual, "{} differs", path.display());
}
