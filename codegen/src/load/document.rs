//! Resolved OpenAPI document → [`ApiDocument`].
//!
//! `openapiv3` models OpenAPI 3.0, and the spec is written in 3.1: its schemas use 3.1 type
//! arrays, `patternProperties`, `const` and `$schema`, which `openapiv3::Schema` cannot carry.
//! So the document's *skeleton* (paths, operations, parameters, bodies, responses, status codes,
//! headers, security) is read with `openapiv3`, after every schema in it has been replaced by
//! `{}`; the schemas themselves, and the examples, are read from the resolved JSON at the same
//! places by [`super::schema::build_schema`]. Nothing of a schema goes through `openapiv3`.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use openapiv3 as oa;
use serde_json::{Map, Value};

use super::error::{ErrorKind, LoadError, Location, Result};
use super::model::*;
use super::resolve::{Context, ORIGIN_KEY};
use super::schema::build_schema;
use super::spec_fixes;

/// Security schemes by name, as defined across the whole spec, per defining file.
pub type SchemeRegistry = BTreeMap<String, Vec<SecurityScheme>>;

/// The resolved document with every schema replaced by `{}` and the loader's annotations
/// removed: what `openapiv3` can read.
fn skeleton(value: &Value, context: Context) -> Value {
    match value {
        Value::Object(map) => {
            let mut out = Map::with_capacity(map.len());
            for (key, child) in map {
                if key == ORIGIN_KEY {
                    continue;
                }
                let child_context = context.of_child(key);
                let is_schema_slot = context == Context::Structure && (key == "schema" || key == "schemas");
                let child = if is_schema_slot { Value::Object(Map::new()) } else { skeleton(child, child_context) };
                out.insert(key.clone(), child);
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(|item| skeleton(item, context)).collect()),
        scalar => scalar.clone(),
    }
}

/// Reads the skeleton of a resolved document with `openapiv3` (once per document: both
/// [`defined_schemes`] and [`build_document`] read it).
pub fn read_skeleton(file: &str, resolved: &Value) -> Result<oa::OpenAPI> {
    serde_json::from_value(skeleton(resolved, Context::Structure)).map_err(|e| {
        LoadError::new(ErrorKind::WrongType, &Location::root(file), format!("not a valid OpenAPI document: {e}"))
    })
}

/// The security schemes a resolved document defines, from its skeleton ([`read_skeleton`]).
pub fn defined_schemes(file: &str, openapi: &oa::OpenAPI) -> Result<Vec<SecurityScheme>> {
    let Some(components) = &openapi.components else { return Ok(Vec::new()) };
    let location = Location::root(file).child("components").child("securitySchemes");
    components
        .security_schemes
        .iter()
        .map(|(name, scheme)| {
            let oa::ReferenceOr::Item(scheme) = scheme else {
                return Err(LoadError::new(ErrorKind::Invalid, &location.child(name), "unresolved $ref"));
            };
            security_scheme(name.clone(), scheme.clone(), file, &location)
        })
        .collect()
}

fn security_scheme(name: String, scheme: oa::SecurityScheme, file: &str, at: &Location) -> Result<SecurityScheme> {
    let (kind, description) = match scheme {
        oa::SecurityScheme::HTTP { scheme, description, .. } if scheme.eq_ignore_ascii_case("bearer") => {
            (SecuritySchemeKind::Bearer, description)
        }
        oa::SecurityScheme::HTTP { scheme, description, .. } => (SecuritySchemeKind::Http { scheme }, description),
        oa::SecurityScheme::APIKey { location, name: key, description, .. } => {
            let location = match location {
                oa::APIKeyLocation::Query => ParameterLocation::Query,
                oa::APIKeyLocation::Header => ParameterLocation::Header,
                oa::APIKeyLocation::Cookie => {
                    return Err(LoadError::new(
                        ErrorKind::Invalid,
                        &at.child(&name),
                        "cookie API keys are not used by Matrix",
                    ))
                }
            };
            (SecuritySchemeKind::ApiKey { name: key, location }, description)
        }
        _ => {
            return Err(LoadError::new(
                ErrorKind::Invalid,
                &at.child(&name),
                "OAuth2/OpenID security schemes are not modelled",
            ))
        }
    };
    Ok(SecurityScheme { name, kind, description, defined_in: file.to_string() })
}

/// Builds one API document from its resolved JSON and its skeleton ([`read_skeleton`]).
pub fn build_document(
    file: &str,
    resolved: &Value,
    openapi: oa::OpenAPI,
    registry: &SchemeRegistry,
) -> Result<ApiDocument> {
    let root = Location::root(file);
    let api = Api::of_file(file).ok_or_else(|| {
        LoadError::new(ErrorKind::Invalid, &root, "an OpenAPI document outside the five API directories")
    })?;
    let base_path = base_path(&openapi, &root)?;
    let mut operations = Vec::new();
    let paths_json = resolved.get("paths").and_then(Value::as_object);
    for (path_key, item) in &openapi.paths.paths {
        let oa::ReferenceOr::Item(item) = item else {
            return Err(LoadError::new(ErrorKind::Invalid, &root.child("paths").child(path_key), "unresolved $ref"));
        };
        let item_json = paths_json.and_then(|paths| paths.get(path_key)).unwrap_or(&Value::Null);
        let item_location = root.child("paths").child(path_key);
        // Two path keys end in a space to dodge YAML key collisions; the path is the trimmed key.
        let path = format!("{base_path}{}", path_key.trim());
        for (method_key, op_json) in item_json.as_object().into_iter().flatten() {
            let Some((method, op)) = operation_of(item, method_key) else { continue };
            let site = OperationSite {
                api,
                file,
                location: item_location.child(method_key),
                item_location: item_location.clone(),
                json: op_json,
                item_json,
                registry,
            };
            operations.push(site.build(method, &path, op, item)?);
        }
    }
    Ok(ApiDocument { file: file.to_string(), api, title: openapi.info.title, base_path, operations })
}

fn base_path(openapi: &oa::OpenAPI, root: &Location) -> Result<String> {
    openapi
        .servers
        .first()
        .and_then(|server| server.variables.as_ref()?.get("basePath"))
        .map(|variable| variable.default.clone())
        .ok_or_else(|| {
            LoadError::new(ErrorKind::Invalid, &root.child("servers"), "no servers[0].variables.basePath.default")
        })
}

fn operation_of<'a>(item: &'a oa::PathItem, method_key: &str) -> Option<(Method, &'a oa::Operation)> {
    let (method, op) = match method_key {
        "get" => (Method::Get, &item.get),
        "put" => (Method::Put, &item.put),
        "post" => (Method::Post, &item.post),
        "delete" => (Method::Delete, &item.delete),
        "head" => (Method::Head, &item.head),
        "options" => (Method::Options, &item.options),
        "patch" => (Method::Patch, &item.patch),
        _ => return None,
    };
    Some((method, op.as_ref()?))
}

