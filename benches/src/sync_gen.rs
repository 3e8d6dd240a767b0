//! A deterministic generator of `/sync` responses (`GET /_matrix/client/v3/sync`) shaped like
//! what Synapse sends to a client that lazy-loads members (see `BENCHMARKS.md`, "Input").
//!
//! The bytes are written the way Synapse writes them: compact, every object's keys sorted, every
//! non-ASCII character escaped as `\uXXXX` (characters outside the BMP as surrogate pairs). The
//! rooms mix room versions 10, 11 and 12 (v12: room IDs without a server name, derived from the
//! `m.room.create` event ID; `additional_creators`; no `creator`), encrypted rooms, bundled
//! aggregations (`m.thread` with its latest event, `m.replace` with the edit event, `m.reference`),
//! redacted events carrying their `redacted_because`, and state events with `prev_content` and
//! `replaces_state`. Every event is valid per the Matrix specification (`cases::tests` check that
//! generated-api decodes each one strictly and that both crates type each one).
//!
//! Everything comes from one fixed-seed PRNG, so a size always yields the same bytes.

use serde_json::{json, Map, Value};

/// The seed of every generated response.
pub const SEED: u64 = 0x5eed_f00d_cafe_0001;

/// The three benchmark sizes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Size {
    /// About 100 KB.
    Small,
    /// About 1 MB.
    Medium,
    /// About 10 MB.
    Large,
}

impl Size {
    /// All sizes, smallest first.
    pub const ALL: [Size; 3] = [Size::Small, Size::Medium, Size::Large];

    /// The target size in bytes (the output is at least this long, and a room longer at most).
    pub fn target_bytes(self) -> usize {
        match self {
            Size::Small => 100_000,
            Size::Medium => 1_000_000,
            Size::Large => 10_000_000,
        }
    }

    /// A short label for tables.
    pub fn label(self) -> &'static str {
        match self {
            Size::Small => "100 KB",
            Size::Medium => "1 MB",
            Size::Large => "10 MB",
        }
    }
}

/// The compact JSON of a generated `/sync` response of about `size`.
pub fn generate(size: Size) -> Vec<u8> {
    generate_bytes(size.target_bytes(), SEED)
}

/// The compact JSON of a `/sync` response of at least `target` bytes, from `seed`.
pub fn generate_bytes(target: usize, seed: u64) -> Vec<u8> {
    let mut g = Gen::new(seed, target);
    let value = g.response(target);
    let mut out = Vec::with_capacity(target + target / 8);
    write_canonical(&value, &mut out);
    out
}

/// Writes `value` as Synapse does: compact, the keys of every object sorted (by code point, as
/// Python sorts `str`), every non-ASCII character as `\uXXXX` (lowercase hex; surrogate pairs
/// above U+FFFF), `"`, `\\` and control characters escaped, `/` not.
pub fn write_canonical(value: &Value, out: &mut Vec<u8>) {
    match value {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(true) => out.extend_from_slice(b"true"),
        Value::Bool(false) => out.extend_from_slice(b"false"),
        Value::Number(n) => out.extend_from_slice(n.to_string().as_bytes()),
        Value::String(s) => write_string(s, out),
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_canonical(item, out);
            }
            out.push(b']');
        }
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            // UTF-8 byte order is code point order.
            entries.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            out.push(b'{');
            for (i, (key, item)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_string(key, out);
                out.push(b':');
                write_canonical(item, out);
            }
            out.push(b'}');
        }
    }
}

fn write_string(s: &str, out: &mut Vec<u8>) {
    use std::io::Write;
    out.push(b'"');
    for c in s.chars() {
        match c {
            '"' => out.extend_from_slice(b"\\\""),
            '\\' => out.extend_from_slice(b"\\\\"),
            '\n' => out.extend_from_slice(b"\\n"),
            '\r' => out.extend_from_slice(b"\\r"),
            '\t' => out.extend_from_slice(b"\\t"),
            '\u{8}' => out.extend_from_slice(b"\\b"),
            '\u{c}' => out.extend_from_slice(b"\\f"),
            ' '..='~' => out.push(c as u8),
            _ => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    // Writing to a Vec cannot fail.
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
        }
    }
    out.push(b'"');
}

/// The length of `value` as [`write_canonical`] writes it.
fn canonical_len(value: &Value) -> usize {
    let mut out = Vec::new();
    write_canonical(value, &mut out);
    out.len()
}

/// splitmix64: tiny, fast, and good enough to pick words and IDs.
pub struct Rng(u64);

