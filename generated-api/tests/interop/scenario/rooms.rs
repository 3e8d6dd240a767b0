//! Rooms: public, private, encrypted, knockable, a space; joins, invites, kicks, bans; the
//! directory and aliases; summaries and hierarchy; an upgrade; reports; leaving and forgetting.

use generated_api::generated::client_server::{
    appservice_ping, appservice_room_directory, banning, create_room, directory, inviting, joining, kicking, knocking,
    leaving, list_joined_rooms, list_public_rooms, report_content, room_initial_sync, room_summary, room_upgrades,
    rooms, space_hierarchy, users,
};
use generated_api::generated::client_server::definitions::sync_filter::SyncFilter;
use generated_api::FilterParam;
use serde_json::{json, Value};

use super::{from_json, set_state, sync_once, variant, World};
use crate::interop::client::{Client, Session};

/// Creates a room from a `createRoom` body; returns its ID.
fn new_room(client: &mut Client, who: &Session, body: Value) -> Result<String, String> {
    let request = create_room::create_room::Request::new(from_json(body)?);
    let reply = client.call(&request, who.auth(), 200)?;
    Ok(variant!(reply, create_room::create_room::Response::Status200).room_id.to_string())
}

/// Alice creates the scenario's rooms.
pub fn create(client: &mut Client, world: &mut World) -> Result<(), String> {
    let alice = world.user("alice")?;
    let bob = world.user("bob")?;
    let public = new_room(
        client,
        &alice,
        json!({
            "preset": "public_chat",
            "visibility": "public",
            "room_alias_name": "interop",
            "name": "Interop public room",
            "topic": "Where the generated API meets Synapse",
            "power_level_content_override": { "events_default": 0 },
        }),
    )?;
    world.rooms.insert("public", public.clone());
    let private = new_room(
        client,
        &alice,
        json!({
            "preset": "private_chat",
            "name": "Interop private room",
            "invite": [bob.user_id],
            "is_direct": true,
        }),
    )?;
    world.rooms.insert("private", private);
    let encrypted = new_room(
        client,
        &alice,
        json!({
            "preset": "private_chat",
            "name": "Interop encrypted room",
            "initial_state": [{
                "type": "m.room.encryption",
                "state_key": "",
                "content": { "algorithm": "m.megolm.v1.aes-sha2", "rotation_period_ms": 604800000, "rotation_period_msgs": 100 },
            }],
        }),
    )?;
    world.rooms.insert("encrypted", encrypted);
    let knock = new_room(
        client,
        &alice,
        json!({
            "preset": "private_chat",
            "name": "Interop knock room",
            "room_version": "10",
            "initial_state": [{ "type": "m.room.join_rules", "state_key": "", "content": { "join_rule": "knock" } }],
        }),
    )?;
    world.rooms.insert("knock", knock);
    let space = new_room(
        client,
        &alice,
        json!({
            "preset": "public_chat",
            "name": "Interop space",
            "creation_content": { "type": "m.space" },
        }),
    )?;
    set_state(
        client,
        &alice,
        &space,
        "m.space.child",
        &public,
        json!({ "via": ["localhost"], "suggested": true, "order": "a" }),
        200,
    )?;
    set_state(
        client,
        &alice,
        &public,
        "m.space.parent",
        &space,
        json!({ "via": ["localhost"], "canonical": true }),
        200,
    )?;
    world.rooms.insert("space", space);
    let upgradable = new_room(
        client,
        &alice,
        json!({ "preset": "private_chat", "name": "Interop old room", "room_version": "10" }),
    )?;
    world.rooms.insert("upgradable", upgradable);
    // A bad createRoom: an unknown room version is the spec's 400.
    let request = create_room::create_room::Request::new(from_json(json!({ "room_version": "no-such-version" }))?);
    client.call(&request, alice.auth(), 400)?;
    Ok(())
}

