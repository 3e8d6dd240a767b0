//! The fast path of the envelope read: a scan of an event's captured text that finds its
//! discriminator, its duplicate envelope keys and its redaction mark without running a JSON
//! parser over it a second time.
//!
//! The text was captured by serde_json as a `RawValue`, so it is one well-formed JSON value;
//! the scan only has to find where each top-level value ends (strings by their closing quote,
//! objects and arrays by bracket depth), which is several times cheaper than the parser's
//! validating skip. Sorted keys (Synapse's canonical JSON) put `content` before `type`, so the
//! whole event is walked either way; this makes that walk cheap.
//!
//! Anything the scan does not handle exactly as the parser would (a key or discriminator with
//! an escape, a text that is not an object, a byte where none is expected) returns `None`, and
//! the caller reads the envelope with the parser instead: the scan is never the only judge.

use std::borrow::Cow;

use super::event_decode::{ENVELOPE_KEYS, EnvelopeError, ScannedEnvelope};

/// Reads the envelope of `json` (an event's captured text), or `None` when the parser must.
/// The discriminator is borrowed from `json` (the scan gives up on one with an escape).
pub(super) fn scan_envelope<'a>(
    json: &'a str,
    discriminator: &'static str,
) -> Option<Result<ScannedEnvelope<'a>, EnvelopeError>> {
    let mut scan = Scanner::new(json);
    let mut envelope = ScannedEnvelope::default();
    // One bit per envelope key (and the discriminator) met so far: no allocation per event.
    let mut seen = 0u32;
    let mut duplicate = None;
    scan.skip_whitespace();
    scan.object_entries(|key, scan| {
        if let Some((bit, name)) = envelope_key(key, discriminator) {
            if seen & (1 << bit) != 0 {
                duplicate.get_or_insert(name);
            }
            seen |= 1 << bit;
        }
        if key == discriminator {
            envelope.discriminator = scan.string_or_skip()?.map(Cow::Borrowed);
        } else if key == "unsigned" && scan.peek()? == b'{' {
            envelope.redacted |= scan.unsigned_is_redacted()?;
        } else {
            scan.skip_value()?;
        }
        Some(())
    })?;
    if !scan.at_end() {
        return None;
    }
    Some(match duplicate {
        Some(key) => Err(EnvelopeError::DuplicateKey(key.to_string())),
        None => Ok(envelope),
    })
}

/// The first top-level `field` of the object `json` that is a string, borrowed from `json`
/// (`Some(None)` if there is none), or `None` when the parser must read it (see the module
/// docs).
pub(super) fn scan_str_field<'a>(json: &'a str, field: &str) -> Option<Option<&'a str>> {
    let mut scan = Scanner::new(json);
    let mut found = None;
    scan.skip_whitespace();
    scan.object_entries(|key, scan| {
        // As the parser reads it: the first occurrence that is a string.
        if key == field && found.is_none() {
            found = scan.string_or_skip()?;
        } else {
            scan.skip_value()?;
        }
        Some(())
    })?;
    scan.at_end().then_some(found)
}

/// Where the string whose contents start at `at` ends (just past its closing quote).
fn string_end(bytes: &[u8], mut at: usize) -> Option<usize> {
    loop {
        at = next_quote_or_backslash(bytes, at)?;
        match *bytes.get(at)? {
            b'"' => return Some(at + 1),
            // A backslash: the escaped byte cannot close the string (for `\u`, the hex digits
            // need no care).
            _ => at += 2,
        }
    }
}