impl Rng {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        ((self.next_u64() as u128 * n as u128) >> 64) as u64
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `percent`/100.
    pub fn percent(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// One element of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// `n` characters of `alphabet`.
    pub fn chars(&mut self, alphabet: &[u8], n: usize) -> String {
        (0..n).map(|_| *self.pick(alphabet) as char).collect()
    }
}

const ALPHA: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const UPPER: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const BASE64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const BASE64_URL: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

const WORDS: &[&str] = &[
    "the",
    "a",
    "to",
    "and",
    "of",
    "is",
    "it",
    "that",
    "for",
    "you",
    "on",
    "with",
    "this",
    "I",
    "we",
    "be",
    "have",
    "not",
    "are",
    "but",
    "can",
    "just",
    "so",
    "if",
    "do",
    "was",
    "will",
    "what",
    "at",
    "there",
    "about",
    "think",
    "server",
    "room",
    "matrix",
    "sync",
    "release",
    "build",
    "tests",
    "merge",
    "review",
    "bug",
    "fix",
    "deploy",
    "tomorrow",
    "meeting",
    "thanks",
    "yes",
    "no",
    "maybe",
    "lunch",
    "coffee",
    "weekend",
    "federation",
    "client",
    "bridge",
    "encryption",
    "keys",
    "device",
    "verify",
    "homeserver",
    "upgrade",
    "version",
    "latency",
    "works",
    "broken",
    "again",
    "really",
    "great",
    "idea",
    "later",
    "today",
    "issue",
    "PR",
    "branch",
    "main",
    "logs",
    "error",
    "crash",
    "café",
    "naïve",
    "über",
    "déjà",
    "vu",
    "日本語",
    "テスト",
    "привет",
    "👍",
    "🎉",
    "😂",
    "🚀",
];

const SERVERS: &[&str] = &["example.org", "example.org", "example.org", "matrix.org", "chat.example.com", "kde.org"];

const NAMES: &[&str] = &[
    "alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory", "niaj", "olivia",
    "peggy", "rupert", "sybil", "trent", "victor", "walter", "user",
];

const EMOJI: &[&str] = &["👍", "❤️", "😂", "🎉", "👀", "🚀", "✅", "+1", "😮", "🙏"];


struct Member {
    user_id: String,
    displayname: String,
    avatar: Option<String>,
}

/// What a room's events depend on.
struct Room {
    /// The room version: 10, 11 or 12.
    version: u8,
    encrypted: bool,
    /// The users who appear in the room's timeline (index 0 of `Gen::users` is the syncing user).
    active: Vec<usize>,
}

struct Gen {
    rng: Rng,
    users: Vec<Member>,
    me: String,
    now: u64,
}

/// Unsigned of an event: `age` always, then whatever the caller adds.
fn with_age(age: u64) -> Map<String, Value> {
    let mut unsigned = Map::new();
    unsigned.insert("age".into(), json!(age));
    unsigned
}

impl Gen {
    fn new(seed: u64, target: usize) -> Gen {
        let mut rng = Rng::new(seed);
        let user_count = 40 + target / 8_000;
        let mut users = Vec::with_capacity(user_count);
        for i in 0..user_count {
            let name = *rng.pick(NAMES);
            let server = *rng.pick(SERVERS);
            let user_id = format!("@{name}{}:{server}", 100 + i);
            let mut displayname = format!("{}{} {}", name[..1].to_uppercase(), &name[1..], rng.chars(UPPER, 1));
            if rng.percent(10) {
                displayname.push_str(" (she/her)");
            } else if rng.percent(5) {
                displayname.push_str(" 🦀");
            } else if rng.percent(5) {
                displayname = format!("Zoë {}", rng.chars(UPPER, 1));
            }
            let avatar = rng.percent(70).then(|| format!("mxc://{server}/{}", rng.chars(ALPHA, 24)));
            users.push(Member { user_id, displayname, avatar });
        }
        let me = users[0].user_id.clone();
        Gen { rng, users, me, now: 1_717_000_000_000 }
    }

    fn event_id(&mut self) -> String {
        format!("${}", self.rng.chars(BASE64_URL, 43))
    }

    /// A room ID of room versions before 12: an opaque local part and the creating server.
    fn legacy_room_id(&mut self) -> String {
        let server = *self.rng.pick(SERVERS);
        format!("!{}:{server}", self.rng.chars(ALPHA, 18))
    }

    fn curve_key(&mut self) -> String {
        self.rng.chars(BASE64, 43)
    }

    fn user(&mut self) -> usize {
        self.rng.below(self.users.len() as u64) as usize
    }

    fn user_id(&self, user: usize) -> String {
        self.users[user].user_id.clone()
    }

    fn sentence(&mut self, min: u64, max: u64) -> String {
        let n = self.rng.range(min, max);
        let mut out = String::new();
        for i in 0..n {
            if i > 0 {
                out.push(' ');
            }
            let word = *self.rng.pick(WORDS);
            out.push_str(word);
        }
        // Some escapes: quotes, newlines, backslashes (so decoders cannot always borrow).
        match self.rng.below(20) {
            0 => out.push_str("\n\n> \"quoted\" line"),
            1 => out.push_str(" C:\\path\\to\\file"),
            2 => out.push('?'),
            3 | 4 => out.push('!'),
            _ => out.push('.'),
        }
        out
    }

    fn age(&mut self) -> u64 {
        self.rng.range(100, 86_400_000)
    }

    /// An event as `/sync` carries it (no `room_id`).
    fn event(
        &mut self,
        event_type: &str,
        state_key: Option<&str>,
        sender: &str,
        content: Value,
        ts: u64,
        unsigned: Map<String, Value>,
    ) -> Value {
        let mut event = json!({
            "content": content,
            "event_id": self.event_id(),
            "origin_server_ts": ts,
            "sender": sender,
            "type": event_type,
            "unsigned": unsigned,
        });
        if let Some(state_key) = state_key {
            event["state_key"] = json!(state_key);
        }
        event
    }

    /// Unsigned of a timeline event: `age`, the syncing user's `membership` (Synapse adds it),
    /// and `transaction_id` on some of the syncing user's own events.
    fn timeline_unsigned(&mut self, sender: &str, ts: u64) -> Map<String, Value> {
        let mut unsigned = with_age(self.age());
        unsigned.insert("membership".into(), json!("join"));
        if sender == self.me && self.rng.percent(50) {
            unsigned.insert("transaction_id".into(), json!(format!("m{}.{}", ts, self.rng.below(100))));
        }
        unsigned
    }

    /// The `m.room.redaction` event that redacted `target` (v10 has `redacts` at the top level,
    /// v11 and later in the content).
    fn redaction_event(&mut self, room: &Room, target: &str, sender: &str, ts: u64) -> Value {
        let mut content = Map::new();
        if self.rng.percent(40) {
            content.insert("reason".into(), json!(if self.rng.percent(50) { "spam" } else { "Off-topic 🙈" }));
        }
        if room.version >= 11 {
            content.insert("redacts".into(), json!(target));
        }
        let unsigned = with_age(self.age());
        let mut event = self.event("m.room.redaction", None, sender, Value::Object(content), ts, unsigned);
        if room.version < 11 {
            event["redacts"] = json!(target);
        }
        event
    }

