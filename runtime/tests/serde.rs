//! Serialize and Deserialize of models (the `serde` feature), through the fixture's `Player`
//! and `Blueprint` with the impls modelgen writes for `serde = true`.

#![cfg(feature = "serde")]

#[path = "fixture/models.rs"]
mod models;

use modelgen_runtime::v0_1 as rt;
use models::*;
use rt::serde::de::MapAccess;
use rt::serde::ser::SerializeStruct;

impl rt::Fields for Blueprint {
    const NAME: &'static str = "Blueprint";

    fn serialize_fields<S: SerializeStruct>(&self, row: &mut S) -> Result<(), S::Error> {
        row.serialize_field("id", &self.get_id())?;
        row.serialize_field("name", &self.get_name())?;
        row.serialize_field("rarity", &self.get_rarity())
    }

    fn deserialize_field<'de, A: MapAccess<'de>>(
        &mut self,
        column: usize,
        map: &mut A,
    ) -> Result<(), A::Error> {
        match column {
            0 => {
                if let Some(value) = map.next_value::<Option<i32>>()? {
                    self.set_id(value);
                }
            }
            1 => self.set_name(map.next_value::<String>()?),
            _ => self.set_rarity(map.next_value::<BlueprintRarity>()?),
        }
        Ok(())
    }
}

impl rt::serde::Serialize for Blueprint {
    fn serialize<S: rt::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        rt::serialize(self, serializer)
    }
}

impl<'de> rt::serde::Deserialize<'de> for Blueprint {
    fn deserialize<D: rt::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        rt::deserialize(deserializer)
    }
}

impl rt::serde::Serialize for BlueprintRarity {
    fn serialize<S: rt::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        rt::serialize_enum(*self, serializer)
    }
}

impl<'de> rt::serde::Deserialize<'de> for BlueprintRarity {
    fn deserialize<D: rt::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        rt::deserialize_enum(deserializer)
    }
}

#[test]
fn a_record_serializes_its_columns_in_table_order() {
    let mut sword = Blueprint::new();
    sword.set_name("sword");
    sword.set_rarity(BlueprintRarity::Epic);
    let json = serde_json::to_string(&sword).unwrap();
    assert_eq!(json, r#"{"id":null,"name":"sword","rarity":"epic"}"#);
}

#[test]
fn a_record_deserializes_as_new_then_its_setters() {
    let sword: Blueprint = serde_json::from_str(r#"{"name":"sword"}"#).unwrap();
    assert!(sword.is_new() && sword.is_dirty());
    assert_eq!(sword.get_name(), "sword");
    assert_eq!(
        sword.get_rarity(),
        BlueprintRarity::Common,
        "the DDL default"
    );
    let epic: Blueprint = serde_json::from_str(r#"{"id":7,"name":"x","rarity":"epic"}"#).unwrap();
    assert_eq!(
        (epic.get_id(), epic.get_rarity()),
        (Some(7), BlueprintRarity::Epic)
    );
    let unknown = serde_json::from_str::<Blueprint>(r#"{"name":"x","color":"red"}"#);
    assert!(unknown
        .unwrap_err()
        .to_string()
        .contains("unknown field `color`"));
    let twice = serde_json::from_str::<Blueprint>(r#"{"name":"x","name":"y"}"#);
    assert!(twice
        .unwrap_err()
        .to_string()
        .contains("duplicate field `name`"));
    let wrong = serde_json::from_str::<Blueprint>(r#"{"rarity":"Epic"}"#);
    assert!(wrong
        .unwrap_err()
        .to_string()
        .contains("unknown variant `Epic`"));
}
