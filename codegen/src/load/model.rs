//! The loaded specification as plain data: what the IR stage reads.
//!
//! Everything here is resolved already (`$ref` inlined, `allOf` merged) and ordered the way the
//! files are (`IndexMap` keeps source order, files are read in path order), so two loads of the
//! same snapshot are equal.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use serde_json::Value;

pub use super::error::Location;

/// Everything the loader read from one snapshot.
#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    /// The OpenAPI documents (`api/**` files with an `openapi` key), in path order.
    pub documents: Vec<ApiDocument>,
    /// Every file whose root is a schema (definitions, event schemas, standalone definitions),
    /// resolved, in path order: the type universe, including files no operation references.
    pub schema_files: Vec<SchemaFile>,
    /// The event schemas of `event-schemas/schema/` that define an event `type`.
    pub events: Vec<EventSchema>,
    /// The examples of `event-schemas/examples/`, with their `$ref` chains merged.
    pub event_examples: Vec<EventExample>,
    /// `string-formats.yaml`: every `format` / `x-pattern-format` the spec defines.
    pub string_formats: BTreeMap<String, StringFormat>,
    /// What the loader decided where the data left a choice open (an event type taken from its
    /// file name), in path order.
    pub warnings: Vec<crate::warning::Warning>,
}

/// The five Matrix APIs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Api {
    /// `api/client-server/`.
    ClientServer,
    /// `api/server-server/`.
    ServerServer,
    /// `api/application-service/`.
    ApplicationService,
    /// `api/identity/`.
    Identity,
    /// `api/push-gateway/`.
    PushGateway,
}

impl Api {
    /// Every API, in a fixed order.
    pub const ALL: [Api; 5] =
        [Api::ClientServer, Api::ServerServer, Api::ApplicationService, Api::Identity, Api::PushGateway];

    /// The directory below `api/` that holds this API.
    pub fn directory(self) -> &'static str {
        match self {
            Api::ClientServer => "client-server",
            Api::ServerServer => "server-server",
            Api::ApplicationService => "application-service",
            Api::Identity => "identity",
            Api::PushGateway => "push-gateway",
        }
    }

    /// The API whose directory holds `file` (a path relative to `data/`).
    pub fn of_file(file: &str) -> Option<Api> {
        let directory = file.strip_prefix("api/")?.split('/').next()?;
        Api::ALL.into_iter().find(|api| api.directory() == directory)
    }
}

/// One OpenAPI document.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiDocument {
    /// Path relative to `data/`.
    pub file: String,
    /// Which API it belongs to.
    pub api: Api,
    /// `info.title`.
    pub title: String,
    /// `servers[0].variables.basePath.default`: prefixed to every path key.
    pub base_path: String,
    /// The operations, in the order of the file.
    pub operations: Vec<Operation>,
}

/// HTTP methods used by the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    /// GET
    Get,
    /// PUT
    Put,
    /// POST
    Post,
    /// DELETE
    Delete,
    /// HEAD
    Head,
    /// OPTIONS
    Options,
    /// PATCH
    Patch,
}

impl Method {
    /// The method as written on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
            Method::Patch => "PATCH",
        }
    }
}

/// One operation: a method on a path.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// Which API it belongs to; `operation_id` is unique within it.
    pub api: Api,
    /// `operationId`, unique per API (15 are reused across APIs).
    pub operation_id: String,
    /// Where the operation object sits.
    pub location: Location,
    /// The HTTP method.
    pub method: Method,
    /// The full path template: base path + trimmed path key.
    pub path: String,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// Path-level then operation-level parameters, in order.
    pub parameters: Vec<Parameter>,
    /// `requestBody`.
    pub request_body: Option<RequestBody>,
    /// Responses in document order.
    pub responses: Vec<Response>,
    /// Who may call it.
    pub security: Security,
    /// `deprecated`.
    pub deprecated: bool,
    /// `x-addedInMatrixVersion`.
    pub added_in: Option<String>,
    /// `x-changedInMatrixVersion`: version → what changed.
    pub changed_in: IndexMap<String, String>,
    /// `tags` (site grouping only).
    pub tags: Vec<String>,
}

