//! Values at the edges of what JSON, `serde_json::Value` and HTTP headers can hold: numbers
//! beyond u64 and f64, lone surrogates and deep nesting in events kept as received, and control
//! characters in an access token.

use generated_api::generated::events::any::*;
use generated_api::generated::OPERATIONS;
use generated_api::http::{AccessToken, Error, RequestParts, SendOptions};
use generated_api::json_limits::{check_representable, MAX_DEPTH};
use generated_api::runtime::{decode_strictly, EventStatus, JsonValue, Number};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Numbers whose text a lossy float parser does not read back to the value it wrote: integers
/// beyond u64 (kept as f64), the extremes of f64, and values with 17 significant digits.
const EDGE_NUMBERS: &[&str] = &[
    "18446744073709551616",
    "118446744073709551615",
    "1.1844674407370955e+20",
    "-9223372036854775809",
    "123456789012345678901234567890",
    "9007199254740993",
    "1.7976931348623157e308",
    "-1.7976931348623157e308",
    "2.2250738585072014e-308",
    "5e-324",
    "0.1",
    "0.30000000000000004",
    "1e23",
    "8.988465674311579e307",
];

/// `count` finite f64 values spread over the whole range (a seeded SplitMix64 over bit patterns).
fn seeded_floats(count: usize) -> Vec<f64> {
    let mut state: u64 = 0x5EED;
    let mut out = Vec::with_capacity(count);
    while out.len() < count {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        let value = f64::from_bits(z ^ (z >> 31));
        if value.is_finite() {
            out.push(value);
        }
    }
    out
}

/// Decodes `text` as `T`, encodes it, and does so three more times: the first encoding must
/// already be the fixed point (no drift on later round trips).
fn drifts<T: DeserializeOwned + Serialize>(text: &str) -> Result<(), String> {
    let decode = |t: &str| serde_json::from_str::<T>(t).map_err(|e| format!("{t}: {e}"));
    let encode = |v: &T| serde_json::to_string(v).map_err(|e| e.to_string());
    let first = encode(&decode(text)?)?;
    let mut current = first.clone();
    for _ in 0..3 {
        current = encode(&decode(&current)?)?;
        if current != first {
            return Err(format!("{text}: {first} drifted to {current}"));
        }
    }
    Ok(())
}

#[test]
fn numbers_beyond_u64_do_not_drift_on_round_trips() {
    let mut texts: Vec<String> = EDGE_NUMBERS.iter().map(|s| s.to_string()).collect();
    texts.extend(seeded_floats(20_000).into_iter().map(|f| format!("{f:e}")));
    let (mut passed, mut failed) = (0, Vec::new());
    for text in &texts {
        for outcome in [drifts::<JsonValue>(text), drifts::<Number>(text)] {
            match outcome {
                Ok(()) => passed += 1,
                Err(why) => failed.push(why),
            }
        }
    }
    println!("number round trips (Value and Number, 4 each): {passed} passed, {} failed", failed.len());
    failed.iter().take(10).for_each(|f| println!("  FAILED {f}"));
    assert!(failed.is_empty());
    assert_eq!(passed, texts.len() * 2);
}

