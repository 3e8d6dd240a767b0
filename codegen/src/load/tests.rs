//! The loader end to end on small fixture specs written for these tests.

use serde_json::json;

use super::model::*;
use super::source::SourceTree;
use super::{load_tree, ErrorKind};

const CS_DOC: &str = r#"
openapi: 3.1.0
info: {title: Fixture API, version: 1.0.0}
servers:
  - url: "{protocol}://{hostname}{basePath}"
    variables:
      protocol: {enum: [http, https], default: https}
      hostname: {default: localhost}
      basePath: {default: /_matrix/client/v3}
paths:
  "/rooms/{roomId}/invite ":
    post:
      operationId: inviteBy3PID
      x-addedInMatrixVersion: "1.10"
      x-changedInMatrixVersion:
        1.8: changed in 1.8
        1.10: changed in 1.10
      security:
        - accessTokenBearer: []
        - {}
      parameters:
        - $ref: '#/components/parameters/roomId'
        - in: query
          name: via
          schema: {type: array, items: {type: string}}
      requestBody:
        content:
          application/json:
            schema: {$ref: definitions/body.yaml}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: object}
              examples:
                response: {value: {$ref: examples/ok.json}}
        "4XX":
          description: some error
        "429":
          description: limited
  "/other":
    get:
      operationId: getRoomSummary
      security:
        - signedRequest: []
      responses:
        "200": {description: ok}
