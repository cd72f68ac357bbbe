//! The catalogs of the bundled samples, against `golden/<sample>/catalog.json`. No MySQL needed.

mod common;

#[test]
fn sample_catalogs_match_golden_files() {
    for (name, inputs) in common::samples() {
        let golden = common::repo()
            .join("golden")
            .join(name)
            .join("catalog.json");
        common::assert_golden(&golden, &common::catalog_json(&inputs));
    }
}
