//! What real servers send beyond the spec's examples: a `/sync` response shaped like Synapse's
//! (sorted keys, `\u` escapes, redacted messages, members and state in room versions 10, 11 and
//! 12, a bundled thread, a broken event, unknown types, explicit `null`s, olm to-device events)
//! decodes with every event accounted for and re-encodes to the same JSON.

use generated_api::generated::client_server::sync::sync::{Response, Response200};
use generated_api::generated::events::any::AnySyncTimelineEvent;
use generated_api::http::{EndpointResponse, ResponseParts};
use generated_api::runtime::EventStatus;
use serde_json::Value;

const SYNC: &str = include_str!("fixtures/sync_real_traffic.json");

/// How many events ended up in each form.
#[derive(Default, Debug)]
struct Tally {
    typed: usize,
    redacted: usize,
    unknown: usize,
    invalid: usize,
}

impl Tally {
    fn add(&mut self, status: EventStatus) {
        match status {
            EventStatus::Typed => self.typed += 1,
            EventStatus::Redacted => self.redacted += 1,
            EventStatus::Unknown => self.unknown += 1,
            EventStatus::Invalid => self.invalid += 1,
        }
    }

    fn total(&self) -> usize {
        self.typed + self.redacted + self.unknown + self.invalid
    }
}

/// Every event of a decoded `/sync`, by the decode status its enum gives it.
fn tally(sync: &Response200) -> Tally {
    let mut tally = Tally::default();
    let mut add = |statuses: Vec<EventStatus>| statuses.into_iter().for_each(|s| tally.add(s));
    macro_rules! statuses {
        ($list:expr) => {
            $list.into_iter().flatten().map(|e| e.decode_status()).collect::<Vec<_>>()
        };
    }
    add(statuses!(sync.account_data.as_ref().and_then(|a| a.events.as_ref())));
    add(statuses!(sync.presence.as_ref().and_then(|p| p.events.as_ref())));
    add(statuses!(sync.to_device.as_ref().and_then(|t| t.events.as_ref())));
    let Some(rooms) = &sync.rooms else { return tally };
    for room in rooms.join.iter().flat_map(|m| m.values()) {
        add(statuses!(room.state.as_ref().and_then(|s| s.events.as_ref())));
        add(statuses!(room.state_after.as_ref().and_then(|s| s.events.as_ref())));
        add(statuses!(room.timeline.as_ref().map(|t| &t.events)));
        add(statuses!(room.ephemeral.as_ref().and_then(|e| e.events.as_ref())));
        add(statuses!(room.account_data.as_ref().and_then(|a| a.events.as_ref())));
    }
    for room in rooms.leave.iter().flat_map(|m| m.values()) {
        add(statuses!(room.state.as_ref().and_then(|s| s.events.as_ref())));
        add(statuses!(room.timeline.as_ref().map(|t| &t.events)));
        add(statuses!(room.account_data.as_ref().and_then(|a| a.events.as_ref())));
    }
    for room in rooms.invite.iter().flat_map(|m| m.values()) {
        add(statuses!(room.invite_state.as_ref().and_then(|s| s.events.as_ref())));
    }
    tally
}

/// The events the input holds, counted on the JSON itself: every array under a key `events`.
fn events_in(value: &Value) -> usize {
    match value {
        Value::Object(map) => map
            .iter()
            .map(|(key, v)| match (key.as_str(), v) {
                ("events", Value::Array(items)) => items.len(),
                _ => events_in(v),
            })
            .sum(),
        Value::Array(items) => items.iter().map(events_in).sum(),
        _ => 0,
    }
}

fn decode() -> Response200 {
    let parts = ResponseParts {
        status: 200,
        headers: vec![("content-type".into(), "application/json".into())],
        body: SYNC.as_bytes().to_vec(),
    };
    match Response::from_parts(&parts).expect("the whole response decodes") {
        Response::Status200(sync) => sync,
        other => panic!("not a 200: {other:?}"),
    }
}

