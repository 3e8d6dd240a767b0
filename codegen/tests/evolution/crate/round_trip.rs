//! Copied into the fixture's crate as `examples/round_trip.rs` by `codegen/tests/evolution.rs`:
//! reads `[enum, expected status, event]` triples (JSON) from the file named by its argument,
//! decodes each event through the enum, checks the status and the lossless re-encoding, and
//! prints one line per event and the tally.

use generated_api::generated::events::any::*;
use generated_api::runtime::{decode_strictly, EventStatus};
use serde_json::Value;

/// Decodes `event` through `T`: its status and re-encoding.
fn run<T: serde::de::DeserializeOwned + serde::Serialize>(
    event: &Value,
    status: fn(&T) -> EventStatus,
) -> Result<(EventStatus, Value), String> {
    let text = event.to_string();
    let decoded: T = decode_strictly(|| serde_json::from_str(&text)).map_err(|e| e.to_string())?;
    Ok((status(&decoded), serde_json::to_value(&decoded).map_err(|e| e.to_string())?))
}

fn through(name: &str, event: &Value) -> Result<(EventStatus, Value), String> {
    match name {
        "AnyStateEvent" => run::<AnyStateEvent>(event, |e| e.decode_status()),
        "AnyTimelineEvent" => run::<AnyTimelineEvent>(event, |e| e.decode_status()),
        "AnyGlobalAccountDataEvent" => run::<AnyGlobalAccountDataEvent>(event, |e| e.decode_status()),
        "AnyRoomAccountDataEvent" => run::<AnyRoomAccountDataEvent>(event, |e| e.decode_status()),
        "AnyEphemeralEvent" => run::<AnyEphemeralEvent>(event, |e| e.decode_status()),
        "AnyToDeviceEvent" => run::<AnyToDeviceEvent>(event, |e| e.decode_status()),
        other => Err(format!("no enum {other}")),
    }
}

fn main() {
    let path = std::env::args().nth(1).unwrap_or_default();
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let cases: Vec<(String, String, Value)> = serde_json::from_str(&text).unwrap_or_default();
    let (mut passed, mut failed) = (0, 0);
    for (name, expected, event) in &cases {
        let event_type = event.get("type").and_then(Value::as_str).unwrap_or("?");
        let outcome = match through(name, event) {
            Ok((status, back)) if format!("{status:?}") == *expected && back == *event => Ok(status),
            Ok((status, back)) => Err(format!("{status:?} (expected {expected}), re-encoded {back}")),
            Err(error) => Err(error),
        };
        match outcome {
            Ok(status) => {
                passed += 1;
                println!("ROUND-TRIP {event_type} via {name}: {status:?}");
            }
            Err(error) => {
                failed += 1;
                println!("ROUND-TRIP FAILED {event_type} via {name}: {error}");
            }
        }
    }
    println!("round trips: {passed} passed, {failed} failed");
    std::process::exit(if failed == 0 && passed == cases.len() && passed > 0 { 0 } else { 1 });
}