    /// A redacted event: the content keys the redaction algorithm keeps, and in `unsigned` the
    /// redaction event (as Synapse serves it). Returns the event and its redaction.
    fn redacted(
        &mut self,
        room: &Room,
        event_type: &str,
        state_key: Option<&str>,
        sender: &str,
        kept_content: Value,
        ts: u64,
    ) -> (Value, Value) {
        let mut event = self.event(event_type, state_key, sender, kept_content, ts, Map::new());
        let id = event["event_id"].as_str().unwrap_or_default().to_string();
        let moderator = room.active[self.rng.below(room.active.len() as u64) as usize];
        let moderator = self.user_id(moderator);
        let redaction_ts = ts + self.rng.range(1000, 3_600_000);
        let redaction = self.redaction_event(room, &id, &moderator, redaction_ts);
        let mut unsigned = with_age(self.age());
        unsigned.insert("redacted_because".into(), redaction.clone());
        if state_key.is_none() {
            unsigned.insert("membership".into(), json!("join"));
        }
        event["unsigned"] = Value::Object(unsigned);
        (event, redaction)
    }

    fn member_content(&mut self, member: usize, membership: &str) -> Value {
        let m = &self.users[member];
        let mut content = Map::new();
        if membership == "join" || membership == "invite" {
            content.insert("displayname".into(), json!(m.displayname));
            if let Some(avatar) = &m.avatar {
                content.insert("avatar_url".into(), json!(avatar));
            }
        }
        content.insert("membership".into(), json!(membership));
        if membership == "leave" && self.rng.percent(30) {
            content.insert("reason".into(), json!("Left the room"));
        }
        Value::Object(content)
    }

    /// A member event of `member`; a third of them replaced an earlier one (`prev_content`,
    /// `replaces_state`, `prev_sender`).
    fn member_event(&mut self, member: usize, membership: &str, ts: u64, unsigned: Map<String, Value>) -> Value {
        let user_id = self.user_id(member);
        let content = self.member_content(member, membership);
        let mut unsigned = unsigned;
        if self.rng.percent(35) {
            let prev = if self.rng.percent(50) {
                let mut prev = self.member_content(member, "join");
                prev["displayname"] = json!(format!("{} (old)", self.users[member].displayname));
                prev
            } else {
                json!({ "membership": "invite", "displayname": self.users[member].displayname })
            };
            unsigned.insert("prev_content".into(), prev);
            unsigned.insert("replaces_state".into(), json!(self.event_id()));
            unsigned.insert("prev_sender".into(), json!(user_id));
        }
        self.event("m.room.member", Some(&user_id), &user_id, content, ts, unsigned)
    }

    fn text_content(&mut self, recent: &[String]) -> Value {
        let body = self.sentence(2, 30);
        let mut content = json!({ "msgtype": "m.text", "body": body });
        if self.rng.percent(25) {
            let html = format!("<p>{}</p>", body.replace('&', "&amp;").replace('<', "&lt;"));
            content["format"] = json!("org.matrix.custom.html");
            content["formatted_body"] = json!(html);
        }
        if !recent.is_empty() && self.rng.percent(15) {
            let target = self.rng.pick(recent).clone();
            content["m.relates_to"] = json!({ "m.in_reply_to": { "event_id": target } });
        }
        if self.rng.percent(30) {
            let u = self.user();
            content["m.mentions"] = json!({ "user_ids": [self.user_id(u)] });
        } else if self.rng.percent(50) {
            content["m.mentions"] = json!({});
        }
        content
    }

    fn message_content(&mut self, recent: &[String]) -> Value {
        let roll = self.rng.below(100);
        if roll < 70 {
            self.text_content(recent)
        } else if roll < 82 {
            let body = format!("[bot] {}", self.sentence(5, 40));
            json!({ "msgtype": "m.notice", "body": body })
        } else {
            let server = *self.rng.pick(SERVERS);
            let w = self.rng.range(200, 4000);
            let h = self.rng.range(200, 3000);
            json!({
                "msgtype": "m.image",
                "body": format!("IMG_{}.jpg", self.rng.range(1000, 9999)),
                "url": format!("mxc://{server}/{}", self.rng.chars(ALPHA, 24)),
                "info": {
                    "mimetype": "image/jpeg",
                    "size": self.rng.range(20_000, 5_000_000),
                    "w": w,
                    "h": h,
                    "xyz.amorgan.blurhash": self.rng.chars(BASE64_URL, 28),
                    "thumbnail_url": format!("mxc://{server}/{}", self.rng.chars(ALPHA, 24)),
                    "thumbnail_info": { "mimetype": "image/jpeg", "size": self.rng.range(2_000, 60_000), "w": 800, "h": 600 },
                },
                "m.mentions": {},
            })
        }
    }

    /// A megolm `m.room.encrypted` content; `relates_to` stays in the clear, as clients send it.
    fn megolm_content(&mut self, relates_to: Option<Value>) -> Value {
        let len = self.rng.range(200, 1200) as usize;
        let mut content = json!({
            "algorithm": "m.megolm.v1.aes-sha2",
            "ciphertext": self.rng.chars(BASE64, len),
            "session_id": self.curve_key(),
        });
        // Clients before Matrix 1.3 (and some still) send the deprecated keys.
        if self.rng.percent(50) {
            content["device_id"] = json!(self.rng.chars(UPPER, 10));
            content["sender_key"] = json!(self.curve_key());
        }
        if let Some(relates_to) = relates_to {
            content["m.relates_to"] = relates_to;
        }
        content
    }

