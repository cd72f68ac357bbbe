//! Every schema of ../shared/corpus/MANIFEST, every sample and three schemas of tests/sql
//! generate a models.rs and its tests (`--tests`) that rustfmt leaves as they are, that compile
//! clippy-clean (`-D warnings`, rustdoc on every public item) as modules of one scratch crate
//! under target/corpus-models, and whose generated tests pass against MariaDB
//! (MODELGEN_TEST_DATABASE_URL from MYSQL_URL; with CI=true an unreachable server fails).
//! `MODELGEN_CORPUS=sakila,kanboard` narrows the set.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

/// tests/config/<name>.toml, when there is one: joomla's table prefix, the relationship
/// legacy_gamedb cannot name.
fn config(name: &str) -> Option<modelgen::config::Config> {
    let path = common::repo().join(format!("tests/config/{name}.toml"));
    path.exists()
        .then(|| modelgen::config::Config::read(&path).unwrap())
}

/// models.rs and its tests file, included as `<name>_tests.rs`.
fn generate(name: &str, inputs: &[PathBuf]) -> (String, String) {
    let options = modelgen::Options {
        tests: Some(format!("{name}_tests.rs")),
        config: config(name),
        ..modelgen::Options::default()
    };
    let generated = modelgen::generate_models(inputs, options).unwrap();
    (generated.models, generated.tests.unwrap())
}

/// The samples, the MANIFEST's schemas and three schemas of tests/sql, narrowed by
/// MODELGEN_CORPUS.
fn schemas() -> Vec<(String, Vec<PathBuf>)> {
    let mut schemas: Vec<(String, Vec<PathBuf>)> = common::samples()
        .into_iter()
        .map(|(name, inputs)| (name.to_string(), inputs))
        .collect();
    let legacy = schemas[1].1.clone();
    schemas.push(("legacy_gamedb_configured".into(), legacy));
    schemas.extend(common::manifest());
    // awkward_names: keywords, runtime and prelude type names, unicode, clashing columns;
    // types_and_defaults and sample_values: every column type, CHECKs, NOT NULL key cycles.
    for fixture in ["awkward_names", "types_and_defaults", "sample_values"] {
        let path = common::repo().join(format!("tests/sql/{fixture}.sql"));
        schemas.push((fixture.to_string(), vec![path]));
    }
    let wanted = std::env::var("MODELGEN_CORPUS").unwrap_or_default();
    schemas.retain(|(name, _)| wanted.is_empty() || wanted.split(',').any(|w| w == name));
    schemas
}

#[test]
fn corpus_models_are_left_unchanged_by_rustfmt() {
    for (name, inputs) in schemas() {
        let (models, tests) = generate(&name, &inputs);
        common::assert_rustfmt_clean(&name, &models);
        common::assert_rustfmt_clean(&format!("{name} tests"), &tests);
    }
}

