//! The changelog a maintainer pastes into a release pull request: [`crate::diff`]'s changes,
//! said the way users of the generated crate think of them.
//!
//! Each change gets a headline naming what a user touches: an operation as
//! `METHOD /path (operationId)`, a schema change as the Rust type (from the IR of the version
//! that has it) and the field, an event type as itself; each breaking change says why it breaks.
//! Apart from the changes, it lists the event types, error codes and auth types that appeared or
//! disappeared.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::diff::{self, Change, ChangeKind, SpecDiff};
use crate::load::model::Spec;

/// One change, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// The change as [`crate::diff`] computed it.
    pub change: Change,
    /// What a user of the crate touches: `PUT /_matrix/client/v3/devices/{deviceId} (updateDevice)`,
    /// `` `client_server::pusher::PostPusherRequestData.format` ``, `event type m.x`.
    pub headline: String,
    /// For a breaking change: why code written against the old crate may stop working.
    pub why_breaking: Option<&'static str>,
}

/// Names that appeared and disappeared between two versions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct NameChanges {
    /// In the new version only.
    pub added: Vec<String>,
    /// In the old version only.
    pub removed: Vec<String>,
}

/// The whole changelog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Changelog {
    /// The changes, computed by [`diff::diff`].
    pub diff: SpecDiff,
    /// Every structural change in words, breaking first.
    pub entries: Vec<Entry>,
    /// Event types (`type` enums of the event schemas).
    pub event_types: NameChanges,
    /// Error codes (`M_…`) the spec's data names anywhere (descriptions, enums, examples).
    pub error_codes: NameChanges,
    /// Authentication types (`m.login.…`) the spec's data names anywhere.
    pub auth_types: NameChanges,
}

impl Changelog {
    /// `major` if any change breaks, else `minor` (or `patch` with no structural change).
    pub fn semver_hint(&self) -> &'static str {
        if self.diff.is_breaking() {
            "major"
        } else if self.diff.structural.is_empty() {
            "patch"
        } else {
            "minor"
        }
    }
}

/// The changelog from `old` to `new`.
pub fn changelog(old: &Spec, new: &Spec) -> Changelog {
    let diff = diff::diff(old, new);
    let names = TypeNames::of(new).and(TypeNames::of(old));
    let mut entries: Vec<Entry> = diff
        .structural
        .iter()
        .map(|change| Entry {
            change: change.clone(),
            headline: headline(change, old, new, &names),
            why_breaking: change.breaking.then(|| why_breaking(change)),
        })
        .collect();
    entries.sort_by_key(|e| !e.change.breaking);
    let event_types = |spec: &Spec| spec.events.iter().flat_map(|e| e.event_types.iter().cloned()).collect();
    Changelog {
        event_types: name_changes(event_types(old), event_types(new)),
        error_codes: name_changes(tokens(old, "M_", is_error_code_char), tokens(new, "M_", is_error_code_char)),
        auth_types: name_changes(tokens(old, "m.login.", is_auth_type_char), tokens(new, "m.login.", is_auth_type_char)),
        diff,
        entries,
    }
}

fn name_changes(old: BTreeSet<String>, new: BTreeSet<String>) -> NameChanges {
    NameChanges {
        added: new.difference(&old).cloned().collect(),
        removed: old.difference(&new).cloned().collect(),
    }
}

fn is_error_code_char(c: char) -> bool {
    c.is_ascii_uppercase() || c == '_'
}

fn is_auth_type_char(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.'
}

/// Every token starting with `prefix` anywhere in the loaded spec (its debug text holds every
/// description, enum value and example, so nothing the data names is missed).
fn tokens(spec: &Spec, prefix: &str, continues: fn(char) -> bool) -> BTreeSet<String> {
    let text = format!("{spec:?}");
    let mut out = BTreeSet::new();
    for (start, _) in text.match_indices(prefix) {
        // A token starts at a word boundary: `XM_FOO` or `am.login.x` are not codes.
        let before = text[..start].chars().next_back();
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.') {
            continue;
        }
        let rest = &text[start + prefix.len()..];
        let len = rest.find(|c: char| !continues(c)).unwrap_or(rest.len());
        let token = rest[..len].trim_end_matches(['.', '_']);
        if !token.is_empty() {
            out.insert(format!("{prefix}{token}"));
        }
    }
    out
}

/// The Rust path of every generated type, by the spec place it comes from.
struct TypeNames(BTreeMap<String, String>);

