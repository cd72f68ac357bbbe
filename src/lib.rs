//! modelgen reads MySQL/MariaDB DDL offline (a schema file, a mysqldump, a folder of
//! migrations) and writes one `models.rs` of ActiveRecord-style Rust models with their
//! relationships, and optionally their tests and a Mermaid ER diagram.
//!
//! The library's front door is [`Builder`], used from `build.rs` as prost-build's `Config` is:
//! inputs, config and outputs in; the files made in memory ([`Builder::generate`]), written
//! when they changed ([`Builder::write`]) or compared with the disk ([`Builder::check`]).
//! Problems are [`Diagnostic`]s that point into the SQL or the config (`path:line:col`).
//!
//! ```no_run
//! // build.rs
//! modelgen::Builder::new()
//!     .input("db/schema.sql")
//!     .write()
//!     .unwrap_or_else(|e| panic!("{e}"));
//! ```
//!
//! Inside, the pipeline is one module a stage, each a plain function of the stage before: the
//! inputs become ordered files (`input`), then raw statements as the `mariadb` client splits
//! them (`split`), then parsed changes (`parse`, on sqlparser), then the catalog
//! INFORMATION_SCHEMA would show (`catalog`), then declared and inferred relationships
//! (`relations`), then every Rust name (`naming`), then the text of the files (`emit`); a
//! config file (`config`) adjusts the middle stages. These modules are public only for
//! modelgen's own tests and binary, and hidden: they are not part of the API.

// The stages' docs link their private parts for `cargo doc --document-private-items`, the
// developers' documentation; the public docs show none of them.
#![allow(rustdoc::private_intra_doc_links)]

mod builder;
mod pipeline;

pub use builder::{Builder, Change, Difference, Output, Outputs};
pub use diag::{Diagnostic, Kind, Location, Severity};
pub use emit::Runtime;
pub use relations::Infer;

#[doc(hidden)]
pub mod catalog;
#[doc(hidden)]
pub mod config;
#[doc(hidden)]
pub mod diag;
#[doc(hidden)]
pub mod emit;
#[doc(hidden)]
pub mod input;
#[doc(hidden)]
pub mod naming;
#[doc(hidden)]
pub mod parse;
#[doc(hidden)]
pub mod relations;
#[doc(hidden)]
pub mod split;

#[doc(hidden)]
pub use pipeline::{
    apply_sql, derive_schema, generate_models, load_catalog, Generated, Loaded, Options, Schema,
};

pub(crate) use builder::paths::same_file;
