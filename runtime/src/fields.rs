//! Serialize and Deserialize for the models (the `serde` feature, SPEC §9): one field per
//! column, named as the column, in the table's order, values as their Rust types; caches,
//! state and relationships left out. Deserializing makes a new record as `new()` and then each
//! setter would: a missing field keeps its DDL default, an unknown field is an error, a
//! generated column's field is read and dropped (the server computes the column).

use crate::record::Record;
use crate::value::SqlEnum;
use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeStruct;
use serde::{Deserializer, Serializer};
use std::marker::PhantomData;

/// A model's columns to and from serde: generated into models.rs with `serde = true`.
#[doc(hidden)]
pub trait Fields: Record {
    /// The model's name, as serde names a struct.
    const NAME: &'static str;
    /// Writes each column as a field, in the table's order.
    fn serialize_fields<S: SerializeStruct>(&self, row: &mut S) -> Result<(), S::Error>;
    /// Reads the value of column `column` (never a generated one) from `map` and gives it to
    /// the column's setter.
    fn deserialize_field<'de, A: MapAccess<'de>>(
        &mut self,
        column: usize,
        map: &mut A,
    ) -> Result<(), A::Error>;
}

/// `Serialize` of a model.
pub fn serialize<M: Fields, S: Serializer>(record: &M, serializer: S) -> Result<S::Ok, S::Error> {
    let mut row = serializer.serialize_struct(M::NAME, M::COLUMNS.len())?;
    record.serialize_fields(&mut row)?;
    row.end()
}

/// `Deserialize` of a model: a new record, given each field present to its setter.
pub fn deserialize<'de, M: Fields, D: Deserializer<'de>>(deserializer: D) -> Result<M, D::Error> {
    deserializer.deserialize_struct(M::NAME, M::COLUMNS, RecordVisitor(PhantomData))
}

struct RecordVisitor<M>(PhantomData<fn() -> M>);

impl<'de, M: Fields> Visitor<'de> for RecordVisitor<M> {
    type Value = M;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a row of `{}`", M::TABLE)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<M, A::Error> {
        let mut record = M::default();
        let mut seen = vec![false; M::COLUMNS.len()];
        while let Some(name) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            let Some(column) = M::COLUMNS.iter().position(|c| *c == name) else {
                return Err(de::Error::unknown_field(&name, M::COLUMNS));
            };
            if std::mem::replace(&mut seen[column], true) {
                return Err(de::Error::duplicate_field(M::COLUMNS[column]));
            }
            if M::SHAPE.generated.contains(&column) {
                // The server computes it: what a serialized record holds is read and dropped.
                map.next_value::<de::IgnoredAny>()?;
                continue;
            }
            record.deserialize_field(column, &mut map)?;
        }
        Ok(record)
    }
}

/// `Serialize` of an ENUM's enum: its value as the server spells it.
pub fn serialize_enum<E: SqlEnum, S: Serializer>(
    value: E,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(value.as_sql())
}

/// `Deserialize` of an ENUM's enum: its value as the server spells it, exactly.
pub fn deserialize_enum<'de, E: SqlEnum, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<E, D::Error> {
    let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
    E::from_text(&text).map_err(|_| de::Error::unknown_variant(&text, E::VALUES))
}
