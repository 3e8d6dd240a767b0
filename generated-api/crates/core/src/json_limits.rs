//! What a [`serde_json::Value`] can hold, checked on JSON text.
//!
//! Events the crate keeps as received (unknown, redacted or invalid events, [`crate::runtime::Raw`])
//! are captured by `serde_json` without being parsed, and that capture accepts JSON that no
//! `Value` can hold: nesting deeper than [`MAX_DEPTH`], a lone UTF-16 surrogate escape
//! (`"\ud800"`), a number beyond `f64` (`1e400`). Writing such an event with
//! `serde_json::to_string` reproduces it byte for byte, but `serde_json::to_value` (and reading
//! its fields) fails. [`check_representable`] tells the two apart up front, so decoding can
//! refuse what `to_value` could not hold: the two then agree.

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// The deepest nesting of arrays and objects a `serde_json::Value` can be read from: 127 levels
/// (`serde_json`'s recursion limit of 128 is reached at the 128th); deeper does not parse.
pub const MAX_DEPTH: usize = 127;

/// Checks that `json` parses into a `serde_json::Value`: nesting at most [`MAX_DEPTH`] deep,
/// every string valid Unicode (no lone surrogate escape), every number within `f64`.
///
/// It reads the text exactly as `serde_json::from_str::<Value>` does (the same recursion limit,
/// string and number parsers), so it succeeds if and only if that would, without building the
/// value.
pub fn check_representable(json: &str) -> Result<(), serde_json::Error> {
    serde_json::from_str::<Representable>(json).map(|_| ())
}

/// A JSON value read in full and thrown away.
struct Representable;

impl<'de> Deserialize<'de> for Representable {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // `deserialize_any`, unlike `IgnoredAny`'s skip, parses every string and number and
        // counts nesting, as reading a `Value` does.
        deserializer.deserialize_any(RepresentableVisitor)
    }
}

struct RepresentableVisitor;

impl<'de> Visitor<'de> for RepresentableVisitor {
    type Value = Representable;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Representable, E> {
        Ok(Representable)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Representable, E> {
        Ok(Representable)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Representable, E> {
        Ok(Representable)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Representable, E> {
        Ok(Representable)
    }

    fn visit_str<E>(self, _: &str) -> Result<Representable, E> {
        Ok(Representable)
    }

    fn visit_unit<E>(self) -> Result<Representable, E> {
        Ok(Representable)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Representable, A::Error> {
        while seq.next_element::<Representable>()?.is_some() {}
        Ok(Representable)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Representable, A::Error> {
        // Keys are strings: reading them checks their escapes like any other string.
        while map.next_entry::<Representable, Representable>()?.is_some() {}
        Ok(Representable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::value::RawValue;

    fn nested(depth: usize, open: &str, close: &str) -> String {
        format!("{}1{}", open.repeat(depth), close.repeat(depth))
    }

    /// Inputs at and around each limit: raw capture accepts them all; `to_value` only some.
    fn cases() -> Vec<String> {
        let mut cases = Vec::new();
        for depth in [1, MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1, MAX_DEPTH + 2, 1000] {
            cases.push(nested(depth, "[", "]"));
            cases.push(nested(depth, "{\"a\":", "}"));
        }
        let strings = [r#""\ud800""#, r#""\udc00""#, r#""\ud83d\ude00""#, r#""\ud83dx""#, r#"{"\udfff":1}"#];
        cases.extend(strings.iter().map(|s| s.to_string()));
        let numbers = ["1e400", "-1e400", "1e308", "1e-400", "118446744073709551615", "-9223372036854775809"];
        cases.extend(numbers.iter().map(|s| s.to_string()));
        cases.push("9".repeat(400));
        cases
    }

    #[test]
    fn agrees_with_to_value_of_the_captured_text() {
        let (mut agree, mut unrepresentable, mut disagree) = (0, 0, Vec::new());
        for case in cases() {
            let raw: Box<RawValue> = serde_json::from_str(&case).expect("raw capture accepts it");
            let to_value = serde_json::to_value(&raw).is_ok();
            let checked = check_representable(&case).is_ok();
            if checked == to_value {
                agree += 1;
                unrepresentable += usize::from(!checked);
            } else {
                disagree.push(format!("{case:.40}: check {checked}, to_value {to_value}"));
            }
        }
        println!("json limits: {agree} agree with to_value ({unrepresentable} unrepresentable), {} disagree", disagree.len());
        assert!(disagree.is_empty(), "{disagree:?}");
        // 128, 129 and 1000 levels (arrays and objects), four lone surrogates, 1e400 twice, 400
        // nines: exactly the cases beyond the documented limits.
        assert_eq!(unrepresentable, 13);
    }
}
