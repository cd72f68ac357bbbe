//! The async flavour of the runtime (the `async` feature; modelgen's `runtime = "async"`,
//! SPEC §10): the same models over sqlx's MySQL driver, on tokio. Every method that may talk
//! to the server is an `async fn`; the records, their caches, the plan of a cascade, the SQL
//! and the values are the sync flavour's: only the sending differs.
//!
//! models.rs of the async flavour names it through `use modelgen_runtime::v0_1::asynchronous
//! as rt;`, which holds everything the sync path `v0_1` holds, with the async `Db`, `Error`,
//! `Result`, `Query` and functions in place of the sync ones.

pub(crate) mod db;
pub(crate) mod error;
mod macros;
mod query;
pub(crate) mod read;
mod relation;
pub(crate) use relation::reload_many;
pub(crate) mod save;
mod value;

pub use db::Db;
pub use error::{Error, Result};
pub use query::Query;

pub use crate::async_record_methods as record_methods;
pub use crate::cache::{BelongsTo, Cache, HasMany, HasOne};
#[cfg(feature = "serde")]
pub use crate::fields::{deserialize, deserialize_enum, serialize, serialize_enum, Fields};
pub use crate::model;
pub use crate::query::{Column, Cond, IntoValue, Order};
pub use crate::record::{no_column, read, set, value, Link, Meta, Model, Record, Shape, View};
pub use crate::relation::{add, forget_targets, holds_key, remove, set_child, set_target};
pub use crate::testing;
pub use crate::value::{FromSql, SqlEnum, ToSql, UnknownValue};
pub use crate::{chrono, mysql, rust_decimal, serde_json};
#[cfg(feature = "serde")]
pub use ::serde;
pub use futures_core;
pub use futures_util;
pub use mysql::Value;
pub use read::{all, find, find_all_by, find_by_sql, find_many, find_one_by, from_row};
pub use relation::{belongs_to, has_many, has_many_lazy, has_one, load};
pub use save::{delete, insert_all, save, save_shallow};
pub use sqlx;

/// `values` as sqlx's arguments (for `rt::testing`'s async helpers).
pub(crate) fn arguments(values: Vec<Value>) -> sqlx::mysql::MySqlArguments {
    value::arguments(None, values)
}

/// A row's values (for `rt::testing`'s async helpers).
pub(crate) fn row_values(row: &sqlx::mysql::MySqlRow) -> std::result::Result<Vec<Value>, String> {
    value::values(row)
}
