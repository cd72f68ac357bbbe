//! Every schema of ../shared/corpus/MANIFEST, every sample and every schema of tests/sql
//! generate a models.rs and its tests (`--tests`), checked one test per schema and per check
//! (libtest-mimic), so that one failure hides no other and its name says where:
//! - `rustfmt::<schema>`: rustfmt (style editions 2021 and 2024) leaves both files as they are;
//! - `clippy::<schema>`: they compile clippy-clean (`-D warnings`, rustdoc on every public
//!   item) as crates of one scratch workspace under target/corpus-models, built once for all;
//! - `generated_tests::<schema>`: their generated tests pass against MariaDB
//!   (MODELGEN_TEST_DATABASE_URL from MYSQL_URL), run once for all;
//! - `coverage::<schema>`: every relationship method is called by a generated test, unless
//!   its table cannot be sampled (the tests file says why);
//! - `outside::<schema>`: the generated tests of a schema whose statements name their
//!   database (a MySQL Workbench export) leave that database's rows alone.
//!
//! The schemas of ASYNC are checked in the async flavour too (`runtime = "async"`, SPEC §10),
//! as `<name>_async`: the same checks, its generated tests `#[tokio::test]`s over sqlx.
//!
//! `MODELGEN_CORPUS=sakila,kanboard` narrows the set (`gamedb` takes `gamedb_async` with it);
//! libtest's filters work too.

mod common;

use libtest_mimic::{Arguments, Failed, Trial};
use mysql::prelude::Queryable;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, OnceLock};

/// The schemas also checked in the async flavour: a few representative ones (every kind of
/// relationship, composite keys, self-references, ENUMs, generated columns, names rustfmt
/// must break), not all: CI time.
const ASYNC: [&str; 4] = ["gamedb", "sakila", "awkward_names", "long_names"];

/// The database the Workbench fixture names, and a row of it the tests must leave.
const OUTSIDE_DATABASE: &str = "modelgen_workbench_shop";

fn main() {
    let arguments = Arguments::from_args();
    let schemas: Vec<Arc<Schema>> = schemas().into_iter().map(Arc::new).collect();
    let build: Arc<OnceLock<Build>> = Arc::default();
    let reachable = common::mariadb_reachable();
    let mut trials = Vec::new();
    for schema in &schemas {
        let name = &schema.name;
        let s = schema.clone();
        trials.push(Trial::test(format!("rustfmt::{name}"), move || rustfmt(&s)));
        let (s, b, all) = (schema.clone(), build.clone(), schemas.clone());
        trials.push(Trial::test(format!("clippy::{name}"), move || {
            clippy(&s, b.get_or_init(|| Build::run(&all, reachable)))
        }));
        let (s, b, all) = (schema.clone(), build.clone(), schemas.clone());
        trials.push(
            Trial::test(format!("generated_tests::{name}"), move || {
                generated_tests(&s, b.get_or_init(|| Build::run(&all, reachable)))
            })
            .with_ignored_flag(!reachable),
        );
        let s = schema.clone();
        trials.push(Trial::test(format!("coverage::{name}"), move || {
            coverage(&s)
        }));
        if name == "workbench_export" {
            let (b, all) = (build.clone(), schemas.clone());
            trials.push(
                Trial::test(format!("outside::{name}"), move || {
                    outside(b.get_or_init(|| Build::run(&all, reachable)))
                })
                .with_ignored_flag(!reachable),
            );
        }
    }
    libtest_mimic::run(&arguments, trials).exit();
}

/// A schema, its inputs, and the files modelgen makes of it.
struct Schema {
    name: String,
    inputs: Vec<PathBuf>,
    models: String,
    tests: String,
}

/// tests/config/<name>.toml, when there is one: joomla's table prefix, the relationship
/// legacy_gamedb cannot name.
fn config_path(name: &str) -> Option<PathBuf> {
    let path = common::repo().join(format!("tests/config/{name}.toml"));
    path.exists().then_some(path)
}

/// Every schema of tests/sql, by its file's stem: keywords, runtime and prelude names, unicode,
/// clashing columns; every column type and CHECKs; NOT NULL key cycles; keys sharing columns;
/// a Workbench export whose statements name their database; names of 64 characters; a
/// one-line schema; what MariaDB's own tests and the random differential found.
fn fixtures() -> Vec<(String, Vec<PathBuf>)> {
    let dir = common::repo().join("tests/sql");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/sql")
        .map(|e| e.expect("tests/sql entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "sql"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
            (stem, vec![p])
        })
        .collect()
}

