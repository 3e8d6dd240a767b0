//! Reading: initial and incremental /sync (with a stored and an inline filter, full state, state
//! after the timeline), /messages both ways, /context, /relations, /threads, single events,
//! timestamps, the deprecated event stream and initial syncs, search and notifications.

// The scenario exercises deprecated endpoints on purpose (the old event stream and initial syncs): servers still serve them.
#![allow(deprecated)]

use generated_api::generated::client_server::definitions::room_event_filter::RoomEventFilter;
use generated_api::generated::client_server::{
    event_context, message_pagination, notifications, old_sync, peeking_events, relations, room_event_by_timestamp,
    rooms, search, sync, threads_list,
};
use generated_api::{FilterParam, JsonParam};
use serde_json::{json, Value};

use super::{from_json, sync_once, variant, World};
use crate::interop::client::{Client, Session};

/// The events every scenario user should see by now, by the sync that returns them.
pub fn sync(client: &mut Client, world: &mut World) -> Result<(), String> {
    let (alice, bob) = (world.user("alice")?, world.user("bob")?);
    let (next, body) = sync_once(client, &alice, None, Some(FilterParam::id(world.value("filter")?)))?;
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
    let (_, delta) = sync_once(client, &alice, Some(next.clone()), Some(FilterParam::id(world.value("filter")?)))?;
    let events = delta
        .pointer(&format!("/rooms/join/{room}/timeline/events"))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if !events.iter().any(|e| e.get("event_id").and_then(Value::as_str) == Some(new.as_str())) {
        return Err("the incremental sync does not bring the new message".into());
    }
    let full = {
        let mut v = sync::sync::Request::new();
        v.filter = Some(FilterParam::Definition(from_json(json!({ "room": { "timeline": { "limit": 1 } } }))?));
        v.since = Some(next.clone());
        v.full_state = Some(true);
        v.set_presence = Some(sync::sync::SetPresence::Unavailable);
        v.timeout = Some(0);
        v.use_state_after = Some(true);
        v
    };
    client.call(&full, alice.auth(), 200)?;
    // A long-poll that ends with its timeout.
    let (later, _) = sync_once(client, &alice, Some(next), None)?;
    let poll = {
        let mut v = sync::sync::Request::new();
        v.since = Some(later);
        v.set_presence = Some(sync::sync::SetPresence::Online);
        v.timeout = Some(200);
        v
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
        Ok({
            let mut v = message_pagination::get_room_events::Request::new(
                room.clone(),
                from_json::<message_pagination::get_room_events::Dir>(json!(dir))?,
            );
            v.from = from;
            v.limit = Some(30);
            let mut filter = RoomEventFilter::new();
            filter.lazy_load_members = Some(true);
            v.filter = Some(JsonParam(filter));
            v
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
    let request = {
        let mut v = event_context::get_event_context::Request::new(room.clone(), text.clone());
        v.limit = Some(6);
        v
    };
    client.call(&request, bob.auth(), 200)?;
    relations_of(client, &bob, &room, &text, &world.event("thread_root")?)?;
    let request = rooms::get_one_room_event::Request::new(room.clone(), text.clone());
    client.call(&request, bob.auth(), 200)?;
    // The redacted emote, as the server now serves it.
    let request = rooms::get_one_room_event::Request::new(room.clone(), world.event("emote")?);
    client.call(&request, bob.auth(), 200)?;
    let request = rooms::get_one_room_event::Request::new(room.clone(), "$no-such-event");
    client.call(&request, bob.auth(), 404)?;
    let request = old_sync::get_one_event::Request::new(text);
    client.call(&request, bob.auth(), 200)?;
    for dir in ["b", "f"] {
        let request = room_event_by_timestamp::get_event_by_timestamp::Request::new(
            room.clone(),
            if dir == "b" { 4_102_444_800_000_i64 } else { 0 },
            from_json::<room_event_by_timestamp::get_event_by_timestamp::Dir>(json!(dir))?,
        );
        client.call(&request, bob.auth(), 200)?;
    }
    let request = rooms::get_room_state::Request::new(room.clone());
    client.call(&request, bob.auth(), 200)?;
    let request = {
        let mut v = rooms::get_members_by_room::Request::new(room);
        v.at = back.end;
        v
    };
    client.call(&request, bob.auth(), 200)?;
    Ok(())
}

/// The three relations endpoints and the thread list.
fn relations_of(client: &mut Client, who: &Session, room: &str, text: &str, thread_root: &str) -> Result<(), String> {
    let request = {
        let mut v = relations::get_relating_events::Request::new(room, text);
        v.limit = Some(10);
        v.dir = Some(relations::get_relating_events::Dir::B);
        v.recurse = Some(true);
        v
    };
    let reply = client.call(&request, who.auth(), 200)?;
    if variant!(reply, relations::get_relating_events::Response::Status200).chunk.len() < 2 {
        return Err("the text message has not its reply-less relations (reaction, edit)".into());
    }
    let request = relations::get_relating_events_with_rel_type::Request::new(room, thread_root, "m.thread");
    let reply = client.call(&request, who.auth(), 200)?;
    if variant!(reply, relations::get_relating_events_with_rel_type::Response::Status200).chunk.len() != 2 {
        return Err("the thread has not its two replies".into());
    }
    let request = {
        let mut v = relations::get_relating_events_with_rel_type_and_event_type::Request::new(
            room,
            text,
            "m.replace",
            "m.room.message",
        );
        v.limit = Some(5);
        v
    };
    client.call(&request, who.auth(), 200)?;
    for include in [threads_list::get_thread_roots::Include::All, threads_list::get_thread_roots::Include::Participated]
    {
        let request = {
            let mut v = threads_list::get_thread_roots::Request::new(room);
            v.include = Some(include);
            v.limit = Some(5);
            v
        };
        client.call(&request, who.auth(), 200)?;
    }
    Ok(())
}

/// The deprecated initial syncs and event stream, and peeking into a world-readable room.
pub fn old_sync(client: &mut Client, world: &mut World) -> Result<(), String> {
    let (alice, carol) = (world.user("alice")?, world.user("carol")?);
    let request = {
        let mut v = old_sync::initial_sync::Request::new();
        v.limit = Some(3);
        v.archived = Some(false);
        v
    };
    let reply = client.call(&request, carol.auth(), 200)?;
    let end = variant!(reply, old_sync::initial_sync::Response::Status200).end;
    let request = {
        let mut v = old_sync::get_events::Request::new();
        v.from = Some(end);
        v.timeout = Some(0);
        v
    };
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
    let request = {
        let mut v = peeking_events::peek_events::Request::new(space);
        v.timeout = Some(0);
        v
    };
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
    let request = search::search::Request::new(from_json(criteria)?);
    let reply = client.call(&request, alice.auth(), 200)?;
    if reply
        .json()
        .pointer("/search_categories/room_events/results")
        .and_then(Value::as_array)
        .is_none_or(Vec::is_empty)
    {
        return Err(format!("the search finds nothing: {}", reply.json()));
    }
    let request = {
        let mut v = notifications::get_notifications::Request::new();
        v.limit = Some(20);
        v
    };
    let reply = client.call(&request, alice.auth(), 200)?;
    if variant!(reply, notifications::get_notifications::Response::Status200).notifications.is_empty() {
        return Err("alice, mentioned in bob's reply, has no notification".into());
    }
    let request = {
        let mut v = notifications::get_notifications::Request::new();
        v.limit = Some(5);
        v.only = Some("highlight".into());
        v
    };
    client.call(&request, alice.auth(), 200)?;
    Ok(())
}
