//! Generates the gamedb sample's async models (and their `#[tokio::test]`s) into OUT_DIR.

fn main() {
    let out_dir = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    modelgen::Builder::new()
        .input("../../migrations-samples/gamedb")
        .runtime(modelgen::Runtime::Async)
        .serde(true)
        .tests(out_dir.join("models_tests.rs"))
        .write()
        .unwrap_or_else(|e| panic!("{e}"));
}