#[test]
fn a_real_sync_decodes_with_every_event_accounted_for_and_re_encodes_unchanged() {
    let input: Value = serde_json::from_str(SYNC).expect("fixture is JSON");
    let sync = decode();
    let tally = tally(&sync);
    let expected = events_in(&input);
    let lost = expected.saturating_sub(tally.total());
    println!(
        "sync events: {} typed, {} redacted, {} unknown, {} kept-invalid, {lost} lost",
        tally.typed, tally.redacted, tally.unknown, tally.invalid
    );
    assert_eq!(tally.total(), expected, "every event of the input is in the decoded response");
    assert_eq!((tally.redacted, tally.unknown, tally.invalid), (4, 2, 1), "{tally:?}");
    let back = serde_json::to_value(&sync).expect("encodes");
    assert_eq!(back, input, "the whole response re-encodes to its input");
}

#[test]
fn redacted_events_keep_their_envelope_and_surviving_content() {
    let sync = decode();
    let rooms = sync.rooms.expect("rooms");
    let joined = rooms.join.expect("joined");
    let room = &joined["!v10room:localhost"];
    let timeline = &room.timeline.as_ref().expect("timeline").events;
    let AnySyncTimelineEvent::Redacted(message) = &timeline[1] else { panic!("redacted: {:?}", timeline[1]) };
    assert_eq!(message.event_type(), "m.room.message");
    assert_eq!(message.event_id().map(|id| id.as_str()), Some("$msg2:localhost"));
    assert_eq!(message.sender().map(|id| id.as_str()), Some("@bob:localhost"));
    assert!(message.content().is_some_and(|c| c.is_empty()));
    let because = message.redacted_because().expect("redacted_because");
    assert_eq!(because["type"], "m.room.redaction");
    assert!(timeline[1].is_redacted());
    // The envelope accessors read every form: typed, redacted; unknown and invalid say `None`.
    assert_eq!(timeline[0].sender().map(|s| s.as_str()), Some("@bob:localhost"));
    assert_eq!(timeline[0].event_id().map(|e| e.as_str()), Some("$msg1:localhost"));
    assert_eq!(timeline[1].sender().map(|s| s.as_str()), Some("@bob:localhost"));
    assert_eq!(timeline[1].origin_server_ts(), Some(&1700000002000));
    assert_eq!(timeline[5].sender(), None, "an unknown event's fields are in its JSON");
    let state = room.state.as_ref().and_then(|s| s.events.as_ref()).expect("state");
    let member = state.iter().find(|e| e.is_redacted() && e.event_type() == "m.room.member").expect("redacted member");
    let generated_api::generated::events::any::AnySyncStateEvent::Redacted(member) = member else { unreachable!() };
    assert_eq!(member.state_key(), Some("@carol:localhost"));
    assert_eq!(member.content().and_then(|c| c.get("membership")), Some(&Value::from("leave")));
    assert!(member.unexpected_content_keys().is_empty(), "a properly redacted member keeps only what survives");
}

#[test]
fn a_broken_event_is_kept_with_an_error_naming_its_type_and_field() {
    let sync = decode();
    let rooms = sync.rooms.expect("rooms");
    let joined = rooms.join.expect("joined");
    let timeline = &joined["!v10room:localhost"].timeline.as_ref().expect("timeline").events;
    let AnySyncTimelineEvent::Invalid(broken) = &timeline[4] else { panic!("invalid: {:?}", timeline[4]) };
    assert_eq!(broken.event_type(), Some("m.room.message"));
    println!("kept invalid: {}", broken.error());
    assert!(broken.error().contains("m.room.message") && broken.error().contains("at `content.body`"), "{}", broken.error());
    let AnySyncTimelineEvent::RoomMessage(_) = &timeline[0] else { panic!("the neighbour is typed") };
}

#[test]
fn explicit_nulls_survive_where_the_spec_allows_none() {
    let sync = decode();
    let text = serde_json::to_string(&sync).expect("encodes");
    assert!(text.contains(r#""avatar_url":null"#), "the member's null avatar_url is written back");
    assert!(text.contains(r#""status_msg":null"#), "the presence's null status_msg is written back");
}
