//! The keyword table: every key the spec's files may use, per kind of object, and whether the
//! model carries it or ignores it (with the reason). A key that is in neither list is an error.
//!
//! This is the one place that says what the loader reads. The model builder reads exactly the
//! keys marked [`Status::Modelled`]; the audit ([`super::audit`]) walks every file against this
//! table.

/// The kinds of object found in the spec's files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// An OpenAPI document root.
    Document,
    /// `info`.
    Info,
    /// An entry of `servers`.
    Server,
    /// An entry of `servers[].variables`.
    ServerVariable,
    /// A path item.
    PathItem,
    /// An operation.
    Operation,
    /// A parameter.
    Parameter,
    /// A request body.
    RequestBody,
    /// A media-type object.
    MediaType,
    /// An entry of an `examples` map.
    Example,
    /// A response.
    Response,
    /// A response header.
    Header,
    /// `components`.
    Components,
    /// A security scheme.
    SecurityScheme,
    /// A JSON Schema 2020-12 node.
    Schema,
    /// An entry of `string-formats.yaml`.
    StringFormat,
}

/// What a keyword's value holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Child {
    /// A scalar or a list of scalars (read and type-checked by the model builder).
    Scalar,
    /// Example or literal data: not keywords.
    Data,
    /// One object of a kind (a boolean is also accepted where JSON Schema allows it).
    One(Kind),
    /// A list of objects of a kind.
    ListOf(Kind),
    /// A map from names to objects of a kind.
    MapOf(Kind),
}

/// Whether the model carries a keyword.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Read into the model.
    Modelled,
    /// Deliberately not read, for the reason given.
    Ignored(&'static str),
}

/// A known keyword.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Keyword {
    /// What its value holds.
    pub child: Child,
    /// Whether the model carries it.
    pub status: Status,
}

const fn modelled(child: Child) -> Option<Keyword> {
    Some(Keyword { child, status: Status::Modelled })
}

const fn ignored(child: Child, reason: &'static str) -> Option<Keyword> {
    Some(Keyword { child, status: Status::Ignored(reason) })
}

/// Extension keywords used on operations, parameters and schemas.
fn extension(key: &str) -> Option<Keyword> {
    match key {
        "x-addedInMatrixVersion" => modelled(Child::Scalar),
        "x-changedInMatrixVersion" => modelled(Child::Data),
        _ => None,
    }
}

