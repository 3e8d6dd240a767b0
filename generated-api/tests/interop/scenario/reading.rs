//! Reading: initial and incremental /sync (with a stored and an inline filter, full state, state
//! after the timeline), /messages both ways, /context, /relations, /threads, single events,
//! timestamps, the deprecated event stream and initial syncs, search and notifications.

// The scenario exercises deprecated endpoints on purpose (the old event stream and initial syncs): servers still serve them.
#![allow(deprecated)]

use generated_api::generated::client_server::{
    event_context, message_pagination, notifications, old_sync, peeking_events, relations, room_event_by_timestamp,
    rooms, search, sync, threads_list,
};
use serde_json::{json, Value};

use super::{from_json, sync_once, variant, World};
use crate::interop::client::{Client, Session};

/// The events every scenario user should see by now, by the sync that returns them.
pub fn sync(client: &mut Client, world: &mut World) -> Result<(), String> {
    let (alice, bob) = (world.user("alice")?, world.user("bob")?);
    let (next, body) = sync_once(client, &alice, None, Some(world.value("filter")?))?;
    let timeline =
        body.pointer(&format!("/rooms/join/{}/timeline/events", world.room("public")?)).and_then(Value::as_array);
    if timeline.is_none_or(|events| events.len() < 20) {
        return Err("alice's filtered initial sync lacks the public room's timeline".into());
    }
    // Something new, then the incremental sync sees only it.
    let room = world.room("public")?;
    let new = super::send(
        client,
        world,
        &bob,
        &room,
        "m.room.message",
        json!({ "msgtype": "m.text", "body": "after the first sync" }),
    )?;
    let (_, delta) = sync_once(client, &alice, Some(next.clone()), Some(world.value("filter")?))?;
    let events = delta
        .pointer(&format!("/rooms/join/{room}/timeline/events"))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if !events.iter().any(|e| e.get("event_id").and_then(Value::as_str) == Some(new.as_str())) {
        return Err("the incremental sync does not bring the new message".into());
    }
    let full = sync::sync::Request {
        filter: Some(r#"{"room":{"timeline":{"limit":1}}}"#.into()),
        since: Some(next.clone()),
        full_state: Some(true),
        set_presence: Some(sync::sync::SetPresence::Unavailable),
        timeout: Some(0),
        use_state_after: Some(true),
    };
    client.call(&full, alice.auth(), 200)?;
    // A long-poll that ends with its timeout.
    let (later, _) = sync_once(client, &alice, Some(next), None)?;
    let poll = sync::sync::Request {
        filter: None,
        since: Some(later),
        full_state: None,
        set_presence: Some(sync::sync::SetPresence::Online),
        timeout: Some(200),
        use_state_after: None,
    };
    client.call(&poll, alice.auth(), 200)?;
    for name in ["bob", "carol", "dave"] {
        let who = world.user(name)?;
        sync_once(client, &who, None, None)?;
    }
    Ok(())
}

/// Paging, context, relations, threads, single events and timestamps in the public room.
pub fn history(client: &mut Client, world: &mut World) -> Result<(), String> {
    let bob = world.user("bob")?;
    let room = world.room("public")?;
    let text = world.event("text")?;
    let page = |dir: &str, from: Option<String>| -> Result<message_pagination::get_room_events::Request, String> {
        Ok(message_pagination::get_room_events::Request {
            room_id: room.clone().into(),
            from,
            to: None,
            dir: from_json(json!(dir))?,
            limit: Some(30),
            filter: Some(r#"{"lazy_load_members":true}"#.into()),
        })
    };
    let reply = client.call(&page("b", None)?, bob.auth(), 200)?;
    let back = variant!(reply, message_pagination::get_room_events::Response::Status200);
    let reply = client.call(&page("b", back.end.clone())?, bob.auth(), 200)?;
    let older = variant!(reply, message_pagination::get_room_events::Response::Status200);
    let reply = client.call(&page("f", older.end.clone())?, bob.auth(), 200)?;
    if variant!(reply, message_pagination::get_room_events::Response::Status200).chunk.is_empty() {
        return Err("paging forward from the oldest page returns nothing".into());
    }
    let request = event_context::get_event_context::Request {
        room_id: room.clone().into(),
        event_id: text.clone().into(),
        limit: Some(6),
        filter: None,
    };
    client.call(&request, bob.auth(), 200)?;
    relations_of(client, &bob, &room, &text, &world.event("thread_root")?)?;
    let request = rooms::get_one_room_event::Request { room_id: room.clone().into(), event_id: text.clone().into() };
    client.call(&request, bob.auth(), 200)?;
    // The redacted emote, as the server now serves it.
    let request =
        rooms::get_one_room_event::Request { room_id: room.clone().into(), event_id: world.event("emote")?.into() };
    client.call(&request, bob.auth(), 200)?;
    let request =
        rooms::get_one_room_event::Request { room_id: room.clone().into(), event_id: "$no-such-event".into() };
    client.call(&request, bob.auth(), 404)?;
    let request = old_sync::get_one_event::Request { event_id: text.into() };
    client.call(&request, bob.auth(), 200)?;
    for dir in ["b", "f"] {
        let request = room_event_by_timestamp::get_event_by_timestamp::Request {
            room_id: room.clone().into(),
            ts: if dir == "b" { 4_102_444_800_000 } else { 0 },
            dir: from_json(json!(dir))?,
        };
        client.call(&request, bob.auth(), 200)?;
    }
    let request = rooms::get_room_state::Request { room_id: room.clone().into() };
    client.call(&request, bob.auth(), 200)?;
    let request = rooms::get_members_by_room::Request {
        room_id: room.into(),
        at: back.end,
        membership: None,
        not_membership: None,
    };
    client.call(&request, bob.auth(), 200)?;
    Ok(())
}

/// The three relations endpoints and the thread list.
fn relations_of(client: &mut Client, who: &Session, room: &str, text: &str, thread_root: &str) -> Result<(), String> {
    let request = relations::get_relating_events::Request {
        room_id: room.into(),
        event_id: text.into(),
        from: None,
        to: None,
        limit: Some(10),
        dir: Some(relations::get_relating_events::Dir::B),
        recurse: Some(true),
    };
    let reply = client.call(&request, who.auth(), 200)?;
    if variant!(reply, relations::get_relating_events::Response::Status200).chunk.len() < 2 {
        return Err("the text message has not its reply-less relations (reaction, edit)".into());
    }
    let request = relations::get_relating_events_with_rel_type::Request {
        room_id: room.into(),
        event_id: thread_root.into(),
        rel_type: "m.thread".into(),
        from: None,
        to: None,
        limit: None,
        dir: None,
        recurse: None,
    };
    let reply = client.call(&request, who.auth(), 200)?;
    if variant!(reply, relations::get_relating_events_with_rel_type::Response::Status200).chunk.len() != 2 {
        return Err("the thread has not its two replies".into());
    }
    let request = relations::get_relating_events_with_rel_type_and_event_type::Request {
        room_id: room.into(),
        event_id: text.into(),
        rel_type: "m.replace".into(),
        event_type: "m.room.message".into(),
        from: None,
        to: None,
        limit: Some(5),
        dir: None,
        recurse: None,
    };
    client.call(&request, who.auth(), 200)?;
    for include in [threads_list::get_thread_roots::Include::All, threads_list::get_thread_roots::Include::Participated]
    {
        let request = threads_list::get_thread_roots::Request {
            room_id: room.into(),
            include: Some(include),
            limit: Some(5),
            from: None,
        };
        client.call(&request, who.auth(), 200)?;
    }
    Ok(())
}

/// The deprecated initial syncs and event stream, and peeking into a world-readable room.
pub fn old_sync(client: &mut Client, world: &mut World) -> Result<(), String> {
    let (alice, carol) = (world.user("alice")?, world.user("carol")?);
    let request = old_sync::initial_sync::Request { limit: Some(3), archived: Some(false) };
    let reply = client.call(&request, carol.auth(), 200)?;
    let end = variant!(reply, old_sync::initial_sync::Response::Status200).end;
    let request = old_sync::get_events::Request { from: Some(end), timeout: Some(0) };
    client.call(&request, carol.auth(), 200)?;
    // Carol is not in the space: she peeks into it once its history is world-readable.
    let space = world.room("space")?;
    super::set_state(
        client,
        &alice,
        &space,
        "m.room.history_visibility",
        "",
        json!({ "history_visibility": "world_readable" }),
        200,
    )?;
    let request = peeking_events::peek_events::Request { from: None, timeout: Some(0), room_id: space.into() };
    client.call(&request, carol.auth(), 200)?;
    Ok(())
}

/// Server-side search (with context and state), and alice's notifications (bob's reply
/// mentions her).
pub fn search_and_notifications(client: &mut Client, world: &mut World) -> Result<(), String> {
    let alice = world.user("alice")?;
    let criteria = json!({ "search_categories": { "room_events": {
        "search_term": "interop",
        "keys": ["content.body"],
        "order_by": "recent",
        "event_context": { "before_limit": 1, "after_limit": 1, "include_profile": true },
        "include_state": true,
        "groupings": { "group_by": [{ "key": "room_id" }] },
        "filter": { "limit": 10 },
    } } });
    let request = search::search::Request { next_batch: None, body: from_json(criteria)? };
    let reply = client.call(&request, alice.auth(), 200)?;
    if reply
        .json()
        .pointer("/search_categories/room_events/results")
        .and_then(Value::as_array)
        .is_none_or(Vec::is_empty)
    {
        return Err(format!("the search finds nothing: {}", reply.json()));
    }
    let request = notifications::get_notifications::Request { from: None, limit: Some(20), only: None };
    let reply = client.call(&request, alice.auth(), 200)?;
    if variant!(reply, notifications::get_notifications::Response::Status200).notifications.is_empty() {
        return Err("alice, mentioned in bob's reply, has no notification".into());
    }
    let request =
        notifications::get_notifications::Request { from: None, limit: Some(5), only: Some("highlight".into()) };
    client.call(&request, alice.auth(), 200)?;
    Ok(())
}
