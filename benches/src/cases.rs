//! What each benchmark row does: decode (and encode) one `/sync` response, fully typed.
//!
//! - generated-api decodes the response and every event in it in one pass
//!   (`serde_json::from_slice::<Response200>`), `to_device.events` included (the overrides type
//!   it as `AnyToDeviceEvent`, as the spec's prose defines it).
//! - ruma decodes the response through its own HTTP path (`IncomingResponseExt::try_from_http_response`
//!   with an `http::Response<&[u8]>`); its events stay `Raw<...>` there, so [`ruma_decode`] then
//!   decodes every raw event into ruma's event enums.

use generated_api::generated::client_server::sync::sync::Response200;
use generated_api::generated::events::any::AnyToDeviceEvent as OurToDevice;
use ruma::api::client::sync::sync_events::v3::{Response as RumaResponse, State as RumaState};
use ruma::api::{IncomingResponseExt, OutgoingResponseExt};
use ruma::events::presence::PresenceEvent;
use ruma::events::{
    AnyGlobalAccountDataEvent, AnyRoomAccountDataEvent, AnyStrippedStateEvent, AnySyncEphemeralRoomEvent,
    AnySyncStateEvent, AnySyncTimelineEvent, AnyToDeviceEvent,
};
use ruma::serde::Raw;

/// generated-api's decoded response.
pub struct Ours {
    /// The response as generated-api types it.
    pub response: Response200,
}

impl Ours {
    /// `to_device.events`, in generated-api's to-device event enum.
    pub fn to_device(&self) -> &[OurToDevice] {
        self.response.to_device.as_ref().and_then(|list| list.events.as_deref()).unwrap_or_default()
    }
}

/// generated-api: the response (`device_lists` stays a JSON object).
pub fn ours_decode_response(bytes: &[u8]) -> Result<Response200, String> {
    serde_json::from_slice(bytes).map_err(|e| format!("generated-api: {e}"))
}

/// generated-api: the response, every event typed.
pub fn ours_decode(bytes: &[u8]) -> Result<Ours, String> {
    Ok(Ours { response: ours_decode_response(bytes)? })
}

/// generated-api through its HTTP layer: `EndpointResponse::try_from_http_response` with an
/// `http::Response<Vec<u8>>` (status dispatch, then the same JSON decode).
pub fn ours_decode_http(response: http::Response<Vec<u8>>) -> Result<Ours, String> {
    use generated_api::generated::client_server::sync::sync::Response;
    use generated_api::http::EndpointResponse;
    let response = match Response::try_from_http_response(response).map_err(|e| format!("generated-api: {e}"))? {
        Response::Status200(response) => response,
        _ => return Err("generated-api: not a 200 response".to_string()),
    };
    Ok(Ours { response })
}

/// An `http::Response` carrying `bytes` as a /sync 200 response.
pub fn http_response(bytes: &[u8]) -> http::Response<Vec<u8>> {
    http::Response::builder()
        .status(200)
        .header("content-type", "application/json")
        .body(bytes.to_vec())
        .expect("a valid response")
}

/// generated-api through its HTTP layer: `EndpointResponse::try_into_http_response`.
pub fn ours_encode_http(response: &generated_api::generated::client_server::sync::sync::Response) -> Vec<u8> {
    use generated_api::http::EndpointResponse;
    response.try_into_http_response().expect("generated-api response encodes").into_body()
}

/// generated-api: encode the response.
pub fn ours_encode(response: &Response200) -> Vec<u8> {
    serde_json::to_vec(response).expect("generated-api response serializes")
}

/// ruma's decoded response and every one of its events, typed.
#[derive(Default)]
pub struct RumaTyped {
    /// Timeline events of joined and left rooms.
    pub timeline: Vec<AnySyncTimelineEvent>,
    /// `state` / `state_after` events of joined and left rooms.
    pub state: Vec<AnySyncStateEvent>,
    /// Stripped state of invited and knocked rooms.
    pub stripped: Vec<AnyStrippedStateEvent>,
    /// Ephemeral events of joined rooms.
    pub ephemeral: Vec<AnySyncEphemeralRoomEvent>,
    /// Room account data.
    pub room_account_data: Vec<AnyRoomAccountDataEvent>,
    /// Global account data.
    pub global_account_data: Vec<AnyGlobalAccountDataEvent>,
    /// Presence.
    pub presence: Vec<PresenceEvent>,
    /// To-device events.
    pub to_device: Vec<AnyToDeviceEvent>,
}

/// ruma: the response with its events still `Raw` (what `try_from_http_response` gives).
pub fn ruma_decode_response(bytes: &[u8]) -> Result<RumaResponse, String> {
    let http = http::Response::builder().status(200).body(bytes).map_err(|e| format!("http: {e}"))?;
    RumaResponse::try_from_http_response(http).map_err(|e| format!("ruma: {e}"))
}

