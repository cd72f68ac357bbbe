//! Generates the gamedb sample's models (and their tests) into OUT_DIR at every change of the
//! schema.

fn main() {
    let out_dir = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    modelgen::Builder::new()
        .input("../../migrations-samples/gamedb")
        .tests(out_dir.join("models_tests.rs"))
        .write()
        .unwrap_or_else(|e| panic!("{e}"));
}