/// The position of the first `"` or `\\` at or after `at`: eight bytes at a time (bodies, IDs
/// and keys are mostly plain runs), the rest byte by byte.
fn next_quote_or_backslash(bytes: &[u8], mut at: usize) -> Option<usize> {
    while let Some(chunk) = bytes.get(at..at + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let found = quotes_and_backslashes(u64::from_le_bytes(word));
        if found != 0 {
            // The lowest flag is exact (see `quotes_and_backslashes`); bytes are little-endian.
            return Some(at + (found.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    let rest = bytes.get(at..)?;
    rest.iter().position(|byte| matches!(byte, b'"' | b'\\')).map(|offset| at + offset)
}

/// The high bit of each byte of `word` that is `"` or `\\` (the classic test for a zero byte,
/// applied to the word XORed with each of the two bytes repeated). The test can also flag a
/// byte above a flagged one (the subtraction's borrow), never one below: the lowest flag is
/// always the first such byte, which is all the callers read.
fn quotes_and_backslashes(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let zero_bytes = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
    zero_bytes(word ^ (ONES * u64::from(b'"'))) | zero_bytes(word ^ (ONES * u64::from(b'\\')))
}

/// The bit of `key` among the envelope keys (and the discriminator, the last bit), with its
/// name: a `match` instead of a search, as it runs for every top-level key of every event.
fn envelope_key(key: &str, discriminator: &'static str) -> Option<(u32, &'static str)> {
    let index = match key {
        "type" => 0,
        "state_key" => 1,
        "sender" => 2,
        "event_id" => 3,
        "room_id" => 4,
        "content" => 5,
        "unsigned" => 6,
        "origin_server_ts" => 7,
        "redacts" => 8,
        _ if key == discriminator => return Some((ENVELOPE_KEYS.len() as u32, discriminator)),
        _ => return None,
    };
    Some((index, ENVELOPE_KEYS[index as usize]))
}

/// A position in a well-formed JSON text.
struct Scanner<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str) -> Scanner<'a> {
        Scanner { text, at: 0 }
    }

    /// The text's bytes (what the scan walks; `text` is kept to slice keys without a UTF-8
    /// check).
    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    fn peek(&self) -> Option<u8> {
        self.bytes().get(self.at).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.at += 1;
        Some(byte)
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        (self.next()? == byte).then_some(())
    }

    fn at_end(&mut self) -> bool {
        self.skip_whitespace();
        self.at == self.bytes().len()
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// A string without escapes, as text; `None` if it has one (the parser decodes those).
    fn plain_string(&mut self) -> Option<&'a str> {
        self.expect(b'"')?;
        let start = self.at;
        let end = next_quote_or_backslash(self.bytes(), start)?;
        if *self.bytes().get(end)? != b'"' {
            return None;
        }
        self.at = end + 1;
        // Both ends sit next to an ASCII quote of the text: char boundaries, so the slice of the
        // text itself needs no UTF-8 check of its own.
        self.text.get(start..end)
    }

    /// Moves past a string whose opening quote is at the position.
    fn skip_string(&mut self) -> Option<()> {
        self.expect(b'"')?;
        self.at = string_end(self.bytes(), self.at)?;
        Some(())
    }

    /// Moves past one value.
    fn skip_value(&mut self) -> Option<()> {
        match self.peek()? {
            b'"' => self.skip_string(),
            b'{' | b'[' => self.skip_nested(),
            _ => {
                // A number, `true`, `false` or `null`: it ends where the structure goes on.
                let rest = self.bytes().get(self.at..)?;
                let length = rest
                    .iter()
                    .position(|byte| matches!(byte, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r'))
                    .unwrap_or(rest.len());
                (length > 0).then(|| self.at += length)
            }
        }
    }

    /// Moves past an object or array whose opening bracket is at the position: one loop over
    /// the bytes that counts brackets outside strings.
    fn skip_nested(&mut self) -> Option<()> {
        let bytes = self.bytes();
        let mut at = self.at;
        let mut depth = 0usize;
        loop {
            match *bytes.get(at)? {
                b'"' => at = string_end(bytes, at + 1)?,
                b'{' | b'[' => {
                    depth += 1;
                    at += 1;
                }
                b'}' | b']' => {
                    depth = depth.checked_sub(1)?;
                    at += 1;
                    if depth == 0 {
                        self.at = at;
                        return Some(());
                    }
                }
                _ => at += 1,
            }
        }
    }

    /// Walks the object at the position: `on_entry` gets each key (without escapes, else the
    /// walk gives up) with the scanner at its value, and must move past the value.
    fn object_entries(&mut self, mut on_entry: impl FnMut(&'a str, &mut Self) -> Option<()>) -> Option<()> {
        self.expect(b'{')?;
        self.skip_whitespace();
        if self.peek()? == b'}' {
            self.at += 1;
            return Some(());
        }
        loop {
            let key = self.plain_string()?;
            self.skip_whitespace();
            self.expect(b':')?;
            self.skip_whitespace();
            on_entry(key, self)?;
            self.skip_whitespace();
            match self.next()? {
                b',' => self.skip_whitespace(),
                b'}' => return Some(()),
                _ => return None,
            }
        }
    }

    /// The string value at the position, borrowed (`Some(None)` for another value, skipped).
    fn string_or_skip(&mut self) -> Option<Option<&'a str>> {
        if self.peek()? == b'"' {
            Some(Some(self.plain_string()?))
        } else {
            self.skip_value()?;
            Some(None)
        }
    }

    /// Whether the `unsigned` object at the position holds a `redacted_because` that is not
    /// `null`; moves past it.
    fn unsigned_is_redacted(&mut self) -> Option<bool> {
        let mut redacted = false;
        self.object_entries(|key, scan| {
            if key == "redacted_because" && !scan.bytes().get(scan.at..)?.starts_with(b"null") {
                redacted = true;
            }
            scan.skip_value()
        })?;
        Some(redacted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::RawJson;

    /// The scan and the parser's envelope read agree on `json`.
    fn agrees(json: &str) {
        let raw = RawJson::from_string(json.to_string()).expect("test JSON is valid");
        let parsed = super::super::event_decode::parse_envelope(raw.get(), "type");
        match scan_envelope(raw.get(), "type") {
            Some(scanned) => assert_eq!(scanned, parsed, "{json}"),
            None => panic!("the scan gave up on {json}"),
        }
    }

    #[test]
    fn agrees_with_the_parser() {
        for json in [
            r#"{"content":{"body":"a \"quoted\" {brace} [x]","n":[1,{"a":[]}]},"event_id":"$e","type":"m.room.message"}"#,
            r#"{"type":"m.room.message","content":{}}"#,
            r#" { "type" : "m.x" , "unsigned" : { "age" : 5 , "redacted_because" : {"type":"m.room.redaction"} } } "#,
            r#"{"type":"m.x","unsigned":{"redacted_because":null}}"#,
            r#"{"type":"m.x","unsigned":{"m.relations":{"m.thread":{"latest_event":{"unsigned":{"redacted_because":{}}}}}}}"#,
            r#"{"type":"m.x","unsigned":"not an object"}"#,
            r#"{"type":5,"content":{}}"#,
            r#"{"type":"a","type":"b"}"#,
            r#"{"sender":"@a:b","content":{},"sender":"@c:d","type":"m.x"}"#,
            r#"{"content":{"x":"\\"},"type":"m.x","n":-1.5e3,"t":true,"f":false,"z":null}"#,
            r#"{}"#,
            r#"{"content":{"emoji":"\ud83d\ude00"},"type":"m.x"}"#,
        ] {
            agrees(json);
        }
    }

    #[test]
    fn leaves_escaped_keys_and_non_objects_to_the_parser() {
        for json in [r#"{"\u0074ype":"m.x"}"#, r#"{"type":"m.\u0078"}"#, r#"[1,2]"#, r#""text""#, "5"] {
            assert_eq!(scan_envelope(json, "type"), None, "{json}");
        }
    }

    #[test]
    fn reads_a_string_field_as_the_parser_does() {
        for json in [
            r#"{"body":"hi","msgtype":"m.text"}"#,
            r#"{"msgtype":"m.text","msgtype":"m.notice"}"#,
            r#"{"msgtype":5,"msgtype":"m.notice"}"#,
            r#"{"body":{"msgtype":"nested"}}"#,
            r#"{}"#,
        ] {
            let raw = RawJson::from_string(json.to_string()).expect("test JSON is valid");
            let parsed = crate::runtime::parse_str_field(raw.get(), "msgtype").expect("valid");
            assert_eq!(scan_str_field(json, "msgtype").map(|found| found.map(str::to_owned)), Some(parsed), "{json}");
        }
        assert_eq!(scan_str_field(r#"{"msgtype":"m.te\u0078t"}"#, "msgtype"), None);
    }

    #[test]
    fn the_envelope_key_match_is_the_envelope_key_list() {
        for (index, key) in ENVELOPE_KEYS.iter().enumerate() {
            assert_eq!(envelope_key(key, "edu_type"), Some((index as u32, *key)));
        }
        assert_eq!(envelope_key("edu_type", "edu_type"), Some((ENVELOPE_KEYS.len() as u32, "edu_type")));
        assert_eq!(envelope_key("age", "type"), None);
    }

    #[test]
    fn finds_the_first_quote_or_backslash() {
        // Every position of a first `"` or `\\` in texts longer and shorter than a word,
        // before and after every filler the zero-byte test could confuse with them: their
        // neighbours `!`, `#`, `[`, `]` (one bit away), `\x01`, non-ASCII bytes, and more
        // quotes and backslashes behind the first one (the borrow's false flags sit there).
        let fillers: [u8; 9] = [b'a', b'!', b'#', b'[', b']', 0x01, 0x80, 0xff, 0x00];
        for length in 1..20 {
            for first in 0..length {
                for target in [b'"', b'\\'] {
                    for filler in fillers {
                        for after in [filler, b'"', b'\\'] {
                            let mut text = vec![filler; length];
                            text[first] = target;
                            text.iter_mut().skip(first + 1).for_each(|byte| *byte = after);
                            assert_eq!(next_quote_or_backslash(&text, 0), Some(first), "{text:?}");
                        }
                    }
                }
            }
            assert_eq!(next_quote_or_backslash(&vec![b'x'; length], 0), None);
        }
        // Bytes next to the two (`!`, `#`, `[`, `]`) and non-ASCII bytes are not them.
        for word in [*b"!#[]abcd", [0xe2, 0x80, 0x9c, 0xdc, 0xa2, 0xff, 0x00, 0x7f]] {
            assert_eq!(quotes_and_backslashes(u64::from_le_bytes(word)), 0);
        }
        assert_eq!(string_end(br#"0123456789abcdef"x"#, 0), Some(17));
        assert_eq!(string_end(br#"0123456789\"bcdef"x"#, 0), Some(18));
        // An escaped backslash does not escape the quote after it.
        assert_eq!(string_end(b"0123456789\\\\\"x", 0), Some(13));
    }

    #[test]
    fn never_panics_on_truncated_text() {
        let json = r#"{"content":{"body":"a\"b","list":[1,2,{"k":null}]},"type":"m.x","unsigned":{"redacted_because":{}}}"#;
        for end in 0..json.len() {
            // Not valid JSON, so the parser would have refused it at capture; the scan must
            // still end without a panic.
            let _ = scan_envelope(&json[..end], "type");
            let _ = scan_str_field(&json[..end], "type");
        }
    }
}