fn all<T: serde::de::DeserializeOwned>(raw: &[Raw<T>], out: &mut Vec<T>, what: &str) -> Result<(), String> {
    out.reserve(raw.len());
    for event in raw {
        out.push(event.deserialize().map_err(|e| format!("ruma {what}: {e}: {}", event.json().get()))?);
    }
    Ok(())
}

fn state_events(state: &RumaState) -> &[Raw<AnySyncStateEvent>] {
    match state {
        RumaState::Before(events) | RumaState::After(events) => &events.events,
        _ => &[],
    }
}

/// ruma: the response, then every raw event into ruma's event enums.
pub fn ruma_decode(bytes: &[u8]) -> Result<(RumaResponse, RumaTyped), String> {
    let response = ruma_decode_response(bytes)?;
    let mut typed = RumaTyped::default();
    for room in response.rooms.join.values() {
        all(&room.timeline.events, &mut typed.timeline, "timeline")?;
        all(state_events(&room.state), &mut typed.state, "state")?;
        all(&room.ephemeral.events, &mut typed.ephemeral, "ephemeral")?;
        all(&room.account_data.events, &mut typed.room_account_data, "room account data")?;
    }
    for room in response.rooms.leave.values() {
        all(&room.timeline.events, &mut typed.timeline, "timeline")?;
        all(state_events(&room.state), &mut typed.state, "state")?;
        all(&room.account_data.events, &mut typed.room_account_data, "room account data")?;
    }
    for room in response.rooms.invite.values() {
        all(&room.invite_state.events, &mut typed.stripped, "invite state")?;
    }
    for room in response.rooms.knock.values() {
        all(&room.knock_state.events, &mut typed.stripped, "knock state")?;
    }
    all(&response.account_data.events, &mut typed.global_account_data, "account data")?;
    all(&response.presence.events, &mut typed.presence, "presence")?;
    all(&response.to_device.events, &mut typed.to_device, "to_device")?;
    Ok((response, typed))
}

/// ruma: encode the response through its `OutgoingResponse` (the events are `Raw`, so this
/// copies their JSON text; ruma's event enums do not implement `Serialize`).
pub fn ruma_encode(response: RumaResponse) -> Vec<u8> {
    response.try_into_http_response::<Vec<u8>>().expect("ruma response serializes").into_body()
}

/// How many events a decoder typed, and how many fell into a catch-all (`Unknown`, `_Custom`,
/// `Other`, or ruma's `Redacted` for an event that is not redacted).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Census {
    /// Events decoded.
    pub events: usize,
    /// Events whose decoded form holds a catch-all variant.
    pub untyped: usize,
}

fn census<T: std::fmt::Debug>(census: &mut Census, events: &[T], markers: &[&str], examples: &mut Vec<String>) {
    for event in events {
        census.events += 1;
        let debug = format!("{event:?}");
        if markers.iter().any(|marker| debug.contains(marker)) {
            census.untyped += 1;
            if examples.len() < 5 {
                examples.push(debug.chars().take(400).collect());
            }
        }
    }
}

const OUR_MARKERS: &[&str] = &["Unknown(", "_Custom(", "Other("];
const RUMA_MARKERS: &[&str] = &["_Custom", "Redacted("];

/// generated-api: count the events and the catch-alls.
pub fn ours_census(ours: &Ours, examples: &mut Vec<String>) -> Census {
    let mut c = Census::default();
    let response = &ours.response;
    if let Some(rooms) = &response.rooms {
        for room in rooms.join.iter().flat_map(|m| m.values()) {
            if let Some(t) = &room.timeline {
                census(&mut c, &t.events, OUR_MARKERS, examples);
            }
            for state in [
                room.state.as_ref().and_then(|s| s.events.as_ref()),
                room.state_after.as_ref().and_then(|s| s.events.as_ref()),
            ]
            .into_iter()
            .flatten()
            {
                census(&mut c, state, OUR_MARKERS, examples);
            }
            if let Some(events) = room.ephemeral.as_ref().and_then(|e| e.events.as_ref()) {
                census(&mut c, events, OUR_MARKERS, examples);
            }
            if let Some(events) = room.account_data.as_ref().and_then(|e| e.events.as_ref()) {
                census(&mut c, events, OUR_MARKERS, examples);
            }
        }
    }
    if let Some(events) = response.account_data.as_ref().and_then(|e| e.events.as_ref()) {
        census(&mut c, events, OUR_MARKERS, examples);
    }
    if let Some(events) = response.presence.as_ref().and_then(|e| e.events.as_ref()) {
        census(&mut c, events, OUR_MARKERS, examples);
    }
    census(&mut c, ours.to_device(), OUR_MARKERS, examples);
    c
}