/// Bob sees his invite in /sync and joins the private room by ID; he and carol join the public
/// room by alias; alice invites, kicks, bans and unbans.
pub fn memberships(client: &mut Client, world: &mut World) -> Result<(), String> {
    let (alice, bob, carol) = (world.user("alice")?, world.user("bob")?, world.user("carol")?);
    let (public, private, encrypted) = (world.room("public")?, world.room("private")?, world.room("encrypted")?);
    let (_, invited) = sync_once(client, &bob, None, None)?;
    if invited.pointer(&format!("/rooms/invite/{}", private.replace('~', "~0").replace('/', "~1"))).is_none() {
        return Err("bob's sync shows no invite to the private room".into());
    }
    let request = joining::join_room_by_id::Request::new(private.clone(), from_json(json!({}))?);
    client.call(&request, bob.auth(), 200)?;
    for who in [&bob, &carol] {
        let request = {
            let mut v =
                joining::join_room::Request::new("#interop:localhost", from_json(json!({ "reason": "interop" }))?);
            v.via = Some(vec!["localhost".into()]);
            v
        };
        let reply = client.call(&request, who.auth(), 200)?;
        if variant!(reply, joining::join_room::Response::Status200).room_id != public {
            return Err("the alias led to another room".into());
        }
    }
    for who in [&bob, &carol] {
        let request = inviting::invite_user::Request::new(
            encrypted.clone(),
            from_json(json!({ "user_id": who.user_id, "reason": "keys" }))?,
        );
        client.call(&request, alice.auth(), 200)?;
        let request = joining::join_room_by_id::Request::new(encrypted.clone(), from_json(json!({}))?);
        client.call(&request, who.auth(), 200)?;
    }
    // Carol may not invite to the private room she is not in.
    let request = inviting::invite_user::Request::new(private.clone(), from_json(json!({ "user_id": carol.user_id }))?);
    client.call(&request, carol.auth(), 403)?;
    let request = kicking::kick::Request::new(
        public.clone(),
        from_json(json!({ "user_id": carol.user_id, "reason": "kick test" }))?,
    );
    client.call(&request, alice.auth(), 200)?;
    let request = banning::ban::Request::new(
        public.clone(),
        from_json(json!({ "user_id": carol.user_id, "reason": "ban test" }))?,
    );
    client.call(&request, alice.auth(), 200)?;
    let request = joining::join_room_by_id::Request::new(public.clone(), from_json(json!({}))?);
    client.call(&request, carol.auth(), 403)?;
    let request = banning::unban::Request::new(public.clone(), from_json(json!({ "user_id": carol.user_id }))?);
    client.call(&request, alice.auth(), 200)?;
    let request = joining::join_room_by_id::Request::new(public, from_json(json!({}))?);
    client.call(&request, carol.auth(), 200)?;
    Ok(())
}

/// Dave knocks on the knock room, sees the knock in his /sync, and alice lets him in.
pub fn knocking(client: &mut Client, world: &mut World) -> Result<(), String> {
    let (alice, dave) = (world.user("alice")?, world.user("dave")?);
    let knock = world.room("knock")?;
    // Dave may not just join.
    let request = joining::join_room_by_id::Request::new(knock.clone(), from_json(json!({}))?);
    client.call(&request, dave.auth(), 403)?;
    let request = {
        let mut v = knocking::knock_room::Request::new(knock.clone(), from_json(json!({ "reason": "let me in" }))?);
        v.via = Some(vec!["localhost".into()]);
        v
    };
    client.call(&request, dave.auth(), 200)?;
    let (_, body) = sync_once(client, &dave, None, None)?;
    if body.pointer("/rooms/knock").and_then(Value::as_object).is_none_or(|k| !k.contains_key(&knock)) {
        return Err("dave's sync shows no knock".into());
    }
    let request = inviting::invite_user::Request::new(knock.clone(), from_json(json!({ "user_id": dave.user_id }))?);
    client.call(&request, alice.auth(), 200)?;
    let request = joining::join_room_by_id::Request::new(knock, from_json(json!({}))?);
    client.call(&request, dave.auth(), 200)?;
    Ok(())
}

