//! Every Matrix-specific choice of the IR, in one place, each with its reason.
//!
//! The rest of the IR maps JSON Schema to Rust generically; what depends on Matrix (which
//! formats are identifiers, how event files are named, where the spec's data needs a hand)
//! lives here.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::load::model::Api;

use super::model::{Feature, ModulePath, TypeRef};
use super::naming::{camel_case, snake_case};

/// The runtime identifier type for a string `format` (and for `x-pattern-format` map keys).
///
/// The identifier types accept whatever a server sends and validate on request, so decoding
/// never fails on an unusual but real-world ID.
pub fn identifier_for_format(format: &str) -> Option<&'static str> {
    Some(match format {
        "mx-user-id" => "UserId",
        "mx-room-id" => "RoomId",
        "mx-event-id" => "EventId",
        "mx-room-alias" => "RoomAlias",
        "mx-server-name" => "ServerName",
        "mx-mxc-uri" => "MxcUri",
        "uri" => "Url",
        "email" => "Email",
        _ => return None,
    })
}

/// Identifiers by meaning: fields and parameters whose name says what they hold, where the
/// spec writes a plain `string` (or `format: uri` for media). The identifier types decode any
/// string (lossless for odd real-world IDs) and validate on request, so typing by name never
/// makes a response fail.
pub struct NamedIdentifier {
    /// The wire names (fields and parameters; a list of IDs is typed item by item).
    pub names: &'static [&'static str],
    /// The runtime identifier type.
    pub identifier: &'static str,
}

/// The identifier types by field and parameter name.
pub const IDENTIFIER_NAMES: &[NamedIdentifier] = &[
    NamedIdentifier { names: &["room_id", "roomId", "room_ids"], identifier: "RoomId" },
    NamedIdentifier {
        names: &["event_id", "eventId", "event_ids", "redacts", "latest_event_id", "in_reply_to"],
        identifier: "EventId",
    },
    NamedIdentifier {
        names: &["sender", "user_id", "userId", "user_ids", "mxid", "target_user_id", "invite", "m.heroes", "inviter"],
        identifier: "UserId",
    },
    NamedIdentifier { names: &["device_id", "deviceId", "requesting_device_id", "device_ids"], identifier: "DeviceId" },
    NamedIdentifier { names: &["txnId", "transaction_id"], identifier: "TransactionId" },
    NamedIdentifier {
        names: &["origin", "server_name", "serverName", "via", "servers", "origin_server", "destination"],
        identifier: "ServerName",
    },
    NamedIdentifier { names: &["room_alias", "roomAlias", "alias", "alt_aliases", "aliases"], identifier: "RoomAlias" },
    NamedIdentifier {
        names: &["avatar_url", "thumbnail_url", "url", "og:image", "content_uri", "icon"],
        identifier: "MxcUri",
    },
];

/// Places where a name of [`IDENTIFIER_NAMES`] holds something else, with the reason: the
/// location (`file#pointer`) starts with the first string, the wire name is the second.
pub const IDENTIFIER_NAME_EXCEPTIONS: &[(&str, &str, &str)] = &[
    ("api/client-server/pusher.yaml#", "url", "a pusher's `data.url` is the push gateway's HTTP URL"),
    ("api/push-gateway/", "url", "push gateway URLs are HTTP URLs"),
    ("api/client-server/authed-content-repo.yaml#/paths/~1media~1preview_url", "url", "the page being previewed"),
    ("api/client-server/content-repo.yaml#/paths/~1media~1v3~1preview_url", "url", "the page being previewed"),
    ("api/identity/", "url", "identity service URLs (terms, policies) are HTTP URLs"),
    ("api/client-server/definitions/m.oauth_params.yaml#", "url", "OAuth URLs"),
    ("schemas/oauth2-client-metadata.yaml#", "url", "OAuth client metadata URLs"),
    ("api/client-server/wellknown.yaml#", "url", "server discovery URLs"),
    // A PDU's `origin` is deprecated and servers put odd values there; a transaction's `origin`
    // (the sending server) is typed.
    ("api/server-server/definitions/invite_event.yaml#", "origin", "a PDU's deprecated `origin`"),
    ("api/server-server/invites-v1.yaml#", "origin", "a PDU's deprecated `origin`"),
    ("api/server-server/joins-v1.yaml#", "origin", "a PDU's deprecated `origin`"),
    ("api/server-server/joins-v2.yaml#", "origin", "a PDU's deprecated `origin`"),
    ("api/server-server/knocks.yaml#", "origin", "a PDU's deprecated `origin`"),
    ("api/server-server/leaving-v1.yaml#", "origin", "a PDU's deprecated `origin`"),
    ("api/server-server/leaving-v2.yaml#", "origin", "a PDU's deprecated `origin`"),
];

/// The identifier type a field or parameter named `name` at `location` holds, if its name says
/// so (see [`IDENTIFIER_NAMES`] and its exceptions).
pub fn identifier_for_name(name: &str, location: &str) -> Option<&'static str> {
    let excepted = IDENTIFIER_NAME_EXCEPTIONS.iter().any(|(at, n, _)| *n == name && location.starts_with(at));
    if excepted {
        return None;
    }
    IDENTIFIER_NAMES.iter().find(|rule| rule.names.contains(&name)).map(|rule| rule.identifier)
}

/// Fields that hold secrets: `Debug` prints `<redacted>` for them, so logging a request or a
/// response (a login, a key share) does not leak a credential. By wire name, with the reason.
pub const SECRET_FIELDS: &[(&str, &str)] = &[
    ("password", "account passwords (login, registration, password change, UIA)"),
    ("new_password", "the new account password"),
    ("access_token", "access tokens (login and refresh responses, the deprecated query parameter)"),
    ("refresh_token", "refresh tokens"),
    ("token", "login tokens (`m.login.token`), registration tokens, 3PID validation tokens"),
    ("login_token", "login tokens for another device"),
    ("id_access_token", "the identity server access token"),
    ("client_secret", "the 3PID session's client secret"),
    ("session_key", "Megolm session keys (`m.room_key`, `m.forwarded_room_key`)"),
    ("secret", "secret storage secrets (`m.secret.send`)"),
    ("hs_token", "the application service's homeserver token"),
    ("as_token", "the application service's token"),
];

/// Whether `Debug` must hide the value of a field named `name` (see [`SECRET_FIELDS`]).
pub fn is_secret_field(name: &str) -> bool {
    SECRET_FIELDS.iter().any(|(secret, _)| *secret == name)
}

/// Spec examples that do not fit their own schema, by operation (`{Api}/{operationId}`) and side
/// (`request` / `response`): the operation's doc example would fail, so it has none, for this
/// reason (the round-trip test lists the same examples as known invalid).
pub const INVALID_DOC_EXAMPLES: &[(&str, &str, &str)] = &[(
    "ClientServer/getProtocols",
    "response",
    "the spec's example lacks `icon` for the `gitter` protocol, which `definitions/protocol.yaml` requires",
)];

/// Why the spec's `side` example of `operation` cannot be a doc example, if it cannot
/// ([`INVALID_DOC_EXAMPLES`]).
pub fn invalid_doc_example(operation: &str, side: &str) -> Option<&'static str> {
    INVALID_DOC_EXAMPLES.iter().find(|(op, s, _)| *op == operation && *s == side).map(|(_, _, reason)| *reason)
}

/// Text fields every shape of a content family has (required in some, optional in others), by
/// the family's discriminator: the family enum gets an accessor for each, so reading them needs
/// no match over the shapes.
pub const FAMILY_TEXT_FIELDS: &[(&str, &str, &str)] = &[(
    "msgtype",
    "body",
    "every `m.room.message` msgtype has the `body` text fallback (optional only in `m.key.verification.request`)",
)];

/// The value a required `String` parameter takes in the operations' doc examples, by wire
/// name: a value of the kind the parameter names (an event type, a state key, ...), so the
/// examples read like real requests. Unlisted names take `example`.
pub fn string_parameter_sample(wire_name: &str) -> &'static str {
    match wire_name {
        "eventType" | "type" => "m.room.message",
        "stateKey" => "@alice:example.org",
        "userId" | "userid" | "user_id" => "@alice:example.org",
        "roomId" => "!room:example.org",
        "eventId" => "$event",
        "serverName" => "example.org",
        "mediaId" => "media",
        "txnId" => "txn1",
        "deviceId" => "DEVICE",
        "keyId" => "ed25519:DEVICE",
        "tag" => "u.work",
        "protocol" => "irc",
        "version" => "1",
        _ => "example",
    }
}

/// A valid text of each runtime identifier type, for generated samples (the constructor test)
/// and the tests that build values from the IR.
pub fn identifier_sample(identifier: &str) -> &'static str {
    match identifier {
        "UserId" => "@alice:example.org",
        "RoomId" | "RoomIdOrAlias" => "!room:example.org",
        "EventId" => "$event",
        "RoomAlias" => "#alias:example.org",
        "ServerName" => "example.org",
        "MxcUri" => "mxc://example.org/media",
        "Url" => "https://example.org/",
        "Email" => "alice@example.org",
        "KeyId" => "ed25519:DEVICE",
        "TransactionId" => "txn1",
        _ => "DEVICE",
    }
}

/// A type the IR uses at one place instead of what the schema there would give.
pub struct TypeOverride {
    /// The place (`file#pointer`, after resolution).
    pub at: &'static str,
    /// What to use.
    pub with: OverrideType,
    /// Why.
    pub reason: &'static str,
}