/// Event contents serde_json's raw capture accepts but a `serde_json::Value` cannot hold.
fn unrepresentable_contents() -> Vec<String> {
    vec![
        format!("{}1{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1)),
        format!("{}1{}", "{\"a\":".repeat(500), "}".repeat(500)),
        r#"{"body":"\ud800"}"#.to_string(),
        r#"{"\udc00":1}"#.to_string(),
        r#"{"n":1e400}"#.to_string(),
        format!(r#"{{"n":{}}}"#, "9".repeat(400)),
    ]
}

/// Contents just inside the limits: must decode and convert.
fn representable_contents() -> Vec<String> {
    let depth = MAX_DEPTH - 2; // the event object and `content` add two levels
    vec![
        format!("{}1{}", "[".repeat(depth), "]".repeat(depth)),
        r#"{"body":"\ud83d\ude00"}"#.to_string(),
        r#"{"n":1e308,"m":18446744073709551616}"#.to_string(),
    ]
}

/// Whether decoding `text` as `T` and converting the result with `to_value` agree: strictly, a
/// decoded event converts; leniently, a decoded event that is not kept as invalid converts.
fn agrees<T: DeserializeOwned + Serialize>(text: &str, status: fn(&T) -> EventStatus) -> Result<bool, String> {
    let strict = decode_strictly(|| serde_json::from_str::<T>(text));
    if let Ok(event) = &strict {
        serde_json::to_value(event).map_err(|e| format!("strict: decoded, but to_value fails: {e}"))?;
    }
    let lenient: T = serde_json::from_str(text).map_err(|e| format!("lenient decode refused it: {e}"))?;
    if status(&lenient) != EventStatus::Invalid {
        serde_json::to_value(&lenient).map_err(|e| format!("lenient: decoded, but to_value fails: {e}"))?;
    }
    Ok(strict.is_ok())
}

macro_rules! agreement {
    ($name:ident, $discriminator:literal) => {
        (stringify!($name), $discriminator, |text: &str| agrees::<$name>(text, |e| e.decode_status()))
    };
}

type Agreement = (&'static str, &'static str, fn(&str) -> Result<bool, String>);

const ENUMS: &[Agreement] = &[
    agreement!(AnyTimelineEvent, "type"),
    agreement!(AnySyncTimelineEvent, "type"),
    agreement!(AnyStateEvent, "type"),
    agreement!(AnySyncStateEvent, "type"),
    agreement!(AnyStrippedStateEvent, "type"),
    agreement!(AnyGlobalAccountDataEvent, "type"),
    agreement!(AnyRoomAccountDataEvent, "type"),
    agreement!(AnyEphemeralEvent, "type"),
    agreement!(AnyToDeviceEvent, "type"),
    agreement!(AnyEdu, "edu_type"),
];

#[test]
fn what_the_event_enums_decode_converts_with_to_value() {
    let (mut passed, mut failed, mut refused_strictly) = (0, Vec::new(), 0);
    let mut unrepresentable = 0;
    for (name, discriminator, check) in ENUMS {
        let contents = unrepresentable_contents().into_iter().map(|c| (c, false));
        for (content, representable) in contents.chain(representable_contents().into_iter().map(|c| (c, true))) {
            let event = format!(
                r#"{{"{discriminator}":"org.example.unknown","event_id":"$e","sender":"@a:example.org","origin_server_ts":1,"state_key":"","room_id":"!r:example.org","content":{content}}}"#
            );
            assert_eq!(check_representable(&event).is_ok(), representable, "{content:.60}");
            unrepresentable += usize::from(!representable);
            match check(&event) {
                // Within the limits an unknown event decodes strictly; beyond them it may not.
                Ok(decoded) if decoded || !representable => {
                    passed += 1;
                    refused_strictly += usize::from(!decoded);
                }
                Ok(_) => failed.push(format!("{name} {content:.60}: refused, but it is within the limits")),
                Err(why) => failed.push(format!("{name} {content:.60}: {why}")),
            }
        }
    }
    println!(
        "to_value agreement: {passed} passed, {} failed ({unrepresentable} unrepresentable inputs, {refused_strictly} \
         refused by strict decoding)",
        failed.len()
    );
    failed.iter().take(20).for_each(|f| println!("  FAILED {f}"));
    assert!(failed.is_empty());
}

#[test]
fn a_bearer_token_with_cr_or_lf_is_an_invalid_header_value() {
    let metadata = OPERATIONS.iter().find(|m| !m.path.contains('{')).expect("an operation without path parameters");
    let mut refused = 0;
    for token in ["abc\r\nX-Injected: 1", "abc\n", "abc\r", "a\0b", "a\u{7f}b"] {
        let options = SendOptions { access_token: AccessToken::Bearer(token.into()), assert_identity: None };
        match RequestParts::default().into_http_request(metadata, "https://example.org", &options) {
            Err(error @ Error::InvalidHeaderValue { name: "authorization" }) => {
                assert!(!error.to_string().contains("abc"), "the error must not repeat the token: {error}");
                refused += 1;
            }
            other => panic!("token {token:?}: {other:?}"),
        }
    }
    let options = SendOptions { access_token: AccessToken::Bearer("syt_good_token".into()), assert_identity: None };
    let request = RequestParts::default().into_http_request(metadata, "https://example.org", &options);
    let request = request.expect("a plain token is accepted");
    assert_eq!(request.headers()["authorization"], "Bearer syt_good_token");
    println!("bearer tokens with control characters: {refused} refused, 0 accepted");
}