/// Aliases set, read, listed, deleted; the public directory listed and searched.
pub fn directory(client: &mut Client, world: &mut World) -> Result<(), String> {
    let (alice, bob) = (world.user("alice")?, world.user("bob")?);
    let public = world.room("public")?;
    let alias = "#interop-second:localhost".to_string();
    let request = directory::set_room_alias::Request::new(alias.clone(), from_json(json!({ "room_id": public }))?);
    client.call(&request, alice.auth(), 200)?;
    let request = directory::set_room_alias::Request::new(alias.clone(), from_json(json!({ "room_id": public }))?);
    client.call(&request, alice.auth(), 409)?;
    let request = directory::get_room_id_by_alias::Request::new(alias.clone());
    let reply = client.call(&request, bob.auth(), 200)?;
    if variant!(reply, directory::get_room_id_by_alias::Response::Status200).room_id.as_ref().map(|r| r.as_str())
        != Some(public.as_str())
    {
        return Err("the alias resolves elsewhere".into());
    }
    let request = directory::get_local_aliases::Request::new(public.clone());
    client.call(&request, alice.auth(), 200)?;
    let request = directory::delete_room_alias::Request::new(alias.clone());
    client.call(&request, alice.auth(), 200)?;
    let request = directory::get_room_id_by_alias::Request::new(alias);
    client.call(&request, bob.auth(), 404)?;
    let space = world.room("space")?;
    let request = list_public_rooms::set_room_visibility_on_directory::Request::new(
        space.clone(),
        from_json(json!({ "visibility": "public" }))?,
    );
    client.call(&request, alice.auth(), 200)?;
    let request = list_public_rooms::get_room_visibility_on_directory::Request::new(space);
    client.call(&request, bob.auth(), 200)?;
    let request = {
        let mut v = list_public_rooms::get_public_rooms::Request::new();
        v.limit = Some(10);
        v.server = None;
        v
    };
    let reply = client.call(&request, bob.auth(), 200)?;
    if reply.json().get("chunk").and_then(Value::as_array).is_none_or(|c| c.len() < 2) {
        return Err(format!("the public directory lacks the two public rooms: {}", reply.json()));
    }
    let request = {
        let mut v = list_public_rooms::query_public_rooms::Request::new(from_json(
            json!({ "limit": 10, "filter": { "generic_search_term": "Interop", "room_types": [null, "m.space"] } }),
        )?);
        v.server = None;
        v
    };
    client.call(&request, bob.auth(), 200)?;
    // Only an application service may publish to its network's list: 403, which the spec
    // leaves out (the crate's fallback variant).
    let request = appservice_room_directory::update_appservice_room_directory_visibility::Request::new(
        "irc",
        world.room("public")?,
        from_json(json!({ "visibility": "public" }))?,
    );
    client.call(&request, alice.auth(), 403)?;
    let request = appservice_ping::ping_appservice::Request::new(
        "no-such-appservice",
        from_json(json!({ "transaction_id": "interop" }))?,
    );
    client.call(&request, alice.auth(), 403)?;
    // Synapse indexes users in the background: a few searches may come back empty first.
    for _ in 0..40 {
        let request =
            users::search_user_directory::Request::new(from_json(json!({ "search_term": "alice", "limit": 5 }))?);
        let reply = client.call(&request, bob.auth(), 200)?;
        if !variant!(reply, users::search_user_directory::Response::Status200).results.is_empty() {
            return Ok(());
        }
        std::thread::sleep(std::time::Duration::from_millis(250));
    }
    Err("the user directory does not find alice after 10 s".into())
}

/// Joined rooms, summaries, the space hierarchy, a room's initial sync, members and state.
pub fn info(client: &mut Client, world: &mut World) -> Result<(), String> {
    let (alice, bob) = (world.user("alice")?, world.user("bob")?);
    let (public, space) = (world.room("public")?, world.room("space")?);
    let reply = client.call(&list_joined_rooms::get_joined_rooms::Request::new(), alice.auth(), 200)?;
    if variant!(reply, list_joined_rooms::get_joined_rooms::Response::Status200).joined_rooms.len() < 6 {
        return Err("alice is not in her six rooms".into());
    }
    let request = room_summary::get_room_summary::Request::new(public.as_str());
    client.call(&request, bob.auth(), 200)?;
    let request = room_summary::get_room_summary::Request::new("#interop:localhost");
    client.call(&request, bob.auth(), 200)?;
    let request = {
        let mut v = space_hierarchy::get_space_hierarchy::Request::new(space);
        v.suggested_only = Some(false);
        v.limit = Some(10);
        v.max_depth = Some(2);
        v.from = None;
        v
    };
    let reply = client.call(&request, bob.auth(), 200)?;
    if variant!(reply, space_hierarchy::get_space_hierarchy::Response::Status200).rooms.len() != 2 {
        return Err("the space hierarchy is not the space and its child".into());
    }
    let request = room_initial_sync::room_initial_sync::Request::new(public.clone());
    client.call(&request, bob.auth(), 200)?;
    let request = rooms::get_members_by_room::Request::new(public.clone());
    client.call(&request, bob.auth(), 200)?;
    let request = {
        let mut v = rooms::get_members_by_room::Request::new(public.clone());
        v.membership = Some(from_json(json!("join"))?);
        v.not_membership = Some(from_json(json!("leave"))?);
        v
    };
    client.call(&request, bob.auth(), 200)?;
    let request = rooms::get_joined_members_by_room::Request::new(public);
    let reply = client.call(&request, bob.auth(), 200)?;
    if variant!(reply, rooms::get_joined_members_by_room::Response::Status200).joined.map(|j| j.len()) != Some(3) {
        return Err("the public room does not have its three members".into());
    }
    Ok(())
}

