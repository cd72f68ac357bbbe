//! The relationships and method names of the bundled samples (`inspect --relations`),
//! against `golden/<sample>/relations.txt`. No MySQL needed.

mod common;

use modelgen::naming::report::{relations_text, relationship_reports};
use modelgen::relations::{derive_relations, Infer};

#[test]
fn sample_relations_match_golden_files() {
    for (name, inputs) in common::samples() {
        let loaded = modelgen::load_catalog(&inputs).unwrap();
        let relations = derive_relations(&loaded.catalog, &Infer::Auto.into());
        let names =
            modelgen::naming::name_catalog(&loaded.catalog, &relations, &Default::default());
        let text = relations_text(&relationship_reports(&relations, &names), &names);
        common::assert_golden(
            &common::repo()
                .join("golden")
                .join(name)
                .join("relations.txt"),
            &text,
        );
    }
}

#[test]
fn every_corpus_schema_gets_names_that_are_rust_identifiers() {
    let is_identifier = |s: &str| {
        let mut chars = s.chars();
        chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
            && chars.all(|c| c.is_alphanumeric() || c == '_')
    };
    for (name, inputs) in common::manifest() {
        let loaded = modelgen::load_catalog(&inputs).unwrap();
        let relations = derive_relations(&loaded.catalog, &Infer::Auto.into());
        let names =
            modelgen::naming::name_catalog(&loaded.catalog, &relations, &Default::default());
        for report in relationship_reports(&relations, &names) {
            for method in report
                .belongs_to
                .methods
                .iter()
                .chain(&report.reverse.methods)
            {
                assert!(is_identifier(method), "{name}: {method}");
            }
        }
        for struct_name in names.structs.values() {
            assert!(is_identifier(struct_name), "{name}: {struct_name}");
        }
    }
}