/// Everything needed to build one operation.
struct OperationSite<'a> {
    api: Api,
    file: &'a str,
    location: Location,
    item_location: Location,
    json: &'a Value,
    item_json: &'a Value,
    registry: &'a SchemeRegistry,
}

impl OperationSite<'_> {
    fn build(&self, method: Method, path: &str, op: &oa::Operation, item: &oa::PathItem) -> Result<Operation> {
        let operation_id = op
            .operation_id
            .clone()
            .ok_or_else(|| LoadError::new(ErrorKind::Invalid, &self.location, "operation without operationId"))?;
        let extensions = super::read::Reader::new(self.json, &self.location)?;
        let mut parameters =
            self.parameters(&item.parameters, self.item_json, &self.item_location.child("parameters"))?;
        parameters.extend(self.parameters(&op.parameters, self.json, &self.location.child("parameters"))?);
        Ok(Operation {
            api: self.api,
            security: self.security(&operation_id, op)?,
            operation_id,
            location: self.location.clone(),
            method,
            path: path.to_string(),
            summary: op.summary.clone(),
            description: op.description.clone(),
            parameters,
            request_body: self.request_body(op)?,
            responses: self.responses(op)?,
            deprecated: op.deprecated,
            added_in: extensions.string("x-addedInMatrixVersion")?,
            changed_in: extensions.changed_in()?,
            tags: op.tags.clone(),
        })
    }

    fn parameters(
        &self,
        list: &[oa::ReferenceOr<oa::Parameter>],
        owner: &Value,
        at: &Location,
    ) -> Result<Vec<Parameter>> {
        let json = owner.get("parameters").and_then(Value::as_array);
        list.iter()
            .enumerate()
            .map(|(index, parameter)| {
                let parameter_json = json.and_then(|items| items.get(index)).unwrap_or(&Value::Null);
                build_parameter(parameter, parameter_json, &at.child(&index.to_string()))
            })
            .collect()
    }

    fn request_body(&self, op: &oa::Operation) -> Result<Option<RequestBody>> {
        let Some(body) = &op.request_body else { return Ok(None) };
        let location = self.location.child("requestBody");
        let oa::ReferenceOr::Item(body) = body else {
            return Err(LoadError::new(ErrorKind::Invalid, &location, "unresolved $ref"));
        };
        let json = self.json.get("requestBody").unwrap_or(&Value::Null);
        Ok(Some(RequestBody {
            description: body.description.clone(),
            required: body.required,
            content: media_types(&body.content, json, &location)?,
        }))
    }

    fn responses(&self, op: &oa::Operation) -> Result<Vec<Response>> {
        let location = self.location.child("responses");
        let json = self.json.get("responses").unwrap_or(&Value::Null);
        let mut out = Vec::new();
        let coded = op.responses.responses.iter().map(|(code, response)| {
            let status = match code {
                oa::StatusCode::Code(code) => StatusCode::Code(*code),
                oa::StatusCode::Range(class) => StatusCode::Range(*class),
            };
            (status, code.to_string(), response)
        });
        let default =
            op.responses.default.iter().map(|response| (StatusCode::Default, "default".to_string(), response));
        for (status, key, response) in coded.chain(default) {
            let response_location = location.child(&key);
            let oa::ReferenceOr::Item(response) = response else {
                return Err(LoadError::new(ErrorKind::Invalid, &response_location, "unresolved $ref"));
            };
            let response_json = json.get(&key).unwrap_or(&Value::Null);
            let read = super::read::Reader::new(response_json, &response_location)?;
            out.push(Response {
                added_in: read.string("x-addedInMatrixVersion")?,
                changed_in: read.changed_in()?,
                status,
                description: response.description.clone(),
                content: media_types(&response.content, response_json, &response_location)?,
                headers: headers(&response.headers, response_json, &response_location)?,
                location: response_location,
            });
        }
        Ok(out)
    }

    /// The site's rule: no `security` → no auth; a `{}` alternative → optional; else required.
    fn security(&self, operation_id: &str, op: &oa::Operation) -> Result<Security> {
        let Some(requirements) = &op.security else {
            return Ok(Security { requirement: AuthRequirement::None, schemes: Vec::new() });
        };
        let mut names: Vec<String> = Vec::new();
        for requirement in requirements {
            if requirement.is_empty() {
                names.push(String::new());
            }
            for name in requirement.keys() {
                match spec_fixes::security_fix(self.api, operation_id, name) {
                    Some(fix) if !self.defined(name) => names.extend(fix.replacement.iter().map(|n| n.to_string())),
                    _ => names.push(name.clone()),
                }
            }
        }
        let optional = names.iter().any(String::is_empty);
        let schemes =
            names.iter().filter(|name| !name.is_empty()).map(|name| self.scheme(name)).collect::<Result<Vec<_>>>()?;
        let requirement = if optional { AuthRequirement::Optional } else { AuthRequirement::Required };
        Ok(Security { requirement, schemes })
    }

    fn defined(&self, name: &str) -> bool {
        self.registry.get(name).is_some_and(|defs| defs.iter().any(|d| d.defined_in == self.file))
    }

    /// The definition of scheme `name`: the operation's own document first, else any document
    /// of the same API (a scheme defined alike in several files).
    fn scheme(&self, name: &str) -> Result<SecurityScheme> {
        let definitions = self.registry.get(name).map(Vec::as_slice).unwrap_or_default();
        let own = definitions.iter().find(|d| d.defined_in == self.file);
        let same_api = definitions.iter().find(|d| Api::of_file(&d.defined_in) == Some(self.api));
        own.or(same_api).cloned().ok_or_else(|| {
            LoadError::new(
                ErrorKind::Invalid,
                &self.location.child("security"),
                format!("security scheme {name:?} is defined nowhere in this API; add a fix to codegen/src/load/spec_fixes.rs"),
            )
        })
    }
}

