//! Every schema of ../shared/corpus/MANIFEST generates a models.rs that rustfmt leaves as it is
//! and that compiles clippy-clean (`-D warnings`, rustdoc on every public item), all of them as
//! modules of one scratch crate
//! under target/corpus-models. `MODELGEN_CORPUS=sakila,kanboard` narrows the compiled set.

mod common;

use std::path::Path;
use std::process::Command;

fn generate(inputs: &[std::path::PathBuf]) -> String {
    modelgen::generate_models(inputs, modelgen::Options::default())
        .unwrap()
        .models
}

/// The MANIFEST's schemas and tests/sql/awkward_names.sql (keywords, runtime and prelude type
/// names, unicode, clashing columns and ENUM values).
fn schemas() -> Vec<(String, Vec<std::path::PathBuf>)> {
    let mut schemas = common::manifest();
    let awkward = common::repo().join("tests/sql/awkward_names.sql");
    schemas.push(("awkward_names".into(), vec![awkward]));
    schemas
}

#[test]
fn corpus_models_are_left_unchanged_by_rustfmt() {
    for (name, inputs) in schemas() {
        common::assert_rustfmt_clean(&name, &generate(&inputs));
    }
}

#[test]
fn corpus_models_compile_clippy_clean() {
    let wanted = std::env::var("MODELGEN_CORPUS").unwrap_or_default();
    let crate_dir = common::repo().join("target/corpus-models");
    let src = crate_dir.join("src");
    let _ = std::fs::remove_dir_all(&src);
    std::fs::create_dir_all(&src).unwrap();
    // missing_docs: every generated item has rustdoc.
    let mut lib = String::from(
        "//! The corpus's generated models, one module each.\n#![deny(missing_docs)]\n",
    );
    for (name, inputs) in schemas() {
        if !wanted.is_empty() && !wanted.split(',').any(|w| w == name) {
            continue;
        }
        std::fs::write(src.join(format!("{name}.rs")), generate(&inputs)).unwrap();
        lib.push_str(&format!("/// The models of {name}.\npub mod {name};\n"));
    }
    std::fs::write(src.join("lib.rs"), lib).unwrap();
    write_manifest(&crate_dir);
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args(["clippy", "--quiet", "--all-targets", "--", "-D", "warnings"])
        .current_dir(&crate_dir)
        .env("CARGO_TARGET_DIR", crate_dir.join("target"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "the generated models do not compile clippy-clean:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The scratch crate's Cargo.toml: the dependencies models.rs names, at the versions of
/// modelgen's own Cargo.lock.
fn write_manifest(crate_dir: &Path) {
    let manifest = r#"[package]
name = "corpus-models"
version = "0.0.0"
edition = "2021"
publish = false

[workspace]

[dependencies]
mysql = { version = "28", default-features = false, features = ["minimal-rust", "chrono", "rust_decimal"] }
chrono = { version = "0.4", default-features = false, features = ["std"] }
rust_decimal = "1"
serde_json = "1"
log = "0.4"
"#;
    std::fs::write(crate_dir.join("Cargo.toml"), manifest).unwrap();
    let lock = crate_dir.join("Cargo.lock");
    if !lock.exists() {
        std::fs::copy(common::repo().join("Cargo.lock"), lock).unwrap();
    }
}
