//! A small Matrix bot on the generated API: it logs in, creates a room, sends a message and a
//! reply to it that mentions the bot's own user, then syncs until it sees that reply come back.
//! Every request is a generated `Request`, sent with ureq (any HTTP client that speaks `http` 1.x
//! types would do), and every answer is read with the operation's `Response`. A 429 is waited out
//! with the retry delay the crate reads from the response.
//!
//! ```sh
//! cargo run -p generated-api --example bot -- --server http://127.0.0.1:8008 \
//!     --user bot --password secret [--register] [--syncs 5]
//! ```
//!
//! The options can also come from `MATRIX_BOT_SERVER`, `MATRIX_BOT_USER` and
//! `MATRIX_BOT_PASSWORD`. `cargo xtask test` runs it against its Synapse and checks what it prints.

use std::fmt;
use std::process::ExitCode;
use std::time::Duration;

use generated_api::generated::client_server::definitions::user_identifier::UserIdentifier;
use generated_api::generated::client_server::definitions::{auth_data::AuthData, m_mentions::Mentions};
use generated_api::generated::client_server::definitions::event_filter::EventFilter;
use generated_api::generated::client_server::definitions::room_event_filter::RoomEventFilter;
use generated_api::generated::client_server::definitions::sync_filter::{RoomFilter, SyncFilter};
use generated_api::generated::client_server::{create_room, login, logout, registration, room_send, sync};
use generated_api::generated::events::any::AnySyncTimelineEvent;
use generated_api::generated::events::m_room_message::RoomMessageEventContent;
use generated_api::generated::events::m_room_message_m_text::RoomMessageMTextEventContent;
use generated_api::FilterParam;
use generated_api::http::{AccessToken, Endpoint, EndpointResponse, SendOptions};
use generated_api::{EventId, Relation, RoomId, UserId};

/// How often a rate-limited request is retried before the bot gives up.
const MAX_RETRIES: u32 = 5;

/// The longest wait the bot accepts from a server's retry delay.
const MAX_WAIT: Duration = Duration::from_secs(30);

fn main() -> ExitCode {
    match Options::parse(std::env::args().skip(1)).and_then(|options| run(&options)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bot: {e}");
            ExitCode::FAILURE
        }
    }
}

/// What went wrong.
#[derive(Debug)]
struct BotError(String);

impl fmt::Display for BotError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn error(message: impl Into<String>) -> BotError {
    BotError(message.into())
}

/// The command line (or environment).
struct Options {
    server: String,
    user: String,
    password: String,
    register: bool,
    syncs: u32,
}

impl Options {
    fn parse(mut args: impl Iterator<Item = String>) -> Result<Options, BotError> {
        let env = |name: &str| std::env::var(name).ok();
        let mut options = Options {
            server: env("MATRIX_BOT_SERVER").unwrap_or_default(),
            user: env("MATRIX_BOT_USER").unwrap_or_default(),
            password: env("MATRIX_BOT_PASSWORD").unwrap_or_default(),
            register: false,
            syncs: 5,
        };
        while let Some(arg) = args.next() {
            let mut value = || args.next().ok_or_else(|| error(format!("{arg} needs a value")));
            match arg.as_str() {
                "--server" => options.server = value()?,
                "--user" => options.user = value()?,
                "--password" => options.password = value()?,
                "--syncs" => options.syncs = value()?.parse().map_err(|_| error("--syncs takes a number"))?,
                "--register" => options.register = true,
                other => return Err(error(format!("unknown option {other}"))),
            }
        }
        if options.server.is_empty() || options.user.is_empty() || options.password.is_empty() {
            return Err(error("usage: bot --server URL --user NAME --password PASSWORD [--register] [--syncs N]"));
        }
        Ok(options)
    }
}

/// The connection: an HTTP client, the server, and the access token once logged in.
struct Bot {
    agent: ureq::Agent,
    server: String,
    token: AccessToken,
}

impl Bot {
    fn new(server: &str) -> Bot {
        // Errors are answers to read, not transport failures; no redirects, no proxy.
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .proxy(None)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .new_agent();
        Bot { agent, server: server.trim_end_matches('/').to_string(), token: AccessToken::None }
    }

