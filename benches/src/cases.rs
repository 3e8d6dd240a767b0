//! What each benchmark row does: decode (and encode) one `/sync` response, fully typed.
//!
//! - generated-api decodes the response and every event in it in one pass
//!   (`serde_json::from_slice::<Response200>`), `to_device.events` included (the overrides type
//!   it as `AnyToDeviceEvent`, as the spec's prose defines it).
//! - ruma decodes the response through its own HTTP path (`IncomingResponseExt::try_from_http_response`
//!   with an `http::Response<&[u8]>`); its events stay `Raw<...>` there, so [`ruma_decode`] then
//!   decodes every raw event into ruma's event enums.

use generated_api::generated::client_server::sync::sync::Response200;
use generated_api::generated::events::any::{
    AnySyncStateEvent as OurState, AnySyncTimelineEvent as OurTimeline, AnyToDeviceEvent as OurToDevice,
};
use generated_api::generated::events::core_event_schema::unsigned_prop::UnsignedProp;
use generated_api::generated::events::m_room_member::RoomMemberEventContent;
use generated_api::runtime::{EventStatus, JsonValue, RedactedEvent};
use ruma::api::client::sync::sync_events::v3::{Response as RumaResponse, State as RumaState};
use ruma::api::{IncomingResponseExt, OutgoingResponseExt};
use ruma::events::presence::PresenceEvent;
use ruma::events::{
    AnyGlobalAccountDataEvent, AnyRoomAccountDataEvent, AnyStrippedStateEvent, AnySyncEphemeralRoomEvent,
    AnySyncMessageLikeEvent, AnySyncStateEvent, AnySyncTimelineEvent, AnyToDeviceEvent, SyncMessageLikeEvent,
    SyncStateEvent,
};
use ruma::events::AnyRedactionEvent;
use ruma::serde::Raw;