/// The replacement of a [`TypeOverride`].
pub enum OverrideType {
    /// A runtime identifier type.
    Identifier(&'static str),
    /// A generated event enum (of [`EVENT_ENUMS`]), by name.
    EventEnum(&'static str),
    /// A hand-written runtime type, by its path in the crate.
    Runtime(&'static str),
    /// The type generated for the schema at another place, boxed (for recursion).
    BoxedSameAs(&'static str),
    /// An object with an `events` list of a generated event enum (the runtime's `EventList`).
    EventList(&'static str),
    /// A generic hand-written runtime type (by its path in the crate) over the type generated
    /// for the schema at another place.
    RuntimeOf(&'static str, &'static str),
    /// The type generated for the schema at another place (an event's content: its
    /// `#/properties/content`).
    SameAs(&'static str),
}

/// The type overrides.
pub const TYPE_OVERRIDES: &[TypeOverride] = &[
    TypeOverride {
        at: "api/client-server/room_summary.yaml#/paths/~1room_summary~1{roomIdOrAlias}/get/parameters/0/schema",
        with: OverrideType::Identifier("RoomIdOrAlias"),
        reason: "`oneOf` two string formats (room ID | alias): one identifier type that tells them apart by sigil, \
                 rather than an untagged union whose first variant would accept both",
    },
    TypeOverride {
        at: "api/client-server/definitions/errors/error.yaml#",
        with: OverrideType::Runtime("crate::MatrixError"),
        reason: "the standard error body: the runtime's `MatrixError` has the open `ErrorCode` enum and keeps every \
                 extra field (soft_logout, retry_after_ms, ...) the spec's error examples carry",
    },
    TypeOverride {
        at: "api/client-server/definitions/errors/rate_limited.yaml#",
        with: OverrideType::Runtime("crate::MatrixError"),
        reason: "the rate-limit error is the standard error plus `retry_after_ms`, which `MatrixError` reads",
    },
    TypeOverride {
        at: "api/client-server/definitions/client_event_without_room_id.yaml#/properties/unsigned/properties/redacted_because",
        with: OverrideType::BoxedSameAs("api/client-server/definitions/client_event_without_room_id.yaml#"),
        reason: "the spec recurses by `title: ClientEvent` only (no `$ref`, which would be a cycle): the redaction \
                 event is itself a client event",
    },
    TypeOverride {
        at: "api/client-server/definitions/client_event.yaml#/properties/unsigned/properties/redacted_because",
        with: OverrideType::BoxedSameAs("api/client-server/definitions/client_event.yaml#"),
        reason: "as above, for the client event that carries its room ID",
    },
    TypeOverride {
        at: "event-schemas/schema/m.reaction.yaml#/properties/content/properties/m.relates_to",
        with: OverrideType::Runtime(RELATION),
        reason: "a reaction's relation is an annotation: the one relation type of every event content (see \
                 CONTENT_FIELDS), so a reaction decodes like any annotation and an unknown relation is kept",
    },
];

/// Content fields the spec defines in prose (and in unlinked definition files) rather than in
/// the event's schema: each is added, optional, to the content type of the listed event types
/// (to every shape of a content family, including the fallback of unknown shapes) unless the
/// schema has a field of that wire name already.
pub struct ContentField {
    /// The event types whose content takes the field.
    pub event_types: &'static [&'static str],
    /// The key on the wire.
    pub wire_name: &'static str,
    /// What it holds.
    pub ty: ContentFieldType,
    /// Its documentation (spec-site-relative links allowed).
    pub doc: &'static str,
    /// Why, with the spec's place.
    pub reason: &'static str,
}

/// The type of a [`ContentField`].
pub enum ContentFieldType {
    /// A hand-written runtime type, by its path in the crate.
    Runtime(&'static str),
    /// The type generated for the root of a spec file.
    FileRoot(&'static str),
    /// The content type of the events of an event schema file (its content family where the
    /// file is a family's base), boxed: the field sits inside that content.
    BoxedContentOf(&'static str),
}

/// The relation type of `m.relates_to` on event contents.
pub const RELATION: &str = "crate::relations::Relation";

/// The prose-defined content fields.
pub const CONTENT_FIELDS: &[ContentField] = &[
    ContentField {
        event_types: &["m.room.message", "m.sticker", "m.room.encrypted"],
        wire_name: "m.relates_to",
        ty: ContentFieldType::Runtime(RELATION),
        doc: "How this event relates to another one: a [rich reply](/client-server-api/#rich-replies), a \
              [thread](/client-server-api/#threading), an [edit](/client-server-api/#event-replacements), ... \
              (`m.relates_to`).",
        reason: "`definitions/m.relates_to.yaml` is linked from no event schema; the prose (\"Forming relationships \
                 between events\", rich replies, threading, event replacements, reference relations) puts it on \
                 the content of room messages and stickers, and the end-to-end encryption module keeps it in \
                 the clear on `m.room.encrypted`",
    },
    ContentField {
        event_types: &["m.room.message", "m.sticker"],
        wire_name: "m.mentions",
        ty: ContentFieldType::FileRoot("api/client-server/definitions/m.mentions.yaml"),
        doc: "The users and the room this event [mentions](/client-server-api/#user-and-room-mentions) \
              (`m.mentions`).",
        reason: "`definitions/m.mentions.yaml` is linked from no event schema; the prose (\"User and room \
                 mentions\", rich replies, event replacements) puts it on the content of messages",
    },
    ContentField {
        event_types: &["m.room.message"],
        wire_name: "m.new_content",
        ty: ContentFieldType::BoxedContentOf("event-schemas/schema/m.room.message.yaml"),
        doc: "For an [edit](/client-server-api/#event-replacements) (an `m.replace` relation): the new \
              content of the replaced event (`m.new_content`).",
        reason: "the prose of event replacements defines `m.new_content` beside an `m.replace` relation; the \
                 replacement of a message is message content",
    },
];

/// Rust field names for wire names the generic rule would name awkwardly, with the reason.
pub const FIELD_NAMES: &[(&str, &str, &str)] = &[
    ("m.relates_to", "relates_to", "the spec's `m.` namespace says nothing in Rust (ruma: `relates_to`)"),
    ("m.mentions", "mentions", "as above"),
    ("m.new_content", "new_content", "as above"),
];

/// The Rust name of a field whose wire name is in [`FIELD_NAMES`].
pub fn field_rust_name(wire_name: &str) -> Option<&'static str> {
    FIELD_NAMES.iter().find(|(wire, _, _)| *wire == wire_name).map(|(_, rust, _)| *rust)
}

/// Single-value enums that are tags: the value is what makes the type the type (a text message
/// is `msgtype: m.text`), so the generated struct has an associated constant (`MSGTYPE`) instead
/// of a field the user must fill, writes it on encode and checks it on decode. By the location
/// of the property (`file#pointer` prefix) and its name, with the reason.
pub const TAGS: &[(&str, &str, &str)] = &[
    (
        "event-schemas/schema/m.room.message$",
        "msgtype",
        "selects the shape of `m.room.message` content (the content family dispatches on it)",
    ),
    (
        "event-schemas/schema/m.key.verification.start$",
        "method",
        "selects the shape of `m.key.verification.start` content (the content family dispatches on it)",
    ),
    (
        "event-schemas/schema/m.key.verification.m.relates_to.yaml#",
        "rel_type",
        "the relation of an in-room verification event is always a reference",
    ),
];

/// Whether the single-value enum property at `location` is a tag (see [`TAGS`]).
pub fn is_tag(location: &str) -> bool {
    TAGS.iter().any(|(at, name, _)| location.starts_with(at) && location.ends_with(&format!("/properties/{name}")))
}

/// Single-value enums that are open value sets, not tags: the spec lists the one value it
/// defines today, and others may come (new algorithms, formats). They are open enums (the known
/// value plus a catch-all that keeps any other string), like every multi-value enum. By
/// location (`file#pointer` prefix, the property last), with the reason.
pub const OPEN_SINGLE_VALUES: &[(&str, &str, &str)] = &[
    (
        "api/client-server/pusher.yaml#/paths/~1pushers~1set/post/requestBody/content/application~1json/schema/properties/data",
        "format",
        "the push format: `event_id_only` is the one format defined (v1.17); a gateway may know others",
    ),
    ("api/client-server/key_backup.yaml#/paths/", "algorithm", "the backup algorithm: one defined, more may come"),
    ("api/client-server/definitions/room_summary.yaml#", "encryption", "the room's encryption algorithm"),
    ("event-schemas/schema/m.room.encryption.yaml#", "algorithm", "the room's encryption algorithm"),
    ("event-schemas/schema/m.room_key.yaml#", "algorithm", "the key's algorithm: one defined, more may come"),
    ("event-schemas/schema/m.room_key.withheld.yaml#", "algorithm", "the key's algorithm: one defined, more may come"),
];

/// Whether the single-value enum at `location` is an open value set (see
/// [`OPEN_SINGLE_VALUES`]).
pub fn is_open_single_value(location: &str) -> bool {
    OPEN_SINGLE_VALUES
        .iter()
        .any(|(at, name, _)| location.starts_with(at) && location.ends_with(&format!("/properties/{name}")))
}

/// Operations whose body is the content of an event whose type is a path parameter: their
/// `Request` gets `with_content(…, &content)`, which takes both from typed content (the spec
/// types the body as a bare object, as it stands for any event type). Operation ID → the path
/// parameter, with the reason.
pub const CONTENT_REQUESTS: &[(&str, &str, &str)] = &[
    ("sendMessage", "eventType", "`PUT /rooms/{roomId}/send/{eventType}/{txnId}`: the body is the event's content"),
    (
        "setRoomStateWithKey",
        "eventType",
        "`PUT /rooms/{roomId}/state/{eventType}/{stateKey}`: the body is the state event's content",
    ),
];

/// The event type parameter of an operation of [`CONTENT_REQUESTS`].
pub fn content_request(operation_id: &str) -> Option<&'static str> {
    CONTENT_REQUESTS.iter().find(|(id, _, _)| *id == operation_id).map(|(_, param, _)| *param)
}

/// The type of a field of [`UNSIGNED_FIELDS`], [`PROSE_STRUCTS`] and [`PROSE_OBJECT_FIELDS`].
pub enum ProseType {
    /// `String`.
    String,
    /// `i64`.
    Integer,
    /// `bool`.
    Bool,
    /// A runtime identifier type.
    Identifier(&'static str),
    /// A generated event enum (of [`EVENT_ENUMS`]), boxed (an event inside an event).
    BoxedEventEnum(&'static str),
    /// Another struct of [`PROSE_STRUCTS`], by name.
    Prose(&'static str),
    /// A list of a struct of [`PROSE_STRUCTS`].
    ProseList(&'static str),
    /// The type generated for the schema at a place (`file#pointer`).
    SameAs(&'static str),
    /// A JSON object.
    JsonObject,
}

/// A field the spec defines in prose.
pub struct ProseField {
    /// The key on the wire.
    pub wire_name: &'static str,
    /// The Rust name.
    pub rust_name: &'static str,
    /// Its type.
    pub ty: ProseType,
    /// Whether it must be present.
    pub required: bool,
    /// Its documentation (spec-site-relative links allowed).
    pub doc: &'static str,
}

/// A struct the spec defines in prose, generated beside the unsigned data of room events.
pub struct ProseStruct {
    /// The type name.
    pub name: &'static str,
    /// Its documentation.
    pub doc: &'static str,
    /// Its fields, in the prose's order.
    pub fields: &'static [ProseField],
}

/// Fields the spec's prose adds to an object whose schema leaves them to `additionalProperties`:
/// (the file whose root schema is the object, its fields, why).
pub const PROSE_OBJECT_FIELDS: &[(&str, &[ProseField], &str)] = &[(
    "api/client-server/definitions/user_identifier.yaml",
    USER_IDENTIFIER_FIELDS,
    "the schema declares only `type` (\"see Identifier types for additional property descriptions\"); the \
     client-server prose, \"Identifier types\", defines the keys of `m.id.user`, `m.id.thirdparty` and \
     `m.id.phone`: without them a login by user name has to write `user` into `extra`",
)];

/// The keys of the three identifier types of the client-server prose ("Identifier types"), each
/// present only with its `type`; all optional, so an identifier of another type still decodes.
const USER_IDENTIFIER_FIELDS: &[ProseField] = &[
    ProseField {
        wire_name: "user",
        rust_name: "user",
        ty: ProseType::String,
        required: false,
        doc: "With `m.id.user`: the fully qualified user ID, or just its localpart.",
    },
    ProseField {
        wire_name: "medium",
        rust_name: "medium",
        ty: ProseType::String,
        required: false,
        doc: "With `m.id.thirdparty`: the medium of the third-party identifier (`email`, `msisdn`).",
    },
    ProseField {
        wire_name: "address",
        rust_name: "address",
        ty: ProseType::String,
        required: false,
        doc: "With `m.id.thirdparty`: the canonicalised third-party address of the user.",
    },
    ProseField {
        wire_name: "country",
        rust_name: "country",
        ty: ProseType::String,
        required: false,
        doc: "With `m.id.phone`: the two-letter uppercase ISO-3166-1 alpha-2 country code the number in \
              `phone` is parsed as if dialled from.",
    },
    ProseField {
        wire_name: "phone",
        rust_name: "phone",
        ty: ProseType::String,
        required: false,
        doc: "With `m.id.phone`: the phone number, as entered by the user.",
    },
];

/// The file of the unsigned data of room events (`UnsignedProp`), which declares only `age`.
pub const UNSIGNED_FILE: &str = "event-schemas/schema/core-event-schema/unsigned_prop.yaml";

/// The event enum the events inside `unsigned` decode into: they come without `room_id` (a
/// `room_id` a server adds is kept among the envelope's extra fields).
const UNSIGNED_EVENTS: &str = "AnySyncTimelineEvent";

/// The keys of a room event's `unsigned` that the core schema leaves out: `client_event.yaml`
/// declares `redacted_because`, `transaction_id`, `prev_content` and `membership` (the core
/// `unsigned_prop.yaml` the event envelopes use has only `age`), and the prose of aggregations
/// ("Aggregations of child events", threading, event replacements, reference relations) defines
/// `m.relations`.
pub const UNSIGNED_FIELDS: &[ProseField] = &[
    ProseField {
        wire_name: "redacted_because",
        rust_name: "redacted_because",
        ty: ProseType::BoxedEventEnum(UNSIGNED_EVENTS),
        required: false,
        doc: "The redaction event that redacted this event, if any.",
    },
    ProseField {
        wire_name: "transaction_id",
        rust_name: "transaction_id",
        ty: ProseType::Identifier("TransactionId"),
        required: false,
        doc: "The client-supplied [transaction ID](/client-server-api/#transaction-identifiers), if the client \
              being given the event is the same one which sent it.",
    },
    ProseField {
        wire_name: "membership",
        rust_name: "membership",
        ty: ProseType::SameAs("event-schemas/schema/m.room.member.yaml#/properties/content/properties/membership"),
        required: false,
        doc: "The room membership of the user making the request, at the time of the event.",
    },
    ProseField {
        // The content type depends on the event type, and one `unsigned` type serves every
        // envelope: the previous content stays a JSON object (decode it with the event's
        // content type).
        wire_name: "prev_content",
        rust_name: "prev_content",
        ty: ProseType::JsonObject,
        required: false,
        doc: "The previous `content` of this state event, if the client may see it (a JSON object: decode it \
              with the event's content type).",
    },
    ProseField {
        wire_name: "m.relations",
        rust_name: "relations",
        ty: ProseType::Prose("BundledRelations"),
        required: false,
        doc: "The [aggregations](/client-server-api/#aggregations-of-child-events) of the events that relate \
              to this one, bundled by the server (`m.relations`).",
    },
];

/// The structs of the bundled aggregations (`unsigned.m.relations`), from the prose.
pub const PROSE_STRUCTS: &[ProseStruct] = &[
    ProseStruct {
        name: "BundledRelations",
        doc: "The aggregations of the child events of an event, bundled into its `unsigned` data \
              (`m.relations`), by relation type.",
        fields: &[
            ProseField {
                wire_name: "m.thread",
                rust_name: "thread",
                ty: ProseType::Prose("BundledThread"),
                required: false,
                doc: "The [thread](/client-server-api/#threading) this event is the root of.",
            },
            ProseField {
                wire_name: "m.replace",
                rust_name: "replace",
                ty: ProseType::BoxedEventEnum(UNSIGNED_EVENTS),
                required: false,
                doc: "The most recent [edit](/client-server-api/#event-replacements) of this event: the whole \
                      replacement event.",
            },
            ProseField {
                wire_name: "m.reference",
                rust_name: "reference",
                ty: ProseType::Prose("BundledReferences"),
                required: false,
                doc: "The events that [refer](/client-server-api/#reference-relations) to this one.",
            },
        ],
    },
    ProseStruct {
        name: "BundledThread",
        doc: "The aggregation of a thread, on its root event.",
        fields: &[
            ProseField {
                wire_name: "latest_event",
                rust_name: "latest_event",
                ty: ProseType::BoxedEventEnum(UNSIGNED_EVENTS),
                required: true,
                doc: "The most recent event of the thread.",
            },
            ProseField {
                wire_name: "count",
                rust_name: "count",
                ty: ProseType::Integer,
                required: true,
                doc: "The number of events in the thread.",
            },
            ProseField {
                wire_name: "current_user_participated",
                rust_name: "current_user_participated",
                ty: ProseType::Bool,
                required: true,
                doc: "Whether the user making the request sent an event in the thread (or is the root's sender).",
            },
        ],
    },
    ProseStruct {
        name: "BundledReferences",
        doc: "The aggregation of `m.reference` relations: the events that refer to the event.",
        fields: &[ProseField {
            wire_name: "chunk",
            rust_name: "chunk",
            ty: ProseType::ProseList("BundledReference"),
            required: true,
            doc: "The referring events.",
        }],
    },
    ProseStruct {
        name: "BundledReference",
        doc: "One event of an `m.reference` aggregation.",
        fields: &[ProseField {
            wire_name: "event_id",
            rust_name: "event_id",
            ty: ProseType::Identifier("EventId"),
            required: true,
            doc: "The ID of the referring event.",
        }],
    },
];

/// Whether a documented response is an error that the generated `Response` enum keeps whole as
/// the runtime's `ErrorResponse` (status, headers, body): an error status (4xx/5xx, or a
/// `4XX`/`5XX` range) whose body is the standard error or is not documented. Real servers send
/// a standard error body with statuses the spec lists as bodiless (Synapse's `getFilter` 404,
/// `getRoomState` 403), proxies send HTML, and a 429's delay is in its `Retry-After` header: a
/// typed `MatrixError` alone would lose all of that.
pub fn is_standard_error_response(status: &str, body: Option<&super::model::TypeRef>) -> bool {
    let error_status = matches!(status.as_bytes().first(), Some(b'4' | b'5'));
    let standard_body = match body {
        None => true,
        Some(super::model::TypeRef::Runtime(path)) => *path == "crate::MatrixError",
        Some(_) => false,
    };
    error_status && standard_body
}

/// The response schema of `GET /sync`, where the event lists sit.
macro_rules! sync_schema {
    ($rest:literal) => {
        concat!("api/client-server/sync.yaml#/paths/~1sync/get/responses/200/content/application~1json/schema", $rest)
    };
}

// Left as JSON objects on purpose: the federation PDU lists (`pdus`, `auth_chain`, `state`,
// backfill `events`, and, since v1.16, `invite_room_state` and `knock_room_state`, whose items
// are `title: PDU`): a PDU's shape depends on the room version (`pdu_v1` … `pdu_v12`, no field
// tells them apart), which only the caller knows. `createRoom`'s `initial_state` items are not
// events (no sender, no ID) but `{type, state_key, content}` requests.

/// Event lists: the spec describes these with generic event schemas (`ClientEvent`, `Event`,
/// stripped state); the generated API uses the event enum of the kind the list holds, so an
/// event is decoded into its typed content (and an unknown one is kept whole).
pub const EVENT_LIST_OVERRIDES: &[TypeOverride] = &[
    TypeOverride {
        at: "api/client-server/definitions/client_event.yaml#",
        with: OverrideType::EventEnum("AnyTimelineEvent"),
        reason: "`ClientEvent` is any room event as served to clients, state or not",
    },
    TypeOverride {
        at: "api/client-server/definitions/client_event_without_room_id.yaml#",
        with: OverrideType::EventEnum("AnySyncTimelineEvent"),
        reason: "the same without `room_id`: the events of a room in /sync",
    },
    TypeOverride {
        at: "event-schemas/schema/core-event-schema/stripped_state.yaml#",
        with: OverrideType::EventEnum("AnyStrippedStateEvent"),
        reason: "stripped state events (invites, knocks, the space hierarchy)",
    },
    TypeOverride {
        at: "api/server-server/definitions/edu_with_example.yaml#",
        with: OverrideType::EventEnum("AnyEdu"),
        reason: "the EDUs of a federation transaction: the generic EDU, typed by `edu_type`",
    },
    TypeOverride {
        at: sync_schema!(
            "/properties/rooms/properties/*/patternProperties/^!/properties/state/properties/events/items"
        ),
        with: OverrideType::EventEnum("AnySyncStateEvent"),
        reason: "the `state` section of a joined or left room holds state events only (the schema reuses the \
                 timeline's `ClientEventWithoutRoomID`)",
    },
    TypeOverride {
        at: sync_schema!(
            "/properties/rooms/properties/*/patternProperties/^!/properties/state_after/properties/events/items"
        ),
        with: OverrideType::EventEnum("AnySyncStateEvent"),
        reason: "as `state`: the room's state after the timeline",
    },
    TypeOverride {
        at: "api/client-server/rooms.yaml#/paths/~1rooms~1{roomId}~1state/get/responses/200/content/application~1json/schema/items",
        with: OverrideType::EventEnum("AnyStateEvent"),
        reason: "`GET /rooms/{roomId}/state`: the room's current state: state events only (the schema reuses `ClientEvent`)",
    },
    TypeOverride {
        at: "api/client-server/rooms.yaml#/paths/~1rooms~1{roomId}~1members/get/responses/200/content/application~1json/schema/properties/chunk/items",
        with: OverrideType::EventEnum("AnyStateEvent"),
        reason: "`GET /rooms/{roomId}/members`: `m.room.member` state events: state events only (the schema reuses `ClientEvent`)",
    },
    TypeOverride {
        at: "api/client-server/message_pagination.yaml#/paths/~1rooms~1{roomId}~1messages/get/responses/200/content/application~1json/schema/properties/state/items",
        with: OverrideType::EventEnum("AnyStateEvent"),
        reason: "`/messages` `state`: the (lazy-loaded) member state for the chunk: state events only (the schema reuses `ClientEvent`)",
    },
    TypeOverride {
        at: "api/client-server/event_context.yaml#/paths/~1rooms~1{roomId}~1context~1{eventId}/get/responses/200/content/application~1json/schema/properties/state/items",
        with: OverrideType::EventEnum("AnyStateEvent"),
        reason: "`/context` `state`: the room state at the last returned event: state events only (the schema reuses `ClientEvent`)",
    },
    TypeOverride {
        at: "api/client-server/search.yaml#/paths/~1search/post/responses/200/content/application~1json/schema/properties/search_categories/properties/room_events/properties/state/patternProperties/^!/items",
        with: OverrideType::EventEnum("AnyStateEvent"),
        reason: "search `state`: the current state of each room with results: state events only (the schema reuses `ClientEvent`)",
    },
    TypeOverride {
        at: "api/client-server/room_initial_sync.yaml#/paths/~1rooms~1{roomId}~1initialSync/get/responses/200/content/application~1json/schema/properties/state/items",
        with: OverrideType::EventEnum("AnyStateEvent"),
        reason: "room `initialSync` `state`: state events only (the schema reuses `ClientEvent`)",
    },
    TypeOverride {
        at: "api/client-server/old_sync.yaml#/paths/~1initialSync/get/responses/200/content/application~1json/schema/properties/rooms/items/properties/state/items",
        with: OverrideType::EventEnum("AnyStateEvent"),
        reason: "`initialSync` `state` of each room: state events only (the schema reuses `ClientEvent`)",
    },
    TypeOverride {
        at: sync_schema!("/properties/to_device"),
        with: OverrideType::EventList("AnyToDeviceEvent"),
        reason: "the schema says only `type: object`; the prose (Send-to-Device messaging, extensions to /sync) \
                 defines `events: [ToDeviceEvent]`",
    },
    TypeOverride {
        at: "api/client-server/event_context.yaml#/paths/~1rooms~1{roomId}~1context~1{eventId}/get/responses/200/content/application~1json/schema/properties/event",
        with: OverrideType::EventEnum("AnyTimelineEvent"),
        reason: "`allOf: [ClientEvent]` with its own description: the event the context is around",
    },
    TypeOverride {
        at: "api/client-server/notifications.yaml#/paths/~1notifications/get/responses/200/content/application~1json/schema/properties/notifications/items/properties/event",
        with: OverrideType::EventEnum("AnySyncTimelineEvent"),
        reason: "`allOf: [ClientEventWithoutRoomID]` with its own description (servers add `room_id`, which the \
                 envelope keeps among its extra fields)",
    },
    TypeOverride {
        at: "api/client-server/search.yaml#/paths/~1search/post/responses/200/content/application~1json/schema/properties/search_categories/properties/room_events/properties/results/items/properties/result",
        with: OverrideType::EventEnum("AnyTimelineEvent"),
        reason: "`allOf: [ClientEvent]` with its own description: the event that matched",
    },
    TypeOverride {
        at: "api/client-server/peeking_events.yaml#/paths/~1events /get/responses/200/content/application~1json/schema/properties/chunk/items",
        with: OverrideType::EventEnum("AnyTimelineEvent"),
        reason: "`allOf: [ClientEvent]` with its own description: the events of the peeked room",
    },
    TypeOverride {
        at: "api/client-server/old_sync.yaml#/paths/~1initialSync/get/responses/200/content/application~1json/schema/properties/rooms/items/properties/invite",
        with: OverrideType::EventEnum("AnyTimelineEvent"),
        reason: "`allOf: [ClientEvent]`: the `m.room.member` invite event",
    },
    TypeOverride {
        at: "api/client-server/room_initial_sync.yaml#/paths/~1rooms~1{roomId}~1initialSync/get/responses/200/content/application~1json/schema/properties/account_data/items",
        with: OverrideType::EventEnum("AnyRoomAccountDataEvent"),
        reason: "`allOf: [Event]`: the room's account data",
    },
    TypeOverride {
        at: "api/client-server/space_hierarchy.yaml#/paths/~1rooms~1{roomId}~1hierarchy/get/responses/200/content/application~1json/schema/properties/rooms/items/properties/children_state/items",
        with: OverrideType::EventEnum("AnyStrippedStateEvent"),
        reason: "stripped `m.space.child` state events (plus `origin_server_ts`, kept among the envelope's extra \
                 fields)",
    },
    TypeOverride {
        at: "api/server-server/space_hierarchy.yaml#/paths/~1hierarchy~1{roomId}/get/responses/200/content/application~1json/schema/properties/room/properties/children_state/items",
        with: OverrideType::EventEnum("AnyStrippedStateEvent"),
        reason: "as in the client-server hierarchy",
    },
    TypeOverride {
        at: "api/client-server/rooms.yaml#/paths/~1rooms~1{roomId}~1state~1{eventType}~1{stateKey}/get/responses/200/content/application~1json/schema/oneOf/1",
        with: OverrideType::EventEnum("AnyStateEvent"),
        reason: "with `?format=event` the whole state event, typed by its `type` (the union tries it before the \
                 bare content object, see the union order rule in ir/build.rs)",
    },
    TypeOverride {
        at: sync_schema!("/properties/account_data/properties/events/items"),
        with: OverrideType::EventEnum("AnyGlobalAccountDataEvent"),
        reason: "the top-level account data of /sync is global account data",
    },
    TypeOverride {
        at: sync_schema!("/properties/presence/properties/events/items"),
        with: OverrideType::EventEnum("AnyEphemeralEvent"),
        reason: "presence updates are `m.presence` EDUs",
    },
    TypeOverride {
        at: sync_schema!(
            "/properties/rooms/properties/*/patternProperties/^!/properties/account_data/properties/events/items"
        ),
        with: OverrideType::EventEnum("AnyRoomAccountDataEvent"),
        reason: "the account data of a room in /sync is room account data",
    },
    TypeOverride {
        at: sync_schema!(
            "/properties/rooms/properties/join/patternProperties/^!/properties/ephemeral/properties/events/items"
        ),
        with: OverrideType::EventEnum("AnyEphemeralEvent"),
        reason: "the ephemeral events of a joined room (typing, receipts)",
    },
];

/// Where a [`ProseShape`] applies.
pub enum ProsePlace {
    /// Every `type: object` schema without properties that has this `title`.
    Title(&'static str),
    /// One place (`file#pointer`, after resolution).
    At(&'static str),
}

/// A shape the spec defines in its prose (or in a description) where the schema says only
/// `type: object` or `type: string`.
pub struct ProseShape {
    /// Where it applies.
    pub place: ProsePlace,
    /// The type to use there.
    pub with: OverrideType,
    /// Why: the prose that defines it.
    pub reason: &'static str,
}

/// Shapes from the spec's prose.
pub const PROSE_SHAPES: &[ProseShape] = &[
    ProseShape {
        place: ProsePlace::Title("EncryptedFile"),
        with: OverrideType::Runtime("crate::EncryptedFile"),
        reason: "client-server API, End-to-end encryption, \"Sending encrypted attachments\": the `file` and \
                 `thumbnail_file` properties of the file msgtypes and image infos are `EncryptedFile` objects \
                 (`url`, a JWK `key`, `iv`, `hashes`, `v`), a table the event schemas do not repeat",
    },
    ProseShape {
        place: ProsePlace::At("api/client-server/sync.yaml#/paths/~1sync/get/parameters/0/schema"),
        with: OverrideType::RuntimeOf("crate::FilterParam", "api/client-server/definitions/sync_filter.yaml#"),
        reason: "the `filter` of /sync is `type: string`; its description says it is a filter ID or a `Filter` \
                 encoded as JSON, told apart by a leading `{`",
    },
    ProseShape {
        place: ProsePlace::At(
            "api/client-server/message_pagination.yaml#/paths/~1rooms~1{roomId}~1messages/get/parameters/5/schema",
        ),
        with: OverrideType::RuntimeOf("crate::JsonParam", "api/client-server/definitions/room_event_filter.yaml#"),
        reason: "the `filter` of /messages is `type: string`; its description: \"A JSON RoomEventFilter\"",
    },
    ProseShape {
        place: ProsePlace::At(
            "api/client-server/event_context.yaml#/paths/~1rooms~1{roomId}~1context~1{eventId}/get/parameters/3/schema",
        ),
        with: OverrideType::RuntimeOf("crate::JsonParam", "api/client-server/definitions/room_event_filter.yaml#"),
        reason: "the `filter` of /context is `type: string`; its description: \"A JSON `RoomEventFilter`\"",
    },
    ProseShape {
        place: ProsePlace::Title("DeviceLists"),
        with: OverrideType::Runtime("crate::DeviceLists"),
        reason: "client-server API, End-to-end encryption, \"Extensions to /sync\": `device_lists` is a `DeviceLists` \
                 (`changed` and `left` user ID lists), a table the /sync schema does not repeat",
    },
    ProseShape {
        place: ProsePlace::At(
            "api/client-server/create_room.yaml#/paths/~1createRoom/post/requestBody/content/application~1json/schema/properties/power_level_content_override",
        ),
        with: OverrideType::SameAs("event-schemas/schema/m.room.power_levels.yaml#/properties/content"),
        reason: "`type: object` titled \"Power Level Event Content\": the description says it is applied on top of \
                 the generated `m.room.power_levels` content (whose fields are all optional)",
    },
    ProseShape {
        place: ProsePlace::At(
            "api/client-server/create_room.yaml#/paths/~1createRoom/post/requestBody/content/application~1json/schema/properties/creation_content",
        ),
        with: OverrideType::SameAs("event-schemas/schema/m.room.create.yaml#/properties/content"),
        reason: "`type: object` whose description says its keys (such as `m.federate`) are added to the \
                 `m.room.create` content (whose fields are all optional; unknown keys are kept)",
    },
    ProseShape {
        place: ProsePlace::At(
            "api/client-server/old_sync.yaml#/paths/~1initialSync/get/responses/200/content/application~1json/schema/properties/presence/items",
        ),
        with: OverrideType::EventEnum("AnyEphemeralEvent"),
        reason: "`/initialSync` `presence`: \"A list of presence events\" (`m.presence` EDUs; the schema `$ref`s the bare core event)",
    },
    ProseShape {
        place: ProsePlace::At(
            "api/client-server/old_sync.yaml#/paths/~1initialSync/get/responses/200/content/application~1json/schema/properties/account_data/items",
        ),
        with: OverrideType::EventEnum("AnyGlobalAccountDataEvent"),
        reason: "`/initialSync` `account_data`: \"The global private data created by this user\"",
    },
    ProseShape {
        place: ProsePlace::At(
            "api/client-server/old_sync.yaml#/paths/~1initialSync/get/responses/200/content/application~1json/schema/properties/rooms/items/properties/account_data/items",
        ),
        with: OverrideType::EventEnum("AnyRoomAccountDataEvent"),
        reason: "`/initialSync` room `account_data`: \"The private data that this user has attached to this room\"",
    },
    ProseShape {
        place: ProsePlace::At(
            "api/application-service/transactions.yaml#/paths/~1transactions~1{txnId}/put/requestBody/content/application~1json/schema/properties/ephemeral/items",
        ),
        with: OverrideType::EventEnum("AnyEphemeralEvent"),
        reason: "the description names the only types: `m.presence`, `m.typing` and `m.receipt` (the room-scoped ones \
                 with a `room_id`, which the envelope keeps among its extra fields)",
    },
];

/// The prose shape of a schema at `location` with `title`, if one applies (`bare_object`: the
/// schema is `type: object` without properties, the only kind a title rule replaces).
pub fn prose_shape(location: &str, title: Option<&str>, bare_object: bool) -> Option<&'static ProseShape> {
    PROSE_SHAPES.iter().find(|shape| match shape.place {
        ProsePlace::Title(t) => bare_object && title == Some(t),
        ProsePlace::At(at) => at == location,
    })
}

/// The signing entity of the `signatures` objects at places the spec does not key by
/// `x-pattern-format`: (location prefix, identifier type, reason). Every `signatures` object is
/// typed as entity → key ID (`algorithm:name`) → signature (appendices, "Signing JSON").
pub const SIGNATURE_ENTITIES: &[(&str, &str, &str)] = &[
    ("api/server-server/definitions/", "ServerName", "PDUs and server keys are signed by servers"),
    ("api/server-server/user_keys.yaml#", "UserId", "device and cross-signing keys are signed by users"),
    ("api/server-server/user_devices.yaml#", "UserId", "device and cross-signing keys are signed by users"),
    ("api/server-server/third_party_invite.yaml#", "ServerName", "a third-party invite is signed by the identity server"),
    ("api/server-server/", "ServerName", "federation objects are signed by servers"),
    ("api/client-server/definitions/key_backup_auth_data.yaml#", "UserId", "a key backup's `auth_data` is signed by the user's devices and master key"),
    ("api/client-server/definitions/cross_signing_key.yaml#", "UserId", "cross-signing keys are signed by users"),
    ("api/client-server/definitions/device_keys.yaml#", "UserId", "device keys are signed by users"),
    ("api/client-server/definitions/one_time_keys.yaml#", "UserId", "one-time keys are signed by users"),
    ("api/client-server/definitions/third_party_signed.yaml#", "ServerName", "the `signed` object of a third-party invite is signed by the identity server"),
    ("api/client-server/", "UserId", "client-server key objects are signed by users"),
    ("api/identity/", "ServerName", "identity servers sign invitations and associations"),
    ("event-schemas/", "ServerName", "the `signed` object of a third-party invite is signed by the identity server"),
    ("schemas/server-signatures.yaml#", "ServerName", "signatures of servers"),
];

/// The type of a field named `signatures` at `location` whose schema gave `schema_type`: the
/// map entity → key ID → signature, the entity from the spec's `x-pattern-format` key if it has
/// one, else from [`SIGNATURE_ENTITIES`]. `None`: not a signatures object (a string, a list,
/// a generated struct) or a place the table does not know.
pub fn signatures_type(location: &str, schema_type: &TypeRef) -> Option<TypeRef> {
    let entity = match schema_type {
        TypeRef::Map(key, _) if matches!(**key, TypeRef::Identifier(_)) => (**key).clone(),
        TypeRef::Map(..) | TypeRef::JsonObject => {
            let (_, identifier, _) = SIGNATURE_ENTITIES.iter().find(|(at, _, _)| location.starts_with(at))?;
            TypeRef::Identifier(identifier)
        }
        _ => return None,
    };
    let by_key = TypeRef::Map(Box::new(TypeRef::Identifier("KeyId")), Box::new(TypeRef::String));
    Some(TypeRef::Map(Box::new(entity), Box::new(by_key)))
}

/// The places left a bare JSON object (`JsonObject`), each with why the spec leaves it open:
/// (place prefix, reason). A place is a `file#pointer` (a struct field's place ends in
/// `/properties/<name>`), or `file#operationId parameter <name>` / `file#operationId request`
/// / `file#operationId response <status>`. `codegen/tests/shapes.rs` fails on a place not
/// listed here.
pub const OPEN_OBJECTS: &[(&str, &str)] = &[
    ("api/application-service/ping.yaml#ping response 200", EMPTY_BODY),
    ("api/application-service/query_room.yaml#queryRoomByAlias response 200", EMPTY_BODY),
    ("api/application-service/query_user.yaml#queryUserById response 200", EMPTY_BODY),
    ("api/application-service/transactions.yaml#sendTransaction response 200", EMPTY_BODY),
    ("api/client-server/account-data.yaml#", "account data content: any event's content, of the type the path's `{type}` names"),
    ("api/client-server/administrative_contact.yaml#add3PID response 200", EMPTY_BODY),
    ("api/client-server/administrative_contact.yaml#bind3PID response 200", EMPTY_BODY),
    ("api/client-server/appservice_room_directory.yaml#updateAppserviceRoomDirectoryVisibility response 200", EMPTY_BODY),
    ("api/client-server/banning.yaml#ban response 200", EMPTY_BODY),
    ("api/client-server/banning.yaml#unban response 200", EMPTY_BODY),
    ("api/client-server/content-repo.yaml#uploadContentToMXC response 200", EMPTY_BODY),
    ("api/client-server/cross_signing.yaml#uploadCrossSigningKeys response 200", EMPTY_BODY),
    ("api/client-server/cross_signing.yaml#uploadCrossSigningKeys response 4", "the spec gives a bare `type: object` with an error-shaped example (no `$ref` to the standard error)"),
    ("api/client-server/cross_signing.yaml#uploadCrossSigningSignatures request", "user ID → key ID → a signed device key or cross-signing key: either shape, told apart only by the key ID"),
    ("api/client-server/device_management.yaml#deleteDevice response 200", EMPTY_BODY),
    ("api/client-server/device_management.yaml#deleteDevices response 200", EMPTY_BODY),
    ("api/client-server/device_management.yaml#updateDevice response 200", EMPTY_BODY),
    ("api/client-server/device_management.yaml#updateDevice response 201", EMPTY_BODY),
    ("api/client-server/directory.yaml#deleteRoomAlias response 200", EMPTY_BODY),
    ("api/client-server/directory.yaml#setRoomAlias response 200", EMPTY_BODY),
    ("api/client-server/inviting.yaml#inviteUser response 200", EMPTY_BODY),
    ("api/client-server/key_backup.yaml#deleteRoomKeysVersion response 200", EMPTY_BODY),
    ("api/client-server/key_backup.yaml#putRoomKeysVersion response 200", EMPTY_BODY),
    ("api/client-server/kicking.yaml#kick response 200", EMPTY_BODY),
    ("api/client-server/leaving.yaml#forgetRoom response 200", EMPTY_BODY),
    ("api/client-server/leaving.yaml#leaveRoom response 200", EMPTY_BODY),
    ("api/client-server/list_public_rooms.yaml#setRoomVisibilityOnDirectory response 200", EMPTY_BODY),
    ("api/client-server/logout.yaml#logout response 200", EMPTY_BODY),
    ("api/client-server/logout.yaml#logout_all response 200", EMPTY_BODY),
    ("api/client-server/openid.yaml#requestOpenIdToken request", EMPTY_BODY),
    ("api/client-server/password_management.yaml#changePassword response 200", EMPTY_BODY),
    ("api/client-server/presence.yaml#setPresence response 200", EMPTY_BODY),
    ("api/client-server/profile.yaml#deleteProfileField response 200", EMPTY_BODY),
    ("api/client-server/profile.yaml#getProfileField", "`{<keyName>: value}`: the key is the path's `{keyName}`, the value any JSON (custom profile fields)"),
    ("api/client-server/profile.yaml#setProfileField request", "`{<keyName>: value}`: the key is the path's `{keyName}`, the value any JSON (custom profile fields)"),
    ("api/client-server/profile.yaml#setProfileField response 200", EMPTY_BODY),
    ("api/client-server/pusher.yaml#postPusher response 200", EMPTY_BODY),
    ("api/client-server/pushrules.yaml#deletePushRule response 200", EMPTY_BODY),
    ("api/client-server/pushrules.yaml#setPushRule response 200", EMPTY_BODY),
    ("api/client-server/pushrules.yaml#setPushRuleActions response 200", EMPTY_BODY),
    ("api/client-server/pushrules.yaml#setPushRuleEnabled response 200", EMPTY_BODY),
    ("api/client-server/read_markers.yaml#setReadMarker response 200", EMPTY_BODY),
    ("api/client-server/receipts.yaml#postReceipt response 200", EMPTY_BODY),
    ("api/client-server/report_content.yaml#reportEvent response 200", EMPTY_BODY),
    ("api/client-server/report_content.yaml#reportRoom response 200", EMPTY_BODY),
    ("api/client-server/report_content.yaml#reportUser response 200", EMPTY_BODY),
    ("api/client-server/room_send.yaml#sendMessage request", "the content of the event the path's `{eventType}` names: any event's content"),
    ("api/client-server/room_state.yaml#setRoomStateWithKey request", "the content of the state event the path's `{eventType}` names: any state content"),
    ("api/client-server/tags.yaml#deleteRoomTag response 200", EMPTY_BODY),
    ("api/client-server/tags.yaml#setRoomTag response 200", EMPTY_BODY),
    ("api/client-server/third_party_membership.yaml#inviteBy3PID response 200", EMPTY_BODY),
    ("api/client-server/to_device.yaml#sendToDevice response 200", EMPTY_BODY),
    ("api/client-server/typing.yaml#setTyping response 200", EMPTY_BODY),
    ("api/identity/v2_associations.yaml#unbindV2 response 200", EMPTY_BODY),
    ("api/identity/v2_auth.yaml#logout response 200", EMPTY_BODY),
    ("api/identity/v2_ping.yaml#pingV2 response 200", EMPTY_BODY),
    ("api/identity/v2_terms.yaml#agreeToTerms response 200", EMPTY_BODY),
    ("api/server-server/leaving-v1.yaml#sendLeaveV1 response 200", EMPTY_BODY),
    ("api/server-server/leaving-v2.yaml#sendLeaveV2 response 200", EMPTY_BODY),
    ("api/server-server/third_party_invite.yaml#exchangeThirdPartyInvite response 200", EMPTY_BODY),
    ("api/server-server/third_party_invite.yaml#onBindThirdPartyIdentifier response 200", EMPTY_BODY),
    ("api/application-service/definitions/location.yaml#/properties/fields", "the third-party protocol's own fields, which each protocol defines"),
    ("api/application-service/definitions/protocol_instance.yaml#/properties/fields", "the third-party protocol's own fields, which each protocol defines"),
    ("api/application-service/definitions/user.yaml#/properties/fields", "the third-party protocol's own fields, which each protocol defines"),
    ("api/client-server/definitions/protocol.yaml#/properties/instances/items/properties/fields", "the third-party protocol's own fields, which each protocol defines"),
    ("api/client-server/create_room.yaml#/paths/~1createRoom/post/requestBody/content/application~1json/schema/properties/initial_state/items/properties/content", "an event's content: its shape depends on the event's `type` (`initial_state` items are `{type, state_key, content}` requests)"),
    ("api/client-server/cross_signing.yaml#/paths/~1keys~1signatures~1upload/post/responses/200/content/application~1json/schema/properties/failures", "per-key failures: the spec gives no shape beyond an error-like example"),
    ("api/client-server/keys.yaml#/paths/~1keys~1query/post/responses/200/content/application~1json/schema/properties/failures", "per-server failures: the spec says only that unreachable servers are recorded here"),
    ("api/client-server/keys.yaml#/paths/~1keys~1claim/post/responses/200/content/application~1json/schema/properties/failures", "per-server failures: the spec says only that unreachable servers are recorded here"),
    ("api/client-server/definitions/auth_response.yaml#/properties/params", "per-stage parameters keyed by auth type: each stage type defines its own"),
    ("api/client-server/definitions/client_event.yaml#/properties/", "an event's content: its shape depends on the event's `type` (the generic `ClientEvent`; event lists use the event enums)"),
    ("api/client-server/definitions/client_event_without_room_id.yaml#/properties/", "an event's content: its shape depends on the event's `type` (the generic `ClientEventWithoutRoomID`; event lists use the event enums)"),
    ("api/client-server/definitions/event_batch.yaml#/properties/events", "the generic event batch; each use in /sync is typed with its event enum"),
    ("api/client-server/definitions/key_backup_data.yaml#/properties/session_data", "depends on the backup's `algorithm` (the version's `algorithm`, not in this object)"),
    ("api/client-server/key_backup.yaml#", "`auth_data` depends on the backup's `algorithm` beside it"),
    ("api/client-server/definitions/olm_payload.yaml#/properties/content", "an event's content: its shape depends on the event's `type` (the plaintext of an Olm message)"),
    ("api/client-server/definitions/push_rule.yaml#/properties/actions/items", "a tweak action `{set_tweak, value}`: the value's type depends on the tweak"),
    ("api/client-server/notifications.yaml#", "a tweak action `{set_tweak, value}`: the value's type depends on the tweak"),
    ("api/client-server/pushrules.yaml#", "a tweak action `{set_tweak, value}`: the value's type depends on the tweak"),
    ("api/client-server/rooms.yaml#/paths/~1rooms~1{roomId}~1state~1{eventType}~1{stateKey}/get/responses/200/content/application~1json/schema", "with `?format=content` the content of the state event the path names"),
    ("api/client-server/to_device.yaml#", "user ID → device ID → the content of the to-device event the path's `{eventType}` names"),
    ("api/push-gateway/push_notifier.yaml#/paths/~1notify/post/requestBody/content/application~1json/schema/properties/notification/properties/devices/items/properties/tweaks", "push tweaks: names and values defined by push rules, open"),
    ("api/push-gateway/push_notifier.yaml#/paths/~1notify/post/requestBody/content/application~1json/schema/properties/notification/properties/content", "an event's content: its shape depends on the event's `type`"),
    ("api/server-server/definitions/components/pdu_base.yaml#/properties/content", "an event's content: its shape depends on the event's `type`"),
    ("api/server-server/definitions/pdu_v", "an event's content: its shape depends on the event's `type`"),
    ("api/server-server/definitions/edu.yaml#/properties/content", "an EDU's content: its shape depends on `edu_type` (transactions use the EDU enum)"),
    ("api/server-server/definitions/edu_with_example.yaml#/properties/content", "an EDU's content: its shape depends on `edu_type` (transactions use the EDU enum)"),
    ("api/server-server/definitions/event-schemas/m.direct_to_device.yaml#/properties/content/properties/messages", "user ID → device ID → the content of the to-device event `type` names"),
    ("api/server-server/definitions/single_pdu_transaction.yaml#", "a PDU: its shape depends on the room version (`pdu_v1` … `pdu_v12`, no field tells them apart), which only the caller knows"),
    ("api/server-server/definitions/transaction.yaml#", "a PDU: its shape depends on the room version (`pdu_v1` … `pdu_v12`, no field tells them apart), which only the caller knows"),
    ("api/server-server/definitions/unlimited_pdu_transaction.yaml#", "a PDU: its shape depends on the room version (`pdu_v1` … `pdu_v12`, no field tells them apart), which only the caller knows"),
    ("api/server-server/transactions.yaml#", "a PDU: its shape depends on the room version (`pdu_v1` … `pdu_v12`, no field tells them apart), which only the caller knows"),
    ("api/server-server/backfill.yaml#", "a PDU: its shape depends on the room version (`pdu_v1` … `pdu_v12`, no field tells them apart), which only the caller knows"),
    ("api/server-server/event_auth.yaml#", "a PDU: its shape depends on the room version (`pdu_v1` … `pdu_v12`, no field tells them apart), which only the caller knows"),
    ("api/server-server/events.yaml#", "a PDU: its shape depends on the room version (`pdu_v1` … `pdu_v12`, no field tells them apart), which only the caller knows"),
    ("api/server-server/invites-v1.yaml#", "a PDU: its shape depends on the room version (`pdu_v1` … `pdu_v12`, no field tells them apart), which only the caller knows (stripped state, PDUs since v1.16)"),
    ("api/server-server/invites-v2.yaml#", "a PDU: its shape depends on the room version (`pdu_v1` … `pdu_v12`, no field tells them apart), which only the caller knows (stripped state, PDUs since v1.16)"),
    ("api/server-server/joins-v1.yaml#", "a PDU: its shape depends on the room version (`pdu_v1` … `pdu_v12`, no field tells them apart), which only the caller knows"),
    ("api/server-server/joins-v2.yaml#", "a PDU: its shape depends on the room version (`pdu_v1` … `pdu_v12`, no field tells them apart), which only the caller knows"),
    ("api/server-server/knocks.yaml#", "a PDU: its shape depends on the room version (`pdu_v1` … `pdu_v12`, no field tells them apart), which only the caller knows (stripped state, PDUs since v1.16)"),
    ("event-schemas/schema/core-event-schema/unsigned_prop.yaml#/properties/prev_content", "the previous content of a state event: its shape is the event's own content type, which the one `unsigned` type shared by every envelope does not know (a per-content `unsigned` would double the envelope types)"),
    ("event-schemas/schema/m.dummy.yaml#/properties/content", "`m.dummy` has an empty content by definition"),
    ("event-schemas/schema/m.forwarded_room_key.yaml#/properties/content/properties/withheld", "the prose asks for the `code` and `reason` of the `m.room_key.withheld` message received: a part of that content, not all of it"),
    ("event-schemas/schema/m.ignored_user_list.yaml#/properties/content/properties/ignored_users", "user ID → an empty object reserved for future use"),
];

/// The reason of the bodies that are an empty object.
const EMPTY_BODY: &str = "an empty `{}` object: the spec's body has no properties";

/// Why the place `place` (see [`OPEN_OBJECTS`]) is left a JSON object, if it is listed.
pub fn open_object_reason(place: &str) -> Option<&'static str> {
    OPEN_OBJECTS.iter().find(|(at, _)| place.starts_with(at)).map(|(_, reason)| *reason)
}

/// The federation EDU enum.
pub struct EduEnumSpec {
    /// The enum's name (in [`event_enum_module`]).
    pub name: &'static str,
    /// Its documentation.
    pub doc: &'static str,
    /// The directory of the EDU schemas.
    pub directory: &'static str,
    /// The property that names an EDU's type.
    pub discriminator: &'static str,
}

/// The EDUs of federation transactions: the spec's six EDU schemas share a generic base
/// (`edu.yaml`: `edu_type` + `content`), which tells them apart by `edu_type`.
pub const EDU_ENUM: EduEnumSpec = EduEnumSpec {
    name: "AnyEdu",
    doc: "Any federation EDU (ephemeral data unit) of a transaction, by its `edu_type`.",
    directory: "api/server-server/definitions/event-schemas/",
    discriminator: "edu_type",
};

/// The override at `location` (a `file#pointer`; a `*` segment in an override matches any one
/// segment), if any.
///
/// The first override in table order wins; the lookup goes through an index built once, as the
/// IR asks for every schema it meets.
pub fn type_override(location: &str) -> Option<&'static TypeOverride> {
    static INDEX: OnceLock<OverrideIndex> = OnceLock::new();
    INDEX.get_or_init(OverrideIndex::new).find(location)
}

/// [`TYPE_OVERRIDES`] then [`EVENT_LIST_OVERRIDES`], indexed: the exact locations in a hash
/// map, the few with a `*` in a list, each with its position in the two tables.
struct OverrideIndex {
    all: Vec<&'static TypeOverride>,
    exact: HashMap<&'static str, usize>,
    wildcard: Vec<usize>,
}

impl OverrideIndex {
    fn new() -> OverrideIndex {
        let all: Vec<&'static TypeOverride> = TYPE_OVERRIDES.iter().chain(EVENT_LIST_OVERRIDES).collect();
        let mut exact = HashMap::new();
        let mut wildcard = Vec::new();
        for (position, entry) in all.iter().enumerate() {
            if entry.at.contains('*') {
                wildcard.push(position);
            } else {
                exact.entry(entry.at).or_insert(position);
            }
        }
        OverrideIndex { all, exact, wildcard }
    }

    /// The first entry, in table order, whose pattern matches `location`.
    fn find(&self, location: &str) -> Option<&'static TypeOverride> {
        let exact = self.exact.get(location).copied();
        let wildcard = self
            .wildcard
            .iter()
            .copied()
            .take_while(|&position| exact.is_none_or(|first| position < first))
            .find(|&position| pattern_matches(self.all[position].at, location));
        wildcard.or(exact).map(|position| self.all[position])
    }
}

/// Whether `location` matches `pattern`, segment by segment (`*` matches any one segment).
fn pattern_matches(pattern: &str, location: &str) -> bool {
    let (mut pattern_parts, mut location_parts) = (pattern.split('/'), location.split('/'));
    loop {
        match (pattern_parts.next(), location_parts.next()) {
            (None, None) => return true,
            (Some(p), Some(l)) if p == "*" || p == l => {}
            _ => return false,
        }
    }
}

/// What an event is, which decides the event enums it belongs to and its envelope there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EventClass {
    /// A room event that is not state (`room_event.yaml`).
    MessageLike,
    /// A state event (`state_event.yaml`).
    State,
    /// Global account data.
    GlobalAccountData,
    /// Account data of one room.
    RoomAccountData,
    /// An ephemeral event (EDU): typing, receipts, presence.
    Ephemeral,
    /// A send-to-device event.
    ToDevice,
}

/// The core schema whose `allOf` an event extends tells message-like and state events apart.
pub const CORE_CLASSES: &[(&str, EventClass)] = &[
    ("event-schemas/schema/core-event-schema/room_event.yaml", EventClass::MessageLike),
    ("event-schemas/schema/core-event-schema/state_event.yaml", EventClass::State),
];

/// The classes of the events that extend only `event.yaml`, which cannot tell them apart: from
/// the spec's prose (client-server-api: "Account data", "Ephemeral events", "Send-to-Device
/// messaging", "End-to-End Encryption").
pub const EVENT_CLASSES: &[(&str, &[EventClass], &str)] = &[
    ("m.accepted_terms", &[EventClass::GlobalAccountData], "account data listing accepted terms"),
    ("m.direct", &[EventClass::GlobalAccountData], "global account data mapping users to DM rooms"),
    ("m.identity_server", &[EventClass::GlobalAccountData], "global account data naming the identity server"),
    ("m.ignored_user_list", &[EventClass::GlobalAccountData], "global account data of ignored users"),
    ("m.push_rules", &[EventClass::GlobalAccountData], "global account data holding the push rules"),
    ("m.fully_read", &[EventClass::RoomAccountData], "per-room read marker"),
    ("m.marked_unread", &[EventClass::RoomAccountData], "per-room unread flag"),
    ("m.tag", &[EventClass::RoomAccountData], "per-room tags"),
    ("m.typing", &[EventClass::Ephemeral], "room EDU"),
    ("m.receipt", &[EventClass::Ephemeral], "room EDU"),
    ("m.presence", &[EventClass::Ephemeral], "presence EDU, in the presence section of /sync"),
    (
        "m.room.encrypted",
        &[EventClass::MessageLike, EventClass::ToDevice],
        "encrypted room events and to-device messages",
    ),
    ("m.dummy", &[EventClass::ToDevice], "to-device"),
    ("m.forwarded_room_key", &[EventClass::ToDevice], "to-device"),
    ("m.room_key", &[EventClass::ToDevice], "to-device"),
    ("m.room_key.withheld", &[EventClass::ToDevice], "to-device"),
    ("m.room_key_request", &[EventClass::ToDevice], "to-device"),
    ("m.secret.request", &[EventClass::ToDevice], "to-device"),
    ("m.secret.send", &[EventClass::ToDevice], "to-device"),
    ("m.key.verification.request", &[EventClass::ToDevice], "to-device (in rooms it is an `m.room.message` msgtype)"),
    ("m.key.verification.ready", &[EventClass::ToDevice, EventClass::MessageLike], "to-device, or in a room"),
    ("m.key.verification.start", &[EventClass::ToDevice, EventClass::MessageLike], "to-device, or in a room"),
    ("m.key.verification.accept", &[EventClass::ToDevice, EventClass::MessageLike], "to-device, or in a room"),
    ("m.key.verification.key", &[EventClass::ToDevice, EventClass::MessageLike], "to-device, or in a room"),
    ("m.key.verification.mac", &[EventClass::ToDevice, EventClass::MessageLike], "to-device, or in a room"),
    ("m.key.verification.done", &[EventClass::ToDevice, EventClass::MessageLike], "to-device, or in a room"),
    ("m.key.verification.cancel", &[EventClass::ToDevice, EventClass::MessageLike], "to-device, or in a room"),
];

/// The generic envelopes, generated from the core event schemas with `content` as a type
/// parameter: file → type name.
pub const ENVELOPES: &[(&str, &str)] = &[
    ("event-schemas/schema/core-event-schema/event.yaml", "Event"),
    ("event-schemas/schema/core-event-schema/room_event.yaml", "RoomEvent"),
    ("event-schemas/schema/core-event-schema/sync_room_event.yaml", "SyncRoomEvent"),
    ("event-schemas/schema/core-event-schema/state_event.yaml", "StateEvent"),
    ("event-schemas/schema/core-event-schema/sync_state_event.yaml", "SyncStateEvent"),
    ("event-schemas/schema/core-event-schema/stripped_state.yaml", "StrippedStateEvent"),
];

/// The envelope type name of a core file, if it is one.
pub fn envelope_name(file: &str) -> Option<&'static str> {
    ENVELOPES.iter().find(|(f, _)| *f == file).map(|(_, name)| *name)
}

/// One event enum: which classes it holds and in which envelope.
pub struct EventEnumSpec {
    /// The enum's name.
    pub name: &'static str,
    /// Its documentation.
    pub doc: &'static str,
    /// (class, envelope file) pairs.
    pub members: &'static [(EventClass, &'static str)],
}

const EVENT: &str = "event-schemas/schema/core-event-schema/event.yaml";
const ROOM_EVENT: &str = "event-schemas/schema/core-event-schema/room_event.yaml";
const SYNC_ROOM_EVENT: &str = "event-schemas/schema/core-event-schema/sync_room_event.yaml";
const STATE_EVENT: &str = "event-schemas/schema/core-event-schema/state_event.yaml";
const SYNC_STATE_EVENT: &str = "event-schemas/schema/core-event-schema/sync_state_event.yaml";
const STRIPPED_STATE: &str = "event-schemas/schema/core-event-schema/stripped_state.yaml";

/// The event enums, one per kind of event list.
pub const EVENT_ENUMS: &[EventEnumSpec] = &[
    EventEnumSpec {
        name: "AnyTimelineEvent",
        doc: "Any room event, state or not, with its `room_id` (the spec's `ClientEvent`).",
        members: &[(EventClass::MessageLike, ROOM_EVENT), (EventClass::State, STATE_EVENT)],
    },
    EventEnumSpec {
        name: "AnySyncTimelineEvent",
        doc: "Any room event, state or not, without `room_id` (the spec's `ClientEventWithoutRoomID`, as in /sync).",
        members: &[(EventClass::MessageLike, SYNC_ROOM_EVENT), (EventClass::State, SYNC_STATE_EVENT)],
    },
    EventEnumSpec {
        name: "AnyStateEvent",
        doc: "Any state event, with its `room_id`.",
        members: &[(EventClass::State, STATE_EVENT)],
    },
    EventEnumSpec {
        name: "AnySyncStateEvent",
        doc: "Any state event, without `room_id`.",
        members: &[(EventClass::State, SYNC_STATE_EVENT)],
    },
    EventEnumSpec {
        name: "AnyStrippedStateEvent",
        doc: "Any stripped state event (invites, knocks, the space hierarchy).",
        members: &[(EventClass::State, STRIPPED_STATE)],
    },
    EventEnumSpec {
        name: "AnyGlobalAccountDataEvent",
        doc: "Any global account data event.",
        members: &[(EventClass::GlobalAccountData, EVENT)],
    },
    EventEnumSpec {
        name: "AnyRoomAccountDataEvent",
        doc: "Any account data event of a room.",
        members: &[(EventClass::RoomAccountData, EVENT)],
    },
    EventEnumSpec {
        name: "AnyEphemeralEvent",
        doc: "Any ephemeral event (EDU): typing, receipts, presence.",
        members: &[(EventClass::Ephemeral, EVENT)],
    },
    EventEnumSpec {
        name: "AnyToDeviceEvent",
        doc: "Any send-to-device event.",
        members: &[(EventClass::ToDevice, EVENT)],
    },
];

/// The module of the event enums.
pub fn event_enum_module() -> ModulePath {
    vec!["events".to_string(), "any".to_string()]
}

/// The classes of an event with `event_type` extending `core` (the file of `allOf[0]`).
pub fn event_classes(event_type: &str, core: Option<&str>) -> Option<Vec<EventClass>> {
    if let Some((_, class)) = CORE_CLASSES.iter().find(|(file, _)| Some(*file) == core) {
        return Some(vec![*class]);
    }
    EVENT_CLASSES.iter().find(|(t, _, _)| *t == event_type).map(|(_, classes, _)| classes.to_vec())
}

/// The envelope of an event of `class` in its own file's alias (`RoomNameEvent` = envelope of
/// its content).
pub fn own_envelope(class: EventClass) -> &'static str {
    match class {
        EventClass::MessageLike => ROOM_EVENT,
        EventClass::State => STATE_EVENT,
        _ => EVENT,
    }
}

/// The envelope of an event file's alias: that of its first class, else (an event in no enum,
/// see `ir::classify`) the plain `Event` envelope of `type` and `content`.
pub fn alias_envelope(classes: &[EventClass]) -> &'static str {
    classes.first().map_or(EVENT, |class| own_envelope(*class))
}

/// The variant name of an event type in the event enums: `m.room.name` → `RoomName`.
pub fn event_variant_name(event_type: &str) -> String {
    camel_case(event_type.strip_prefix("m.").unwrap_or(event_type))
}

/// The module of a spec file: its path below `data/` in snake_case, with the event schemas
/// (`event-schemas/schema/`) as `events`.
pub fn module_of_file(file: &str) -> ModulePath {
    let without_ext = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    let path = without_ext
        .strip_prefix("api/")
        .or_else(|| without_ext.strip_prefix("event-schemas/schema/"))
        .unwrap_or(without_ext);
    let mut module: ModulePath = path.split('/').map(|part| super::naming::field_ident(&module_word(part))).collect();
    if file.starts_with("event-schemas/schema/") {
        module.insert(0, "events".to_string());
    } else if let Some(rest) = file.strip_prefix("event-schemas/") {
        module = std::iter::once("events".to_string())
            .chain(rest.rsplit_once('.').map_or(rest, |(s, _)| s).split('/').map(|p| snake_case(&module_word(p))))
            .collect();
    }
    module
}

/// `m.room.message$m.text` → `m_room_message_m_text`: file names keep every word.
fn module_word(part: &str) -> String {
    part.replace('$', "_")
}

/// The name of the type a spec file's root defines.
///
/// Event schema files are named from the event (`m.room.member` → `RoomMemberEvent`), dropping
/// the `m.` namespace every spec event has; other files from their file name
/// (`client_event.yaml` → `ClientEvent`).
pub fn root_type_name(file: &str) -> String {
    let stem = crate::load::role::file_stem(file);
    if file.starts_with("event-schemas/schema/") && !file["event-schemas/schema/".len()..].contains('/') {
        let event = stem.strip_prefix("m.").unwrap_or(stem);
        return format!("{}Event", camel_case(event));
    }
    camel_case(without_matrix_namespace(stem))
}

/// A name without the spec's `m.` namespace, for Rust type names: `m.mentions` → `mentions`
/// (a Rust user reads `Mentions`, as ruma names it, not `MMentions`), and the same for a file
/// that spells it `m_` (`components/m_text_content_block.yaml`, the `m.text` content block →
/// `TextContentBlock`). Collisions this could cause are refused by the IR's name claims.
pub fn without_matrix_namespace(name: &str) -> &str {
    name.strip_prefix("m.").or_else(|| name.strip_prefix("m_")).filter(|rest| !rest.is_empty()).unwrap_or(name)
}

/// The features that compile a module of `file` even if no operation uses it.
pub fn home_feature(file: &str) -> Option<Feature> {
    if file.starts_with("event-schemas/") {
        return Some(Feature::Events);
    }
    Api::of_file(file).map(feature_of_api)
}

/// The feature of an API's operations.
pub fn feature_of_api(api: Api) -> Feature {
    match api {
        Api::ClientServer => Feature::Client,
        Api::ServerServer => Feature::Federation,
        Api::ApplicationService => Feature::Appservice,
        Api::Identity => Feature::Identity,
        Api::PushGateway => Feature::PushGateway,
    }
}

/// The spec site of `version`, where the descriptions' site-relative links point.
pub fn spec_site(version: &str) -> String {
    format!("https://spec.matrix.org/{version}")
}

/// The site page of a spec file's API, where its descriptions' bare `#anchor` links point.
pub fn spec_page(file: &str) -> &'static str {
    match Api::of_file(file) {
        Some(Api::ServerServer) => "server-server-api",
        Some(Api::ApplicationService) => "application-service-api",
        Some(Api::Identity) => "identity-service-api",
        Some(Api::PushGateway) => "push-gateway-api",
        // Event schemas and shared schemas are documented in the client-server API.
        Some(Api::ClientServer) | None => "client-server-api",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modules_and_root_names() {
        assert_eq!(
            module_of_file("api/client-server/definitions/errors/error.yaml"),
            ["client_server", "definitions", "errors", "error"]
        );
        assert_eq!(
            module_of_file("event-schemas/schema/m.room.message$m.text.yaml"),
            ["events", "m_room_message_m_text"]
        );
        assert_eq!(
            module_of_file("event-schemas/schema/core-event-schema/event.yaml"),
            ["events", "core_event_schema", "event"]
        );
        assert_eq!(module_of_file("event-schemas/moderation_policy_rule.yaml"), ["events", "moderation_policy_rule"]);
        assert_eq!(module_of_file("schemas/oauth2-client-metadata.yaml"), ["schemas", "oauth2_client_metadata"]);
        assert_eq!(root_type_name("event-schemas/schema/m.room.member.yaml"), "RoomMemberEvent");
        assert_eq!(root_type_name("api/client-server/definitions/client_event.yaml"), "ClientEvent");
    }
}