impl TypeNames {
    /// The names of `spec`'s IR; none if the spec does not build (the headline then shows the
    /// JSON pointer only).
    fn of(spec: &Spec) -> TypeNames {
        let Ok(ir) = crate::ir::build(spec, "changelog") else { return TypeNames(BTreeMap::new()) };
        let mut names = BTreeMap::new();
        for (path, module) in &ir.modules {
            for def in &module.types {
                names.entry(def.source.clone()).or_insert_with(|| format!("{}::{}", path.join("::"), def.name));
            }
            for op in &module.operations {
                for def in &op.types {
                    let rust = format!("{}::{}::{}", path.join("::"), op.module, def.name);
                    names.entry(def.source.clone()).or_insert(rust);
                }
            }
        }
        TypeNames(names)
    }

    /// `self`, with the names of `other` where `self` has none (a removed type).
    fn and(mut self, other: TypeNames) -> TypeNames {
        for (place, name) in other.0 {
            self.0.entry(place).or_insert(name);
        }
        self
    }

    /// The type defined at `place` or the nearest place above it, and the fields below it:
    /// `Type.data.format`.
    fn describe(&self, place: &str) -> Option<String> {
        let mut at = place;
        loop {
            if let Some(name) = self.0.get(at) {
                let fields: Vec<&str> = place[at.len()..].split("/properties/").skip(1).collect();
                let fields: Vec<String> = fields.iter().map(|f| f.replace("~1", "/").replace("~0", "~")).collect();
                return Some(if fields.is_empty() { name.clone() } else { format!("{name}.{}", fields.join(".")) });
            }
            at = &at[..at.rfind('/')?];
        }
    }
}

/// The headline of one change.
fn headline(change: &Change, old: &Spec, new: &Spec, names: &TypeNames) -> String {
    let subject = &change.subject;
    if let Some((file, pointer)) = subject.split_once('#') {
        let field = change.detail.split('`').nth(1).filter(|_| is_field_change(change.kind));
        let ty = names.describe(subject).or_else(|| names.describe(&format!("{file}#")));
        let ty = ty.map_or(format!("{file}#{pointer}"), |ty| format!("`{ty}`"));
        return match field {
            Some(field) => format!("{ty} field `{field}`"),
            None => ty,
        };
    }
    match operation_line(subject, new).or_else(|| operation_line(subject, old)) {
        Some(line) => line,
        None => format!("event type `{subject}`"),
    }
}

fn is_field_change(kind: ChangeKind) -> bool {
    matches!(
        kind,
        ChangeKind::FieldAdded
            | ChangeKind::FieldRemoved
            | ChangeKind::FieldRetyped
            | ChangeKind::FieldRequiredChanged
            | ChangeKind::DeprecationChanged
    )
}

/// `METHOD /path (operationId)` of the operation `{Api}/{operationId}`.
fn operation_line(subject: &str, spec: &Spec) -> Option<String> {
    let op = spec
        .documents
        .iter()
        .flat_map(|d| &d.operations)
        .find(|op| format!("{:?}/{}", op.api, op.operation_id) == subject)?;
    Some(format!("{} {} ({})", op.method.as_str(), op.path, op.operation_id))
}

/// Why a breaking change breaks, in a user's words.
fn why_breaking(change: &Change) -> &'static str {
    let now_required = change.detail.ends_with("→ true") || change.detail.contains("required: true");
    match change.kind {
        ChangeKind::OperationRemoved => "the operation's module is gone: code using it no longer compiles",
        ChangeKind::OperationMoved => "requests go to another method or path: old and new peers disagree",
        ChangeKind::ParameterAdded => "a new required parameter: every request built must now supply it",
        ChangeKind::ParameterRemoved => "the request loses the field: code setting it no longer compiles",
        ChangeKind::ParameterRequiredChanged if now_required => {
            "the request field is no longer an `Option`: every request built must now supply it"
        }
        ChangeKind::FieldRequiredChanged if now_required => {
            "the field is no longer an `Option`: code building it must supply a value, and data without it no \
             longer decodes"
        }
        ChangeKind::ParameterRequiredChanged | ChangeKind::FieldRequiredChanged => {
            "the field becomes an `Option`: code reading or setting it changes type"
        }
        ChangeKind::ParameterRetyped | ChangeKind::FieldRetyped => "the field's Rust type changes",
        ChangeKind::RequestBodyChanged => "the request's body changes shape or becomes required",
        ChangeKind::StatusRemoved => "the response enum loses a variant: code matching on it no longer compiles",
        ChangeKind::AuthChanged => "authentication becomes required: unauthenticated calls now fail",
        ChangeKind::FieldAdded => {
            "a new required field: struct literals must name it, and data without it no longer decodes"
        }
        ChangeKind::FieldRemoved => "the struct loses the field: code using it no longer compiles",
        ChangeKind::ExtraFieldsChanged => "the map of additional properties changes its value type",
        ChangeKind::EnumValueRemoved => "the enum loses a variant: code naming it no longer compiles",
        ChangeKind::TypeRemoved => "the type is gone: code naming it no longer compiles",
        ChangeKind::EventTypeRemoved => "the event enums lose a variant: code naming it no longer compiles",
        _ => "marked breaking by the diff",
    }
}

