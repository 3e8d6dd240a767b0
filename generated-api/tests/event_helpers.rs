//! The helpers that save a match: `as_<type>()` on the event enums, and `msgtype()` / `body()`
//! on `m.room.message` content, for every msgtype the spec knows and for an unknown one.

use generated_api::generated::events::any::AnySyncTimelineEvent;
use generated_api::generated::events::m_room_message::RoomMessageEventContent;

fn sync_event(content: &str) -> AnySyncTimelineEvent {
    let text = format!(
        r#"{{"type":"m.room.message","event_id":"$e","sender":"@a:example.org","origin_server_ts":1,"content":{content}}}"#
    );
    serde_json::from_str(&text).expect("a sync timeline event decodes")
}

#[test]
fn as_variant_picks_one_event_type() {
    let message = sync_event(r#"{"msgtype":"m.text","body":"hi"}"#);
    let content = &message.as_room_message().expect("an m.room.message").content;
    assert_eq!(content.msgtype(), "m.text");
    assert_eq!(content.body(), Some("hi"));
    assert!(message.as_room_member().is_none());

    let member: AnySyncTimelineEvent = serde_json::from_str(
        r#"{"type":"m.room.member","event_id":"$m","sender":"@a:example.org","origin_server_ts":1,
            "state_key":"@a:example.org","content":{"membership":"join"}}"#,
    )
    .expect("a member event decodes");
    assert!(member.as_room_member().is_some());
    assert!(member.as_room_message().is_none());
}

#[test]
fn msgtype_and_body_for_every_shape() {
    let cases = [
        (r#"{"msgtype":"m.text","body":"t"}"#, "m.text", Some("t")),
        (r#"{"msgtype":"m.notice","body":"n"}"#, "m.notice", Some("n")),
        (r#"{"msgtype":"m.emote","body":"e"}"#, "m.emote", Some("e")),
        (r#"{"msgtype":"m.image","body":"i.png","url":"mxc://example.org/i"}"#, "m.image", Some("i.png")),
        (r#"{"msgtype":"m.file","body":"f","url":"mxc://example.org/f"}"#, "m.file", Some("f")),
        (r#"{"msgtype":"m.location","body":"here","geo_uri":"geo:1,2"}"#, "m.location", Some("here")),
        (
            r#"{"msgtype":"m.key.verification.request","from_device":"D","methods":["m.sas.v1"],"to":"@b:example.org"}"#,
            "m.key.verification.request",
            None,
        ),
        (r#"{"msgtype":"org.example.custom","body":"custom"}"#, "org.example.custom", Some("custom")),
    ];
    let (mut passed, mut failed) = (0, Vec::new());
    for (json, msgtype, body) in cases {
        let content: RoomMessageEventContent = match serde_json::from_str(json) {
            Ok(content) => content,
            Err(e) => {
                failed.push(format!("{json}: {e}"));
                continue;
            }
        };
        if content.msgtype() == msgtype && content.body() == body {
            passed += 1;
        } else {
            failed.push(format!("{json}: msgtype {:?}, body {:?}", content.msgtype(), content.body()));
        }
    }
    for failure in &failed {
        println!("  FAILED {failure}");
    }
    println!("msgtype helpers: {passed} passed, {} failed", failed.len());
    assert!(failed.is_empty());
    let unknown: RoomMessageEventContent =
        serde_json::from_str(r#"{"msgtype":"org.example.custom","body":"x"}"#).expect("decodes");
    assert!(matches!(unknown, RoomMessageEventContent::Other(_)), "an unknown msgtype is Other");
}