/// The samples, the MANIFEST's schemas and the fixtures, narrowed by MODELGEN_CORPUS, each
/// generated with its tests file included as `<name>_tests.rs`.
fn schemas() -> Vec<Schema> {
    let mut inputs: Vec<(String, Vec<PathBuf>)> = common::samples()
        .into_iter()
        .map(|(name, inputs)| (name.to_string(), inputs))
        .collect();
    let legacy = inputs[1].1.clone();
    inputs.push(("legacy_gamedb_configured".into(), legacy));
    inputs.extend(common::manifest());
    inputs.extend(fixtures());
    let wanted = std::env::var("MODELGEN_CORPUS").unwrap_or_default();
    inputs.retain(|(name, _)| wanted.is_empty() || wanted.split(',').any(|w| w == name));
    let flavoured: Vec<(String, Vec<PathBuf>)> = inputs
        .iter()
        .filter(|(name, _)| ASYNC.contains(&name.as_str()))
        .map(|(name, inputs)| (format!("{name}_async"), inputs.clone()))
        .collect();
    inputs.extend(flavoured);
    inputs
        .into_iter()
        .map(|(name, inputs)| {
            let mut builder = modelgen::Builder::new();
            for input in &inputs {
                builder.input(input);
            }
            let base = name.strip_suffix("_async").unwrap_or(&name);
            if let Some(config) = config_path(base) {
                builder.config(config);
            }
            if name.ends_with("_async") {
                builder.runtime(modelgen::Runtime::Async);
            }
            let tests = format!("{name}_tests.rs");
            // serde on: the most code to check (without it, models.rs only has less).
            builder.out(format!("{name}.rs")).tests(&tests).serde(true);
            let outputs = builder.generate().unwrap_or_else(|e| panic!("{name}: {e}"));
            let tests = outputs
                .files
                .iter()
                .find(|f| f.path.ends_with(&tests))
                .expect("the tests file asked for");
            Schema {
                models: outputs.models().to_string(),
                tests: tests.text.clone(),
                name,
                inputs,
            }
        })
        .collect()
}

fn rustfmt(schema: &Schema) -> Result<(), Failed> {
    let models = common::rustfmt_difference(&schema.name, &schema.models);
    let tests = common::rustfmt_difference(&format!("{} tests", schema.name), &schema.tests);
    match (models, tests) {
        (None, None) => Ok(()),
        (models, tests) => Err(format!(
            "{}{}",
            models.unwrap_or_default(),
            tests.unwrap_or_default()
        )
        .into()),
    }
}

/// The scratch workspace holding every schema's models, built once: clippy's messages and the
/// generated tests' output, for each trial to read its schema's part.
struct Build {
    clippy_ok: bool,
    clippy: String,
    tests: String,
    /// cargo's messages from building and running the generated tests: the cause when
    /// none of them ran.
    test_messages: String,
    /// The Workbench database's row count after the generated tests, when they ran.
    outside_rows: Option<i64>,
}

impl Build {
    fn run(schemas: &[Arc<Schema>], reachable: bool) -> Build {
        let workspace = common::repo().join("target/corpus-models");
        write_workspace(&workspace, schemas);
        let clippy = [
            "clippy",
            "--workspace",
            "--keep-going",
            "--quiet",
            "--all-targets",
            "--message-format=short",
            "--",
            "-D",
            "warnings",
        ];
        let output = cargo(&workspace, &clippy).output().unwrap();
        let mut build = Build {
            clippy_ok: output.status.success(),
            clippy: String::from_utf8_lossy(&output.stderr).into_owned(),
            tests: String::new(),
            test_messages: String::new(),
            outside_rows: None,
        };
        if !build.clippy_ok || !reachable {
            return build;
        }
        let server =
            std::env::var("MYSQL_URL").unwrap_or_else(|_| "mysql://root@127.0.0.1:3306".into());
        let workbench = schemas.iter().any(|s| s.name == "workbench_export");
        if workbench {
            keep_outside_row(&server);
        }
        let test = ["test", "--workspace", "--lib", "--no-fail-fast"];
        let output = cargo(&workspace, &test)
            .env("MODELGEN_TEST_DATABASE_URL", &server)
            .output()
            .unwrap();
        build.tests = String::from_utf8_lossy(&output.stdout).into_owned();
        build.test_messages = String::from_utf8_lossy(&output.stderr).into_owned();
        if workbench {
            build.outside_rows = Some(outside_rows(&server));
        }
        build
    }
}

/// `cargo ARGS` in the scratch workspace, with its own target folder.
fn cargo(workspace: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command
        .args(args)
        .current_dir(workspace)
        .env("CARGO_TARGET_DIR", workspace.join("target"));
    command
}