    /// Sends `request` and reads the answer as its operation's `Response`; a 429 is retried
    /// after the server's retry delay (`what` names the request in the bot's output).
    fn call<R: Endpoint>(&self, request: &R, what: &str) -> Result<R::Response, BotError> {
        for _ in 0..=MAX_RETRIES {
            let response = self.send(request)?;
            match response.error() {
                Some(e) if e.status == 429 => {
                    let wait = e.retry_after.unwrap_or(Duration::from_secs(1)).min(MAX_WAIT);
                    println!("bot: rate limited on {what}, retrying in {} ms", wait.as_millis());
                    std::thread::sleep(wait);
                }
                _ => return Ok(response),
            }
        }
        Err(error(format!("{what}: still rate limited after {MAX_RETRIES} retries")))
    }

    /// One exchange: the crate builds the `http::Request`, ureq sends it, the crate reads the
    /// `http::Response`.
    fn send<R: Endpoint>(&self, request: &R) -> Result<R::Response, BotError> {
        let options = SendOptions { access_token: self.token.clone(), assert_identity: None };
        let http_request =
            request.try_into_http_request(&self.server, &options).map_err(|e| error(format!("building: {e}")))?;
        let (head, mut body) = self.agent.run(http_request).map_err(|e| error(format!("sending: {e}")))?.into_parts();
        let bytes = body.read_to_vec().map_err(|e| error(format!("reading: {e}")))?;
        R::Response::try_from_http_response(http::Response::from_parts(head, bytes))
            .map_err(|e| error(format!("decoding: {e}")))
    }
}

/// The bot's round: (register,) log in, create a room, post, reply, sync until the reply is back.
fn run(options: &Options) -> Result<(), BotError> {
    let mut bot = Bot::new(&options.server);
    if options.register {
        register(&bot, options)?;
    }
    let user_id = log_in(&mut bot, options)?;
    let room_id = create_room(&bot)?;
    let first = send_text(&bot, &room_id, text("hello from the generated API"))?;
    let mut reply = text("a reply, mentioning myself");
    reply.relates_to = Some(Relation::reply(first));
    let mut mentions = Mentions::new();
    mentions.user_ids = Some(vec![user_id.clone()]);
    reply.mentions = Some(mentions);
    let reply_id = send_text(&bot, &room_id, reply)?;
    println!("bot: sent reply {reply_id} in {room_id}");
    let seen = sync_until(&bot, &room_id, &reply_id, &user_id, options.syncs)?;
    bot.call(&logout::logout::Request::new(), "logout")?;
    println!("bot: logged out");
    if seen {
        Ok(())
    } else {
        Err(error(format!("did not see its reply in {} syncs", options.syncs)))
    }
}

/// Registers the account (user-interactive auth with `m.login.dummy`); an account that exists
/// already is fine.
fn register(bot: &Bot, options: &Options) -> Result<(), BotError> {
    let mut auth = AuthData::new();
    auth.r#type = Some("m.login.dummy".into());
    let mut body = registration::register::RequestBody::new();
    (body.username, body.password) = (Some(options.user.clone()), Some(options.password.clone()));
    (body.auth, body.inhibit_login) = (Some(auth), Some(true));
    match bot.call(&registration::register::Request::new(body), "register")? {
        registration::register::Response::Status200(done) => println!("bot: registered {}", done.user_id),
        other => match other.error() {
            Some(e) if e.errcode.as_ref().is_some_and(|c| c.as_str() == "M_USER_IN_USE") => {
                println!("bot: {} is registered already", options.user)
            }
            _ => return Err(error(format!("registration failed: {other:?}"))),
        },
    }
    Ok(())
}

/// Password login; keeps the access token and returns the user ID.
fn log_in(bot: &mut Bot, options: &Options) -> Result<UserId, BotError> {
    let mut identifier = UserIdentifier::new("m.id.user");
    identifier.user = Some(options.user.clone());
    let mut body = login::login::RequestBody::new("m.login.password");
    (body.identifier, body.password) = (Some(identifier), Some(options.password.clone()));
    body.initial_device_display_name = Some("generated-api example bot".into());
    match bot.call(&login::login::Request::new(body), "login")? {
        login::login::Response::Status200(session) => {
            println!("bot: logged in as {} (device {})", session.user_id, session.device_id);
            bot.token = AccessToken::Bearer(session.access_token);
            Ok(session.user_id)
        }
        other => Err(error(format!("login failed: {:?}", other.error()))),
    }
}

