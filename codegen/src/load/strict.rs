//! Parsing YAML and JSON text into `serde_json::Value` with every duplicate key refused.
//!
//! Both `serde_yaml` and `serde_json` let the last of two equal keys win silently when they build
//! a `serde_json::Value`, so a spec file with a key written twice would lose one of its values
//! without a word. This visitor builds the same `Value` the two crates build (numbers, keys as
//! their source text, `NaN` as `null`) but stops at the first key seen twice in one object, and
//! says where: the JSON pointer of the second occurrence.

use std::cell::RefCell;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::{Map, Number, Value};

use super::pointer;

/// A key written twice in one object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateKey {
    /// The JSON pointer of the second occurrence.
    pub pointer: String,
}

/// Where a value sits, as a list of steps up to the root (no allocation per value: the pointer
/// is only written out for a duplicate).
#[derive(Clone, Copy)]
enum Path<'a> {
    Root,
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl Path<'_> {
    fn pointer(&self) -> String {
        match self {
            Path::Root => String::new(),
            Path::Key(parent, key) => format!("{}/{}", parent.pointer(), pointer::escape(key)),
            Path::Index(parent, index) => format!("{}/{index}", parent.pointer()),
        }
    }
}

/// The value at one path; records the first duplicate key in `found`.
#[derive(Clone, Copy)]
struct Strict<'a> {
    path: Path<'a>,
    found: &'a RefCell<Option<DuplicateKey>>,
}

/// Parses with `parse`, which drives a `Deserializer` through [`Strict`]. A duplicate key comes
/// back as `Err(Ok(duplicate))`, a parse error as `Err(Err(error))`.
fn strictly<E>(
    parse: impl FnOnce(Strict<'_>) -> Result<Value, E>,
) -> Result<Value, Result<DuplicateKey, E>> {
    let found = RefCell::new(None);
    let result = parse(Strict { path: Path::Root, found: &found });
    match (result, found.into_inner()) {
        (_, Some(duplicate)) => Err(Ok(duplicate)),
        (Ok(value), None) => Ok(value),
        (Err(error), None) => Err(Err(error)),
    }
}

/// Parses YAML text.
pub fn from_yaml(text: &str) -> Result<Value, Result<DuplicateKey, serde_yaml::Error>> {
    strictly(|seed| seed.deserialize(serde_yaml::Deserializer::from_str(text)))
}

/// Parses JSON text.
pub fn from_json(text: &str) -> Result<Value, Result<DuplicateKey, serde_json::Error>> {
    strictly(|seed| {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let value = seed.deserialize(&mut deserializer)?;
        deserializer.end()?;
        Ok(value)
    })
}

impl<'de> DeserializeSeed<'de> for Strict<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Strict<'_> {
    type Value = Value;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_i128<E: de::Error>(self, value: i128) -> Result<Value, E> {
        Number::deserialize(de::value::I128Deserializer::new(value)).map(Value::Number)
    }

    fn visit_u128<E: de::Error>(self, value: u128) -> Result<Value, E> {
        Number::deserialize(de::value::U128Deserializer::new(value)).map(Value::Number)
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        // As `serde_json::Value` does: a non-finite number is `null`.
        Ok(Number::from_f64(value).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_string()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        self.deserialize(deserializer)
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(Strict { path: Path::Index(&self.path, items.len()), ..self })? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(&key) {
                let pointer = Path::Key(&self.path, &key).pointer();
                let message = format!("duplicate key {key:?} at {pointer:?}");
                *self.found.borrow_mut() = Some(DuplicateKey { pointer });
                return Err(de::Error::custom(message));
            }
            let value = map.next_value_seed(Strict { path: Path::Key(&self.path, &key), ..self })?;
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn builds_the_values_the_parsers_build() {
        let yaml = "a: &m {x: 1, y: [true, ~, 1.5, -3, 18446744073709551615]}\nb: *m\n1.10: c\nn: .nan\n";
        assert_eq!(
            from_yaml(yaml).expect("parses"),
            serde_yaml::from_str::<Value>(yaml).expect("reference parse")
        );
        let json = r#"{"k": [1, 2.5, -7, "s", null, {"z": {}}], "big": 100000000000000000000}"#;
        assert_eq!(from_json(json).expect("parses"), serde_json::from_str::<Value>(json).expect("reference parse"));
        assert_eq!(from_yaml("x: 1\n").expect("parses"), json!({"x": 1}));
    }

    #[test]
    fn duplicate_keys_are_refused_with_their_pointer() {
        let duplicate = |result: Result<Value, Result<DuplicateKey, String>>| match result {
            Err(Ok(duplicate)) => duplicate.pointer,
            other => panic!("not a duplicate: {other:?}"),
        };
        let yaml = |text: &str| from_yaml(text).map_err(|e| e.map_err(|e| e.to_string()));
        let json = |text: &str| from_json(text).map_err(|e| e.map_err(|e| e.to_string()));
        assert_eq!(duplicate(yaml("a: 1\nb: 2\na: 3\n")), "/a");
        assert_eq!(duplicate(yaml("p:\n  - {x: 1}\n  - {y/z: 1, y/z: 2}\n")), "/p/1/y~1z");
        assert_eq!(duplicate(json(r#"{"type": "a", "c": {"type": 1, "type": 2}}"#)), "/c/type");
        assert_eq!(duplicate(yaml("{\"a\": 1, \"a\": 1}")), "/a");
        assert!(matches!(json("{\"a\": 1} x"), Err(Err(_))), "trailing text is a parse error");
    }
}