    /// A message of the room: megolm-encrypted in an encrypted room, else `m.room.message`.
    fn room_message(&mut self, room: &Room, recent: &[String], relates_to: Option<Value>) -> (&'static str, Value) {
        if room.encrypted {
            ("m.room.encrypted", self.megolm_content(relates_to))
        } else {
            let mut content = self.message_content(recent);
            if let Some(relates_to) = relates_to {
                content["m.relates_to"] = relates_to;
            }
            ("m.room.message", content)
        }
    }

    /// Bundled aggregations (`unsigned.m.relations`) of the root event `root`, or `None`.
    fn relations(&mut self, room: &Room, root: &str, ts: u64) -> Option<Value> {
        let mut relations = Map::new();
        if self.rng.percent(10) {
            // A thread: its latest event in full, as Synapse bundles it.
            let sender = room.active[self.rng.below(room.active.len() as u64) as usize];
            let sender = self.user_id(sender);
            let relates_to = json!({
                "rel_type": "m.thread",
                "event_id": root,
                "is_falling_back": true,
                "m.in_reply_to": { "event_id": root },
            });
            let (event_type, content) = self.room_message(room, &[], Some(relates_to));
            let latest_ts = ts + self.rng.range(1000, 3_600_000);
            let unsigned = self.timeline_unsigned(&sender, latest_ts);
            let latest = self.event(event_type, None, &sender, content, latest_ts, unsigned);
            relations.insert(
                "m.thread".into(),
                json!({
                    "latest_event": latest,
                    "count": self.rng.range(1, 40),
                    "current_user_participated": self.rng.percent(30),
                }),
            );
        }
        if !room.encrypted && self.rng.percent(6) {
            // An edit: the most recent replacement event in full (Matrix 1.7 and later).
            let body = self.sentence(2, 20);
            let content = json!({
                "msgtype": "m.text",
                "body": format!(" * {body}"),
                "m.new_content": { "msgtype": "m.text", "body": body, "m.mentions": {} },
                "m.relates_to": { "rel_type": "m.replace", "event_id": root },
                "m.mentions": {},
            });
            let edit_ts = ts + self.rng.range(1000, 600_000);
            let sender = self.me.clone();
            let unsigned = self.timeline_unsigned(&sender, edit_ts);
            let edit = self.event("m.room.message", None, &sender, content, edit_ts, unsigned);
            relations.insert("m.replace".into(), edit);
        }
        if self.rng.percent(3) {
            let chunk: Vec<Value> = (0..self.rng.range(1, 3)).map(|_| json!({ "event_id": self.event_id() })).collect();
            relations.insert("m.reference".into(), json!({ "chunk": chunk }));
        }
        (!relations.is_empty()).then_some(Value::Object(relations))
    }

    fn power_levels(&mut self, room: &Room, creators: &[usize], large: bool) -> Value {
        let mut users = Map::new();
        // In room version 12 the creators' power is implied and must not be listed.
        if room.version < 12 {
            for &c in creators {
                users.insert(self.user_id(c), json!(100));
            }
        }
        let moderators = if large { self.rng.range(5, 60) } else { self.rng.range(0, 3) };
        for _ in 0..moderators {
            let u = self.user();
            if !creators.contains(&u) {
                let level = *self.rng.pick(&[50, 50, 50, 75, 100, -1]);
                users.insert(self.user_id(u), json!(level));
            }
        }
        json!({
            "ban": 50,
            "events": {
                "m.room.avatar": 50,
                "m.room.canonical_alias": 50,
                "m.room.encryption": 100,
                "m.room.history_visibility": 100,
                "m.room.name": 50,
                "m.room.pinned_events": 50,
                "m.room.power_levels": 100,
                "m.room.server_acl": 100,
                "m.room.tombstone": 100,
                "m.room.topic": 50,
                "m.space.child": 50,
            },
            "events_default": 0,
            // Synapse's default power levels still carry MSC2716's `historical`.
            "historical": 100,
            "invite": 0,
            "kick": 50,
            "notifications": { "room": 50 },
            "redact": 50,
            "state_default": 50,
            "users": users,
            "users_default": 0,
        })
    }

