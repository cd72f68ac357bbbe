//! examples/build-script: a crate whose build.rs generates the gamedb models with
//! `modelgen::Builder` into OUT_DIR; it builds, and its tests (its own and the generated ones)
//! pass, against MariaDB when it is reachable (with CI=true it must be).

mod common;

use std::process::Command;

#[test]
fn the_build_script_example_builds_and_its_tests_pass() {
    let example = common::repo().join("examples/build-script");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .args(["test", "--quiet"])
        .current_dir(&example)
        // The corpus test's target folder: the same dependencies, built once.
        .env(
            "CARGO_TARGET_DIR",
            common::repo().join("target/corpus-models/target"),
        );
    if common::mariadb_reachable() {
        command
            .env("MODELGEN_TEST_DATABASE_URL", common::scratch::server_url())
            .env("MODELGEN_REQUIRE_DB", "1");
    }
    let output = command.output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "examples/build-script:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("test result: ok. 20 passed"), "{stdout}");
}