/// generated-api's decoded response.
pub struct Ours {
    /// The response as generated-api types it.
    pub response: Response200,
    /// `unsigned.redacted_because` of redacted events, decoded from the JSON value
    /// `RedactedEvent` holds it as (the bundles in `unsigned.m.relations` are typed in place).
    pub nested: Vec<OurTimeline>,
    /// `unsigned.prev_content` of member events, decoded likewise.
    pub prev_contents: Vec<RoomMemberEventContent>,
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

/// generated-api: the response, every event typed, and the events and contents inside
/// `unsigned` decoded from their JSON values.
pub fn ours_decode(bytes: &[u8]) -> Result<Ours, String> {
    ours_with_nested(ours_decode_response(bytes)?)
}

/// Decodes what `response` still holds as JSON in `unsigned`: a redacted event's
/// `redacted_because` (`RedactedEvent` keeps its envelope leniently, as JSON) and member
/// events' `prev_content` (the one `unsigned` type shared by every envelope holds it as a JSON
/// object). The bundles of `unsigned.m.relations` (`m.thread` `latest_event`, `m.replace`)
/// are typed by the response's own decode.
fn ours_with_nested(response: Response200) -> Result<Ours, String> {
    let mut ours = Ours { response, nested: Vec::new(), prev_contents: Vec::new() };
    let mut nested = Vec::new();
    let mut prev_contents = Vec::new();
    for room in ours.response.rooms.iter().flat_map(|r| r.join.iter()).flat_map(|m| m.values()) {
        for event in room.timeline.iter().flat_map(|t| t.events.iter()) {
            match event {
                OurTimeline::RoomMember(e) => ours_prev_content(e.unsigned.as_ref(), &mut prev_contents)?,
                OurTimeline::Redacted(e) => ours_redacted_because(e, &mut nested)?,
                _ => {}
            }
        }
        let state = room.state.as_ref().and_then(|s| s.events.as_deref()).unwrap_or_default();
        let state_after = room.state_after.as_ref().and_then(|s| s.events.as_deref()).unwrap_or_default();
        for event in state.iter().chain(state_after) {
            match event {
                OurState::RoomMember(e) => ours_prev_content(e.unsigned.as_ref(), &mut prev_contents)?,
                OurState::Redacted(e) => ours_redacted_because(e, &mut nested)?,
                _ => {}
            }
        }
    }
    ours.nested = nested;
    ours.prev_contents = prev_contents;
    Ok(ours)
}

fn ours_event(value: &JsonValue, what: &str, out: &mut Vec<OurTimeline>) -> Result<(), String> {
    out.push(serde::Deserialize::deserialize(value).map_err(|e| format!("generated-api {what}: {e}"))?);
    Ok(())
}

/// The events `unsigned.m.relations` bundles, typed by the response's decode: `m.thread`'s
/// `latest_event` and `m.replace`.
fn ours_bundles(unsigned: Option<&UnsignedProp>) -> impl Iterator<Item = &OurTimeline> {
    let relations = unsigned.and_then(|u| u.relations.as_ref());
    let latest = relations.and_then(|r| r.thread.as_ref()).map(|t| &*t.latest_event);
    let edit = relations.and_then(|r| r.replace.as_deref());
    latest.into_iter().chain(edit)
}

fn ours_redacted_because(event: &RedactedEvent, out: &mut Vec<OurTimeline>) -> Result<(), String> {
    match event.redacted_because() {
        Some(because) => ours_event(because, "redacted_because", out),
        None => Err("generated-api: a redacted event without redacted_because".to_string()),
    }
}

fn ours_prev_content(unsigned: Option<&UnsignedProp>, out: &mut Vec<RoomMemberEventContent>) -> Result<(), String> {
    if let Some(prev) = unsigned.and_then(|u| u.prev_content.as_ref()) {
        out.push(serde::Deserialize::deserialize(prev).map_err(|e| format!("generated-api prev_content: {e}"))?);
    }
    Ok(())
}

/// generated-api, strictly (`runtime::decode_strictly`): a known event type that does not fit
/// its schema is an error instead of an `Invalid` variant. The checks before timing use this.
pub fn ours_decode_strictly(bytes: &[u8]) -> Result<Ours, String> {
    generated_api::runtime::decode_strictly(|| ours_decode(bytes))
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
    ours_with_nested(response)
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
    /// `unsigned.redacted_because` of redacted events, from their `Raw`.
    pub redactions: Vec<AnyRedactionEvent>,
    /// `latest_event` of `m.thread` bundles, from their `Raw`.
    pub thread_latest: Vec<AnySyncMessageLikeEvent>,
    /// How many `m.replace` bundles ruma typed while decoding their events (it keeps them
    /// inside the event; one that fails to decode it drops silently, so the checks compare
    /// this count with the input's).
    pub replacements: usize,
    /// How many member events carry a `prev_content` ruma typed (inside the event).
    pub prev_contents: usize,
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

fn ruma_redaction(raw: &Raw<AnyRedactionEvent>, typed: &mut Vec<AnyRedactionEvent>) -> Result<(), String> {
    typed.push(raw.deserialize().map_err(|e| format!("ruma redacted_because: {e}: {}", raw.json().get()))?);
    Ok(())
}

/// The `Raw`s inside ruma's typed message-like and state events.
fn ruma_nested(timeline: &[AnySyncTimelineEvent], state: &[AnySyncStateEvent], typed: &mut RumaTyped) -> Result<(), String> {
    macro_rules! original_bundles {
        ($event:expr) => {{
            let relations = &$event.unsigned.relations;
            if let Some(thread) = &relations.thread {
                let latest = thread
                    .latest_event
                    .deserialize()
                    .map_err(|e| format!("ruma m.thread latest_event: {e}: {}", thread.latest_event.json().get()))?;
                typed.thread_latest.push(latest);
            }
            typed.replacements += usize::from(relations.replace.is_some());
        }};
    }
    let mut redactions = Vec::new();
    for event in timeline {
        match event {
            AnySyncTimelineEvent::MessageLike(message) => match message {
                AnySyncMessageLikeEvent::RoomMessage(SyncMessageLikeEvent::Original(e)) => original_bundles!(e),
                AnySyncMessageLikeEvent::RoomEncrypted(SyncMessageLikeEvent::Original(e)) => original_bundles!(e),
                AnySyncMessageLikeEvent::RoomMessage(SyncMessageLikeEvent::Redacted(e)) => {
                    ruma_redaction(&e.unsigned.redacted_because, &mut redactions)?
                }
                AnySyncMessageLikeEvent::RoomEncrypted(SyncMessageLikeEvent::Redacted(e)) => {
                    ruma_redaction(&e.unsigned.redacted_because, &mut redactions)?
                }
                AnySyncMessageLikeEvent::Reaction(SyncMessageLikeEvent::Redacted(e)) => {
                    ruma_redaction(&e.unsigned.redacted_because, &mut redactions)?
                }
                _ => {}
            },
            AnySyncTimelineEvent::State(state) => ruma_state_nested(state, &mut redactions, &mut typed.prev_contents)?,
        }
    }
    for event in state {
        ruma_state_nested(event, &mut redactions, &mut typed.prev_contents)?;
    }
    typed.redactions.append(&mut redactions);
    Ok(())
}

fn ruma_state_nested(
    event: &AnySyncStateEvent,
    redactions: &mut Vec<AnyRedactionEvent>,
    prev_contents: &mut usize,
) -> Result<(), String> {
    match event {
        AnySyncStateEvent::RoomMember(SyncStateEvent::Original(e)) => {
            *prev_contents += usize::from(e.unsigned.prev_content.is_some());
            Ok(())
        }
        AnySyncStateEvent::RoomMember(SyncStateEvent::Redacted(e)) => ruma_redaction(&e.unsigned.redacted_because, redactions),
        AnySyncStateEvent::RoomTopic(SyncStateEvent::Redacted(e)) => ruma_redaction(&e.unsigned.redacted_because, redactions),
        _ => Ok(()),
    }
}

/// ruma: the response, then every raw event into ruma's event enums, then the `Raw`s inside
/// them.
pub fn ruma_decode(bytes: &[u8]) -> Result<(RumaResponse, RumaTyped), String> {
    let response = ruma_decode_response(bytes)?;
    let mut typed = RumaTyped::default();
    for room in response.rooms.join.values() {
        let (timeline_start, state_start) = (typed.timeline.len(), typed.state.len());
        all(&room.timeline.events, &mut typed.timeline, "timeline")?;
        all(state_events(&room.state), &mut typed.state, "state")?;
        let (timeline, state) = (std::mem::take(&mut typed.timeline), std::mem::take(&mut typed.state));
        ruma_nested(&timeline[timeline_start..], &state[state_start..], &mut typed)?;
        (typed.timeline, typed.state) = (timeline, state);
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

/// What a decoder made of the events of one response.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Census {
    /// Events of the response's lists (timeline, state, ephemeral, account data, presence,
    /// to-device).
    pub events: usize,
    /// Of those, decoded into the crate's typed redacted form (generated-api: the `Redacted`
    /// variant, `EventStatus::Redacted`; ruma: `SyncMessageLikeEvent::Redacted` /
    /// `SyncStateEvent::Redacted`).
    pub redacted: usize,
    /// Of those, not typed: a catch-all (generated-api: `Unknown`/`Invalid` status, or a
    /// `_Custom`/`Other`/`Unknown` variant inside the content; ruma: `_Custom`).
    pub failed: usize,
    /// Events inside `unsigned` (`redacted_because`, `m.thread` `latest_event`, `m.replace`)
    /// decoded.
    pub nested: usize,
    /// Of those, not typed (as above; and for generated-api a redacted one).
    pub nested_failed: usize,
    /// `unsigned.prev_content` of member events decoded.
    pub prev_contents: usize,
}

impl Census {
    /// `events typed: N of N, 0 failed (R redacted); in unsigned: M of M, 0 failed`.
    pub fn line(&self) -> String {
        format!(
            "events typed: {} of {}, {} failed ({} of them redacted); events in unsigned typed: {} of {}, {} failed",
            self.events - self.failed,
            self.events,
            self.failed,
            self.redacted,
            self.nested - self.nested_failed,
            self.nested,
            self.nested_failed,
        )
    }
}

/// What the input holds, counted on its JSON: what both censuses must match.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Expected {
    /// Events of the response's lists.
    pub events: usize,
    /// Of those, with `unsigned.redacted_because`.
    pub redacted: usize,
    /// Events inside the `unsigned` of timeline and state events.
    pub nested: usize,
    /// `unsigned.prev_content` of member events.
    pub prev_contents: usize,
}

/// Counts the events of a `/sync` response's JSON.
pub fn expected(bytes: &[u8]) -> Result<Expected, String> {
    use serde_json::Value;
    let json: Value = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    let mut expected = Expected::default();
    let mut count = |events: &Value, room_events: bool| {
        for event in events.as_array().into_iter().flatten() {
            expected.events += 1;
            let unsigned = &event["unsigned"];
            if !unsigned["redacted_because"].is_null() {
                expected.redacted += 1;
            }
            if room_events {
                let relations = &unsigned["m.relations"];
                expected.nested += usize::from(!unsigned["redacted_because"].is_null())
                    + usize::from(!relations["m.thread"]["latest_event"].is_null())
                    + usize::from(!relations["m.replace"].is_null());
                if event["type"] == "m.room.member" && !unsigned["prev_content"].is_null() {
                    expected.prev_contents += 1;
                }
            }
        }
    };
    for room in json["rooms"]["join"].as_object().into_iter().flat_map(|m| m.values()) {
        count(&room["timeline"]["events"], true);
        count(&room["state"]["events"], true);
        count(&room["state_after"]["events"], true);
        count(&room["ephemeral"]["events"], false);
        count(&room["account_data"]["events"], false);
    }
    for list in ["account_data", "presence", "to_device"] {
        count(&json[list]["events"], false);
    }
    Ok(expected)
}

/// A decoded event and what its crate says of it.
trait Tally: std::fmt::Debug {
    /// `Typed`, `Redacted`, or a catch-all.
    fn status(&self) -> EventStatus;
}

impl<T: Tally> Tally for &T {
    fn status(&self) -> EventStatus {
        (**self).status()
    }
}

macro_rules! tally_by_decode_status {
    ($($ty:ty),*) => {$(
        impl Tally for $ty {
            fn status(&self) -> EventStatus {
                self.decode_status()
            }
        }
    )*};
}
tally_by_decode_status!(
    OurTimeline,
    OurState,
    OurToDevice,
    generated_api::generated::events::any::AnyEphemeralEvent,
    generated_api::generated::events::any::AnyRoomAccountDataEvent,
    generated_api::generated::events::any::AnyGlobalAccountDataEvent
);

/// Catch-alls inside a typed event's content (a custom `msgtype`, an unknown push condition).
const OUR_CONTENT_MARKERS: &[&str] = &["Unknown(", "_Custom(", "Other("];

/// The `Debug` text of an event without its `unsigned`: the events bundled there (thread,
/// edit, redaction) are tallied on their own, so a catch-all among them must not count against
/// the event that carries them.
fn without_unsigned(debug: &str) -> String {
    const START: &str = "unsigned: Some(";
    let mut out = String::with_capacity(debug.len());
    // Outside quoted strings (`Debug` escapes their quotes and backslashes), `depth` counts the
    // brackets of a skipped `unsigned: Some(…)`; 0 when nothing is being skipped.
    let (mut quoted, mut escaped, mut depth) = (false, false, 0usize);
    let mut chars = debug.char_indices();
    while let Some((i, c)) = chars.next() {
        if !quoted && depth == 0 && debug[i..].starts_with(START) {
            depth = 1;
            // Past the prefix: its last char is the `(` just counted.
            chars.nth(START.len() - 2);
            continue;
        }
        match (quoted, escaped, c) {
            (true, true, _) => escaped = false,
            (true, false, '\\') => escaped = true,
            (true, false, '"') => quoted = false,
            (false, _, '"') => quoted = true,
            (false, _, '(' | '{' | '[') if depth > 0 => depth += 1,
            (false, _, ')' | '}' | ']') if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    continue;
                }
            }
            _ => {}
        }
        if depth == 0 {
            out.push(c);
        }
    }
    out
}

