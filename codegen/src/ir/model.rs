//! The IR: one typed model of every generated module, type and operation, with every Rust name
//! decided. The emitter only prints what is here.

use std::collections::{BTreeMap, BTreeSet};

/// A module path below `generated`, e.g. `["client_server", "rooms"]`.
pub type ModulePath = Vec<String>;

/// Everything to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct Ir {
    /// The spec version the code is generated from (the lock's tag, e.g. `v1.17`).
    pub spec_version: String,
    /// One module per spec file that defines types or operations, by path.
    pub modules: BTreeMap<ModulePath, Module>,
    /// The type that must accept each example of the spec, by key:
    /// `request:{Api}/{operationId}`, `response:{Api}/{operationId}/{status}`,
    /// `parameter:{Api}/{operationId}/{name}`, and `schema:{file#pointer}` for a schema with an
    /// `example`.
    pub bindings: BTreeMap<String, TypeRef>,
}

/// A Cargo feature of `generated-api`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Feature {
    /// The client-server API.
    Client,
    /// The server-server API.
    Federation,
    /// The application service API.
    Appservice,
    /// The identity service API.
    Identity,
    /// The push gateway API.
    PushGateway,
    /// The event schemas.
    Events,
}

impl Feature {
    /// The feature's name in `Cargo.toml`.
    pub fn name(self) -> &'static str {
        match self {
            Feature::Client => "client",
            Feature::Federation => "federation",
            Feature::Appservice => "appservice",
            Feature::Identity => "identity",
            Feature::PushGateway => "push-gateway",
            Feature::Events => "events",
        }
    }
}

/// One generated module: the types and operations of one spec file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Module {
    /// The spec file it is generated from (relative to `data/`).
    pub source_file: String,
    /// Module documentation.
    pub doc: String,
    /// The features any of which enables it (empty: always compiled).
    pub features: BTreeSet<Feature>,
    /// Types defined at the module's top level, in name order.
    pub types: Vec<TypeDef>,
    /// Operations, each its own submodule, in the order of the file.
    pub operations: Vec<OperationIr>,
}

/// A reference to a type.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    /// `String`.
    String,
    /// `bool`.
    Bool,
    /// `i64`: every spec `integer`. Matrix canonical JSON limits integers to ±(2^53 − 1), and some
    /// (power levels, `depth` deltas) may be negative, so one signed type serves all.
    Integer,
    /// A JSON `number`: the runtime's `Number`.
    Number,
    /// Any JSON value.
    JsonValue,
    /// Any JSON object.
    JsonObject,
    /// Raw bytes (non-JSON bodies).
    Bytes,
    /// An identifier newtype of the runtime (`UserId`, `RoomId`, ...), by type name.
    Identifier(&'static str),
    /// Another hand-written runtime type, by its path in the crate (`crate::MatrixError`).
    Runtime(&'static str),
    /// A generic hand-written runtime type with its type arguments
    /// (`crate::FilterParam<Filter>`).
    RuntimeGeneric(&'static str, Vec<TypeRef>),
    /// `Vec<T>`.
    Vec(Box<TypeRef>),
    /// `BTreeMap<K, V>`.
    Map(Box<TypeRef>, Box<TypeRef>),
    /// A tuple (2-item arrays with an item type per position).
    Tuple(Vec<TypeRef>),
    /// `Option<T>`: a value that may be `null`.
    Nullable(Box<TypeRef>),
    /// `Box<T>`: breaks a recursive type.
    Boxed(Box<TypeRef>),
    /// A generated type.
    Named(NamedRef),
    /// A generic generated type (an event envelope) with its type arguments.
    Generic(NamedRef, Vec<TypeRef>),
    /// The content type parameter `C` of an event envelope.
    ContentParam,
    /// An object whose `events` list holds the events of an event enum (the runtime's
    /// `EventList<E>`), where the spec's prose defines the list and its schema does not.
    EventList(Box<TypeRef>),
}

/// Where a generated type lives.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NamedRef {
    /// The module that defines it (an operation's types sit in the operation's submodule).
    pub module: ModulePath,
    /// The type name.
    pub name: String,
}

/// A generated type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// The type name.
    pub name: String,
    /// Its documentation.
    pub doc: String,
    /// The spec place it comes from (`file#pointer`), for the docs and for tracing.
    pub source: String,
    /// Whether the spec deprecates it.
    pub deprecated: bool,
    /// For the content type of an event: its event types and pinned state key.
    pub event: Option<EventMeta>,
    /// What it is.
    pub kind: TypeKind,
}

