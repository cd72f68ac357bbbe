//! examples/build-script: a crate whose build.rs generates the gamedb models with
//! `modelgen::Builder` into OUT_DIR; it builds, and its tests (its own and the generated ones)
//! pass, against MariaDB when it is reachable (with CI=true it must be).

mod common;

use std::process::Command;

#[test]
fn the_build_script_example_builds_and_its_tests_pass() {
    let stdout = common::run_example_tests("build-script");
    // Its own test and the generated ones, which are gamedb's golden tests file.
    let golden = std::fs::read_to_string(common::repo().join("golden/gamedb/models_tests.rs"));
    let generated = golden.unwrap().matches("#[test]").count();
    let passed = format!("test result: ok. {} passed", generated + 1);
    assert!(stdout.contains(&passed), "{passed}:\n{stdout}");
}

/// A copy of the example whose build.rs reads a migrations folder holding a FIFO (skipped with
/// a warning): cargo shows the warning, and with `deny_warnings(true)` the build fails.
#[cfg(unix)]
#[test]
fn warnings_reach_cargo_and_can_fail_the_build() {
    let example = common::repo().join("examples/build-script");
    let dir = std::env::temp_dir().join(format!("modelgen-build-warnings-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let manifest = std::fs::read_to_string(example.join("Cargo.toml"))
        .unwrap()
        // Its path dependencies (modelgen, modelgen-runtime), from the copy's folder.
        .replace(
            "path = \"../..",
            &format!("path = \"{}", common::repo().display()),
        );
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    std::fs::copy(example.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    std::fs::copy(example.join("src/lib.rs"), dir.join("src/lib.rs")).unwrap();
    let migrations = dir.join("migrations");
    std::fs::create_dir(&migrations).unwrap();
    for entry in std::fs::read_dir(common::repo().join("migrations-samples/gamedb")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, migrations.join(path.file_name().unwrap())).unwrap();
    }
    let fifo = migrations.join("005_pipe.sql");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let build = |deny: bool| {
        let build_rs = format!(
            "fn main() {{\n    modelgen::Builder::new()\n        .input(\"migrations\")\n        .deny_warnings({deny})\n        .write()\n        .unwrap_or_else(|e| panic!(\"{{e}}\"));\n}}\n"
        );
        std::fs::write(dir.join("build.rs"), build_rs).unwrap();
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let output = Command::new(cargo)
            // Not --quiet: it would hide the warnings too.
            .arg("check")
            .current_dir(&dir)
            .env(
                "CARGO_TARGET_DIR",
                common::repo().join("target/corpus-models/target"),
            )
            .output()
            .unwrap();
        (
            output.status.success(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let warning = "warning: migrations/005_pipe.sql: a FIFO, not a regular file: skipped";
    let (built, stderr) = build(false);
    assert!(built, "{stderr}");
    assert!(
        stderr.contains(&format!("modelgen-build-script-example@0.0.0: {warning}")),
        "{stderr}"
    );
    let (built, stderr) = build(true);
    assert!(!built, "{stderr}");
    assert!(
        stderr.contains(&warning.replace("warning:", "error:")),
        "{stderr}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