/// Adds `events` to `(count, redacted, failed)`.
fn ours_tally<T: Tally>(tally: (&mut usize, &mut usize, &mut usize), events: &[T], examples: &mut Vec<String>) {
    let (count, redacted, failed) = tally;
    for event in events {
        *count += 1;
        let bad = match event.status() {
            EventStatus::Typed => {
                let debug = without_unsigned(&format!("{event:?}"));
                OUR_CONTENT_MARKERS.iter().any(|marker| debug.contains(marker))
            }
            EventStatus::Redacted => {
                *redacted += 1;
                false
            }
            _ => true,
        };
        if bad {
            *failed += 1;
            if examples.len() < 5 {
                examples.push(format!("generated-api: {event:?}").chars().take(400).collect());
            }
        }
    }
}

/// generated-api: count the events, the redacted ones and the catch-alls.
pub fn ours_census(ours: &Ours, examples: &mut Vec<String>) -> Census {
    let mut c = Census::default();
    let response = &ours.response;
    macro_rules! tally {
        ($events:expr) => {
            ours_tally((&mut c.events, &mut c.redacted, &mut c.failed), $events, examples)
        };
    }
    for room in response.rooms.iter().flat_map(|r| r.join.iter()).flat_map(|m| m.values()) {
        if let Some(t) = &room.timeline {
            tally!(&t.events);
        }
        if let Some(events) = room.state.as_ref().and_then(|s| s.events.as_ref()) {
            tally!(events);
        }
        if let Some(events) = room.state_after.as_ref().and_then(|s| s.events.as_ref()) {
            tally!(events);
        }
        if let Some(events) = room.ephemeral.as_ref().and_then(|e| e.events.as_ref()) {
            tally!(events);
        }
        if let Some(events) = room.account_data.as_ref().and_then(|e| e.events.as_ref()) {
            tally!(events);
        }
    }
    if let Some(events) = response.account_data.as_ref().and_then(|e| e.events.as_ref()) {
        tally!(events);
    }
    if let Some(events) = response.presence.as_ref().and_then(|e| e.events.as_ref()) {
        tally!(events);
    }
    tally!(ours.to_device());
    // A nested event is a redaction, a thread reply or an edit: never redacted itself.
    let mut nested_redacted = 0;
    ours_tally((&mut c.nested, &mut nested_redacted, &mut c.nested_failed), &ours.nested, examples);
    let bundled: Vec<&OurTimeline> = response
        .rooms
        .iter()
        .flat_map(|r| r.join.iter())
        .flat_map(|m| m.values())
        .flat_map(|room| room.timeline.iter().flat_map(|t| t.events.iter()))
        .flat_map(|event| match event {
            OurTimeline::RoomMessage(e) => Some(ours_bundles(e.unsigned.as_ref())),
            OurTimeline::RoomEncrypted(e) => Some(ours_bundles(e.unsigned.as_ref())),
            _ => None,
        })
        .flatten()
        .collect();
    ours_tally((&mut c.nested, &mut nested_redacted, &mut c.nested_failed), &bundled, examples);
    c.nested_failed += nested_redacted;
    c.prev_contents = ours.prev_contents.len();
    c
}