    fn room(&mut self) -> (String, Value) {
        let version = match self.rng.below(100) {
            0..=24 => 10,
            25..=69 => 11,
            _ => 12,
        };
        let encrypted = self.rng.percent(40);
        let large = self.rng.percent(12);
        let joined = if large { self.rng.range(150, 5000) } else { self.rng.range(2, 60) } as usize;
        let active_count = joined.min(if large { 40 } else { 15 }).min(self.users.len() - 1);
        let mut active = vec![0usize];
        while active.len() < active_count {
            let u = self.user();
            if !active.contains(&u) {
                active.push(u);
            }
        }
        let room = Room { version, encrypted, active };
        let creator = room.active[self.rng.below(room.active.len() as u64) as usize];
        let creator_id = self.user_id(creator);
        let mut ts = self.now - self.rng.range(86_400_000, 86_400_000 * 400);
        let public = !encrypted && (large || self.rng.percent(30));

        // The state at the start of the timeline, members lazy-loaded.
        let mut state = Vec::new();
        let mut creators = vec![creator];
        let mut create = Map::new();
        create.insert("room_version".into(), json!(version.to_string()));
        if version < 11 {
            create.insert("creator".into(), json!(creator_id));
        }
        if version >= 12 && self.rng.percent(30) {
            let extra = room.active[self.rng.below(room.active.len() as u64) as usize];
            if extra != creator {
                creators.push(extra);
                create.insert("additional_creators".into(), json!([self.user_id(extra)]));
            }
        }
        if self.rng.percent(10) {
            let old_room = self.legacy_room_id();
            let predecessor = if version >= 12 {
                json!({ "room_id": old_room })
            } else {
                json!({ "room_id": old_room, "event_id": self.event_id() })
            };
            create.insert("predecessor".into(), predecessor);
        }
        if self.rng.percent(10) {
            create.insert("m.federate".into(), json!(true));
        }
        let unsigned = with_age(self.now - ts);
        let create_event = self.event("m.room.create", Some(""), &creator_id, Value::Object(create), ts, unsigned);
        // Room version 12: the room ID is the create event's reference hash.
        let room_id = if version >= 12 {
            let id = create_event["event_id"].as_str().unwrap_or("$").to_string();
            format!("!{}", &id[1..])
        } else {
            self.legacy_room_id()
        };
        state.push(create_event);
        ts += 1000;

        let server = *self.rng.pick(SERVERS);
        let space = if self.rng.percent(20) { Some(self.legacy_room_id()) } else { None };
        let join_rules = match (&space, public) {
            (_, true) => json!({ "join_rule": "public" }),
            (Some(space), false) if self.rng.percent(60) => {
                json!({ "join_rule": "restricted", "allow": [{ "type": "m.room_membership", "room_id": space }] })
            }
            _ => json!({ "join_rule": "invite" }),
        };
        let mut simple: Vec<(&'static str, String, Value)> = vec![
            ("m.room.join_rules", String::new(), join_rules),
            ("m.room.power_levels", String::new(), self.power_levels(&room, &creators, large)),
            (
                "m.room.history_visibility",
                String::new(),
                json!({ "history_visibility": *self.rng.pick(&["shared", "shared", "joined", "invited", "world_readable"]) }),
            ),
        ];
        if self.rng.percent(40) {
            simple.push((
                "m.room.guest_access",
                String::new(),
                json!({ "guest_access": if public { "can_join" } else { "forbidden" } }),
            ));
        }
        if encrypted {
            simple.push((
                "m.room.encryption",
                String::new(),
                json!({ "algorithm": "m.megolm.v1.aes-sha2", "rotation_period_ms": 604_800_000u64, "rotation_period_msgs": 100 }),
            ));
        }
        if joined > 2 || self.rng.percent(30) {
            let name = format!("{} {}", self.rng.pick(WORDS), self.rng.pick(WORDS));
            simple.push(("m.room.name", String::new(), json!({ "name": name })));
        }
        let redacted_topic = self.rng.percent(5);
        if !redacted_topic && self.rng.percent(60) {
            let topic = self.sentence(4, 30);
            let content = if self.rng.percent(50) {
                json!({ "topic": topic, "m.topic": { "m.text": [{ "body": topic }] } })
            } else {
                json!({ "topic": topic })
            };
            simple.push(("m.room.topic", String::new(), content));
        }
        if self.rng.percent(35) {
            simple.push((
                "m.room.avatar",
                String::new(),
                json!({
                    "url": format!("mxc://{server}/{}", self.rng.chars(ALPHA, 24)),
                    "info": { "mimetype": "image/png", "size": self.rng.range(5_000, 500_000), "w": 512, "h": 512 },
                }),
            ));
        }
        if public {
            let local = self.rng.chars(b"abcdefghijklmnopqrstuvwxyz", 8);
            let mut alias = json!({ "alias": format!("#{local}:{server}") });
            if self.rng.percent(30) {
                alias["alt_aliases"] = json!([format!("#{local}-old:{server}"), format!("#{local}:matrix.org")]);
            }
            simple.push(("m.room.canonical_alias", String::new(), alias));
        }
        if large && public && self.rng.percent(60) {
            let deny: Vec<String> =
                (0..self.rng.range(5, 60)).map(|_| format!("*.{}.example", self.rng.chars(b"abcdefghijklmnop", 10))).collect();
            simple.push((
                "m.room.server_acl",
                String::new(),
                json!({ "allow": ["*"], "allow_ip_literals": false, "deny": deny }),
            ));
        }
        if self.rng.percent(20) {
            let pinned: Vec<String> = (0..self.rng.range(1, 5)).map(|_| self.event_id()).collect();
            simple.push(("m.room.pinned_events", String::new(), json!({ "pinned": pinned })));
        }
        if let Some(space) = &space {
            simple.push(("m.space.parent", space.clone(), json!({ "canonical": true, "via": [server] })));
        }
        for (event_type, state_key, content) in simple {
            ts += self.rng.range(1000, 600_000);
            let unsigned = with_age(self.now - ts);
            state.push(self.event(event_type, Some(&state_key), &creator_id, content, ts, unsigned));
        }
        if redacted_topic {
            let (event, _) = self.redacted(&room, "m.room.topic", Some(""), &creator_id.clone(), json!({}), ts);
            state.push(event);
        }

        // The timeline: a full (limited) one, or the few events of a quiet room.
        let quiet = self.rng.percent(30);
        let timeline_len = if quiet { self.rng.range(1, 4) } else { self.rng.range(10, 20) } as usize;
        let mut ts = self.now - self.rng.range(60_000, 86_400_000);
        let mut timeline: Vec<Value> = Vec::with_capacity(timeline_len + 2);
        let mut recent: Vec<String> = Vec::new();
        let mut senders: Vec<usize> = vec![0];
        let mut thread_roots: Vec<String> = Vec::new();
        while timeline.len() < timeline_len {
            ts += self.rng.range(500, 600_000);
            let sender = room.active[self.rng.below(room.active.len() as u64) as usize];
            let sender_id = self.user_id(sender);
            if !senders.contains(&sender) {
                senders.push(sender);
            }
            let roll = self.rng.below(100);
            let event = if roll < 5 {
                let unsigned = self.timeline_unsigned(&sender_id, ts);
                self.member_event(sender, "join", ts, unsigned)
            } else if roll < 6 {
                let topic = self.sentence(4, 20);
                let unsigned = self.timeline_unsigned(&sender_id, ts);
                self.event("m.room.topic", Some(""), &sender_id, json!({ "topic": topic }), ts, unsigned)
            } else if roll < 18 && !recent.is_empty() {
                let target = self.rng.pick(&recent).clone();
                let key = *self.rng.pick(EMOJI);
                let content = json!({ "m.relates_to": { "rel_type": "m.annotation", "event_id": target, "key": key } });
                let unsigned = self.timeline_unsigned(&sender_id, ts);
                self.event("m.reaction", None, &sender_id, content, ts, unsigned)
            } else if roll < 24 {
                // A redacted message (or reaction), then the redaction itself.
                let event_type = if roll < 22 {
                    if room.encrypted {
                        "m.room.encrypted"
                    } else {
                        "m.room.message"
                    }
                } else {
                    "m.reaction"
                };
                let (event, mut redaction) = self.redacted(&room, event_type, None, &sender_id, json!({}), ts);
                if let Some(id) = event["event_id"].as_str() {
                    recent.push(id.to_string());
                }
                timeline.push(event);
                let redactor = redaction["sender"].as_str().unwrap_or_default().to_string();
                redaction["unsigned"] = Value::Object(self.timeline_unsigned(&redactor, ts));
                redaction
            } else if roll < 30 && !recent.is_empty() {
                // A reply in a thread.
                let root = thread_roots.last().cloned().unwrap_or_else(|| self.rng.pick(&recent).clone());
                let last = recent.last().cloned().unwrap_or_else(|| root.clone());
                let relates_to = json!({
                    "rel_type": "m.thread",
                    "event_id": root,
                    "is_falling_back": true,
                    "m.in_reply_to": { "event_id": last },
                });
                let (event_type, content) = self.room_message(&room, &recent, Some(relates_to));
                let unsigned = self.timeline_unsigned(&sender_id, ts);
                self.event(event_type, None, &sender_id, content, ts, unsigned)
            } else if roll < 33 && !recent.is_empty() && !room.encrypted {
                // An edit in the timeline.
                let target = recent.last().cloned().unwrap_or_default();
                let body = self.sentence(2, 20);
                let content = json!({
                    "msgtype": "m.text",
                    "body": format!(" * {body}"),
                    "m.new_content": { "msgtype": "m.text", "body": body },
                    "m.relates_to": { "rel_type": "m.replace", "event_id": target },
                });
                let unsigned = self.timeline_unsigned(&sender_id, ts);
                self.event("m.room.message", None, &sender_id, content, ts, unsigned)
            } else {
                let (event_type, content) = self.room_message(&room, &recent, None);
                let mut unsigned = self.timeline_unsigned(&sender_id, ts);
                let root_id = self.event_id();
                if let Some(relations) = self.relations(&room, &root_id, ts) {
                    if relations.get("m.thread").is_some() {
                        thread_roots.push(root_id.clone());
                    }
                    unsigned.insert("m.relations".into(), relations);
                }
                let mut event = self.event(event_type, None, &sender_id, content, ts, unsigned);
                event["event_id"] = json!(root_id);
                event
            };
            if let Some(id) = event["event_id"].as_str() {
                recent.push(id.to_string());
            }
            timeline.push(event);
        }
        let last_event = recent.last().cloned().unwrap_or_default();

        // Lazy-loaded members: the syncing user, the heroes and the timeline's senders.
        let heroes: Vec<usize> = room.active.iter().skip(1).take(5).copied().collect();
        let mut shown: Vec<usize> = vec![0];
        for &u in heroes.iter().chain(&senders) {
            if !shown.contains(&u) {
                shown.push(u);
            }
        }
        let mut ts = self.now - self.rng.range(86_400_000, 86_400_000 * 30);
        for &m in &shown {
            ts += self.rng.range(1000, 600_000);
            let unsigned = with_age(self.now - ts);
            if m != 0 && self.rng.percent(2) {
                // A redacted join keeps `membership` only.
                let user_id = self.user_id(m);
                let (event, _) =
                    self.redacted(&room, "m.room.member", Some(&user_id.clone()), &user_id, json!({ "membership": "join" }), ts);
                state.push(event);
            } else {
                state.push(self.member_event(m, "join", ts, unsigned));
            }
        }

        // Ephemeral: typing and receipts (threaded and not; the syncing user's private one).
        let typing_users: Vec<usize> = room.active.iter().copied().filter(|_| self.rng.percent(5)).take(3).collect();
        let typing: Vec<String> = typing_users.iter().map(|&m| self.user_id(m)).collect();
        let mut receipts = Map::new();
        for (i, &m) in room.active.iter().enumerate() {
            if !self.rng.percent(60) {
                continue;
            }
            let target = if i == 0 || recent.is_empty() { last_event.clone() } else { self.rng.pick(&recent).clone() };
            let mut receipt = json!({ "ts": self.now - self.rng.range(1000, 3_600_000) });
            if self.rng.percent(30) {
                receipt["thread_id"] = json!(match thread_roots.first() {
                    Some(root) if self.rng.percent(50) => root.clone(),
                    _ => "main".to_string(),
                });
            }
            let kind = if i == 0 && self.rng.percent(50) { "m.read.private" } else { "m.read" };
            let slot = receipts.entry(target).or_insert_with(|| json!({}));
            if slot.get(kind).is_none() {
                slot[kind] = json!({});
            }
            slot[kind][self.user_id(m)] = receipt;
        }
        let mut ephemeral = vec![json!({ "type": "m.typing", "content": { "user_ids": typing } })];
        if !receipts.is_empty() {
            ephemeral.push(json!({ "type": "m.receipt", "content": receipts }));
        }

        // Room account data.
        let mut account_data = vec![json!({ "type": "m.fully_read", "content": { "event_id": last_event } })];
        if self.rng.percent(25) {
            let tag = if self.rng.percent(50) { "m.favourite" } else { "u.work" };
            let order = self.rng.below(1000) as f64 / 1000.0 + 0.0005;
            account_data.push(json!({ "type": "m.tag", "content": { "tags": { tag: { "order": order } } } }));
        }

        let mut room_json = Map::new();
        let hero_ids: Vec<String> = heroes.iter().map(|&m| self.user_id(m)).collect();
        room_json.insert(
            "summary".into(),
            json!({ "m.heroes": hero_ids, "m.joined_member_count": joined, "m.invited_member_count": self.rng.range(0, 2) }),
        );
        room_json.insert("state".into(), json!({ "events": state }));
        room_json.insert(
            "timeline".into(),
            json!({
                "events": timeline,
                "limited": !quiet,
                "prev_batch": format!("t{}-{}_0_0_0_0_0_0_0_0", self.rng.range(10_000, 99_999), self.rng.range(1_000_000, 9_999_999)),
            }),
        );
        room_json.insert("ephemeral".into(), json!({ "events": ephemeral }));
        room_json.insert("account_data".into(), json!({ "events": account_data }));
        let notifications = self.rng.below(20);
        room_json.insert(
            "unread_notifications".into(),
            json!({ "highlight_count": notifications / 5, "notification_count": notifications }),
        );
        if !thread_roots.is_empty() {
            let mut threads = Map::new();
            for root in &thread_roots {
                let n = self.rng.range(1, 5);
                threads.insert(root.clone(), json!({ "highlight_count": 0, "notification_count": n }));
            }
            room_json.insert("unread_thread_notifications".into(), Value::Object(threads));
        }
        (room_id, Value::Object(room_json))
    }