fn build_parameter(parameter: &oa::ReferenceOr<oa::Parameter>, json: &Value, location: &Location) -> Result<Parameter> {
    let oa::ReferenceOr::Item(parameter) = parameter else {
        return Err(LoadError::new(ErrorKind::Invalid, location, "unresolved $ref"));
    };
    let (data, place, style) = match parameter {
        oa::Parameter::Path { parameter_data, style } => {
            (parameter_data, ParameterLocation::Path, format!("{style:?}"))
        }
        oa::Parameter::Query { parameter_data, style, .. } => {
            (parameter_data, ParameterLocation::Query, format!("{style:?}"))
        }
        oa::Parameter::Header { parameter_data, style } => {
            (parameter_data, ParameterLocation::Header, format!("{style:?}"))
        }
        oa::Parameter::Cookie { .. } => {
            return Err(LoadError::new(ErrorKind::Invalid, location, "cookie parameters are not used by Matrix"))
        }
    };
    let read = super::read::Reader::new(json, location)?;
    let schema_json =
        json.get("schema").ok_or_else(|| LoadError::new(ErrorKind::Invalid, location, "parameter without schema"))?;
    Ok(Parameter {
        name: data.name.clone(),
        location: place,
        required: data.required || place == ParameterLocation::Path,
        description: data.description.clone(),
        deprecated: data.deprecated.unwrap_or(false),
        style: Some(style.to_lowercase()),
        explode: data.explode,
        schema: build_schema(schema_json, &location.child("schema"))?,
        example: data.example.clone(),
        added_in: read.string("x-addedInMatrixVersion")?,
        changed_in: read.changed_in()?,
        location_in_spec: location.clone(),
    })
}

