//! examples/async-axum: an axum service on the gamedb sample's async models, which its build.rs
//! generates with `modelgen::Builder`; it builds, and its tests (the service answering over
//! HTTP, and the generated `#[tokio::test]`s) pass against MariaDB when it is reachable (with
//! CI=true it must be).

mod common;

use std::process::Command;

#[test]
fn the_async_example_builds_and_its_tests_pass() {
    let example = common::repo().join("examples/async-axum");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .args(["test", "--quiet"])
        .current_dir(&example)
        // The corpus test's target folder: the same dependencies, built once.
        .env(
            "CARGO_TARGET_DIR",
            common::repo().join("target/corpus-models/target"),
        )
        .env("CARGO_PROFILE_DEV_DEBUG", "0");
    if common::mariadb_reachable() {
        command.env("MODELGEN_TEST_DATABASE_URL", common::scratch::server_url());
    }
    let output = command.output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "examples/async-axum:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // Its own test and the generated ones, as its build.rs asks for them (serde's included).
    let outputs = modelgen::Builder::new()
        .input(common::repo().join("migrations-samples/gamedb"))
        .runtime(modelgen::Runtime::Async)
        .serde(true)
        .out("models.rs")
        .tests("models_tests.rs")
        .generate()
        .unwrap();
    let generated = outputs
        .files
        .iter()
        .find(|f| f.path.ends_with("models_tests.rs"));
    let tests = generated.unwrap().text.matches("#[tokio::test]").count() + 1;
    let passed = format!("test result: ok. {tests} passed");
    assert!(stdout.contains(&passed), "{passed}:\n{stdout}");
}