#[test]
fn corpus_models_compile_clippy_clean_and_their_tests_pass() {
    let crate_dir = common::repo().join("target/corpus-models");
    let src = crate_dir.join("src");
    let _ = std::fs::remove_dir_all(&src);
    std::fs::create_dir_all(&src).unwrap();
    // missing_docs: every generated item has rustdoc.
    let mut lib = String::from(
        "//! The corpus's generated models, one module each.\n#![deny(missing_docs)]\n",
    );
    for (name, inputs) in schemas() {
        let (models, tests) = generate(&name, &inputs);
        std::fs::write(src.join(format!("{name}.rs")), models).unwrap();
        std::fs::write(src.join(format!("{name}_tests.rs")), tests).unwrap();
        lib.push_str(&format!("/// The models of {name}.\npub mod {name};\n"));
    }
    std::fs::write(src.join("lib.rs"), lib).unwrap();
    write_manifest(&crate_dir);
    let clippy = ["clippy", "--quiet", "--all-targets", "--", "-D", "warnings"];
    let output = cargo(&crate_dir, &clippy).output().unwrap();
    assert!(
        output.status.success(),
        "the generated models do not compile clippy-clean:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    if !common::mariadb_reachable() {
        return;
    }
    let server =
        std::env::var("MYSQL_URL").unwrap_or_else(|_| "mysql://root@127.0.0.1:3306".into());
    let output = cargo(&crate_dir, &["test", "--quiet", "--lib"])
        .env("MODELGEN_TEST_DATABASE_URL", server)
        .env("MODELGEN_REQUIRE_DB", "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let summary = stdout
        .lines()
        .filter(|l| l.starts_with("test result"))
        .collect::<Vec<_>>();
    eprintln!("generated tests: {}", summary.join("; "));
    assert!(
        output.status.success(),
        "the generated tests fail:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// `cargo ARGS` in the scratch crate, with its own target folder.
fn cargo(crate_dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command
        .args(args)
        .current_dir(crate_dir)
        .env("CARGO_TARGET_DIR", crate_dir.join("target"));
    command
}

/// The scratch crate's Cargo.toml: models.rs needs modelgen-runtime alone (this
/// repository's), at the versions of modelgen's own Cargo.lock.
fn write_manifest(crate_dir: &Path) {
    let runtime = common::repo().join("runtime");
    let manifest = format!(
        r#"[package]
name = "corpus-models"
version = "0.0.0"
edition = "2024"
publish = false

[workspace]

[dependencies]
modelgen-runtime = {{ path = {:?} }}
"#,
        runtime.display().to_string()
    );
    std::fs::write(crate_dir.join("Cargo.toml"), manifest).unwrap();
    let lock = crate_dir.join("Cargo.lock");
    if !lock.exists() {
        std::fs::copy(common::repo().join("Cargo.lock"), lock).unwrap();
    }
}

/// Every relationship method of every schema is called by a generated test, unless its table
/// cannot be sampled (the tests file says why). Prints the coverage per schema.
#[test]
fn generated_tests_call_every_relationship_method() {
    use modelgen::relations::Cardinality;
    let mut uncovered = Vec::new();
    for (name, inputs) in schemas() {
        let (_, tests) = generate(&name, &inputs);
        let loaded = modelgen::load_catalog(&inputs).unwrap();
        let config = config(&name);
        let schema = modelgen::derive_schema(loaded.catalog, config.as_ref(), None).unwrap();
        let (relations, names) = (schema.relations, schema.names);
        let untestable: Vec<&str> = tests
            .lines()
            .filter_map(|l| {
                l.strip_prefix("// `")?
                    .split_once("` gets no tests")?
                    .0
                    .into()
            })
            .collect();
        let (mut methods, mut called, mut skipped) = (0, 0, 0);
        for (r, n) in relations.relationships.iter().zip(&names.relationships) {
            let mut wanted = vec![
                format!("get_{}", n.belongs_to),
                format!("set_{}", n.belongs_to),
                format!("get_{}", n.reverse),
            ];
            if r.cardinality == Cardinality::OneToMany {
                wanted.push(format!("get_{}_lazy", n.reverse));
                wanted.push(format!("add_{}", n.reverse_one));
            }
            let tables = [r.table.as_str(), r.referenced_table.as_str()];
            if tables.iter().any(|t| untestable.contains(t)) {
                skipped += wanted.len();
                continue;
            }
            for method in wanted {
                methods += 1;
                let call = format!(".{method}(");
                let at_line_start = format!("{method}(");
                if tests.contains(&call) || tests.lines().any(|l| l.trim_start() == at_line_start) {
                    called += 1;
                } else {
                    uncovered.push(format!("{name}: {method}"));
                }
            }
        }
        let count = |text: &str| tests.matches(text).count();
        let rollbacks = count("let error = child.save(&mut db).unwrap_err();");
        let no_rollback = count("// No failed cascade:");
        let total = tests
            .lines()
            .find_map(|l| l.strip_prefix("const TESTS: usize = "))
            .unwrap_or("?;");
        eprintln!(
            "{name}: {} generated tests; {called} of {methods} relationship methods called \
             ({skipped} more on tables that cannot be sampled); {rollbacks} failed-cascade \
             rollbacks ({no_rollback} relationships to non-transactional tables without)",
            total.trim_end_matches(';')
        );
    }
    assert!(
        uncovered.is_empty(),
        "not called by any generated test: {uncovered:#?}"
    );
}
