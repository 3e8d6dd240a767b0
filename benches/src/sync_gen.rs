//! A deterministic generator of realistic `/sync` responses (`GET /_matrix/client/v3/sync`).
//!
//! The output looks like what a homeserver sends on an initial sync: joined rooms with their
//! state (in `state`, or `state_after` for clients that ask for `use_state_after`), a limited
//! timeline of recent events, ephemeral events, room account data and summaries; global account
//! data, presence, to-device messages, device list changes and one-time-key counts. Every event
//! is valid per the Matrix specification (`tests` check that both generated-api and ruma decode
//! each one into a typed, non-custom variant).
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
    serde_json::to_vec(&value).expect("a serde_json::Value always serializes")
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

struct Gen {
    rng: Rng,
    users: Vec<Member>,
    me: String,
    now: u64,
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

    fn room_id(&mut self) -> String {
        let server = *self.rng.pick(SERVERS);
        format!("!{}:{server}", self.rng.chars(ALPHA, 18))
    }

    fn curve_key(&mut self) -> String {
        self.rng.chars(BASE64, 43)
    }

    fn user(&mut self) -> usize {
        self.rng.below(self.users.len() as u64) as usize
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

    fn unsigned(&mut self) -> Value {
        json!({ "age": self.rng.range(100, 86_400_000) })
    }

    /// A room event (`SyncRoomEvent`): no `room_id`, as in /sync.
    fn room_event(&mut self, event_type: &str, sender: &str, content: Value, ts: u64) -> Value {
        let mut unsigned = self.unsigned();
        if sender == self.me && self.rng.percent(30) {
            unsigned["transaction_id"] = json!(format!("m{}.{}", ts, self.rng.below(100)));
        }
        json!({
            "content": content,
            "origin_server_ts": ts,
            "sender": sender,
            "type": event_type,
            "unsigned": unsigned,
            "event_id": self.event_id(),
        })
    }

    /// A state event (`SyncStateEvent`).
    fn state_event(&mut self, event_type: &str, state_key: &str, sender: &str, content: Value, ts: u64) -> Value {
        let mut event = self.room_event(event_type, sender, content, ts);
        event["state_key"] = json!(state_key);
        event
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

    fn message_content(&mut self, recent: &[String]) -> (&'static str, Value) {
        let roll = self.rng.below(100);
        if roll < 55 {
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
            if self.rng.percent(20) {
                let u = self.user();
                content["m.mentions"] = json!({ "user_ids": [self.users[u].user_id.clone()] });
            }
            ("m.room.message", content)
        } else if roll < 63 {
            let body = format!("[bot] {}", self.sentence(5, 40));
            ("m.room.message", json!({ "msgtype": "m.notice", "body": body }))
        } else if roll < 70 {
            let server = *self.rng.pick(SERVERS);
            let w = self.rng.range(200, 4000);
            let h = self.rng.range(200, 3000);
            let content = json!({
                "msgtype": "m.image",
                "body": format!("IMG_{}.jpg", self.rng.range(1000, 9999)),
                "url": format!("mxc://{server}/{}", self.rng.chars(ALPHA, 24)),
                "info": {
                    "mimetype": "image/jpeg",
                    "size": self.rng.range(20_000, 5_000_000),
                    "w": w,
                    "h": h,
                    "thumbnail_url": format!("mxc://{server}/{}", self.rng.chars(ALPHA, 24)),
                    "thumbnail_info": { "mimetype": "image/jpeg", "size": self.rng.range(2_000, 60_000), "w": 800, "h": 600 },
                },
            });
            ("m.room.message", content)
        } else if roll < 84 && !recent.is_empty() {
            let target = self.rng.pick(recent).clone();
            let key = *self.rng.pick(EMOJI);
            ("m.reaction", json!({ "m.relates_to": { "rel_type": "m.annotation", "event_id": target, "key": key } }))
        } else if roll < 87 && !recent.is_empty() {
            let target = self.rng.pick(recent).clone();
            let mut content = json!({ "redacts": target });
            if self.rng.percent(40) {
                content["reason"] = json!("spam");
            }
            ("m.room.redaction", content)
        } else {
            // Megolm-encrypted room message (most messages in private rooms look like this).
            let len = self.rng.range(200, 900) as usize;
            let content = json!({
                "algorithm": "m.megolm.v1.aes-sha2",
                "ciphertext": self.rng.chars(BASE64, len),
                "device_id": self.rng.chars(UPPER, 10),
                "sender_key": self.curve_key(),
                "session_id": self.curve_key(),
            });
            ("m.room.encrypted", content)
        }
    }

    fn power_levels(&mut self, creator: usize, members: &[usize]) -> Value {
        let mut users = Map::new();
        users.insert(self.users[creator].user_id.clone(), json!(100));
        for &m in members.iter().take(3) {
            if m != creator {
                users.insert(self.users[m].user_id.clone(), json!(50));
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
                "m.room.power_levels": 100,
                "m.room.server_acl": 100,
                "m.room.tombstone": 100,
            },
            "events_default": 0,
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
        let room_id = self.room_id();
        let member_count = if self.rng.percent(8) { self.rng.range(80, 300) } else { self.rng.range(2, 40) } as usize;
        let member_count = member_count.min(self.users.len() - 1);
        let mut members = vec![0usize];
        while members.len() < member_count {
            let u = self.user();
            if !members.contains(&u) {
                members.push(u);
            }
        }
        let creator = members[self.rng.below(members.len() as u64) as usize];
        let creator_id = self.users[creator].user_id.clone();
        let mut ts = self.now - self.rng.range(86_400_000, 86_400_000 * 400);

        // The room's state.
        let mut state = Vec::new();
        let v11 = self.rng.percent(60);
        let create = if v11 {
            json!({ "room_version": "11" })
        } else {
            json!({ "creator": creator_id, "room_version": "10", "m.federate": true })
        };
        state.push(self.state_event("m.room.create", "", &creator_id.clone(), create, ts));
        ts += 1000;
        let join_rule = if self.rng.percent(30) { "public" } else { "invite" };
        state.push(self.state_event(
            "m.room.join_rules",
            "",
            &creator_id.clone(),
            json!({ "join_rule": join_rule }),
            ts,
        ));
        let pl = self.power_levels(creator, &members);
        state.push(self.state_event("m.room.power_levels", "", &creator_id.clone(), pl, ts));
        if member_count > 2 || self.rng.percent(30) {
            let name = format!("{} {}", self.rng.pick(WORDS), self.rng.pick(WORDS));
            state.push(self.state_event("m.room.name", "", &creator_id.clone(), json!({ "name": name }), ts));
        }
        if self.rng.percent(50) {
            let topic = self.sentence(4, 20);
            state.push(self.state_event("m.room.topic", "", &creator_id.clone(), json!({ "topic": topic }), ts));
        }
        for &m in &members {
            ts += self.rng.range(1000, 86_400_000);
            let membership = if m == 0 || self.rng.percent(92) { "join" } else { "leave" };
            let content = self.member_content(m, membership);
            let user_id = self.users[m].user_id.clone();
            state.push(self.state_event("m.room.member", &user_id, &user_id, content, ts));
        }

        // The timeline: the most recent events, some of them state changes.
        let timeline_len = self.rng.range(5, 45) as usize;
        let mut ts = self.now - self.rng.range(60_000, 86_400_000);
        let mut timeline = Vec::with_capacity(timeline_len);
        let mut recent: Vec<String> = Vec::new();
        for _ in 0..timeline_len {
            ts += self.rng.range(500, 600_000);
            let sender = members[self.rng.below(members.len() as u64) as usize];
            let sender_id = self.users[sender].user_id.clone();
            let event = if self.rng.percent(6) {
                let content = self.member_content(sender, "join");
                self.state_event("m.room.member", &sender_id, &sender_id, content, ts)
            } else if self.rng.percent(2) {
                let topic = self.sentence(4, 20);
                self.state_event("m.room.topic", "", &sender_id, json!({ "topic": topic }), ts)
            } else {
                let (event_type, content) = self.message_content(&recent);
                self.room_event(event_type, &sender_id, content, ts)
            };
            if let Some(id) = event["event_id"].as_str() {
                recent.push(id.to_string());
            }
            timeline.push(event);
        }
        let last_event = recent.last().cloned().unwrap_or_default();

        // Ephemeral: typing and receipts.
        let typing: Vec<String> =
            members.iter().filter(|_| self.rng.percent(5)).map(|&m| self.users[m].user_id.clone()).take(3).collect();
        let mut readers = Map::new();
        for &m in members.iter().take(12) {
            if self.rng.percent(60) {
                let mut receipt = json!({ "ts": self.now - self.rng.range(1000, 3_600_000) });
                if self.rng.percent(30) {
                    receipt["thread_id"] = json!("main");
                }
                readers.insert(self.users[m].user_id.clone(), receipt);
            }
        }
        let mut ephemeral = vec![json!({ "type": "m.typing", "content": { "user_ids": typing } })];
        if !readers.is_empty() {
            ephemeral.push(json!({ "type": "m.receipt", "content": { last_event.clone(): { "m.read": readers } } }));
        }

        // Room account data.
        let mut account_data = vec![json!({ "type": "m.fully_read", "content": { "event_id": last_event } })];
        if self.rng.percent(25) {
            let tag = if self.rng.percent(50) { "m.favourite" } else { "u.work" };
            let order = self.rng.below(1000) as f64 / 1000.0 + 0.0005;
            account_data.push(json!({ "type": "m.tag", "content": { "tags": { tag: { "order": order } } } }));
        }

        let heroes: Vec<String> = members.iter().skip(1).take(5).map(|&m| self.users[m].user_id.clone()).collect();
        let mut room = Map::new();
        room.insert(
            "summary".into(),
            json!({ "m.heroes": heroes, "m.joined_member_count": member_count, "m.invited_member_count": 0 }),
        );
        // Initial syncs send the state before the timeline in `state`; clients that ask for
        // `use_state_after` get `state_after` instead.
        let state_key = if self.rng.percent(25) { "state_after" } else { "state" };
        room.insert(state_key.into(), json!({ "events": state }));
        room.insert(
            "timeline".into(),
            json!({
                "events": timeline,
                "limited": true,
                "prev_batch": format!("t{}-{}_0_0_0_0_0_0_0_0", self.rng.range(10_000, 99_999), self.rng.range(1_000_000, 9_999_999)),
            }),
        );
        room.insert("ephemeral".into(), json!({ "events": ephemeral }));
        room.insert("account_data".into(), json!({ "events": account_data }));
        let notifications = self.rng.below(20);
        room.insert(
            "unread_notifications".into(),
            json!({ "highlight_count": notifications / 5, "notification_count": notifications }),
        );
        (room_id, Value::Object(room))
    }

    fn global_account_data(&mut self, rooms: &[String]) -> Value {
        let mut direct = Map::new();
        for (i, room) in rooms.iter().enumerate().take(8) {
            direct.insert(self.users[1 + i].user_id.clone(), json!([room]));
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
                    "conditions": [{ "key": "type", "kind": "event_match", "pattern": "m.room.message" }],
                    "default": true,
                    "enabled": true,
                    "rule_id": ".m.rule.message",
                }],
            }
        });
        json!({ "events": [
            { "type": "m.direct", "content": direct },
            { "type": "m.push_rules", "content": push_rules },
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
            content["displayname"] = json!(self.users[m].displayname);
            if let Some(avatar) = &self.users[m].avatar {
                content["avatar_url"] = json!(avatar);
            }
            if self.rng.percent(15) {
                content["status_msg"] = json!(self.sentence(1, 5));
            }
            events.push(json!({ "type": "m.presence", "sender": self.users[m].user_id, "content": content }));
        }
        json!({ "events": events })
    }

    fn device_messages(&mut self, count: usize, rooms: &[String]) -> Value {
        let mut events = Vec::new();
        for _ in 0..count {
            let sender = self.user();
            let sender_id = self.users[sender].user_id.clone();
            if self.rng.percent(70) {
                let mut ciphertext = Map::new();
                let len = self.rng.range(400, 1400) as usize;
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
                let room = if rooms.is_empty() { self.room_id() } else { self.rng.pick(rooms).clone() };
                events.push(json!({
                    "type": "m.room_key",
                    "sender": sender_id,
                    "content": {
                        "algorithm": "m.megolm.v1.aes-sha2",
                        "room_id": room,
                        "session_id": self.curve_key(),
                        "session_key": self.rng.chars(BASE64, 304),
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
        let changed: Vec<String> = (0..3 + target / 200_000)
            .map(|_| {
                let u = self.user();
                self.users[u].user_id.clone()
            })
            .collect();
        let left_user = self.user();
        let left = vec![self.users[left_user].user_id.clone()];

        let mut join = Map::new();
        let mut room_ids = Vec::new();
        // Rough size of everything but the rooms: presence, to-device, account data.
        let mut total = serde_json::to_vec(&presence).map(|v| v.len()).unwrap_or(0) + to_device_count * 900 + 2500;
        while total < target {
            let (room_id, room) = self.room();
            total += room_id.len() + serde_json::to_vec(&room).map(|v| v.len()).unwrap_or(0) + 4;
            room_ids.push(room_id.clone());
            join.insert(room_id, room);
        }
        let account_data = self.global_account_data(&room_ids);
        let to_device = self.device_messages(to_device_count, &room_ids);

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
}
