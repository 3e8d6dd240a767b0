//! The JSON text of one value (an event, a content of a family) as the deserializer captured
//! it, before the value's type is known: borrowed from the input where serde_json can lend it
//! (`from_slice`, `from_str`, and every event decoded inside another event), owned where it
//! cannot (`from_reader`, `from_value`).
//!
//! The event enums read an event's envelope before decoding it, so they need its text; with
//! `Box<RawValue>` every event was copied into an allocation of its own first, and then
//! decoded from the copy. Borrowing skips that copy for the events that decode; only the ones
//! kept whole (redacted, unknown, invalid) are copied, into the `Box<RawValue>` they keep.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Unexpected, Visitor};

use super::RawJson;

/// The name under which serde_json's own `RawValue` asks a deserializer for the text of a
/// value (`RawValue`'s `Deserialize` impls use it; serde_json answers with a one-entry map
/// whose value is the text, borrowed or owned). serde_json has no public "borrowed if it can,
/// else owned" form, only `&RawValue` (fails on owned input) and `Box<RawValue>` (always
/// copies); the tests below fail if serde_json ever answers this name differently.
const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";

/// One JSON value's text, as captured (see the module docs).
#[derive(Debug)]
pub struct CapturedJson<'de>(Text<'de>);

#[derive(Debug)]
enum Text<'de> {
    Borrowed(&'de str),
    Owned(Box<RawJson>),
}

impl<'de> CapturedJson<'de> {
    /// The text, exactly as received.
    pub fn get(&self) -> &str {
        match &self.0 {
            Text::Borrowed(text) => text,
            Text::Owned(raw) => raw.get(),
        }
    }

    /// The text, if it is borrowed from the input (for what must outlive `self`).
    pub fn borrowed(&self) -> Option<&'de str> {
        match self.0 {
            Text::Borrowed(text) => Some(text),
            Text::Owned(_) => None,
        }
    }

    /// Whether the text is borrowed from the input (no copy was made).
    pub fn is_borrowed(&self) -> bool {
        matches!(self.0, Text::Borrowed(_))
    }

    /// The text as an owned raw value, to keep (a redacted, unknown or invalid event).
    ///
    /// # Errors
    ///
    /// Not for a text serde_json captured: it is one well-formed value. (Making a
    /// `RawValue` from borrowed text checks it again; that check is what could fail.)
    pub fn into_raw(self) -> Result<Box<RawJson>, serde_json::Error> {
        match self.0 {
            Text::Borrowed(text) => RawJson::from_string(text.to_owned()),
            Text::Owned(raw) => Ok(raw),
        }
    }

    /// Decodes the text as a `T`.
    ///
    /// # Errors
    ///
    /// If the text is not a `T`.
    pub fn decode<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_str(self.get())
    }

    /// Decodes the text as a `T`; the error names the field path where it failed.
    ///
    /// # Errors
    ///
    /// If the text is not a `T`.
    pub fn decode_described<T: serde::de::DeserializeOwned>(&self) -> Result<T, String> {
        self.decode().map_err(|e| super::error_path::describe(self.get(), &e))
    }
}

impl<'de> serde::Deserialize<'de> for CapturedJson<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_newtype_struct(RAW_VALUE_TOKEN, CaptureVisitor)
    }
}

struct CaptureVisitor;

impl<'de> Visitor<'de> for CaptureVisitor {
    type Value = CapturedJson<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<CapturedJson<'de>, A::Error> {
        if map.next_key::<IgnoredAny>()?.is_none() {
            return Err(de::Error::invalid_type(Unexpected::Map, &self));
        }
        map.next_value_seed(TextSeed)
    }
}

/// The text entry of serde_json's answer.
struct TextSeed;

impl<'de> DeserializeSeed<'de> for TextSeed {
    type Value = CapturedJson<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for TextSeed {
    type Value = CapturedJson<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the text of a JSON value")
    }

    fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Self::Value, E> {
        Ok(CapturedJson(Text::Borrowed(text)))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        self.visit_string(text.to_owned())
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<Self::Value, E> {
        RawJson::from_string(text).map(|raw| CapturedJson(Text::Owned(raw))).map_err(E::custom)
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    const EVENT: &str = r#"{"content":{"body":"caf\u00e9"},"type":"m.room.message"}"#;

    #[test]
    fn borrows_from_slices_and_strs() {
        let list = format!("[{EVENT}, {EVENT}]");
        let from_slice: Vec<CapturedJson<'_>> = serde_json::from_slice(list.as_bytes()).expect("valid");
        let from_str: Vec<CapturedJson<'_>> = serde_json::from_str(&list).expect("valid");
        for captured in from_slice.iter().chain(&from_str) {
            assert!(captured.is_borrowed());
            assert_eq!(captured.get(), EVENT);
        }
    }

    #[test]
    fn owns_what_it_cannot_borrow() {
        let mut reader = serde_json::Deserializer::from_reader(EVENT.as_bytes());
        let from_reader = CapturedJson::deserialize(&mut reader).expect("valid");
        assert!(!from_reader.is_borrowed());
        assert_eq!(from_reader.get(), EVENT);
        let value: serde_json::Value = serde_json::from_str(EVENT).expect("valid");
        let from_value = CapturedJson::deserialize(value.clone()).expect("valid");
        assert!(!from_value.is_borrowed());
        assert_eq!(serde_json::from_str::<serde_json::Value>(from_value.get()).expect("valid"), value);
        let from_value_ref = CapturedJson::deserialize(&value).expect("valid");
        assert_eq!(from_value_ref.get(), from_value.get());
    }

    #[test]
    fn keeps_the_text_when_owned() {
        let captured: CapturedJson<'_> = serde_json::from_str(EVENT).expect("valid");
        assert_eq!(captured.into_raw().expect("valid").get(), EVENT);
    }
}
