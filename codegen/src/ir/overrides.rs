//! Every Matrix-specific choice of the IR, in one place, each with its reason.
//!
//! The rest of the IR maps JSON Schema to Rust generically; what depends on Matrix (which
//! formats are identifiers, how event files are named, where the spec's data needs a hand)
//! lives here.

use crate::load::model::Api;

use super::model::{Feature, ModulePath};
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
    /// The type generated for the schema at another place, boxed (for recursion).
    BoxedSameAs(&'static str),
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
];

/// The override at `location`, if any.
pub fn type_override(location: &str) -> Option<&'static TypeOverride> {
    TYPE_OVERRIDES.iter().find(|o| o.at == location)
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
    camel_case(stem)
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
