//! Percent-encoding for path segments and query components (RFC 3986): every byte outside the
//! unreserved set `A-Za-z0-9-._~` is written as `%XX`, so any string stays inside its segment
//! or query value and decodes back to itself.

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Appends `value` to `out`, percent-encoded.
pub fn encode_into(value: &str, out: &mut String) {
    for &byte in value.as_bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            push_escape(byte, out);
        }
    }
}

fn push_escape(byte: u8, out: &mut String) {
    out.push('%');
    out.push(char::from(HEX[usize::from(byte >> 4)]));
    out.push(char::from(HEX[usize::from(byte & 0x0F)]));
}

/// `value` as one path segment: percent-encoded, and a segment of only dots written with escaped
/// dots. That escape does not make `.` or `..` safe (normalisers decode `%2E` before removing dot
/// segments), so `http` refuses those two values before they get here.
pub fn encode_segment(value: &str, out: &mut String) {
    if !value.is_empty() && value.bytes().all(|b| b == b'.') {
        value.bytes().for_each(|b| push_escape(b, out));
    } else {
        encode_into(value, out);
    }
}

/// Decodes a percent-encoded component; `+` is a space when `plus_is_space` (query strings).
pub fn decode(component: &str, plus_is_space: bool) -> Result<String, String> {
    let bytes = component.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'+' if plus_is_space => out.push(b' '),
            b'%' => {
                let hex =
                    bytes.get(index + 1..index + 3).ok_or_else(|| format!("truncated escape in {component:?}"))?;
                let hex = std::str::from_utf8(hex).map_err(|_| format!("bad escape in {component:?}"))?;
                out.push(u8::from_str_radix(hex, 16).map_err(|_| format!("bad escape in {component:?}"))?);
                index += 2;
            }
            byte => out.push(byte),
        }
        index += 1;
    }
    String::from_utf8(out).map_err(|_| format!("{component:?} does not decode to UTF-8"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_string_survives() {
        for value in ["", "/", "%2F", "..", ".", "a b+c", "ü/?#&=", "!room:example.org"] {
            let mut encoded = String::new();
            encode_segment(value, &mut encoded);
            assert!(!encoded.contains('/') && encoded != ".." && encoded != ".", "{encoded}");
            assert_eq!(decode(&encoded, false).expect("decodes"), value);
        }
        assert!(decode("%zz", false).is_err());
        assert!(decode("%4", false).is_err());
    }
}
