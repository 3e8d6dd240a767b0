//! Counts of what a [`Spec`] holds, for `cargo xtask spec stats` and the tests.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use super::model::*;

/// Example counts for bodies of one kind (request, or responses of one status).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BodyExamples {
    /// Entries of media-type `examples` maps.
    pub examples_map: usize,
    /// Media-type `example`s.
    pub media_example: usize,
    /// `example`s on the body schema's root (used when the media type has none).
    pub schema_example: usize,
    /// JSON bodies with none of the above, whose example the site composes from the
    /// properties' examples.
    pub composed: usize,
}

impl BodyExamples {
    /// The explicit examples (not composed).
    pub fn explicit(&self) -> usize {
        self.examples_map + self.media_example + self.schema_example
    }

    fn count(&mut self, media: &MediaType) {
        if !media.examples.is_empty() {
            self.examples_map += media.examples.len();
        } else if media.example.is_some() {
            self.media_example += 1;
        } else if media.schema.as_ref().is_some_and(|s| s.example.is_some()) {
            self.schema_example += 1;
        } else if media.mime == "application/json" && media.schema.is_some() {
            self.composed += 1;
        }
    }
}

/// What a loaded spec holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpecStats {
    /// OpenAPI documents.
    pub documents: usize,
    /// Operations per API.
    pub operations: BTreeMap<Api, usize>,
    /// Distinct method + full path pairs.
    pub distinct_method_paths: usize,
    /// Files whose root is a schema.
    pub schema_files: usize,
    /// Distinct schema nodes (by location) across operations and schema files.
    pub schema_nodes: usize,
    /// Event schemas (files that define an event type).
    pub event_schemas: usize,
    /// Distinct event type strings.
    pub event_types: usize,
    /// Request body examples.
    pub request_examples: BodyExamples,
    /// Response examples per status.
    pub response_examples: BTreeMap<StatusCode, BodyExamples>,
    /// Distinct schema nodes with an `example` (or `examples`).
    pub schema_examples: usize,
    /// Parameter occurrences with an example (on the parameter or its schema).
    pub parameter_examples: usize,
    /// Files of `event-schemas/examples/` that are whole events.
    pub event_examples: usize,
    /// Other files of `event-schemas/examples/` (core fragments, stripped-state lists).
    pub event_example_fragments: usize,
}

impl SpecStats {
    /// Counts everything in `spec`.
    pub fn of(spec: &Spec) -> SpecStats {
        let mut stats = SpecStats {
            documents: spec.documents.len(),
            schema_files: spec.schema_files.len(),
            ..SpecStats::default()
        };
        let mut method_paths = BTreeSet::new();
        let mut schemas = SchemaCensus::default();
        for operation in spec.documents.iter().flat_map(|d| &d.operations) {
            *stats.operations.entry(operation.api).or_default() += 1;
            method_paths.insert((operation.method, operation.path.clone()));
            stats.count_operation(operation, &mut schemas);
        }
        for file in &spec.schema_files {
            schemas.visit(&file.schema);
            file.components.values().for_each(|schema| schemas.visit(schema));
        }
        stats.distinct_method_paths = method_paths.len();
        stats.schema_nodes = schemas.seen.len();
        stats.schema_examples = schemas.with_example;
        stats.event_schemas = spec.events.len();
        stats.event_types = spec.events.iter().flat_map(|e| &e.event_types).collect::<BTreeSet<_>>().len();
        for example in &spec.event_examples {
            if example.is_whole_event() {
                stats.event_examples += 1;
            } else {
                stats.event_example_fragments += 1;
            }
        }
        stats
    }

    fn count_operation(&mut self, operation: &Operation, schemas: &mut SchemaCensus) {
        for parameter in &operation.parameters {
            schemas.visit(&parameter.schema);
            if parameter.example.is_some() || parameter.schema.example.is_some() {
                self.parameter_examples += 1;
            }
        }
        for media in operation.request_body.iter().flat_map(|b| &b.content) {
            self.request_examples.count(media);
            media.schema.iter().for_each(|s| schemas.visit(s));
        }
        for response in &operation.responses {
            let counts = self.response_examples.entry(response.status).or_default();
            for media in &response.content {
                counts.count(media);
                media.schema.iter().for_each(|s| schemas.visit(s));
            }
            response.headers.iter().for_each(|h| schemas.visit(&h.schema));
        }
    }

    /// Operations across all APIs.
    pub fn total_operations(&self) -> usize {
        self.operations.values().sum()
    }

    /// Explicit response examples across all statuses.
    pub fn response_examples_explicit(&self) -> usize {
        self.response_examples.values().map(BodyExamples::explicit).sum()
    }
}

/// Distinct schema nodes, walked once each.
#[derive(Default)]
struct SchemaCensus {
    seen: BTreeSet<Location>,
    with_example: usize,
}

impl SchemaCensus {
    fn visit(&mut self, schema: &Schema) {
        if !self.seen.insert(schema.location.clone()) {
            return;
        }
        if schema.example.is_some() || !schema.examples.is_empty() {
            self.with_example += 1;
        }
        let children = schema
            .properties
            .values()
            .chain(schema.pattern_properties.values())
            .chain(schema.items.as_deref())
            .chain(schema.one_of.iter())
            .chain(schema.any_of.iter());
        for child in children {
            self.visit(child);
        }
        if let Some(AdditionalProperties::Schema(child)) = &schema.additional_properties {
            self.visit(child);
        }
    }
}

impl fmt::Display for SpecStats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "OpenAPI documents:       {}", self.documents)?;
        writeln!(f, "operations:              {}", self.total_operations())?;
        for (api, count) in &self.operations {
            writeln!(f, "  {:<22} {count}", api.directory())?;
        }
        writeln!(f, "distinct method+path:    {}", self.distinct_method_paths)?;
        writeln!(f, "schema files:            {}", self.schema_files)?;
        writeln!(f, "distinct schema nodes:   {}", self.schema_nodes)?;
        writeln!(f, "event schemas:           {} ({} distinct event types)", self.event_schemas, self.event_types)?;
        writeln!(f, "examples:")?;
        let request = &self.request_examples;
        writeln!(
            f,
            "  request:               {} explicit ({} examples-map, {} media example, {} schema example), {} composed",
            request.explicit(),
            request.examples_map,
            request.media_example,
            request.schema_example,
            request.composed
        )?;
        let composed: usize = self.response_examples.values().map(|c| c.composed).sum();
        writeln!(f, "  response:              {} explicit, {} composed", self.response_examples_explicit(), composed)?;
        for (status, counts) in &self.response_examples {
            writeln!(f, "    {:<20} {} explicit, {} composed", status.to_string(), counts.explicit(), counts.composed)?;
        }
        writeln!(f, "  schema-level:          {}", self.schema_examples)?;
        writeln!(f, "  parameter:             {}", self.parameter_examples)?;
        write!(
            f,
            "  event:                 {} (+{} fragments: core events, stripped-state lists)",
            self.event_examples, self.event_example_fragments
        )
    }
}
