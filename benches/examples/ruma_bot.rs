//! The example bot of `generated-api/examples/bot.rs`, written against ruma 0.17.2 for a line
//! count comparison: it logs in, creates a room, sends a message and a reply to it that mentions
//! the bot's own user, then syncs until it sees that reply come back. Every request is a ruma
//! `Request`, sent with ureq over `http` 1.x types, and every answer is read with the request's
//! `IncomingResponse`. A 429 is waited out with the retry delay ruma reads from the error.
//!
//! ```sh
//! cd benches && cargo run --example ruma_bot -- --server http://127.0.0.1:8008 \
//!     --user bot --password secret [--register] [--syncs 5]
//! ```
//!
//! The options can also come from `MATRIX_BOT_SERVER`, `MATRIX_BOT_USER` and
//! `MATRIX_BOT_PASSWORD`.

use std::borrow::Cow;
use std::fmt;
use std::process::ExitCode;
use std::time::Duration;

use ruma::api::auth_scheme::{AuthScheme, SendAccessToken};
use ruma::api::client::filter::FilterDefinition;
use ruma::api::client::message::send_message_event;
use ruma::api::client::room::create_room::{self, v3::RoomPreset};
use ruma::api::client::session::{login, logout};
use ruma::api::client::sync::sync_events;
use ruma::api::client::uiaa::{AuthData, Dummy, MatrixUserIdentifier, UiaaResponse, UserIdentifier};
use ruma::api::client::account::register;
use ruma::api::error::{ErrorKind, FromHttpResponseError, LimitExceededErrorData, RetryAfter};
use ruma::api::path_builder::PathBuilder;
use ruma::api::{EndpointError, IncomingResponseExt, OutgoingRequest, OutgoingRequestExt, SupportedVersions};
use ruma::events::room::message::{MessageType, Relation, RoomMessageEventContent};
use ruma::events::relation::Reply;
use ruma::events::{AnySyncMessageLikeEvent, AnySyncTimelineEvent, Mentions, SyncMessageLikeEvent};
use ruma::{EventId, OwnedEventId, OwnedRoomId, OwnedUserId, RoomId, UInt};

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
            return Err(error("usage: ruma_bot --server URL --user NAME --password PASSWORD [--register] [--syncs N]"));
        }
        Ok(options)
    }
}

/// The connection: an HTTP client, the server, the versions to build paths for, and the
/// access token once logged in.
struct Bot {
    agent: ureq::Agent,
    server: String,
    versions: SupportedVersions,
    token: Option<String>,
}

/// What every request the bot sends takes: an access token (if any), and the server's versions
/// to choose the path by.
trait ClientRequest:
    OutgoingRequest<
        Authentication: for<'a> AuthScheme<Input<'a> = SendAccessToken<'a>>,
        PathBuilder: for<'a> PathBuilder<Input<'a> = Cow<'a, SupportedVersions>>,
    >
{
}

impl<R> ClientRequest for R where
    R: OutgoingRequest<
        Authentication: for<'a> AuthScheme<Input<'a> = SendAccessToken<'a>>,
        PathBuilder: for<'a> PathBuilder<Input<'a> = Cow<'a, SupportedVersions>>,
    >
{
}

/// The result of one request: its response, or the server's error (or a decoding failure).
type Answer<R> =
    Result<<R as OutgoingRequest>::IncomingResponse, FromHttpResponseError<<R as OutgoingRequest>::EndpointError>>;

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
        // Every endpoint the bot uses has had its path since v1.1.
        let versions = SupportedVersions::from_parts(&["v1.1".to_owned()], &Default::default());
        Bot { agent, server: server.trim_end_matches('/').to_string(), versions, token: None }
    }

    /// Sends `request` and reads the answer; a 429 is retried after the server's retry delay
    /// (`what` names the request in the bot's output).
    fn call<R: ClientRequest>(&self, request: R, what: &str) -> Result<Answer<R>, BotError> {
        for _ in 0..=MAX_RETRIES {
            let (head, body) = self.send(request.clone())?.into_parts();
            if head.status != 429 {
                return Ok(R::IncomingResponse::try_from_http_response(http::Response::from_parts(head, &body[..])));
            }
            let limit = ruma::api::error::Error::from_http_response(http::Response::from_parts(head, &body[..]));
            let wait = match limit.error_kind() {
                Some(ErrorKind::LimitExceeded(LimitExceededErrorData {
                    retry_after: Some(RetryAfter::Delay(delay)),
                    ..
                })) => *delay,
                _ => Duration::from_secs(1),
            }
            .min(MAX_WAIT);
            println!("bot: rate limited on {what}, retrying in {} ms", wait.as_millis());
            std::thread::sleep(wait);
        }
        Err(error(format!("{what}: still rate limited after {MAX_RETRIES} retries")))
    }

    /// One exchange: ruma builds the `http::Request`, ureq sends it and returns the
    /// `http::Response`.
    fn send<R: ClientRequest>(&self, request: R) -> Result<http::Response<Vec<u8>>, BotError> {
        let token = match &self.token {
            Some(token) => SendAccessToken::IfRequired(token),
            None => SendAccessToken::None,
        };
        let http_request: http::Request<Vec<u8>> = request
            .try_into_http_request(&self.server, token, Cow::Borrowed(&self.versions))
            .map_err(|e| error(format!("building: {e}")))?;
        let (head, mut body) = self.agent.run(http_request).map_err(|e| error(format!("sending: {e}")))?.into_parts();
        let bytes = body.read_to_vec().map_err(|e| error(format!("reading: {e}")))?;
        Ok(http::Response::from_parts(head, bytes))
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
    let first = send_text(&bot, &room_id, RoomMessageEventContent::text_plain("hello from ruma"))?;
    let mut reply = RoomMessageEventContent::text_plain("a reply, mentioning myself");
    reply.relates_to = Some(Relation::Reply(Reply::with_event_id(first)));
    reply.mentions = Some(Mentions::with_user_ids([user_id]));
    let reply_id = send_text(&bot, &room_id, reply)?;
    println!("bot: sent reply {reply_id} in {room_id}");
    let seen = sync_until(&bot, &room_id, &reply_id, options.syncs)?;
    bot.call(logout::v3::Request::new(), "logout")?.map_err(|e| error(format!("logout failed: {e}")))?;
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
    let mut request = register::v3::Request::new();
    request.username = Some(options.user.clone());
    request.password = Some(options.password.clone());
    request.auth = Some(AuthData::Dummy(Dummy::new()));
    request.inhibit_login = true;
    match bot.call(request, "register")? {
        Ok(done) => println!("bot: registered {}", done.user_id),
        Err(FromHttpResponseError::Server(UiaaResponse::MatrixError(e)))
            if e.error_kind() == Some(&ErrorKind::UserInUse) =>
        {
            println!("bot: {} is registered already", options.user)
        }
        Err(other) => return Err(error(format!("registration failed: {other}"))),
    }
    Ok(())
}