fn create_room(bot: &Bot) -> Result<RoomId, BotError> {
    let mut body = create_room::create_room::RequestBody::new();
    body.preset = Some(create_room::create_room::RequestBodyPreset::PrivateChat);
    body.name = Some("generated-api bot room".into());
    match bot.call(&create_room::create_room::Request::new(body), "createRoom")? {
        create_room::create_room::Response::Status200(created) => {
            println!("bot: created room {}", created.room_id);
            Ok(created.room_id)
        }
        other => Err(error(format!("createRoom failed: {:?}", other.error()))),
    }
}

/// An `m.text` message.
fn text(body: &str) -> RoomMessageMTextEventContent {
    RoomMessageMTextEventContent::new(body)
}

/// Sends `content` as an `m.room.message`; returns the event ID.
fn send_text(bot: &Bot, room_id: &RoomId, content: RoomMessageMTextEventContent) -> Result<EventId, BotError> {
    // The transaction ID makes a retried send idempotent.
    let txn_id = format!(
        "bot-{}",
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos())
    );
    let request = room_send::send_message::Request::with_content(room_id.clone(), txn_id, &content)
        .map_err(|e| error(e.to_string()))?;
    match bot.call(&request, "send")? {
        room_send::send_message::Response::Status200(sent) => Ok(sent.event_id),
        other => Err(error(format!("send failed: {:?}", other.error()))),
    }
}

/// The bot's sync filter: the last 20 timeline events of each room, no presence.
fn sync_filter() -> SyncFilter {
    let mut timeline = RoomEventFilter::new();
    timeline.limit = Some(20);
    let mut room = RoomFilter::new();
    room.timeline = Some(timeline);
    let mut presence = EventFilter::new();
    presence.not_types = Some(vec!["*".to_string()]);
    let mut filter = SyncFilter::new();
    filter.room = Some(room);
    filter.presence = Some(presence);
    filter
}

/// Syncs (at most `syncs` times) until the event `wanted` shows up in `room_id`'s timeline,
/// printing every text message on the way; returns whether it did.
fn sync_until(bot: &Bot, room_id: &RoomId, wanted: &EventId, me: &UserId, syncs: u32) -> Result<bool, BotError> {
    let mut since = None;
    for _ in 0..syncs {
        let mut request = sync::sync::Request::new();
        request.filter = Some(FilterParam::Definition(sync_filter()));
        request.since = since.clone();
        request.timeout = Some(if since.is_some() { 2000 } else { 0 });
        let sync::sync::Response::Status200(batch) = bot.call(&request, "sync")? else {
            return Err(error("sync failed"));
        };
        let timeline = batch
            .rooms
            .as_ref()
            .and_then(|rooms| rooms.join.as_ref())
            .and_then(|joined| joined.get(room_id))
            .and_then(|room| room.timeline.as_ref())
            .map(|timeline| timeline.events.as_slice())
            .unwrap_or_default();
        if timeline.iter().any(|event| print_message(event, wanted, me)) {
            return Ok(true);
        }
        since = Some(batch.next_batch);
    }
    Ok(false)
}

/// Prints a text message; returns whether it is the event `wanted`.
fn print_message(event: &AnySyncTimelineEvent, wanted: &EventId, me: &UserId) -> bool {
    let AnySyncTimelineEvent::RoomMessage(message) = event else { return false };
    let RoomMessageEventContent::Text(content) = &message.content else { return false };
    if message.event_id == *wanted {
        let mentions = content.mentions.as_ref().and_then(|m| m.user_ids.as_ref());
        let mentioned = mentions.is_some_and(|ids| ids.contains(me));
        println!(
            "bot: received own reply {} from {}: {:?} (mentions: {mentioned})",
            message.event_id, message.sender, content.body
        );
        true
    } else {
        println!("bot: message {} from {}: {:?}", message.event_id, message.sender, content.body);
        false
    }
}