    fn global_account_data(&mut self, rooms: &[String]) -> Value {
        let mut direct = Map::new();
        for (i, room) in rooms.iter().enumerate().take(8) {
            direct.insert(self.user_id(1 + i), json!([room]));
        }
        let me = self.me.clone();
        let local = me.split(':').next().unwrap_or("@me").trim_start_matches('@').to_string();
        let push_rules = json!({
            "global": {
                "content": [{
                    "actions": ["notify", { "set_tweak": "sound", "value": "default" }, { "set_tweak": "highlight" }],
                    "default": true,
                    "enabled": true,
                    "pattern": local,
                    "rule_id": ".m.rule.contains_user_name",
                }],
                "override": [{
                    "actions": [],
                    "conditions": [],
                    "default": true,
                    "enabled": false,
                    "rule_id": ".m.rule.master",
                }, {
                    "actions": [],
                    "conditions": [{ "key": "content.msgtype", "kind": "event_match", "pattern": "m.notice" }],
                    "default": true,
                    "enabled": true,
                    "rule_id": ".m.rule.suppress_notices",
                }, {
                    "actions": ["notify", { "set_tweak": "highlight" }],
                    "conditions": [{ "key": "content.m\\.mentions.user_ids", "kind": "event_property_contains", "value": me }],
                    "default": true,
                    "enabled": true,
                    "rule_id": ".m.rule.is_user_mention",
                }],
                "room": [],
                "sender": [],
                "underride": [{
                    "actions": ["notify", { "set_tweak": "sound", "value": "ring" }, { "set_tweak": "highlight", "value": false }],
                    "conditions": [{ "key": "type", "kind": "event_match", "pattern": "m.call.invite" }],
                    "default": true,
                    "enabled": true,
                    "rule_id": ".m.rule.call",
                }, {
                    "actions": ["notify", { "set_tweak": "highlight", "value": false }],
                    "conditions": [{ "key": "type", "kind": "event_match", "pattern": "m.room.encrypted" }],
                    "default": true,
                    "enabled": true,
                    "rule_id": ".m.rule.encrypted",
                }, {
                    "actions": ["notify", { "set_tweak": "highlight", "value": false }],
                    "conditions": [{ "key": "type", "kind": "event_match", "pattern": "m.room.message" }],
                    "default": true,
                    "enabled": true,
                    "rule_id": ".m.rule.message",
                }],
            }
        });
        let ignored = self.user();
        json!({ "events": [
            { "type": "m.direct", "content": direct },
            { "type": "m.push_rules", "content": push_rules },
            { "type": "m.ignored_user_list", "content": { "ignored_users": { self.user_id(ignored): {} } } },
        ] })
    }

