//! `game`: a small application on the models modelgen generates for the gamedb sample
//! (`migrations-samples/gamedb`), the README's showcase of SPEC §9: queries and paging,
//! batch loading (`load_*`), the has-one setter and `remove_*` with the cascade of `save`,
//! `insert_all`, serde, and the error checks an application branches on.
//!
//! - [`models`]: generated (`modelgen generate migrations-samples/gamedb --serde`), checked in;
//!   modelgen's tests/cli.rs fails when it is not what modelgen writes.
//! - [`commands`]: one function per command of the binary.
//! - [`pages`]: the players page written three ways, to compare.
//! - [`explain()`]: what the user reads when the database refuses.

pub mod commands;
pub mod explain;
pub mod models;
pub mod pages;

pub use explain::explain;