/// The old room is upgraded: a tombstone in it, a new room with a predecessor.
pub fn upgrade(client: &mut Client, world: &mut World) -> Result<(), String> {
    let alice = world.user("alice")?;
    let old = world.room("upgradable")?;
    let request = room_upgrades::upgrade_room::Request::new(old.clone(), from_json(json!({ "new_version": "11" }))?);
    let reply = client.call(&request, alice.auth(), 200)?;
    let new = variant!(reply, room_upgrades::upgrade_room::Response::Status200).replacement_room;
    let request = rooms::get_room_state_with_key::Request::new(old.clone(), "m.room.tombstone", String::new());
    let reply = client.call(&request, alice.auth(), 200)?;
    if reply.json().get("replacement_room").and_then(Value::as_str) != Some(new.as_str()) {
        return Err("the tombstone does not name the new room".into());
    }
    let request =
        room_upgrades::upgrade_room::Request::new(old, from_json(json!({ "new_version": "no-such-version" }))?);
    client.call(&request, alice.auth(), 400)?;
    world.rooms.insert("upgraded", new);
    Ok(())
}

/// A room, an event and a user reported.
pub fn reports(client: &mut Client, world: &mut World) -> Result<(), String> {
    let (bob, carol) = (world.user("bob")?, world.user("carol")?);
    let public = world.room("public")?;
    let event = world.event("text")?;
    let request =
        report_content::report_room::Request::new(public.clone(), from_json(json!({ "reason": "interop report" }))?);
    client.call(&request, bob.auth(), 200)?;
    let request = report_content::report_event::Request::new(
        public.clone(),
        event,
        from_json(json!({ "reason": "interop report", "score": -50 }))?,
    );
    client.call(&request, bob.auth(), 200)?;
    let request = report_content::report_event::Request::new(
        public,
        "$no-such-event",
        from_json(json!({ "reason": "interop report" }))?,
    );
    client.call(&request, bob.auth(), 404)?;
    let request = report_content::report_user::Request::new(
        carol.user_id.as_str(),
        from_json(json!({ "reason": "interop report" }))?,
    );
    client.call(&request, bob.auth(), 200)?;
    Ok(())
}

/// An inline /sync filter that includes the rooms left.
fn include_leave() -> Result<FilterParam<SyncFilter>, String> {
    from_json(json!({ "room": { "include_leave": true, "timeline": { "limit": 5 } } })).map(FilterParam::Definition)
}

/// Bob leaves the public room and, kicked from the private one, forgets it; his next /sync
/// shows the left rooms.
pub fn leaving(client: &mut Client, world: &mut World) -> Result<(), String> {
    let (alice, bob) = (world.user("alice")?, world.user("bob")?);
    let (public, private) = (world.room("public")?, world.room("private")?);
    let (since, _) = sync_once(client, &bob, None, Some(include_leave()?))?;
    let request = leaving::leave_room::Request::new(public, from_json(json!({ "reason": "done" }))?);
    client.call(&request, bob.auth(), 200)?;
    let request = kicking::kick::Request::new(private.clone(), from_json(json!({ "user_id": bob.user_id }))?);
    client.call(&request, alice.auth(), 200)?;
    let (_, body) = sync_once(client, &bob, Some(since), Some(include_leave()?))?;
    if body.pointer("/rooms/leave").and_then(Value::as_object).is_none_or(|left| left.len() != 2) {
        return Err(format!(
            "bob's sync does not show the two rooms he left: {}",
            body.pointer("/rooms").cloned().unwrap_or_default()
        ));
    }
    let request = leaving::forget_room::Request::new(private);
    client.call(&request, bob.auth(), 200)?;
    Ok(())
}
