//! The scenario: accounts, rooms, messages, reading, end-to-end keys, media, errors and the
//! unsigned federation endpoints, in an order where each step has what it needs.
//!
//! Request bodies are written as JSON and read into the generated body types (the spec shows
//! them as JSON too); path, query and header parameters are the `Request`'s own fields.

mod accounts;
mod e2ee;
mod errors;
mod federation;
mod media;
mod messages;
mod reading;
mod rooms;
mod settings;

use std::collections::BTreeMap;

use generated_api::generated::client_server::definitions::sync_filter::SyncFilter;
use generated_api::generated::client_server::{room_send, room_state, sync};
use generated_api::runtime::JsonObject;
use generated_api::FilterParam;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::client::{Client, Session};

/// What the steps share: accounts, rooms, events, tokens.
#[derive(Default)]
pub struct World {
    /// The accounts, by name (`alice`, `bob`, ...).
    pub users: BTreeMap<&'static str, Session>,
    /// Rooms by role (`public`, `private`, `encrypted`, `knock`, `space`, ...).
    pub rooms: BTreeMap<&'static str, String>,
    /// Events by role (`text`, `thread_root`, ...).
    pub events: BTreeMap<&'static str, String>,
    /// Named values (sync tokens, media IDs, ...).
    pub values: BTreeMap<&'static str, String>,
    /// The next transaction ID.
    next_txn: u64,
}

impl World {
    /// The session of `name`.
    pub fn user(&self, name: &str) -> Result<Session, String> {
        self.users.get(name).cloned().ok_or_else(|| format!("no session for {name} (an earlier step failed)"))
    }

    /// The room with `role`.
    pub fn room(&self, role: &str) -> Result<String, String> {
        self.rooms.get(role).cloned().ok_or_else(|| format!("no {role} room (an earlier step failed)"))
    }

    /// The event with `role`.
    pub fn event(&self, role: &str) -> Result<String, String> {
        self.events.get(role).cloned().ok_or_else(|| format!("no {role} event (an earlier step failed)"))
    }

    /// The value named `name`.
    pub fn value(&self, name: &str) -> Result<String, String> {
        self.values.get(name).cloned().ok_or_else(|| format!("no {name} (an earlier step failed)"))
    }

    /// A fresh transaction ID.
    pub fn txn(&mut self) -> String {
        self.next_txn += 1;
        format!("interop-txn-{}", self.next_txn)
    }
}

/// A scenario step.
type Step = fn(&mut Client, &mut World) -> Result<(), String>;

/// The steps, in order.
const STEPS: &[(&str, Step)] = &[
    ("discovery", accounts::discovery),
    ("registration", accounts::registration),
    ("login", accounts::login),
    ("refresh and logout", accounts::refresh_and_logout),
    ("profile", settings::profile),
    ("presence", settings::presence),
    ("filters", settings::filters),
    ("push rules", settings::push_rules),
    ("pushers", settings::pushers),
    ("rooms", rooms::create),
    ("memberships", rooms::memberships),
    ("knocking", rooms::knocking),
    ("directory", rooms::directory),
    ("room info", rooms::info),
    ("account data and tags", settings::account_data),
    ("media", media::media),
    ("messages", messages::messages),
    ("state events", messages::state_events),
    ("calls", messages::calls),
    ("relations", messages::relations),
    ("redactions", messages::redactions),
    ("receipts and typing", messages::receipts_and_typing),
    ("room upgrade", rooms::upgrade),
    ("devices", accounts::devices),
    ("end-to-end keys", e2ee::keys),
    ("cross-signing", e2ee::cross_signing),
    ("to-device", e2ee::to_device),
    ("key backup", e2ee::backup),
    ("sync", reading::sync),
    ("history", reading::history),
    ("old sync", reading::old_sync),
    ("search and notifications", reading::search_and_notifications),
    ("reports", rooms::reports),
    ("third-party ids", settings::third_party),
    ("errors", errors::errors),
    ("federation", federation::federation),
    ("leaving", rooms::leaving),
    ("account end", accounts::account_end),
];

/// Runs every step; a step that fails is recorded and the next one runs.
pub fn run(client: &mut Client) {
    let mut world = World::default();
    for (name, step) in STEPS {
        let before = client.exchanges.len();
        if let Err(reason) = step(client, &mut world) {
            client.abort_step(name, reason);
        }
        println!("step {name}: {} exchanges", client.exchanges.len() - before);
    }
}

/// Reads `value` into a generated type (a request body, a query enum).
pub fn from_json<T: DeserializeOwned>(value: Value) -> Result<T, String> {
    // Through the text: some generated types keep raw JSON, which needs serde_json's own reader.
    serde_json::from_str(&value.to_string()).map_err(|e| format!("{value} does not fit the generated type: {e}"))
}

/// A JSON object (the type of free-form bodies: event content, account data).
pub fn object(value: Value) -> JsonObject {
    match value {
        Value::Object(map) => map,
        _ => JsonObject::new(),
    }
}

/// Takes the response of the variant `$variant` out of a reply, or returns an error naming the
/// variant received.
#[macro_export]
macro_rules! variant {
    ($reply:expr, $variant:path) => {
        match $reply.response {
            $variant(body) => body,
            other => return Err(format!("unexpected response: {other:?}")),
        }
    };
}
pub use variant;

/// Sends a room event; returns its ID.
pub fn send(
    client: &mut Client,
    world: &mut World,
    who: &Session,
    room: &str,
    event_type: &str,
    content: Value,
) -> Result<String, String> {
    let request = room_send::send_message::Request::new(room, event_type.to_string(), world.txn(), object(content));
    let reply = client.call(&request, who.auth(), 200)?;
    Ok(variant!(reply, room_send::send_message::Response::Status200).event_id.to_string())
}

/// Sets a state event, expecting `expect`; returns the event ID on success.
pub fn set_state(
    client: &mut Client,
    who: &Session,
    room: &str,
    event_type: &str,
    state_key: &str,
    content: Value,
    expect: u16,
) -> Result<Option<String>, String> {
    let request = room_state::set_room_state_with_key::Request::new(
        room,
        event_type.to_string(),
        state_key.to_string(),
        object(content),
    );
    let reply = client.call(&request, who.auth(), expect)?;
    Ok(match reply.response {
        room_state::set_room_state_with_key::Response::Status200(body) => Some(body.event_id.to_string()),
        _ => None,
    })
}

/// One `/sync` of `who` (no long-poll); returns `next_batch` and the received body.
pub fn sync_once(
    client: &mut Client,
    who: &Session,
    since: Option<String>,
    filter: Option<FilterParam<SyncFilter>>,
) -> Result<(String, Value), String> {
    let request = {
        let mut v = sync::sync::Request::new();
        v.filter = filter;
        v.since = since;
        v.timeout = Some(0);
        v
    };
    let reply = client.call(&request, who.auth(), 200)?;
    let json = reply.json();
    let body = variant!(reply, sync::sync::Response::Status200);
    Ok((body.next_batch, json))
}