    fn presence(&mut self, count: usize) -> Value {
        let mut events = Vec::new();
        for i in 0..count.min(self.users.len() - 1) {
            let m = 1 + i;
            let presence = *self.rng.pick(&["online", "online", "unavailable", "offline"]);
            let mut content = json!({ "presence": presence, "last_active_ago": self.rng.range(1000, 86_400_000) });
            if presence == "online" {
                content["currently_active"] = json!(self.rng.percent(60));
            }
            if self.rng.percent(15) {
                content["status_msg"] = json!(self.sentence(1, 5));
            }
            events.push(json!({ "type": "m.presence", "sender": self.user_id(m), "content": content }));
        }
        json!({ "events": events })
    }

    fn device_messages(&mut self, count: usize) -> Value {
        let mut events = Vec::new();
        for _ in 0..count {
            let sender = self.user();
            let sender_id = self.user_id(sender);
            if self.rng.percent(85) {
                // Olm: one ciphertext per recipient device key.
                let mut ciphertext = Map::new();
                let len = self.rng.range(400, 2400) as usize;
                ciphertext.insert(
                    self.curve_key(),
                    json!({ "type": if self.rng.percent(20) { 0 } else { 1 }, "body": self.rng.chars(BASE64, len) }),
                );
                events.push(json!({
                    "type": "m.room.encrypted",
                    "sender": sender_id,
                    "content": {
                        "algorithm": "m.olm.v1.curve25519-aes-sha2",
                        "sender_key": self.curve_key(),
                        "ciphertext": ciphertext,
                    },
                }));
            } else {
                events.push(json!({
                    "type": "m.room_key_request",
                    "sender": sender_id,
                    "content": {
                        "action": "request_cancellation",
                        "request_id": self.rng.chars(ALPHA, 16),
                        "requesting_device_id": self.rng.chars(UPPER, 10),
                    },
                }));
            }
        }
        json!({ "events": events })
    }

