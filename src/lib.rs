//! modelgen reads MySQL/MariaDB DDL offline and rebuilds the catalog INFORMATION_SCHEMA would show.
//!
//! The pipeline, one module a stage, each a plain function of the stage before:
//! paths → [`input`] (ordered files) → [`split`] (raw statements) → [`parse`] (sqlparser
//! statements) → [`catalog`] (tables, columns, keys in INFORMATION_SCHEMA's words).

pub mod diag;
pub mod input;
pub mod split;