/// ruma: count the events and the catch-alls.
pub fn ruma_census(typed: &RumaTyped, examples: &mut Vec<String>) -> Census {
    let mut c = Census::default();
    census(&mut c, &typed.timeline, RUMA_MARKERS, examples);
    census(&mut c, &typed.state, RUMA_MARKERS, examples);
    census(&mut c, &typed.stripped, RUMA_MARKERS, examples);
    census(&mut c, &typed.ephemeral, RUMA_MARKERS, examples);
    census(&mut c, &typed.room_account_data, RUMA_MARKERS, examples);
    census(&mut c, &typed.global_account_data, RUMA_MARKERS, examples);
    census(&mut c, &typed.presence, RUMA_MARKERS, examples);
    census(&mut c, &typed.to_device, RUMA_MARKERS, examples);
    c
}

/// generated-api's decode → encode gives back the input (as a `serde_json::Value`).
pub fn ours_round_trips(bytes: &[u8]) -> Result<(), String> {
    let input: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    let decoded = ours_decode_response(bytes)?;
    let output: serde_json::Value = serde_json::from_slice(&ours_encode(&decoded)).map_err(|e| e.to_string())?;
    if input == output {
        Ok(())
    } else {
        Err(first_difference(&input, &output, "$"))
    }
}

fn first_difference(a: &serde_json::Value, b: &serde_json::Value, path: &str) -> String {
    use serde_json::Value;
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in x {
                match y.get(k) {
                    Some(w) if v != w => return first_difference(v, w, &format!("{path}.{k}")),
                    None => return format!("{path}.{k} missing after the round trip"),
                    _ => {}
                }
            }
            for k in y.keys() {
                if !x.contains_key(k) {
                    return format!("{path}.{k} added by the round trip");
                }
            }
            format!("{path}: objects differ")
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                if v != w {
                    return first_difference(v, w, &format!("{path}[{i}]"));
                }
            }
            format!("{path}: arrays differ")
        }
        _ => format!("{path}: {a} became {b}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync_gen::{generate, generate_bytes, Size};

    fn check(bytes: &[u8]) {
        let ours = ours_decode(bytes).expect("generated-api decodes");
        let mut examples = Vec::new();
        let ours_count = ours_census(&ours, &mut examples);
        assert_eq!(ours_count.untyped, 0, "generated-api catch-alls: {examples:#?}");

        let (_, typed) = ruma_decode(bytes).expect("ruma decodes every event");
        let ruma_count = ruma_census(&typed, &mut examples);
        assert_eq!(ruma_count.untyped, 0, "ruma catch-alls: {examples:#?}");
        assert_eq!(ours_count.events, ruma_count.events, "both decoders see the same events");
        assert!(ours_count.events > 0);

        ours_round_trips(bytes).expect("generated-api round-trips");
        let via_http = ours_decode_http(http_response(bytes)).expect("generated-api decodes through http");
        assert!(via_http.response == ours.response);
    }

    #[test]
    fn both_crates_type_every_generated_event() {
        for size in [Size::Small, Size::Medium] {
            check(&generate(size));
        }
        // Other seeds: other rooms, other event mixes.
        for seed in 1..20 {
            check(&generate_bytes(30_000, seed));
        }
    }

    #[test]
    fn the_census_sees_catch_alls() {
        let bytes = generate_bytes(30_000, 7);
        let mut json: serde_json::Value = serde_json::from_slice(&bytes).expect("json");
        let join = json["rooms"]["join"].as_object_mut().expect("rooms");
        let room = join.values_mut().next().expect("a room");
        room["timeline"]["events"].as_array_mut().expect("events").push(serde_json::json!({
            "type": "m.room.message",
            "content": { "msgtype": "com.example.custom", "body": "hi" },
            "event_id": "$custom", "sender": "@a:example.org", "origin_server_ts": 1,
        }));
        room["timeline"]["events"].as_array_mut().expect("events").push(serde_json::json!({
            "type": "com.example.event",
            "content": {},
            "event_id": "$custom2", "sender": "@a:example.org", "origin_server_ts": 1,
        }));
        let bytes = serde_json::to_vec(&json).expect("json");
        let mut examples = Vec::new();
        let ours = ours_census(&ours_decode(&bytes).expect("decodes"), &mut examples);
        let (_, typed) = ruma_decode(&bytes).expect("decodes");
        let ruma = ruma_census(&typed, &mut examples);
        assert_eq!((ours.untyped, ruma.untyped), (2, 2), "{examples:#?}");
    }

    #[test]
    fn ruma_encode_gives_back_the_input() {
        let bytes = generate(Size::Small);
        let (response, _) = ruma_decode(&bytes).expect("ruma decodes");
        let a: serde_json::Value = serde_json::from_slice(&bytes).expect("json");
        let b: serde_json::Value = serde_json::from_slice(&ruma_encode(response)).expect("json");
        assert_eq!(a, b);
    }
}
