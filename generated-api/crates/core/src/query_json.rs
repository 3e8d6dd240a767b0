//! Query parameters whose text is JSON: the `filter` of `GET /sync` (a filter ID or a
//! JSON-encoded `Filter`) and of `/messages` and `/context` (a JSON-encoded `RoomEventFilter`).
//!
//! The spec types these parameters `string` and says in their descriptions what the string
//! holds; the generated requests use these types there (see `PROSE_SHAPES` in
//! `codegen/src/ir/overrides.rs`), so a caller passes a typed filter. Each encodes into one
//! query value (the JSON text) and decodes from it again, on the client and on the server side.

use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A value that travels as its JSON text in one query parameter.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct JsonParam<T>(pub T);

impl<T> From<T> for JsonParam<T> {
    fn from(value: T) -> Self {
        JsonParam(value)
    }
}

impl<T: Serialize> Serialize for JsonParam<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let text = serde_json::to_string(&self.0).map_err(serde::ser::Error::custom)?;
        serializer.serialize_str(&text)
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for JsonParam<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        serde_json::from_str(&text).map(JsonParam).map_err(|e| D::Error::custom(format!("not the JSON expected: {e}")))
    }
}

/// The `filter` of `GET /sync`: the ID of a filter uploaded with `POST /user/{userId}/filter`,
/// or a filter definition sent inline as JSON text. A server tells them apart by the first
/// character (`{` starts a definition; filter IDs cannot start with it).
#[derive(Clone, Debug, PartialEq)]
pub enum FilterParam<F> {
    /// The ID the server returned when the filter was uploaded.
    Id(String),
    /// A filter definition, sent inline.
    Definition(F),
}

impl<F> FilterParam<F> {
    /// A filter by its ID.
    pub fn id(id: impl Into<String>) -> Self {
        FilterParam::Id(id.into())
    }
}

impl<F: Serialize> Serialize for FilterParam<F> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            FilterParam::Id(id) => serializer.serialize_str(id),
            FilterParam::Definition(filter) => {
                let text = serde_json::to_string(filter).map_err(serde::ser::Error::custom)?;
                serializer.serialize_str(&text)
            }
        }
    }
}

impl<'de, F: DeserializeOwned> Deserialize<'de> for FilterParam<F> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        if text.starts_with('{') {
            serde_json::from_str(&text)
                .map(FilterParam::Definition)
                .map_err(|e| D::Error::custom(format!("an inline filter that is not a filter: {e}")))
        } else {
            Ok(FilterParam::Id(text))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::JsonObject;

    #[test]
    fn ids_and_definitions_are_one_query_value_each() {
        let id: FilterParam<JsonObject> = FilterParam::id("66696p746572");
        assert_eq!(serde_json::to_value(&id).expect("valid"), serde_json::json!("66696p746572"));
        let definition: JsonObject = serde_json::from_str(r#"{"room":{"timeline":{"limit":10}}}"#).expect("valid");
        let inline = FilterParam::Definition(definition.clone());
        assert_eq!(
            serde_json::to_value(&inline).expect("valid"),
            serde_json::json!(r#"{"room":{"timeline":{"limit":10}}}"#)
        );
        for value in [id, inline] {
            let text = serde_json::to_value(&value).expect("valid");
            assert_eq!(serde_json::from_value::<FilterParam<JsonObject>>(text).expect("valid"), value);
        }
    }

    #[test]
    fn a_broken_inline_filter_is_an_error() {
        let broken = serde_json::json!("{\"room\":");
        assert!(serde_json::from_value::<FilterParam<JsonObject>>(broken.clone()).is_err());
        assert!(serde_json::from_value::<JsonParam<JsonObject>>(broken).is_err());
    }

    #[test]
    fn json_params_round_trip() {
        let filter: JsonObject = serde_json::from_str(r#"{"types":["m.room.message"]}"#).expect("valid");
        let text = serde_json::to_value(JsonParam(filter.clone())).expect("valid");
        assert_eq!(text, serde_json::json!(r#"{"types":["m.room.message"]}"#));
        assert_eq!(serde_json::from_value::<JsonParam<JsonObject>>(text).expect("valid").0, filter);
    }
}
