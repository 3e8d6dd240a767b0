//! Typed reads of keyword values, each failing with the file and pointer of the bad value.

use indexmap::IndexMap;
use serde_json::{Map, Value};

use super::error::{ErrorKind, LoadError, Location, Result};

/// Reads the keywords of one object.
pub struct Reader<'a> {
    /// The object.
    pub map: &'a Map<String, Value>,
    /// Where it sits.
    pub location: &'a Location,
}

impl<'a> Reader<'a> {
    /// A reader over `value`, which must be an object.
    pub fn new(value: &'a Value, location: &'a Location) -> Result<Reader<'a>> {
        match value {
            Value::Object(map) => Ok(Reader { map, location }),
            _ => Err(LoadError::new(ErrorKind::WrongType, location, "expected an object")),
        }
    }

    fn wrong(&self, key: &str, expected: &str) -> LoadError {
        LoadError::new(ErrorKind::WrongType, &self.location.child(key), format!("{key} must be {expected}"))
    }

    /// A string keyword.
    pub fn string(&self, key: &str) -> Result<Option<String>> {
        match self.map.get(key) {
            None => Ok(None),
            Some(Value::String(text)) => Ok(Some(text.clone())),
            Some(_) => Err(self.wrong(key, "a string (quote version numbers such as 1.10)")),
        }
    }

    /// A required string keyword.
    pub fn required_string(&self, key: &str) -> Result<String> {
        self.string(key)?.ok_or_else(|| {
            LoadError::new(ErrorKind::Invalid, self.location, format!("missing required keyword {key:?}"))
        })
    }

    /// A boolean keyword (absent = false).
    pub fn flag(&self, key: &str) -> Result<bool> {
        Ok(self.optional_bool(key)?.unwrap_or(false))
    }

    /// A boolean keyword.
    pub fn optional_bool(&self, key: &str) -> Result<Option<bool>> {
        match self.map.get(key) {
            None => Ok(None),
            Some(Value::Bool(flag)) => Ok(Some(*flag)),
            Some(_) => Err(self.wrong(key, "a boolean")),
        }
    }

    /// A non-negative integer keyword.
    pub fn count(&self, key: &str) -> Result<Option<u64>> {
        match self.map.get(key) {
            None => Ok(None),
            Some(value) => value.as_u64().map(Some).ok_or_else(|| self.wrong(key, "a non-negative integer")),
        }
    }

    /// An integer keyword.
    pub fn integer(&self, key: &str) -> Result<Option<i64>> {
        match self.map.get(key) {
            None => Ok(None),
            Some(value) => value.as_i64().map(Some).ok_or_else(|| self.wrong(key, "an integer")),
        }
    }

    /// A numeric keyword.
    pub fn number(&self, key: &str) -> Result<Option<f64>> {
        match self.map.get(key) {
            None => Ok(None),
            Some(value) => value.as_f64().map(Some).ok_or_else(|| self.wrong(key, "a number")),
        }
    }

    /// A list of strings.
    pub fn strings(&self, key: &str) -> Result<Vec<String>> {
        match self.map.get(key) {
            None => Ok(Vec::new()),
            Some(Value::Array(items)) => items
                .iter()
                .map(|item| item.as_str().map(str::to_string).ok_or_else(|| self.wrong(key, "a list of strings")))
                .collect(),
            Some(_) => Err(self.wrong(key, "a list of strings")),
        }
    }

    /// A data value, as written.
    pub fn data(&self, key: &str) -> Option<Value> {
        self.map.get(key).cloned()
    }

    /// `x-changedInMatrixVersion`: version → Markdown, in order.
    pub fn changed_in(&self) -> Result<IndexMap<String, String>> {
        const KEY: &str = "x-changedInMatrixVersion";
        match self.map.get(KEY) {
            None => Ok(IndexMap::new()),
            Some(Value::Object(entries)) => entries
                .iter()
                .map(|(version, text)| match text {
                    Value::String(text) => Ok((version.clone(), text.clone())),
                    _ => Err(self.wrong(KEY, "a map from version to text")),
                })
                .collect(),
            Some(_) => Err(self.wrong(KEY, "a map from version to text")),
        }
    }

    /// The object under `key`, if present.
    pub fn object(&self, key: &str) -> Result<Option<&'a Map<String, Value>>> {
        match self.map.get(key) {
            None => Ok(None),
            Some(Value::Object(map)) => Ok(Some(map)),
            Some(_) => Err(self.wrong(key, "an object")),
        }
    }
}
