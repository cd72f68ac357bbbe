//! The runtime of the models [modelgen](https://crates.io/crates/modelgen) writes: what every
//! `models.rs` stands on, so that `models.rs` holds only what is specific to its schema.
//!
//! - [`Db`]: one connection, its statement count, transactions and savepoints that fail as a
//!   whole, a new connection after a lost one;
//! - [`Error`] and [`Result`], with the checks applications branch on
//!   ([`Error::is_duplicate_key`], [`Error::is_retryable`]...);
//! - [`Model`]: what every generated model is (its table and columns);
//! - the generic code of every model's methods: reading rows, writing them, the caches of
//!   relationships and the cascade of `save`.
//!
//! Add it to Cargo.toml (the only dependency models.rs needs; it re-exports [`mysql`],
//! [`chrono`], [`rust_decimal`] and [`serde_json`] for the column types):
//!
//! ```toml
//! modelgen-runtime = "0.1"
//! ```
//!
//! models.rs names this crate through one path, `use modelgen_runtime::v0_1 as rt;`, so that
//! no table's name can clash with the runtime's, and so that models.rs written for another
//! version fails to compile at that line, saying which version it needs.
//!
//! Every statement is logged with `log::debug!` (target `modelgen`): its SQL and how long it
//! took, never its values.
//!
//! The `async` feature adds the async flavour (modelgen's `runtime = "async"`, SPEC §10):
//! `v0_1::asynchronous`, the same models over sqlx's MySQL driver on tokio, sharing the
//! records, caches, cascade plans, SQL and value conversions of this one. Without the feature
//! neither sqlx nor tokio is compiled.

#[cfg(feature = "async")]
mod asynchronous;
mod batch;
mod cache;
mod db;
mod error;
#[cfg(feature = "serde")]
mod fields;
mod load;
mod macros;
mod query;
mod read;
mod record;
mod relation;
mod save;
pub mod testing;
mod value;

#[cfg(feature = "serde")]
pub use ::serde;
pub use chrono;
pub use mysql;
pub use rust_decimal;
pub use serde_json;

pub use db::Db;
pub use error::{Error, Result};
pub use query::{Column, Cond, IntoValue, Order, Query};
pub use record::Model;
pub use value::{FromSql, SqlEnum, ToSql, UnknownValue};

/// What models.rs of this version uses, under one path (`use modelgen_runtime::v0_1 as rt;`).
/// A later version that changes what models.rs needs has another path, so that models.rs
/// written for this one stops at its `use` line instead of at every mismatch.
pub mod v0_1 {
    pub use crate::cache::{BelongsTo, Cache, HasMany, HasOne};
    pub use crate::db::Db;
    pub use crate::error::{Error, Result};
    #[cfg(feature = "serde")]
    pub use crate::fields::{deserialize, deserialize_enum, serialize, serialize_enum, Fields};
    pub use crate::load::load;
    pub use crate::query::{Column, Cond, IntoValue, Order, Query};
    pub use crate::read::{
        all, find, find_all_by, find_by_sql, find_many, find_one_by, from_row, Rows,
    };
    pub use crate::record::{no_column, read, set, value, Link, Meta, Model, Record, Shape, View};
    pub use crate::relation::{
        add, belongs_to, forget_targets, has_many, has_many_lazy, has_one, holds_key, remove,
        set_child, set_target,
    };
    pub use crate::save::{delete, insert_all, save, save_shallow};
    pub use crate::testing;
    pub use crate::value::{FromSql, SqlEnum, ToSql, UnknownValue};
    pub use crate::{chrono, mysql, rust_decimal, serde_json};
    pub use crate::{model, record_methods};
    #[cfg(feature = "serde")]
    pub use ::serde;
    pub use mysql::prelude::FromRow;
    pub use mysql::{FromRowError, Row, Value};

    /// The async flavour (the `async` feature, SPEC §10): models.rs of `runtime = "async"`
    /// names it `use modelgen_runtime::v0_1::asynchronous as rt;`.
    #[cfg(feature = "async")]
    pub mod asynchronous {
        pub use crate::asynchronous::*;
    }
}