/// The changelog as Markdown.
pub fn markdown(log: &Changelog, old: &str, new: &str) -> String {
    let breaking = log.entries.iter().filter(|e| e.change.breaking).count();
    let mut out = format!("# Matrix specification {old} → {new}: changes to the generated API\n\n");
    out.push_str(&format!(
        "Semver hint: **{}** ({}). {breaking} breaking, {} compatible, {} documentation/example changes.\n",
        log.semver_hint(),
        match log.semver_hint() {
            "major" => "at least one change below can stop code written against the old crate from compiling or decoding",
            "minor" => "only additions: code written against the old crate still compiles and decodes",
            _ => "no change to what the crate can express",
        },
        log.entries.len() - breaking,
        log.diff.documentation.len()
    ));
    for (title, want_breaking) in [("Breaking changes", true), ("Compatible changes", false)] {
        let entries: Vec<&Entry> = log.entries.iter().filter(|e| e.change.breaking == want_breaking).collect();
        out.push_str(&format!("\n## {title} ({})\n\n", entries.len()));
        for entry in entries {
            out.push_str(&format!("- {}: {}", entry.headline, sentence(&entry.change)));
            if let Some(why) = entry.why_breaking {
                out.push_str(&format!("\n  - breaking because {why}"));
            }
            out.push('\n');
        }
    }
    for (title, names) in
        [("Event types", &log.event_types), ("Error codes", &log.error_codes), ("Authentication types", &log.auth_types)]
    {
        out.push_str(&format!("\n## {title}\n\n"));
        out.push_str(&format!("- new: {}\n", list(&names.added)));
        out.push_str(&format!("- removed: {}\n", list(&names.removed)));
    }
    out.push_str(&documentation(&log.diff));
    out
}

fn list(names: &[String]) -> String {
    if names.is_empty() {
        return "none".to_string();
    }
    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}

/// One change's detail as a sentence.
fn sentence(change: &Change) -> String {
    let detail = &change.detail;
    match change.kind {
        ChangeKind::OperationAdded => "new operation".to_string(),
        ChangeKind::OperationRemoved => "operation removed".to_string(),
        ChangeKind::StatusAdded => format!("documents the response status {detail}"),
        ChangeKind::StatusRemoved => format!("no longer documents the response status {detail}"),
        ChangeKind::FieldAdded => format!("new field {detail}"),
        ChangeKind::FieldRemoved => format!("field {detail} removed"),
        ChangeKind::EnumValueAdded => format!("accepts the new value {detail}"),
        ChangeKind::EnumValueRemoved => format!("no longer accepts the value {detail}"),
        ChangeKind::TypeAdded => "new schema file".to_string(),
        ChangeKind::TypeRemoved => "schema file removed".to_string(),
        ChangeKind::EventTypeAdded => "new event type".to_string(),
        ChangeKind::EventTypeRemoved => "event type removed".to_string(),
        _ => detail.clone(),
    }
}

/// The documentation and example changes, grouped by kind.
fn documentation(diff: &SpecDiff) -> String {
    let mut out = format!("\n## Documentation and examples ({})\n\n", diff.documentation.len());
    let mut by_kind: BTreeMap<ChangeKind, BTreeSet<&str>> = BTreeMap::new();
    for c in &diff.documentation {
        by_kind.entry(c.kind).or_default().insert(&c.subject);
    }
    for (kind, subjects) in by_kind {
        let subjects: Vec<&str> = subjects.into_iter().collect();
        out.push_str(&format!("- {kind:?} ({}): {}\n", subjects.len(), subjects.join(", ")));
    }
    out
}