fn media_types(content: &IndexMap<String, oa::MediaType>, owner: &Value, at: &Location) -> Result<Vec<MediaType>> {
    let json = owner.get("content");
    let base = at.child("content");
    content
        .keys()
        .map(|mime| {
            let location = base.child(mime);
            let media_json = json.and_then(|content| content.get(mime)).unwrap_or(&Value::Null);
            let schema = media_json.get("schema").map(|s| build_schema(s, &location.child("schema"))).transpose()?;
            Ok(MediaType {
                mime: mime.clone(),
                schema,
                example: media_json.get("example").cloned(),
                examples: named_examples(media_json.get("examples"), &location.child("examples"))?,
                location,
            })
        })
        .collect()
}

fn named_examples(examples: Option<&Value>, location: &Location) -> Result<Vec<NamedExample>> {
    let Some(examples) = examples else { return Ok(Vec::new()) };
    let map =
        examples.as_object().ok_or_else(|| LoadError::new(ErrorKind::WrongType, location, "examples must be a map"))?;
    map.iter()
        .map(|(name, example)| {
            let at = location.child(name);
            let read = super::read::Reader::new(example, &at)?;
            let value =
                read.data("value").ok_or_else(|| LoadError::new(ErrorKind::Invalid, &at, "example without value"))?;
            Ok(NamedExample {
                name: name.clone(),
                summary: read.string("summary")?,
                description: read.string("description")?,
                value,
            })
        })
        .collect()
}

fn headers(
    headers: &IndexMap<String, oa::ReferenceOr<oa::Header>>,
    owner: &Value,
    at: &Location,
) -> Result<Vec<Header>> {
    let json = owner.get("headers");
    let base = at.child("headers");
    headers
        .iter()
        .map(|(name, header)| {
            let location = base.child(name);
            let oa::ReferenceOr::Item(header) = header else {
                return Err(LoadError::new(ErrorKind::Invalid, &location, "unresolved $ref"));
            };
            let header_json = json.and_then(|h| h.get(name)).unwrap_or(&Value::Null);
            let read = super::read::Reader::new(header_json, &location)?;
            let schema_json = header_json.get("schema");
            let schema_json =
                schema_json.ok_or_else(|| LoadError::new(ErrorKind::Invalid, &location, "header without schema"))?;
            Ok(Header {
                added_in: read.string("x-addedInMatrixVersion")?,
                changed_in: read.changed_in()?,
                name: name.clone(),
                description: header.description.clone(),
                required: header.required,
                schema: build_schema(schema_json, &location.child("schema"))?,
            })
        })
        .collect()
}
