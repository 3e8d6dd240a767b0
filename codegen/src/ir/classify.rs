//! Which event enums an event belongs to, decided from the best evidence the data has, so a
//! new event type never blocks a regeneration.
//!
//! In order: the core schema its `allOf` extends (`room_event.yaml`, `state_event.yaml`); the
//! maintainers' [`overrides::EVENT_CLASSES`]; then, with a [`Warning`], the fields of its own
//! schema and of its examples: `state_key` → state; `room_id`, `event_id` or `sender` →
//! message-like. With none of these (an account-data, EDU or to-device shape: only `type` and
//! `content`, which the data cannot tell apart) the event gets no class: its content type and
//! its alias over the plain `Event` envelope are generated, and every event enum keeps it as an
//! unknown event, byte for byte (the lossless fallback).

use crate::load::model::{EventExample, EventSchema, Spec};
use crate::warning::{Warning, WarningKind};

use super::overrides::{self, EventClass};

/// Where an event's classes came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Evidence {
    /// The core schema of its `allOf`, or [`overrides::EVENT_CLASSES`]: no warning.
    Declared,
    /// A field of its own (merged) schema, e.g. `state_key`.
    SchemaField(&'static str),
    /// A field of the named example.
    ExampleField {
        /// The example's file stem.
        example: String,
        /// The field.
        field: &'static str,
    },
    /// Nothing: the event is in no event enum (the lossless fallback).
    None,
}

/// The classes of one event and the evidence for them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Classification {
    /// The classes (empty for the fallback).
    pub classes: Vec<EventClass>,
    /// Why.
    pub evidence: Evidence,
}

/// The fields that betray a class, strongest first: a `state_key` only state events have; the
/// others every room event has (state events too, so they come after `state_key`).
const FIELD_CLASSES: &[(&str, EventClass)] = &[
    ("state_key", EventClass::State),
    ("room_id", EventClass::MessageLike),
    ("event_id", EventClass::MessageLike),
    ("sender", EventClass::MessageLike),
];

/// The classification of `event`, given the spec's event examples.
pub fn classify(event: &EventSchema, examples: &[EventExample]) -> Classification {
    let event_type = &event.event_types[0];
    if let Some(classes) = overrides::event_classes(event_type, event.core.as_deref()) {
        return Classification { classes, evidence: Evidence::Declared };
    }
    for (field, class) in FIELD_CLASSES {
        if event.schema.properties.contains_key(*field) {
            return Classification { classes: vec![*class], evidence: Evidence::SchemaField(field) };
        }
        let example = examples_of(event, examples).find(|e| e.value.get(*field).is_some());
        if let Some(example) = example {
            let evidence = Evidence::ExampleField { example: example.name.clone(), field };
            return Classification { classes: vec![*class], evidence };
        }
    }
    Classification { classes: Vec::new(), evidence: Evidence::None }
}

/// The whole-event examples of `event`: those of its file family (`m.x`, `m.x$y`) or its type.
fn examples_of<'e>(event: &'e EventSchema, examples: &'e [EventExample]) -> impl Iterator<Item = &'e EventExample> {
    let family = |name: &'e str| name.split_once('$').map_or(name, |(base, _)| base);
    examples.iter().filter(move |example| {
        example.is_whole_event()
            && (family(&example.name) == family(&event.name)
                || example.value.get("type").and_then(|t| t.as_str()) == Some(event.event_types[0].as_str()))
    })
}

/// A warning for every event the overrides do not classify, in file order, naming the line to
/// add to [`overrides::EVENT_CLASSES`].
pub fn warnings(spec: &Spec) -> Vec<Warning> {
    spec.events
        .iter()
        .filter_map(|event| {
            let classification = classify(event, &spec.event_examples);
            let placed = match &classification.evidence {
                Evidence::Declared => return None,
                Evidence::SchemaField(field) => format!("placed as {:?}: its schema has `{field}`", classification.classes[0]),
                Evidence::ExampleField { example, field } => {
                    format!("placed as {:?}: its example {example} has `{field}`", classification.classes[0])
                }
                Evidence::None => "placed in no event enum (kept whole as an unknown event): neither its schema nor an \
                                   example has `state_key`, `room_id`, `event_id` or `sender`"
                    .to_string(),
            };
            Some(unclassified_warning(event, placed, &classification.classes))
        })
        .collect()
}

fn unclassified_warning(event: &EventSchema, placed: String, classes: &[EventClass]) -> Warning {
    let event_type = &event.event_types[0];
    let class = classes.first().map_or("<its class>".to_string(), |c| format!("{c:?}"));
    Warning {
        kind: WarningKind::UnclassifiedEvent,
        file: event.file.clone(),
        event_type: event_type.clone(),
        message: format!("no class in EVENT_CLASSES; {placed}"),
        fix: format!(
            "add `(\"{event_type}\", &[EventClass::{class}], \"<why, from the spec's prose>\"),` to EVENT_CLASSES in \
             codegen/src/ir/overrides.rs"
        ),
    }
}
