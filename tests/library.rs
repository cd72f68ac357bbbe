//! The library's surface: what a build.rs user sees in the documentation is the Builder, its
//! options, outputs and errors, and nothing of the pipeline inside (whose types, sqlparser's
//! among them, may change with any release); `cargo doc` has no warnings.

mod common;

use std::process::Command;

#[test]
fn the_documented_api_is_the_builder_its_outputs_and_errors() {
    let target = common::repo().join("target/corpus-models/target");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args(["doc", "--no-deps", "--lib", "--quiet"])
        .current_dir(common::repo())
        .env("CARGO_TARGET_DIR", &target)
        .env("RUSTDOCFLAGS", "-D warnings")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "cargo doc:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let all = std::fs::read_to_string(target.join("doc/modelgen/all.html")).unwrap();
    let mut items: Vec<&str> = all
        .split("href=\"")
        .skip(1)
        .filter_map(|link| link.split('"').next())
        .filter(|link| link.ends_with(".html") && !link.starts_with(".."))
        .filter(|link| {
            let file = link.rsplit('/').next().unwrap_or_default();
            [
                "struct.",
                "enum.",
                "fn.",
                "trait.",
                "type.",
                "constant.",
                "macro.",
                "static.",
            ]
            .iter()
            .any(|kind| file.starts_with(kind))
        })
        .collect();
    items.sort();
    items.dedup();
    assert_eq!(
        items,
        [
            "enum.Change.html",
            "enum.Infer.html",
            "enum.Kind.html",
            "enum.Runtime.html",
            "enum.Severity.html",
            "struct.Builder.html",
            "struct.Diagnostic.html",
            "struct.Difference.html",
            "struct.Location.html",
            "struct.Output.html",
            "struct.Outputs.html",
        ]
    );
}