impl Operation {
    /// Whether the spec documents a 429 response, which is how the site marks rate limiting.
    pub fn rate_limited(&self) -> bool {
        self.responses.iter().any(|r| r.status == StatusCode::Code(429))
    }
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ParameterLocation {
    /// A path segment.
    Path,
    /// A query parameter.
    Query,
    /// A request header.
    Header,
}

/// One parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    /// The wire name.
    pub name: String,
    /// Where it travels.
    pub location: ParameterLocation,
    /// `required` (always true for path parameters).
    pub required: bool,
    /// `description`.
    pub description: Option<String>,
    /// `deprecated`.
    pub deprecated: bool,
    /// `style`, when given (`form` for every query parameter the spec styles).
    pub style: Option<String>,
    /// `explode`, when given.
    pub explode: Option<bool>,
    /// The value's schema.
    pub schema: Schema,
    /// `example`.
    pub example: Option<Value>,
    /// `x-addedInMatrixVersion`.
    pub added_in: Option<String>,
    /// `x-changedInMatrixVersion`.
    pub changed_in: IndexMap<String, String>,
    /// Where the parameter object sits (after `$ref`, where it is defined).
    pub location_in_spec: Location,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestBody {
    /// `description`.
    pub description: Option<String>,
    /// `required`.
    pub required: bool,
    /// By media type, in document order.
    pub content: Vec<MediaType>,
}

/// One media type of a body.
#[derive(Debug, Clone, PartialEq)]
pub struct MediaType {
    /// The media type, e.g. `application/json`.
    pub mime: String,
    /// Where the media-type object sits.
    pub location: Location,
    /// The body's schema, if given.
    pub schema: Option<Schema>,
    /// The media-type `example`.
    pub example: Option<Value>,
    /// The media-type `examples` map (name → example), in order.
    pub examples: Vec<NamedExample>,
}

/// An entry of an OpenAPI `examples` map.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedExample {
    /// The map key.
    pub name: String,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `value`, with `$ref`s and `allOf` resolved like the site does.
    pub value: Value,
}

/// A response status key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StatusCode {
    /// One status, e.g. `200`.
    Code(u16),
    /// A class such as `4XX` (the digit).
    Range(u16),
    /// `default`.
    Default,
}

impl std::fmt::Display for StatusCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StatusCode::Code(code) => write!(f, "{code}"),
            StatusCode::Range(class) => write!(f, "{class}XX"),
            StatusCode::Default => f.write_str("default"),
        }
    }
}

/// One documented response.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// The status key.
    pub status: StatusCode,
    /// `description`.
    pub description: String,
    /// Bodies by media type (empty: no body).
    pub content: Vec<MediaType>,
    /// Response headers, in order.
    pub headers: Vec<Header>,
    /// Where the response object sits.
    pub location: Location,
    /// `x-addedInMatrixVersion`.
    pub added_in: Option<String>,
    /// `x-changedInMatrixVersion`.
    pub changed_in: IndexMap<String, String>,
}

/// A response header.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// The header name.
    pub name: String,
    /// `description`.
    pub description: Option<String>,
    /// `required`.
    pub required: bool,
    /// The value's schema.
    pub schema: Schema,
    /// `x-addedInMatrixVersion`.
    pub added_in: Option<String>,
    /// `x-changedInMatrixVersion`.
    pub changed_in: IndexMap<String, String>,
}

/// Who may call an operation, in the site's terms.
#[derive(Debug, Clone, PartialEq)]
pub struct Security {
    /// `No` (no `security`), `Optional` (a `{}` alternative) or `Required`.
    pub requirement: AuthRequirement,
    /// The schemes that may be used, each resolved to its definition, in order.
    pub schemes: Vec<SecurityScheme>,
}

/// The site's "Requires authentication" column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AuthRequirement {
    /// No `security` on the operation.
    None,
    /// `security` lists `{}` beside the schemes.
    Optional,
    /// Some scheme must be used.
    Required,
}

/// A security scheme, resolved from its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityScheme {
    /// The name operations use for it.
    pub name: String,
    /// How it is carried.
    pub kind: SecuritySchemeKind,
    /// `description`.
    pub description: Option<String>,
    /// The document that defines it (not always the operation's own: two operations name a
    /// scheme their file does not define, and the loader finds it elsewhere in the spec).
    pub defined_in: String,
}

/// How a security scheme carries its credential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecuritySchemeKind {
    /// `type: http, scheme: bearer`: an `Authorization: Bearer` header.
    Bearer,
    /// `type: apiKey`: a named query parameter or header.
    ApiKey {
        /// The parameter or header name.
        name: String,
        /// Where it travels.
        location: ParameterLocation,
    },
    /// Another HTTP scheme (the server-server `X-Matrix` signature scheme is documented as
    /// `type: apiKey` or `http`, depending on the version of the file).
    Http {
        /// The `scheme` value.
        scheme: String,
    },
}

/// A JSON type name of the `type` keyword.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum JsonType {
    /// `null`
    Null,
    /// `boolean`
    Boolean,
    /// `integer`
    Integer,
    /// `number`
    Number,
    /// `string`
    String,
    /// `array`
    Array,
    /// `object`
    Object,
}