components:
  parameters:
    roomId: {in: path, name: roomId, required: true, schema: {type: string, format: mx-room-id}}
  securitySchemes:
    accessTokenBearer: {$ref: definitions/security.yaml#/accessTokenBearer}
    accessTokenQuery: {$ref: definitions/security.yaml#/accessTokenQuery}
"#;

const SS_DOC: &str = r#"
openapi: 3.1.0
info: {title: Fixture federation, version: 1.0.0}
servers: [{url: x, variables: {basePath: {default: /_matrix/federation}}}]
paths: {}
components:
  securitySchemes:
    signedRequest: {type: http, scheme: X-Matrix}
"#;

fn fixture(extra: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
    let mut files = vec![
        ("api/client-server/invite.yaml", CS_DOC),
        (
            "api/client-server/definitions/security.yaml",
            "accessTokenBearer: {type: http, scheme: bearer}\naccessTokenQuery: {type: apiKey, in: query, name: access_token}",
        ),
        (
            "api/client-server/definitions/body.yaml",
            "type: object\nrequired: [medium]\nproperties:\n  medium: {type: [string, 'null'], example: email}\n",
        ),
        ("api/client-server/examples/ok.json", r#"{"ok": true}"#),
        ("api/server-server/fed.yaml", SS_DOC),
        (
            "event-schemas/schema/m.room.name.yaml",
            "allOf: [{$ref: core-event-schema/state_event.yaml}]\nproperties:\n  type: {type: string, enum: [m.room.name]}\n  content: {type: object, properties: {name: {type: string}}}\n",
        ),
        (
            "event-schemas/schema/core-event-schema/state_event.yaml",
            "type: object\nrequired: [type, state_key]\nproperties: {type: {type: string}, state_key: {type: string}, content: {type: object}}\n",
        ),
        ("event-schemas/examples/m.room.name.yaml", r#"{"$ref": "core/state.json", "type": "m.room.name"}"#),
        ("event-schemas/examples/core/state.json", r#"{"state_key": "", "content": {}}"#),
        ("string-formats.yaml", "mx-room-id: {title: Room ID, url: appendices#room-ids}"),
    ];
    files.extend_from_slice(extra);
    files
}

fn load(files: &[(&str, &str)]) -> super::Result<Spec> {
    load_tree(&SourceTree::from_texts(files.iter().copied())?)
}

fn operation<'s>(spec: &'s Spec, id: &str) -> &'s Operation {
    spec.documents.iter().flat_map(|d| &d.operations).find(|o| o.operation_id == id).expect("operation exists")
}

#[test]
fn builds_operations_like_the_site() {
    let spec = load(&fixture(&[])).expect("fixture loads");
    let invite = operation(&spec, "inviteBy3PID");
    assert_eq!((invite.method, invite.path.as_str()), (Method::Post, "/_matrix/client/v3/rooms/{roomId}/invite"));
    assert_eq!(invite.added_in.as_deref(), Some("1.10"));
    assert_eq!(invite.changed_in.keys().collect::<Vec<_>>(), ["1.8", "1.10"]);
    assert_eq!(invite.security.requirement, AuthRequirement::Optional);
    assert_eq!(invite.security.schemes[0].kind, SecuritySchemeKind::Bearer);
    let names: Vec<_> = invite.parameters.iter().map(|p| (p.name.as_str(), p.location, p.required)).collect();
    assert_eq!(names, [("roomId", ParameterLocation::Path, true), ("via", ParameterLocation::Query, false)]);
    assert_eq!(invite.parameters[0].schema.format.as_deref(), Some("mx-room-id"));
    let statuses: Vec<_> = invite.responses.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [StatusCode::Code(200), StatusCode::Range(4), StatusCode::Code(429)]);
    assert!(invite.rate_limited());
    assert_eq!(invite.responses[0].content[0].examples[0].value, json!({"ok": true}));
    let body = invite.request_body.as_ref().and_then(|b| b.content[0].schema.as_ref()).expect("body schema");
    assert_eq!(
        body.origin.as_ref().map(ToString::to_string).as_deref(),
        Some("api/client-server/definitions/body.yaml#")
    );
    assert_eq!(body.properties["medium"].types, [JsonType::String, JsonType::Null]);
    assert_eq!(
        body.properties["medium"].location.to_string(),
        "api/client-server/definitions/body.yaml#/properties/medium"
    );
}

#[test]
fn undefined_security_schemes_are_resolved_by_the_fix_table_or_fail() {
    let spec = load(&fixture(&[])).expect("fixture loads");
    // `getRoomSummary` names `signedRequest`, which only the server-server API defines.
    let summary = operation(&spec, "getRoomSummary");
    assert_eq!(summary.security.requirement, AuthRequirement::Optional);
    let kinds: Vec<_> = summary.security.schemes.iter().map(|s| s.kind.clone()).collect();
    let query = SecuritySchemeKind::ApiKey { name: "access_token".into(), location: ParameterLocation::Query };
    assert_eq!(kinds, [SecuritySchemeKind::Bearer, query]);
    // Without a fix, an undefined scheme is an error naming the operation's security.
    let stray = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\nservers: [{url: x, variables: {basePath: {default: /b}}}]\n\
                 paths: {/x: {get: {operationId: getX, security: [{mystery: []}], responses: {'200': {description: ok}}}}}\n";
    let error = load(&fixture(&[("api/client-server/stray.yaml", stray)])).expect_err("undefined scheme");
    assert_eq!(error.location.to_string(), "api/client-server/stray.yaml#/paths/~1x/get/security");
    assert!(error.message.contains("\"mystery\""), "{}", error.message);
}

#[test]
fn events_examples_and_formats() {
    let spec = load(&fixture(&[])).expect("fixture loads");
    let event = &spec.events[0];
    assert_eq!((event.name.as_str(), event.event_types.as_slice()), ("m.room.name", &["m.room.name".to_string()][..]));
    assert_eq!(event.core.as_deref(), Some("event-schemas/schema/core-event-schema/state_event.yaml"));
    // allOf merged: the core's required keys and properties are there, with the event's own on top.
    assert_eq!(event.schema.required, ["type", "state_key"]);
    assert!(event.schema.properties["content"].properties.contains_key("name"));
    let example = spec.event_examples.iter().find(|e| e.name == "m.room.name").expect("example");
    assert_eq!(example.value, json!({"state_key": "", "content": {}, "type": "m.room.name"}));
    assert!(example.is_whole_event());
    assert_eq!(spec.string_formats["mx-room-id"].title, "Room ID");
    assert!(spec.schema_files.iter().any(|f| f.file == "api/client-server/definitions/body.yaml"));
}

#[test]
fn unknown_keywords_are_reported_with_file_and_pointer() {
    let files = fixture(&[(
        "api/client-server/definitions/odd.yaml",
        "type: object\nproperties:\n  x: {type: string, minLenght: 3}\n",
    )]);
    let error = load(&files).expect_err("unknown keyword");
    assert_eq!(error.kind, ErrorKind::UnknownKeyword);
    assert_eq!(error.location.to_string(), "api/client-server/definitions/odd.yaml#/properties/x/minLenght");
    assert!(error.message.contains("\"minLenght\""), "{}", error.message);
}

#[test]
fn wrong_types_are_errors_not_panics() {
    let files = fixture(&[("api/client-server/definitions/odd.yaml", "type: object\nrequired: medium\n")]);
    let error = load(&files).expect_err("wrong type");
    assert_eq!(
        (error.kind, error.location.to_string()),
        (ErrorKind::WrongType, "api/client-server/definitions/odd.yaml#/required".into())
    );
    let files = fixture(&[("api/client-server/definitions/odd.yaml", "type: objet\n")]);
    assert_eq!(load(&files).expect_err("bad type").kind, ErrorKind::Invalid);
    let files = fixture(&[("api/client-server/definitions/odd.yaml", "x-addedInMatrixVersion: 1.10\n")]);
    let error = load(&files).expect_err("unquoted version");
    assert!(error.message.contains("quote"), "{}", error.message);
}

#[test]
fn dangling_refs_and_cycles_fail_the_load() {
    let files = fixture(&[("api/client-server/definitions/odd.yaml", "properties: {x: {$ref: nowhere.yaml}}")]);
    assert_eq!(load(&files).expect_err("dangling").kind, ErrorKind::DanglingRef);
    let files = fixture(&[
        ("api/client-server/definitions/odd.yaml", "properties: {x: {$ref: odd2.yaml}}"),
        ("api/client-server/definitions/odd2.yaml", "items: {$ref: odd.yaml}"),
    ]);
    assert_eq!(load(&files).expect_err("cycle").kind, ErrorKind::RefCycle);
}

#[test]
fn bad_yaml_names_file_and_line() {
    let error = SourceTree::from_texts([("api/x.yaml", "a: b\nc: [d\n")]).expect_err("syntax");
    assert_eq!((error.kind, error.location.file.as_str()), (ErrorKind::Syntax, "api/x.yaml"));
    assert!(error.line.is_some());
}