/// Adds ruma's `events` to the census: `_Custom` anywhere is a catch-all, `Redacted(` the
/// typed redacted form.
fn ruma_tally<T: std::fmt::Debug>(c: &mut Census, events: &[T], examples: &mut Vec<String>) {
    for event in events {
        c.events += 1;
        let debug = format!("{event:?}");
        if debug.contains("_Custom") {
            c.failed += 1;
            if examples.len() < 5 {
                examples.push(format!("ruma: {debug}").chars().take(400).collect());
            }
        } else if debug.contains("Redacted(Redacted") {
            c.redacted += 1;
        }
    }
}

/// ruma: count the events, the redacted ones and the catch-alls.
pub fn ruma_census(typed: &RumaTyped, examples: &mut Vec<String>) -> Census {
    let mut c = Census::default();
    ruma_tally(&mut c, &typed.timeline, examples);
    ruma_tally(&mut c, &typed.state, examples);
    ruma_tally(&mut c, &typed.stripped, examples);
    ruma_tally(&mut c, &typed.ephemeral, examples);
    ruma_tally(&mut c, &typed.room_account_data, examples);
    ruma_tally(&mut c, &typed.global_account_data, examples);
    ruma_tally(&mut c, &typed.presence, examples);
    ruma_tally(&mut c, &typed.to_device, examples);
    let mut nested = Census::default();
    ruma_tally(&mut nested, &typed.redactions, examples);
    ruma_tally(&mut nested, &typed.thread_latest, examples);
    c.nested = nested.events + typed.replacements;
    c.nested_failed = nested.failed + nested.redacted;
    c.prev_contents = typed.prev_contents;
    c
}