/// A resolved JSON Schema 2020-12 node with every keyword the spec uses.
///
/// `openapiv3::Schema` models OpenAPI 3.0 schemas and cannot carry 3.1 type arrays,
/// `patternProperties`, `$schema` or `const`, so schemas get this model of their own.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Schema {
    /// The definition this node was inlined from by `$ref` (its identity), or `None` if it is
    /// written in place.
    pub origin: Option<Location>,
    /// Where this node sits in the resolved document (after `allOf` merging a position can be
    /// virtual: the merged properties of a schema all sit below that schema).
    pub location: Location,
    /// Where this node is used: the same as `location` unless it was inlined from a `$ref`,
    /// then the place of the `$ref` (in the resolved document of the user).
    pub site: Location,
    /// `title` (documentation only: titles are reused for different shapes).
    pub title: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `type`: one name, a 3.1 type array, or empty (any type).
    pub types: Vec<JsonType>,
    /// `format`.
    pub format: Option<String>,
    /// `pattern`.
    pub pattern: Option<String>,
    /// `enum` values.
    pub enum_values: Vec<Value>,
    /// `const`.
    pub const_value: Option<Value>,
    /// `properties`, in order.
    pub properties: IndexMap<String, Schema>,
    /// `required`.
    pub required: Vec<String>,
    /// `additionalProperties`.
    pub additional_properties: Option<AdditionalProperties>,
    /// `patternProperties`, in order.
    pub pattern_properties: IndexMap<String, Schema>,
    /// `x-pattern-format`: the identifier type of the `patternProperties` keys.
    pub pattern_format: Option<String>,
    /// `items`.
    pub items: Option<Box<Schema>>,
    /// `oneOf`.
    pub one_of: Vec<Schema>,
    /// `anyOf`.
    pub any_of: Vec<Schema>,
    /// Numeric and size bounds.
    pub bounds: Bounds,
    /// `example`.
    pub example: Option<Value>,
    /// `examples` (2020-12 array form).
    pub examples: Vec<Value>,
    /// `default`.
    pub default: Option<Value>,
    /// `deprecated`.
    pub deprecated: bool,
    /// `x-addedInMatrixVersion`.
    pub added_in: Option<String>,
    /// `x-changedInMatrixVersion`.
    pub changed_in: IndexMap<String, String>,
    /// `x-weight`: the site's display order of `m.call.*` events.
    pub weight: Option<i64>,
}

/// `additionalProperties`.
#[derive(Debug, Clone, PartialEq)]
pub enum AdditionalProperties {
    /// `true`: any extra keys.
    Any,
    /// `false`: no extra keys.
    Forbidden,
    /// Every extra key's value has this schema.
    Schema(Box<Schema>),
}

/// Numeric and size bounds (validation only; the generated types document them).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Bounds {
    /// `minimum`.
    pub minimum: Option<f64>,
    /// `maximum`.
    pub maximum: Option<f64>,
    /// `exclusiveMinimum`.
    pub exclusive_minimum: Option<f64>,
    /// `exclusiveMaximum`.
    pub exclusive_maximum: Option<f64>,
    /// `minLength`.
    pub min_length: Option<u64>,
    /// `maxLength`.
    pub max_length: Option<u64>,
    /// `minItems`.
    pub min_items: Option<u64>,
    /// `maxItems`.
    pub max_items: Option<u64>,
    /// `minProperties`.
    pub min_properties: Option<u64>,
    /// `maxProperties`.
    pub max_properties: Option<u64>,
    /// `uniqueItems`.
    pub unique_items: bool,
}

/// A file whose root is a schema.
#[derive(Debug, Clone, PartialEq)]
pub struct SchemaFile {
    /// Path relative to `data/`.
    pub file: String,
    /// The resolved root schema.
    pub schema: Schema,
    /// Named sub-schemas a file keeps under `components/schemas` (e.g. `olm_payload.yaml`).
    pub components: IndexMap<String, Schema>,
}

/// An event schema: a file of `event-schemas/schema/` whose `type` property names event types.
#[derive(Debug, Clone, PartialEq)]
pub struct EventSchema {
    /// Path relative to `data/`.
    pub file: String,
    /// The file stem, e.g. `m.room.message$m.text`: the spec site's name for the schema.
    pub name: String,
    /// The event type strings (`type.enum`; `m.receipt` has two).
    pub event_types: Vec<String>,
    /// The core schema it extends through `allOf[0]` (e.g.
    /// `event-schemas/schema/core-event-schema/state_event.yaml`), if any.
    pub core: Option<String>,
    /// The resolved, merged schema of the whole event.
    pub schema: Schema,
}

/// An example of `event-schemas/examples/`.
#[derive(Debug, Clone, PartialEq)]
pub struct EventExample {
    /// Path relative to `data/`.
    pub file: String,
    /// The file stem, e.g. `m.room.member$invite_room_state`.
    pub name: String,
    /// The example with its `$ref` chain merged (shallow override, as the site does).
    pub value: Value,
}

impl EventExample {
    /// Whether this is an example of one event, rather than a fragment other examples `$ref`
    /// (`core/*.json`, the base of every event example) or a list (stripped state).
    pub fn is_whole_event(&self) -> bool {
        !self.file.starts_with("event-schemas/examples/core/") && self.value.get("type").is_some()
    }
}

/// An entry of `string-formats.yaml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StringFormat {
    /// `title`.
    pub title: String,
    /// `url`: where the spec defines it.
    pub url: Option<String>,
}
