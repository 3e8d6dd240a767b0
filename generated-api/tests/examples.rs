//! Every example of the spec through the generated type the IR binds it to: decode, encode, and
//! compare with the original (objects as unordered maps, arrays in order, numbers by value and
//! kind). Unbound examples are failures; examples the spec gets wrong are listed in
//! `common/mod.rs` and must still fail.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use codegen::load::model::{AdditionalProperties, MediaType, Schema, Spec};
use generated_api::generated::registry::BINDINGS;
use serde_json::Value;

/// Where an example comes from: one summary line each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Source {
    Request,
    Response,
    ComposedRequest,
    ComposedResponse,
    Schema,
    Parameter,
    Event,
    /// Schema examples of non-JSON bodies: placeholders for bytes, not decoded.
    BinaryBody,
}

struct Example {
    source: Source,
    /// Unique id, for the report and the known-invalid list.
    id: String,
    /// The registry key of the type that must accept it (`None` for event examples, which go
    /// through the event enums).
    key: Option<String>,
    value: Value,
    /// The schema it is an example of, for the strictness check.
    schema: Option<Schema>,
}

fn api(op: &codegen::load::model::Operation) -> String {
    format!("{:?}", op.api)
}

fn body_examples(media: &MediaType, explicit: Source, composed: Source, key: &str, id: &str, out: &mut Vec<Example>) {
    if media.mime != "application/json" {
        return;
    }
    let mut push = |source, id: String, value: Value| {
        out.push(Example { source, id, key: Some(key.to_string()), value, schema: media.schema.clone() })
    };
    if !media.examples.is_empty() {
        for named in &media.examples {
            push(explicit, format!("{id} examples/{}", named.name), named.value.clone());
        }
    } else if let Some(value) = &media.example {
        push(explicit, format!("{id} example"), value.clone());
    } else if let Some(value) = media.schema.as_ref().and_then(|s| s.example.clone()) {
        push(explicit, format!("{id} schema.example"), value);
    } else if let Some(value) = media.schema.as_ref().and_then(|s| common::compose(s, false)) {
        push(composed, format!("{id} composed"), value);
    }
}

fn schema_examples(schema: &Schema, seen: &mut BTreeSet<String>, out: &mut Vec<Example>) {
    let location = schema.location.to_string();
    // A definition used in several places is walked once; but a use site that documents it
    // with an example of its own (the "ref + description + example" idiom keeps the
    // definition's identity) is its own example.
    let own_examples = serde_json::to_string(&(&schema.example, &schema.examples)).expect("serializes");
    if !seen.insert(format!("{location} {own_examples}")) {
        return;
    }
    let key = format!("schema:{location}");
    for (index, value) in schema.example.iter().chain(&schema.examples).enumerate() {
        out.push(Example {
            source: Source::Schema,
            id: format!("{location} example {index}"),
            key: Some(key.clone()),
            value: value.clone(),
            schema: Some(schema.clone()),
        });
    }
    let children = schema
        .properties
        .values()
        .chain(schema.pattern_properties.values())
        .chain(schema.items.as_deref())
        .chain(&schema.one_of)
        .chain(&schema.any_of);
    for child in children {
        schema_examples(child, seen, out);
    }
    if let Some(AdditionalProperties::Schema(child)) = &schema.additional_properties {
        schema_examples(child, seen, out);
    }
}

/// The schema-level examples of a body. Those of non-JSON bodies (`application/octet-stream`
/// uploads) describe bytes, not JSON: they are counted under their own source and not decoded.
fn media_schema_examples(media: &MediaType, seen: &mut BTreeSet<String>, out: &mut Vec<Example>) {
    let Some(schema) = &media.schema else { return };
    if media.mime == "application/json" {
        return schema_examples(schema, seen, out);
    }
    let mut binary = Vec::new();
    schema_examples(schema, seen, &mut binary);
    out.extend(binary.into_iter().map(|example| Example { source: Source::BinaryBody, key: None, ..example }));
}

fn all_examples(spec: &Spec) -> Vec<Example> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for op in spec.documents.iter().flat_map(|d| &d.operations) {
        let prefix = format!("{}/{}", api(op), op.operation_id);
        for media in op.request_body.iter().flat_map(|b| &b.content) {
            let id = format!("{} {} request", op.method.as_str(), op.path);
            body_examples(media, Source::Request, Source::ComposedRequest, &format!("request:{prefix}"), &id, &mut out);
            media_schema_examples(media, &mut seen, &mut out);
        }
        for response in &op.responses {
            for media in &response.content {
                let id = format!("{} {} {}", op.method.as_str(), op.path, response.status);
                let key = format!("response:{prefix}/{}", response.status);
                body_examples(media, Source::Response, Source::ComposedResponse, &key, &id, &mut out);
                media_schema_examples(media, &mut seen, &mut out);
            }
        }
        for param in &op.parameters {
            schema_examples(&param.schema, &mut seen, &mut out);
            let value = param.example.clone().or_else(|| param.schema.example.clone());
            if let Some(value) = value {
                out.push(Example {
                    source: Source::Parameter,
                    id: format!("{} {} parameter {}", op.method.as_str(), op.path, param.name),
                    key: Some(format!("parameter:{prefix}/{}", param.name)),
                    value,
                    schema: None,
                });
            }
        }
    }
    for file in &spec.schema_files {
        schema_examples(&file.schema, &mut seen, &mut out);
        file.components.values().for_each(|s| schema_examples(s, &mut seen, &mut out));
    }
    for example in spec.event_examples.iter().filter(|e| e.is_whole_event()) {
        out.push(Example {
            source: Source::Event,
            id: example.name.clone(),
            key: None,
            value: example.value.clone(),
            schema: None,
        });
    }
    out
}