    fn response(&mut self, target: usize) -> Value {
        // The non-room sections scale gently with the size; rooms fill the rest.
        let presence_count = 5 + target / 50_000;
        let to_device_count = 3 + target / 100_000;
        let presence = self.presence(presence_count);
        let to_device = self.device_messages(to_device_count);
        let changed: Vec<String> = (0..3 + target / 200_000)
            .map(|_| {
                let u = self.user();
                self.user_id(u)
            })
            .collect();
        let left_user = self.user();
        let left = vec![self.user_id(left_user)];

        let mut join = Map::new();
        let mut room_ids = Vec::new();
        // Everything but the rooms: presence, to-device, account data (about 3 KB).
        let mut total = canonical_len(&presence) + canonical_len(&to_device) + 3500;
        while total < target {
            let (room_id, room) = self.room();
            total += room_id.len() + canonical_len(&room) + 4;
            room_ids.push(room_id.clone());
            join.insert(room_id, room);
        }
        let account_data = self.global_account_data(&room_ids);

        json!({
            "next_batch": format!("s{}_{}_0_{}_{}_1_{}_{}_0_1", self.rng.range(1_000_000, 9_999_999), self.rng.range(1000, 99_999), self.rng.range(100, 999), self.rng.range(1000, 9999), self.rng.range(100, 999), self.rng.range(10_000, 99_999)),
            "account_data": account_data,
            "presence": presence,
            "to_device": to_device,
            "device_lists": { "changed": changed, "left": left },
            "device_one_time_keys_count": { "signed_curve25519": self.rng.range(0, 50) },
            "device_unused_fallback_key_types": ["signed_curve25519"],
            "rooms": { "join": join },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_close_to_their_targets_and_deterministic() {
        for size in Size::ALL {
            let bytes = generate(size);
            let target = size.target_bytes();
            assert!(
                bytes.len() >= target * 9 / 10 && bytes.len() <= target * 13 / 10,
                "{size:?}: {} bytes",
                bytes.len()
            );
            if size != Size::Large {
                assert_eq!(bytes, generate(size), "{size:?} is not deterministic");
            }
        }
    }

    #[test]
    fn output_is_ascii_compact_and_sorted_like_synapse() {
        let bytes = generate(Size::Small);
        assert!(bytes.is_ascii(), "every non-ASCII character is escaped");
        let text = std::str::from_utf8(&bytes).expect("ASCII");
        assert!(text.contains("\\ud83d"), "emoji are written as surrogate pairs");
        // Re-writing the parsed value gives the same bytes: compact, escaped and sorted.
        let value: Value = serde_json::from_slice(&bytes).expect("valid JSON");
        let mut again = Vec::new();
        write_canonical(&value, &mut again);
        assert_eq!(again, bytes);
        // And the keys of every object are in order in the bytes themselves (read with a
        // visitor, whatever map type serde_json is built with).
        let objects = serde_json::from_slice::<SortedObjects>(&bytes).expect("keys sorted at every level").0;
        assert!(objects > 500, "{objects} objects");
    }

    /// Counts the objects of a JSON text, failing on an object whose keys are out of order.
    struct SortedObjects(usize);

    impl<'de> serde::Deserialize<'de> for SortedObjects {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> serde::de::Visitor<'de> for V {
                type Value = SortedObjects;
                fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str("JSON")
                }
                fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<SortedObjects, A::Error> {
                    let mut previous: Option<String> = None;
                    let mut count = 1;
                    while let Some(key) = map.next_key::<String>()? {
                        if previous.as_ref().is_some_and(|p| *p >= key) {
                            return Err(serde::de::Error::custom(format!("key {key} after {previous:?}")));
                        }
                        count += map.next_value::<SortedObjects>()?.0;
                        previous = Some(key);
                    }
                    Ok(SortedObjects(count))
                }
                fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<SortedObjects, A::Error> {
                    let mut count = 0;
                    while let Some(inner) = seq.next_element::<SortedObjects>()? {
                        count += inner.0;
                    }
                    Ok(SortedObjects(count))
                }
                fn visit_str<E>(self, _: &str) -> Result<SortedObjects, E> {
                    Ok(SortedObjects(0))
                }
                fn visit_bool<E>(self, _: bool) -> Result<SortedObjects, E> {
                    Ok(SortedObjects(0))
                }
                fn visit_u64<E>(self, _: u64) -> Result<SortedObjects, E> {
                    Ok(SortedObjects(0))
                }
                fn visit_i64<E>(self, _: i64) -> Result<SortedObjects, E> {
                    Ok(SortedObjects(0))
                }
                fn visit_f64<E>(self, _: f64) -> Result<SortedObjects, E> {
                    Ok(SortedObjects(0))
                }
                fn visit_unit<E>(self) -> Result<SortedObjects, E> {
                    Ok(SortedObjects(0))
                }
            }
            deserializer.deserialize_any(V)
        }
    }

    #[test]
    fn write_canonical_escapes_like_python() {
        let mut out = Vec::new();
        write_canonical(&json!({ "b": "é😀\n\"/\\", "a": [1, 0.5, null, true] }), &mut out);
        assert_eq!(String::from_utf8(out).expect("ascii"), r#"{"a":[1,0.5,null,true],"b":"\u00e9\ud83d\ude00\n\"/\\"}"#);
    }
}