/// What the content type of an event knows about its event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventMeta {
    /// The event type strings (`m.receipt` has two).
    pub event_types: Vec<String>,
    /// For state events: `Some("")` where the spec pins the state key to the empty string,
    /// `None` where any state key is allowed.
    pub state_key: Option<Option<String>>,
}

/// The shapes of generated types.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// A struct read from a JSON object; unknown keys are kept in `extra`.
    Struct(StructDef),
    /// An open string enum: known values plus a catch-all.
    Enum(Vec<EnumValue>),
    /// A value that takes one of several shapes.
    Union(UnionDef),
    /// `pub type Name = T;` (a spec file whose root is not an object, or a named response).
    Alias(TypeRef),
    /// Event content that takes one of several shapes, told apart by one property
    /// (`msgtype` of `m.room.message`, `method` of `m.key.verification.start`).
    ContentFamily(FamilyDef),
    /// An enum of events (or EDUs) dispatching on one string property (`type`, `edu_type`).
    EventEnum(EventEnumDef),
}

/// A family of event contents.
#[derive(Debug, Clone, PartialEq)]
pub struct FamilyDef {
    /// The property that tells the shapes apart.
    pub discriminator: String,
    /// The known shapes.
    pub variants: Vec<FamilyVariant>,
    /// The shape of any other value (the family's base schema): keeps every field.
    pub fallback: TypeRef,
}

/// One shape of a [`FamilyDef`].
#[derive(Debug, Clone, PartialEq)]
pub struct FamilyVariant {
    /// The variant name.
    pub rust_name: String,
    /// The discriminator's value.
    pub value: String,
    /// The content type.
    pub ty: TypeRef,
}

/// An event enum.
#[derive(Debug, Clone, PartialEq)]
pub struct EventEnumDef {
    /// The property whose value picks the variant, and the Rust name of that field on every
    /// variant's type.
    pub discriminator: String,
    /// The variants.
    pub variants: Vec<EventVariant>,
    /// The envelope fields every variant has (required, of one type): the enum's accessors.
    pub accessors: Vec<Field>,
}

/// One variant of an event enum.
#[derive(Debug, Clone, PartialEq)]
pub struct EventVariant {
    /// The variant name.
    pub rust_name: String,
    /// The event types it takes.
    pub event_types: Vec<String>,
    /// The event type (an envelope of the content).
    pub ty: TypeRef,
}

/// A struct.
#[derive(Debug, Clone, PartialEq)]
pub struct StructDef {
    /// The fields, in the spec's order.
    pub fields: Vec<Field>,
    /// The value type of keys that are not fields (the spec's `additionalProperties`, else any
    /// JSON value): kept, so every object round-trips.
    pub extra: TypeRef,
    /// Whether the struct is generic over its content (an event envelope, `C`).
    pub content_param: bool,
    /// Keys whose one value the type fixes (see [`Tag`]).
    pub tags: Vec<Tag>,
}

/// A key whose value is fixed by the type, a tag (`msgtype: m.text` of a text message): not a
/// field the user fills but an associated constant, written on encode and checked on decode.
#[derive(Debug, Clone, PartialEq)]
pub struct Tag {
    /// The key on the wire.
    pub wire_name: String,
    /// The name of the associated constant (`MSGTYPE`).
    pub const_name: String,
    /// The value.
    pub value: String,
    /// Documentation.
    pub doc: String,
}

/// How a field may be absent or null on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Required, not nullable: `T`.
    Required,
    /// Required and nullable: `Option<T>` (must be present; `null` is `None`).
    RequiredNullable,
    /// Optional: `Option<T>` (absent is `None`).
    Optional,
    /// Optional and nullable, where `null` means something: `Option<Option<T>>`.
    OptionalNullable,
}

/// A struct field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The Rust name (a valid identifier, raw if it is a keyword).
    pub rust_name: String,
    /// The key on the wire.
    pub wire_name: String,
    /// Its type (without the `Option` wrappers of `presence`).
    pub ty: TypeRef,
    /// How it may be absent or null.
    pub presence: Presence,
    /// Documentation.
    pub doc: String,
    /// Whether the spec deprecates it.
    pub deprecated: bool,
}