#[derive(Default)]
struct Tally {
    passed: usize,
    failed: Vec<String>,
    known: Vec<String>,
}

#[test]
fn every_example_round_trips_through_its_generated_type() {
    let spec = common::spec();
    let registry: BTreeMap<&str, generated_api::generated::registry::RoundTrip> = BINDINGS.iter().copied().collect();
    let mut tallies: BTreeMap<Source, Tally> = BTreeMap::new();
    let mut strict = (0, Vec::new());
    for example in all_examples(&spec) {
        let tally = tallies.entry(example.source).or_default();
        if example.source == Source::BinaryBody {
            tally.known.push(format!("{} (a placeholder for the bytes of a non-JSON body; not decoded)", example.id));
            continue;
        }
        let text = serde_json::to_string(&example.value).expect("serializes");
        let outcome = match &example.key {
            None => spec
                .event_examples
                .iter()
                .find(|e| e.name == example.id)
                .ok_or_else(|| format!("no event example {}", example.id))
                .and_then(|event| common::event_example_enum(&spec, event))
                .and_then(|name| common::through(name, &text)),
            Some(key) => match registry.get(key.as_str()) {
                Some(round_trip) => round_trip(&text),
                None => Err(format!("UNBOUND: no generated type for {key}")),
            },
        };
        let outcome = match outcome {
            Ok(back) if back == example.value => Ok(()),
            Ok(back) => Err(format!("changed: {back}")),
            Err(error) => Err(error),
        };
        match (outcome, common::known_invalid(&example.id)) {
            (Ok(()), None) => {
                tally.passed += 1;
                if let (Some(key), Some(schema)) = (&example.key, &example.schema) {
                    strictness(registry[key.as_str()], schema, &example, &mut strict);
                }
            }
            (Err(error), Some(entry)) => {
                tally.known.push(format!("{} ({}; decoding says: {error})", example.id, entry.reason))
            }
            (Ok(()), Some(_)) => {
                tally.failed.push(format!("{} is listed as known-invalid but passes: remove it", example.id))
            }
            (Err(error), None) => tally.failed.push(format!("{}: {error}", example.id)),
        }
    }
    let mut total = Tally::default();
    for (source, tally) in &tallies {
        if *source == Source::BinaryBody {
            println!("{source:?} examples: {} not decoded (bytes, not JSON)", tally.known.len());
            continue;
        }
        println!(
            "{source:?} examples: {} passed, {} failed, {} known-invalid",
            tally.passed,
            tally.failed.len(),
            tally.known.len()
        );
        total.passed += tally.passed;
        total.failed.extend(tally.failed.iter().cloned());
        if *source != Source::BinaryBody {
            total.known.extend(tally.known.iter().cloned());
        }
    }
    for (source, tally) in &tallies {
        let label = if *source == Source::BinaryBody { "NOT-JSON" } else { "KNOWN-INVALID" };
        for entry in &tally.known {
            println!("  {label} {entry}");
        }
    }
    for failure in &total.failed {
        println!("  FAILED {failure}");
    }
    println!("strictness: {} examples fail without one of their required fields, {} do not", strict.0, strict.1.len());
    for miss in &strict.1 {
        println!("  NOT STRICT {miss}");
    }
    println!("examples: {} passed, {} failed, {} known-invalid", total.passed, total.failed.len(), total.known.len());
    let count = |source| tallies.get(&source).map_or(0, |t: &Tally| t.passed + t.known.len());
    if common::is_target() {
        assert!(count(Source::Response) >= 380, "response examples: {}", count(Source::Response));
        assert!(count(Source::Request) >= 50, "request examples: {}", count(Source::Request));
        assert!(count(Source::Event) >= 76, "event examples: {}", count(Source::Event));
        assert!(count(Source::Schema) >= 400, "schema-level examples: {}", count(Source::Schema));
    }
    assert!(total.failed.is_empty(), "{} examples failed", total.failed.len());
    assert!(strict.1.is_empty(), "{} examples still decode without a required field", strict.1.len());
}

/// Removing any required field that the example has must make decoding fail.
fn strictness(
    round_trip: generated_api::generated::registry::RoundTrip,
    schema: &Schema,
    example: &Example,
    strict: &mut (usize, Vec<String>),
) {
    let Value::Object(object) = &example.value else { return };
    for field in schema.required.iter().filter(|f| object.contains_key(*f) && schema.properties.contains_key(*f)) {
        let mut without = object.clone();
        without.remove(field);
        let text = serde_json::to_string(&without).expect("serializes");
        if round_trip(&text).is_err() {
            strict.0 += 1;
        } else {
            strict.1.push(format!("{} without `{field}`", example.id));
        }
    }
}