/// The keyword `key` of an object of `kind`, or `None` if it is unknown.
pub fn lookup(kind: Kind, key: &str) -> Option<Keyword> {
    use Child::*;
    match (kind, key) {
        (_, "description") => modelled(Scalar),

        (Kind::Document, "openapi") => ignored(Scalar, "always 3.1.x; the loader implements 3.1 itself"),
        (Kind::Document, "info") => modelled(One(Kind::Info)),
        (Kind::Document, "servers") => modelled(ListOf(Kind::Server)),
        (Kind::Document, "paths") => modelled(MapOf(Kind::PathItem)),
        (Kind::Document, "components") => modelled(One(Kind::Components)),
        (Kind::Document, "security") => modelled(Data),
        (Kind::Document, "tags") => ignored(Data, "tag descriptions are site navigation"),

        (Kind::Info, "title") => modelled(Scalar),
        (Kind::Info, "version") => {
            ignored(Scalar, "the document's own version (1.0.0); the spec version comes from the snapshot lock")
        }

        (Kind::Server, "url") => ignored(Scalar, "always `{protocol}://{hostname}{basePath}`; paths use basePath only"),
        (Kind::Server, "variables") => modelled(MapOf(Kind::ServerVariable)),
        (Kind::ServerVariable, "default") => modelled(Scalar),
        (Kind::ServerVariable, "enum") => ignored(Data, "the protocol choice (http/https) is transport, not API"),

        (Kind::PathItem, "get" | "put" | "post" | "delete" | "head" | "options" | "patch") => {
            modelled(One(Kind::Operation))
        }
        (Kind::PathItem, "parameters") => modelled(ListOf(Kind::Parameter)),
        (Kind::PathItem, "summary") => modelled(Scalar),

        (Kind::Operation, "operationId" | "summary" | "tags" | "deprecated") => modelled(Scalar),
        (Kind::Operation, "parameters") => modelled(ListOf(Kind::Parameter)),
        (Kind::Operation, "requestBody") => modelled(One(Kind::RequestBody)),
        (Kind::Operation, "responses") => modelled(MapOf(Kind::Response)),
        (Kind::Operation, "security") => modelled(Data),
        (Kind::Operation, key) => extension(key),

        (Kind::Parameter, "name" | "in" | "required" | "deprecated" | "style" | "explode") => modelled(Scalar),
        (Kind::Parameter, "schema") => modelled(One(Kind::Schema)),
        (Kind::Parameter, "example") => modelled(Data),
        (Kind::Parameter, key) => extension(key),

        (Kind::RequestBody, "required") => modelled(Scalar),
        (Kind::RequestBody, "content") => modelled(MapOf(Kind::MediaType)),

        (Kind::MediaType, "schema") => modelled(One(Kind::Schema)),
        (Kind::MediaType, "example") => modelled(Data),
        (Kind::MediaType, "examples") => modelled(MapOf(Kind::Example)),

        (Kind::Example, "summary") => modelled(Scalar),
        (Kind::Example, "value") => modelled(Data),

        (Kind::Response, "content") => modelled(MapOf(Kind::MediaType)),
        (Kind::Response, "headers") => modelled(MapOf(Kind::Header)),
        (Kind::Response, key) => extension(key),

        (Kind::Header, "required") => modelled(Scalar),
        (Kind::Header, "schema") => modelled(One(Kind::Schema)),
        (Kind::Header, key) => extension(key),

        (Kind::Components, "schemas") => modelled(MapOf(Kind::Schema)),
        (Kind::Components, "securitySchemes") => modelled(MapOf(Kind::SecurityScheme)),
        (Kind::Components, "parameters") => modelled(MapOf(Kind::Parameter)),
        (Kind::Components, "responses") => modelled(MapOf(Kind::Response)),
        (Kind::Components, "examples") => modelled(MapOf(Kind::Example)),
        (Kind::Components, "headers") => modelled(MapOf(Kind::Header)),
        (Kind::Components, "requestBodies") => modelled(MapOf(Kind::RequestBody)),

        (Kind::SecurityScheme, "type" | "name" | "in" | "scheme") => modelled(Scalar),

        (Kind::StringFormat, "title" | "url") => modelled(Scalar),

        (Kind::Schema, key) => schema_keyword(key),
        _ => None,
    }
}

fn schema_keyword(key: &str) -> Option<Keyword> {
    use Child::*;
    match key {
        "title" | "type" | "format" | "pattern" | "required" | "deprecated" | "x-pattern-format" | "x-weight" => {
            modelled(Scalar)
        }
        "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" => modelled(Scalar),
        "minLength" | "maxLength" | "minItems" | "maxItems" | "minProperties" | "maxProperties" | "uniqueItems" => {
            modelled(Scalar)
        }
        "enum" | "const" | "example" | "examples" | "default" => modelled(Data),
        "properties" | "patternProperties" => modelled(MapOf(Kind::Schema)),
        "additionalProperties" | "items" => modelled(One(Kind::Schema)),
        "allOf" => modelled(ListOf(Kind::Schema)),
        "oneOf" | "anyOf" => modelled(ListOf(Kind::Schema)),
        // Only at the root of a schema file that keeps helper schemas (olm_payload.yaml).
        "components" => modelled(One(Kind::Components)),
        "$schema" => ignored(Scalar, "the dialect marker; always 2020-12, which the loader implements"),
        other => extension(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_and_refuses() {
        assert_eq!(lookup(Kind::Schema, "properties").map(|k| k.child), Some(Child::MapOf(Kind::Schema)));
        assert!(matches!(lookup(Kind::Schema, "$schema").map(|k| k.status), Some(Status::Ignored(_))));
        assert_eq!(lookup(Kind::Schema, "propertys"), None);
        assert_eq!(lookup(Kind::Operation, "x-unknown"), None);
        assert!(lookup(Kind::Operation, "x-addedInMatrixVersion").is_some());
    }
}