/// Password login; keeps the access token and returns the user ID.
fn log_in(bot: &mut Bot, options: &Options) -> Result<OwnedUserId, BotError> {
    let identifier = UserIdentifier::Matrix(MatrixUserIdentifier::new(options.user.clone()));
    let password = login::v3::Password::new(identifier, options.password.clone());
    let mut request = login::v3::Request::new(login::v3::LoginInfo::Password(password));
    request.initial_device_display_name = Some("ruma example bot".to_owned());
    let session = bot.call(request, "login")?.map_err(|e| error(format!("login failed: {e}")))?;
    println!("bot: logged in as {} (device {})", session.user_id, session.device_id);
    bot.token = Some(session.access_token);
    Ok(session.user_id)
}

fn create_room(bot: &Bot) -> Result<OwnedRoomId, BotError> {
    let mut request = create_room::v3::Request::new();
    request.preset = Some(RoomPreset::PrivateChat);
    request.name = Some("ruma bot room".to_owned());
    let created = bot.call(request, "createRoom")?.map_err(|e| error(format!("createRoom failed: {e}")))?;
    println!("bot: created room {}", created.room_id);
    Ok(created.room_id)
}

/// Sends `content` as an `m.room.message`; returns the event ID.
fn send_text(bot: &Bot, room_id: &RoomId, content: RoomMessageEventContent) -> Result<OwnedEventId, BotError> {
    // The transaction ID makes a retried send idempotent.
    let txn_id = format!(
        "bot-{}",
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos())
    );
    let request = send_message_event::v3::Request::new(room_id.to_owned(), txn_id.into(), &content)
        .map_err(|e| error(e.to_string()))?;
    let sent = bot.call(request, "send")?.map_err(|e| error(format!("send failed: {e}")))?;
    Ok(sent.event_id)
}

/// Syncs (at most `syncs` times) until the event `wanted` shows up in `room_id`'s timeline,
/// printing every text message on the way; returns whether it did.
fn sync_until(bot: &Bot, room_id: &RoomId, wanted: &EventId, syncs: u32) -> Result<bool, BotError> {
    let mut filter = FilterDefinition::default();
    filter.room.timeline.limit = Some(UInt::from(20u32));
    filter.presence.not_types = vec!["*".to_owned()];
    let mut since = None;
    for _ in 0..syncs {
        let mut request = sync_events::v3::Request::new();
        request.filter = Some(filter.clone().into());
        request.since = since.clone();
        request.timeout = Some(Duration::from_millis(if since.is_some() { 2000 } else { 0 }));
        let batch = bot.call(request, "sync")?.map_err(|e| error(format!("sync failed: {e}")))?;
        let timeline = batch.rooms.join.get(room_id).map(|room| room.timeline.events.as_slice()).unwrap_or_default();
        for raw in timeline {
            let Ok(event) = raw.deserialize() else { continue };
            if print_message(&event, wanted) {
                return Ok(true);
            }
        }
        since = Some(batch.next_batch);
    }
    Ok(false)
}

/// Prints a text message; returns whether it is the event `wanted`.
fn print_message(event: &AnySyncTimelineEvent, wanted: &EventId) -> bool {
    let AnySyncTimelineEvent::MessageLike(AnySyncMessageLikeEvent::RoomMessage(SyncMessageLikeEvent::Original(
        message,
    ))) = event
    else {
        return false;
    };
    let MessageType::Text(content) = &message.content.msgtype else { return false };
    if message.event_id == wanted {
        let mentioned = message.content.mentions.is_some();
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
