//! examples/async-axum: an axum service on the gamedb sample's async models, which its build.rs
//! generates with `modelgen::Builder`; it builds, and its tests (the service answering over
//! HTTP, and the generated `#[tokio::test]`s) pass against MariaDB when it is reachable (with
//! CI=true it must be).

mod common;

#[test]
fn the_async_example_builds_and_its_tests_pass() {
    let stdout = common::run_example_tests("async-axum");
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