/// The scratch workspace: a crate per schema (`<name>/src/<name>.rs` and its tests file), so
/// that rustc's memory is bounded by the largest schema, not the sum of all (one crate of every
/// schema took more than 11 GB to build its tests). The runtime is built once for all.
fn write_workspace(workspace: &Path, schemas: &[Arc<Schema>]) {
    std::fs::create_dir_all(workspace).unwrap();
    let keep = ["target", "Cargo.lock"];
    for entry in std::fs::read_dir(workspace).unwrap().flatten() {
        let name = entry.file_name();
        if !keep.iter().any(|k| name == *k) {
            let path = entry.path();
            let _ = std::fs::remove_dir_all(&path).or_else(|_| std::fs::remove_file(&path));
        }
    }
    for schema in schemas {
        write_crate(&workspace.join(&schema.name), schema);
    }
    let members: Vec<String> = schemas.iter().map(|s| format!("{:?}", s.name)).collect();
    let manifest = format!(
        r#"[workspace]
members = [{}]
resolver = "2"

# No debug info: the tests' binaries build faster, in less memory.
[profile.dev]
debug = 0
"#,
        members.join(", ")
    );
    std::fs::write(workspace.join("Cargo.toml"), manifest).unwrap();
    let lock = workspace.join("Cargo.lock");
    if !lock.exists() {
        std::fs::copy(common::repo().join("Cargo.lock"), lock).unwrap();
    }
}