/// A known value of an open enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumValue {
    /// The variant name.
    pub rust_name: String,
    /// The wire value.
    pub wire: String,
}

/// A union.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionDef {
    /// How a value picks its variant.
    pub dispatch: UnionDispatch,
    /// The variants, in the order they are tried.
    pub variants: Vec<UnionVariant>,
}

/// How a union picks its variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnionDispatch {
    /// By the JSON kind of the value (a 3.1 type array): at most one variant per kind.
    JsonKind,
    /// The first variant that accepts the value (`oneOf`/`anyOf`).
    FirstMatch,
}

/// A union variant.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// The variant name.
    pub rust_name: String,
    /// Its payload.
    pub ty: TypeRef,
    /// Documentation.
    pub doc: String,
}

/// Where a request parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ParamLocation {
    /// A path segment.
    Path,
    /// A query parameter.
    Query,
    /// A header.
    Header,
}

/// A request parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamIr {
    /// The Rust field name.
    pub rust_name: String,
    /// The name on the wire.
    pub wire_name: String,
    /// Where it travels.
    pub location: ParamLocation,
    /// Whether it must be given.
    pub required: bool,
    /// Its type.
    pub ty: TypeRef,
    /// Documentation.
    pub doc: String,
    /// Whether the spec deprecates it.
    pub deprecated: bool,
    /// Whether it is an object whose keys are spread into the query string.
    pub spread: bool,
}

/// A request or response body.
#[derive(Debug, Clone, PartialEq)]
pub struct BodyIr {
    /// The media types the spec lists, in order.
    pub media_types: Vec<String>,
    /// The body type.
    pub ty: TypeRef,
    /// Whether the body must be sent (requests).
    pub required: bool,
    /// Documentation.
    pub doc: String,
    /// The spec's own example of the JSON body (the first of `examples`, else `example`, else
    /// the schema's `example`), as pretty-printed JSON: the operation's doc example.
    pub example: Option<String>,
}

/// A documented response.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseIr {
    /// The status as written (`200`, `4XX`).
    pub status: String,
    /// The name of its body type in the operation module (`Response200`), if it has a body.
    pub type_name: Option<String>,
    /// The body, if any.
    pub body: Option<BodyIr>,
    /// The names of the documented response headers.
    pub headers: Vec<String>,
    /// The description.
    pub doc: String,
    /// Whether the response is an error whose body is the standard error or none: it is then
    /// kept whole (status, headers, body, whatever the server sent) as the runtime's
    /// `ErrorResponse` (see `overrides::is_standard_error_response`).
    pub standard_error: bool,
}

/// How a credential is carried (mirrors the runtime's `AuthScheme`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthSchemeIr {
    /// A bearer token.
    Bearer,
    /// A query parameter.
    QueryParameter(String),
    /// A header.
    Header(String),
    /// Another `Authorization` scheme.
    Authorization(String),
}

/// One operation.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationIr {
    /// The submodule name (snake_case `operationId`).
    pub module: String,
    /// The `operationId`.
    pub operation_id: String,
    /// Documentation.
    pub doc: String,
    /// The API, as the runtime's `Api` variant name.
    pub api: &'static str,
    /// The Cargo feature of the API.
    pub feature: Feature,
    /// The HTTP method, as the runtime's `Method` variant name.
    pub method: &'static str,
    /// The full path template.
    pub path: String,
    /// `None`, `Optional` or `Required` (the runtime's `AuthRequirement` variant name).
    pub auth: &'static str,
    /// The accepted credentials.
    pub auth_schemes: Vec<AuthSchemeIr>,
    /// Whether a 429 is documented.
    pub rate_limited: bool,
    /// `x-addedInMatrixVersion`.
    pub added_in: Option<String>,
    /// The versions of `x-changedInMatrixVersion`.
    pub changed_in: Vec<String>,
    /// Whether the spec deprecates it.
    pub deprecated: bool,
    /// Parameters, path first then query then header, each in spec order.
    pub params: Vec<ParamIr>,
    /// The request body.
    pub body: Option<BodyIr>,
    /// The responses, in spec order.
    pub responses: Vec<ResponseIr>,
    /// Types defined in the operation's module.
    pub types: Vec<TypeDef>,
}
