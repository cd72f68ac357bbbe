//! The corpus entries MariaDB itself rejects as they are (MANIFEST's last lines): modelgen
//! reads each into a catalog or stops with an error located in the input, never a panic.

mod common;

use std::path::PathBuf;

fn catalog_or_located_error(inputs: &[PathBuf]) {
    match modelgen::load_catalog(inputs) {
        Ok(loaded) => {
            assert!(
                !loaded.catalog.tables.is_empty(),
                "an empty catalog from {inputs:?}"
            )
        }
        Err(error) => {
            let location = error
                .location
                .as_ref()
                .unwrap_or_else(|| panic!("no location: {error}"));
            assert!(location.line > 0 && location.column > 0, "{error}");
            assert!(
                !error.excerpt.is_empty(),
                "no offending lines shown: {error}"
            );
        }
    }
}

fn corpus(path: &str) -> PathBuf {
    common::shared().join("corpus").join(path)
}

#[test]
fn umami_procedure_without_delimiter() {
    catalog_or_located_error(&[corpus("umami/migrations")]);
}

#[test]
fn dolibarr_comments_without_space() {
    catalog_or_located_error(&[corpus("dolibarr/tables")]);
    catalog_or_located_error(&[corpus("dolibarr/migration")]);
}

#[test]
fn prestashop_installer_placeholders() {
    catalog_or_located_error(&[corpus("prestashop/db_structure.sql")]);
}

#[test]
fn ory_hydra_mysql8_only_syntax() {
    catalog_or_located_error(&[corpus("ory-hydra/migrations")]);
}