/// One schema's crate: its models as module `<name>`, beside their tests file. models.rs needs
/// modelgen-runtime alone (this repository's), at the versions of modelgen's own Cargo.lock.
fn write_crate(dir: &Path, schema: &Schema) {
    let name = &schema.name;
    let src = dir.join("src");
    std::fs::create_dir_all(&src).unwrap();
    std::fs::write(src.join(format!("{name}.rs")), &schema.models).unwrap();
    std::fs::write(src.join(format!("{name}_tests.rs")), &schema.tests).unwrap();
    let lib = format!(
        "//! The generated models of {name}.\n#![deny(missing_docs)]\n\
         /// The models of {name}.\npub mod {name};\n"
    );
    std::fs::write(src.join("lib.rs"), lib).unwrap();
    let runtime = common::repo().join("runtime");
    let manifest = format!(
        r#"[package]
name = "corpus-{}"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
modelgen-runtime = {{ path = {:?}, features = ["serde", "async"] }}

[dev-dependencies]
tokio = {{ version = "1", features = ["macros", "rt"] }}
"#,
        name.replace('_', "-"),
        runtime.display().to_string()
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
}

/// clippy's messages on `schema`'s files; every message when clippy failed on none of them
/// in particular.
fn clippy(schema: &Schema, build: &Build) -> Result<(), Failed> {
    if build.clippy_ok {
        return Ok(());
    }
    let name = &schema.name;
    let own = [
        format!("{name}/src/{name}.rs:"),
        format!("{name}/src/{name}_tests.rs:"),
    ];
    let mine: Vec<&str> = build
        .clippy
        .lines()
        .filter(|l| own.iter().any(|o| l.starts_with(o.as_str())))
        .collect();
    // A schema crate's messages name `<crate>/src/...`; others (the runtime's) a full path.
    let anyone = build
        .clippy
        .lines()
        .any(|l| !l.starts_with('/') && l.contains("/src/"));
    match (mine.is_empty(), anyone) {
        (true, true) => Ok(()),
        (true, false) => {
            Err(format!("the corpus workspace does not build:\n{}", build.clippy).into())
        }
        (false, _) => Err(mine.join("\n").into()),
    }
}

/// The lines of the generated tests' run about `schema`'s tests: each must say `ok`.
fn generated_tests(schema: &Schema, build: &Build) -> Result<(), Failed> {
    if !build.clippy_ok {
        return Err("not run: the corpus workspace does not compile clippy-clean".into());
    }
    let prefix = format!("test {}::tests::", schema.name);
    let results: Vec<&str> = build
        .tests
        .lines()
        .filter(|l| l.starts_with(&prefix))
        .collect();
    let failed: Vec<&str> = results
        .iter()
        .copied()
        .filter(|l| !l.ends_with(" ok"))
        .collect();
    let expected = schema
        .tests
        .lines()
        .find_map(|l| l.strip_prefix("const TESTS: usize = "))
        .and_then(|n| n.trim_end_matches(';').parse::<usize>().ok())
        .unwrap_or(0);
    if !failed.is_empty() {
        let details = failure_details(&build.tests, &schema.name);
        return Err(format!("{}\n\n{details}", failed.join("\n")).into());
    }
    if results.len() != expected {
        let messages = last_lines(&build.test_messages, 40);
        return Err(format!(
            "{} of {expected} generated tests ran; cargo said:\n{messages}",
            results.len()
        )
        .into());
    }
    Ok(())
}

/// The last `n` lines of `text`.
fn last_lines(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

/// libtest's `---- <schema>::tests::... stdout ----` sections, for the failure's message.
fn failure_details(output: &str, schema: &str) -> String {
    let start = format!("---- {schema}::tests::");
    let mut details = String::new();
    let mut inside = false;
    for line in output.lines() {
        if line.starts_with("---- ") {
            inside = line.starts_with(&start);
        } else if line == "failures:" {
            inside = false;
        }
        if inside && !line.trim_start().starts_with(|c: char| c.is_ascii_digit()) {
            details.push_str(line);
            details.push('\n');
        }
    }
    details
}

/// Every relationship method of `schema` is called by a generated test, unless its table
/// cannot be sampled.
fn coverage(schema: &Schema) -> Result<(), Failed> {
    use modelgen::relations::Cardinality;
    let loaded = modelgen::load_catalog(&schema.inputs).map_err(|e| e.to_string())?;
    let base = schema.name.strip_suffix("_async").unwrap_or(&schema.name);
    let config = config_path(base)
        .map(|p| modelgen::config::Config::read(&p))
        .transpose()
        .map_err(|e| e.to_string())?;
    let derived = modelgen::derive_schema(loaded.catalog, config.as_ref(), None)
        .map_err(|e| e.to_string())?;
    let tests = &schema.tests;
    let untestable: Vec<&str> = tests
        .lines()
        .filter_map(|l| {
            l.strip_prefix("// `")?
                .split_once("` gets no tests")
                .map(|s| s.0)
        })
        .collect();
    let mut uncovered = Vec::new();
    for (r, n) in derived
        .relations
        .relationships
        .iter()
        .zip(&derived.names.relationships)
    {
        let tables = [r.table.as_str(), r.referenced_table.as_str()];
        if tables.iter().any(|t| untestable.contains(t)) {
            continue;
        }
        let mut wanted = vec![
            format!("get_{}", n.belongs_to),
            format!("set_{}", n.belongs_to),
            format!("get_{}", n.reverse),
        ];
        if r.cardinality == Cardinality::OneToMany {
            wanted.push(format!("get_{}_lazy", n.reverse));
            // A key within another key of its table has no child of a new parent to add.
            let columns = r.columns.join(", ");
            let (table, target) = (&r.table, &r.referenced_table);
            let covered = format!("// `{table}`({columns}) -> `{target}`: its key follows from");
            if !tests.contains(&covered) {
                wanted.push(format!("add_{}", n.reverse_one));
            }
        }
        for method in wanted {
            let call = format!(".{method}(");
            let at_line_start = format!("{method}(");
            let called =
                tests.contains(&call) || tests.lines().any(|l| l.trim_start() == at_line_start);
            if !called {
                uncovered.push(method);
            }
        }
    }
    if uncovered.is_empty() {
        Ok(())
    } else {
        Err(format!("not called by any generated test: {}", uncovered.join(", ")).into())
    }
}

/// A database named as the Workbench fixture names its own, holding a row in its `items`.
fn keep_outside_row(server: &str) {
    let mut conn = mysql::Conn::new(mysql::Opts::from_url(server).unwrap()).unwrap();
    conn.query_drop(format!(
        "CREATE DATABASE IF NOT EXISTS `{OUTSIDE_DATABASE}`"
    ))
    .unwrap();
    conn.query_drop(format!(
        "CREATE TABLE IF NOT EXISTS `{OUTSIDE_DATABASE}`.`items` (`id` INT PRIMARY KEY)"
    ))
    .unwrap();
    conn.query_drop(format!(
        "INSERT IGNORE INTO `{OUTSIDE_DATABASE}`.`items` (`id`) VALUES (1)"
    ))
    .unwrap();
}

fn outside_rows(server: &str) -> i64 {
    let mut conn = mysql::Conn::new(mysql::Opts::from_url(server).unwrap()).unwrap();
    let sql = format!("SELECT COUNT(*) FROM `{OUTSIDE_DATABASE}`.`items`");
    let rows = conn.query_first::<i64, _>(sql).ok().flatten().unwrap_or(0);
    let _ = conn.query_drop(format!("DROP DATABASE IF EXISTS `{OUTSIDE_DATABASE}`"));
    rows
}

/// The Workbench fixture's tests ran in their scratch database alone: the row is there.
fn outside(build: &Build) -> Result<(), Failed> {
    match build.outside_rows {
        Some(1) => Ok(()),
        Some(n) => Err(format!(
            "`{OUTSIDE_DATABASE}`.`items` holds {n} rows after the tests, not 1"
        )
        .into()),
        None => Err("the generated tests did not run".into()),
    }
}