/// Both censuses agree with the input: every event typed, the redacted ones in their crate's
/// redacted form, every event inside `unsigned` typed, every `prev_content` decoded.
pub fn check_censuses(expected: &Expected, ours: &Census, ruma: &Census) -> Result<(), String> {
    for (name, c) in [("generated-api", ours), ("ruma", ruma)] {
        let want = (expected.events, expected.redacted, 0, expected.nested, 0, expected.prev_contents);
        let got = (c.events, c.redacted, c.failed, c.nested, c.nested_failed, c.prev_contents);
        if want != got {
            return Err(format!(
                "{name}: (events, redacted, failed, in unsigned, failed there, prev_content) = {got:?}, the input has {want:?}"
            ));
        }
    }
    Ok(())
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

/// Where `b` first differs from `a` (a JSON path), for messages.
pub fn first_difference(a: &serde_json::Value, b: &serde_json::Value, path: &str) -> String {
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

    fn check(bytes: &[u8]) -> Expected {
        let ours = ours_decode_strictly(bytes).expect("generated-api decodes strictly");
        let mut examples = Vec::new();
        let ours_count = ours_census(&ours, &mut examples);
        let (_, typed) = ruma_decode(bytes).expect("ruma decodes every event");
        let ruma_count = ruma_census(&typed, &mut examples);
        let expected = expected(bytes).expect("json");
        check_censuses(&expected, &ours_count, &ruma_count).unwrap_or_else(|e| panic!("{e}: {examples:#?}"));
        assert!(expected.events > 0);

        ours_round_trips(bytes).expect("generated-api round-trips");
        let via_http = ours_decode_http(http_response(bytes)).expect("generated-api decodes through http");
        assert!(via_http.response == ours.response);
        expected
    }

    #[test]
    fn both_crates_type_every_generated_event() {
        for size in [Size::Small, Size::Medium] {
            let expected = check(&generate(size));
            // The shapes the benchmark is about are all there.
            assert!(expected.redacted > 0 && expected.nested > 0 && expected.prev_contents > 0, "{size:?}: {expected:?}");
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
        assert_eq!((ours.failed, ruma.failed), (2, 2), "{examples:#?}");
        let expected = expected(&bytes).expect("json");
        assert!(check_censuses(&expected, &ours, &ruma).is_err());
    }

    #[test]
    fn the_census_sees_a_nested_event_neither_crate_types() {
        // A thread whose latest event has a custom type: both crates keep it as a catch-all.
        let bytes = generate_bytes(30_000, 7);
        let mut json: serde_json::Value = serde_json::from_slice(&bytes).expect("json");
        let join = json["rooms"]["join"].as_object_mut().expect("rooms");
        let room = join.values_mut().next().expect("a room");
        room["timeline"]["events"].as_array_mut().expect("events").push(serde_json::json!({
            "type": "m.room.message",
            "content": { "msgtype": "m.text", "body": "root" },
            "event_id": "$root", "sender": "@a:example.org", "origin_server_ts": 1,
            "unsigned": { "m.relations": { "m.thread": {
                "count": 1, "current_user_participated": false,
                "latest_event": {
                    "type": "com.example.event", "content": {},
                    "event_id": "$latest", "sender": "@a:example.org", "origin_server_ts": 2,
                },
            } } },
        }));
        let bytes = serde_json::to_vec(&json).expect("json");
        let mut examples = Vec::new();
        let ours = ours_census(&ours_decode(&bytes).expect("decodes"), &mut examples);
        let (_, typed) = ruma_decode(&bytes).expect("decodes");
        let ruma = ruma_census(&typed, &mut examples);
        assert_eq!((ours.failed, ruma.failed), (0, 0), "{examples:#?}");
        assert_eq!((ours.nested_failed, ruma.nested_failed), (1, 1), "{examples:#?}");
        assert!(check_censuses(&expected(&bytes).expect("json"), &ours, &ruma).is_err());
    }

    #[test]
    fn the_tally_reads_an_event_without_its_unsigned() {
        let debug = r#"Ev { content: Text(T { body: "a ) \" unsigned: Some(" }), unsigned: Some(U { latest: Some(Unknown(X { json: "}" })) }), extra: Other(1) }"#;
        assert_eq!(
            without_unsigned(debug),
            r#"Ev { content: Text(T { body: "a ) \" unsigned: Some(" }), , extra: Other(1) }"#
        );
        assert_eq!(without_unsigned("unsigned: None, x"), "unsigned: None, x");
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
