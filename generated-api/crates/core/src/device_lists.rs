//! The `device_lists` of a `/sync` response, which the spec defines in prose only.
//!
//! The client-server API's [Extensions to /sync](https://spec.matrix.org/v1.17/client-server-api/#e2e-extensions-to-sync)
//! gives `device_lists` the type `DeviceLists` (`changed`, `left`); the `/sync` schema writes
//! only `title: DeviceLists, type: object`. The generated `/sync` response uses this type there
//! (see `PROSE_SHAPES` in `codegen/src/ir/overrides.rs`). Keys the spec does not define, and an
//! explicit `null` for a list, are kept in `extra`, so the object is written back unchanged.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::identifiers::UserId;
use crate::runtime::{read_extra, read_optional_field, serialize_extra, JsonValue, Key};

/// End-to-end device list updates since the previous sync (only on an incremental sync).
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct DeviceLists {
    /// Users who have updated their device identity or cross-signing keys, or who now share an
    /// encrypted room with the client, since the previous sync response.
    pub changed: Option<Vec<UserId>>,
    /// Users with whom the client no longer shares any encrypted room since the previous sync
    /// response.
    pub left: Option<Vec<UserId>>,
    /// Keys the spec does not define here, kept so the object is written back unchanged.
    pub extra: BTreeMap<String, JsonValue>,
}

impl DeviceLists {
    /// Empty lists (both absent), no extra keys.
    pub fn new() -> Self {
        Self::default()
    }
}

impl Serialize for DeviceLists {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        if let Some(changed) = &self.changed {
            map.serialize_entry("changed", changed)?;
        }
        if let Some(left) = &self.left {
            map.serialize_entry("left", left)?;
        }
        serialize_extra(&mut map, &self.extra, |key| match key {
            "changed" => self.changed.is_some(),
            "left" => self.left.is_some(),
            _ => false,
        })?;
        map.end()
    }
}

impl<'de> Deserialize<'de> for DeviceLists {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ListsVisitor;
        impl<'de> Visitor<'de> for ListsVisitor {
            type Value = DeviceLists;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a DeviceLists object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<DeviceLists, A::Error> {
                let mut lists = DeviceLists::default();
                while let Some(key) = map.next_key::<Key<'de>>()? {
                    match key.as_str() {
                        "changed" => read_optional_field(&mut map, &mut lists.changed, "changed", &mut lists.extra)?,
                        "left" => read_optional_field(&mut map, &mut lists.left, "left", &mut lists.extra)?,
                        _ => read_extra(&mut map, key, &mut lists.extra)?,
                    }
                }
                Ok(lists)
            }
        }
        deserializer.deserialize_map(ListsVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_nulls_and_unknown_keys_round_trip() {
        let wire = r#"{"changed":["@alice:example.org"],"left":null,"org.example":1}"#;
        let lists: DeviceLists = serde_json::from_str(wire).expect("valid");
        assert_eq!(lists.changed, Some(vec![UserId::from("@alice:example.org")]));
        assert_eq!(lists.left, None);
        assert_eq!(serde_json::to_string(&lists).expect("valid"), wire);
        let mut built = DeviceLists::new();
        built.left = Some(vec![UserId::from("@bob:example.org")]);
        assert_eq!(serde_json::to_string(&built).expect("valid"), r#"{"left":["@bob:example.org"]}"#);
    }
}
