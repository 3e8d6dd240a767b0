//! Events: the generic envelopes from the core event schemas, one content type per event type
//! (a family enum where several schema files share a type, told apart by one property), and
//! the event enums that dispatch on `type`.

use std::collections::BTreeMap;

use crate::load::model::{EventSchema, Location, Schema, Spec};

use super::build::{error, Hint, Result, TypeSpace};
use super::model::*;
use super::overrides::{self, EventClass};

/// What the events pass decided for one event schema file.
#[derive(Debug, Clone)]
pub(super) struct EventFile {
    /// The module of the file.
    pub module: ModulePath,
    /// The name of the file's event type (`RoomNameEvent`), an alias of its envelope.
    pub root_name: String,
    /// The event's classes.
    pub classes: Vec<EventClass>,
}

/// A group of event schema files that share their event types (`m.room.message` and its
/// `msgtype` variants).
struct Group<'s> {
    event_types: Vec<String>,
    base: Option<&'s EventSchema>,
    variants: Vec<&'s EventSchema>,
}

impl TypeSpace {
    /// Names and classes every event file, so `$ref`s to them resolve before their types exist.
    pub(super) fn plan_events(&mut self, spec: &Spec) -> Result<()> {
        for event in &spec.events {
            // Never an error: an event the overrides do not know is placed by its data (see
            // `classify`); `classify::warnings` reports it.
            let classes = super::classify::classify(event, &spec.event_examples).classes;
            let file = EventFile {
                module: overrides::module_of_file(&event.file),
                root_name: overrides::root_type_name(&event.file),
                classes,
            };
            self.event_files.insert(event.file.clone(), file);
        }
        Ok(())
    }

    /// The type a `$ref` to the root of an event file or a core envelope file stands for.
    pub(super) fn event_file_ref(&self, file: &str) -> Option<TypeRef> {
        if let Some(event) = self.event_files.get(file) {
            return Some(TypeRef::Named(NamedRef { module: event.module.clone(), name: event.root_name.clone() }));
        }
        overrides::envelope_name(file).map(|_| TypeRef::Generic(envelope_ref(file), vec![TypeRef::JsonObject]))
    }

    /// Generates the envelopes, the content types and the event enums.
    pub(super) fn events(&mut self, spec: &Spec) -> Result<()> {
        if spec.events.is_empty() {
            return Ok(());
        }
        for (file, name) in overrides::ENVELOPES {
            let schema = spec
                .schema_files
                .iter()
                .find(|f| f.file == *file)
                .map(|f| &f.schema)
                .ok_or_else(|| error(&Location::root(file), "the core event schema is missing"))?;
            let hint = Hint { module: overrides::module_of_file(file), name: name.to_string() };
            self.named(schema, &hint, |space, hint| space.struct_kind(schema, hint))?;
        }
        // The core schema's description of `content` ("The fields in this object will vary
        // depending on the type of event..."), which every event inherits unless it has its own.
        let generic_doc = spec
            .schema_files
            .iter()
            .find(|f| f.file == EVENT_CORE)
            .and_then(|f| f.schema.properties.get("content"))
            .and_then(|content| content.description.clone());
        let mut contents: BTreeMap<String, (TypeRef, Vec<EventClass>, Vec<String>)> = BTreeMap::new();
        for group in groups(spec) {
            let content = self.group_content(&group, generic_doc.as_deref())?;
            let any = group.base.or(group.variants.first().copied());
            let classes = any.map(|e| self.event_files[&e.file].classes.clone()).unwrap_or_default();
            contents.insert(group.event_types[0].clone(), (content, classes, group.event_types.clone()));
        }
        for spec_enum in overrides::EVENT_ENUMS {
            self.event_enum(spec_enum, &contents)?;
        }
        self.edu_enum(spec)
    }

    /// The enum of federation EDUs: one variant per EDU schema, dispatching on `edu_type`.
    fn edu_enum(&mut self, spec: &Spec) -> Result<()> {
        let edu = &overrides::EDU_ENUM;
        let mut variants = Vec::new();
        for file in spec.schema_files.iter().filter(|f| f.file.starts_with(edu.directory)) {
            let Some(edu_type) = single_value_of(&file.schema, edu.discriminator) else {
                return Err(error(
                    &file.schema.location,
                    format!("an EDU schema without a single `{}` value", edu.discriminator),
                ));
            };
            let hint = self.origin_hint(&Location::root(&file.file));
            let ty = self.type_ref(&file.schema, &hint)?;
            variants.push(EventVariant {
                rust_name: overrides::event_variant_name(&edu_type),
                event_types: vec![edu_type],
                ty,
            });
        }
        if variants.is_empty() {
            return Ok(());
        }
        let location = Location { file: edu.directory.to_string(), pointer: format!("#{}", edu.name) };
        let def = TypeDef {
            name: edu.name.to_string(),
            doc: edu.doc.to_string(),
            source: "codegen/src/ir/overrides.rs (EDU_ENUM)".to_string(),
            deprecated: false,
            event: None,
            kind: TypeKind::EventEnum(EventEnumDef { discriminator: edu.discriminator.to_string(), variants, accessors: Vec::new() }),
        };
        self.define(&overrides::event_enum_module(), location, def)
    }

    /// The content type of a group, and each file's event alias.
    fn group_content(&mut self, group: &Group<'_>, generic_doc: Option<&str>) -> Result<TypeRef> {
        let mut variant_types = Vec::new();
        let variant_discriminator = discriminator(group.variants.iter().copied());
        for event in &group.variants {
            let tag = variant_discriminator
                .as_deref()
                .and_then(|name| single_value(&event.schema, name).map(|value| (name.to_string(), value)));
            let ty = self.file_content(event, "Content")?;
            self.document_content(event, &ty, tag, generic_doc);
            variant_types.push((*event, ty));
        }
        let content = match (group.base, variant_types.as_slice()) {
            (Some(base), []) => {
                let ty = self.file_content(base, "Content")?;
                self.document_content(base, &ty, None, generic_doc);
                ty
            }
            (base, _) => self.family(group, base, &variant_types, generic_doc)?,
        };
        for event in group.base.iter().chain(&group.variants) {
            let own = variant_types.iter().find(|(e, _)| e.file == event.file).map_or(&content, |(_, ty)| ty).clone();
            self.event_alias(event, own)?;
        }
        Ok(content)
    }

    /// The content type of one file, with its event metadata.
    fn file_content(&mut self, event: &EventSchema, suffix: &str) -> Result<TypeRef> {
        let file = &self.event_files[&event.file];
        let hint = Hint { module: file.module.clone(), name: format!("{}{suffix}", file.root_name) };
        let is_state = file.classes.contains(&EventClass::State);
        let content = event
            .schema
            .properties
            .get("content")
            .ok_or_else(|| error(&event.schema.location, "an event schema without content"))?;
        let mut ty = self.type_ref(content, &hint)?;
        if !matches!(&ty, TypeRef::Named(named) if named.module == hint.module && named.name == hint.name) {
            // Every event has a content type of its own name, an alias where the content is a
            // map or another file's type.
            let location = Location { file: event.file.clone(), pointer: "#content".to_string() };
            let def = self.schema_def(&hint.name, content, TypeKind::Alias(ty));
            self.define(&hint.module, location, def)?;
            ty = TypeRef::Named(NamedRef { module: hint.module, name: hint.name });
        }
        let meta = EventMeta {
            event_types: event.event_types.clone(),
            state_key: is_state.then(|| pinned_state_key(&event.schema)),
        };
        self.set_event_meta(&ty, meta);
        self.add_content_fields(&ty, &event.event_types, &Location::root(&event.file))?;
        Ok(ty)
    }

    /// Documents the content type of an event by its event: "The content of an `m.x` event"
    /// (with the variant's tag, `msgtype` `m.text`, for a family member), then the content's
    /// own description, or, where the content only inherits the core schema's generic one, the
    /// event's description.
    fn document_content(
        &mut self,
        event: &EventSchema,
        ty: &TypeRef,
        tag: Option<(String, String)>,
        generic_doc: Option<&str>,
    ) {
        let TypeRef::Named(named) = ty else { return };
        let Some(content) = event.schema.properties.get("content") else { return };
        let own = content.description.as_deref().filter(|d| Some(*d) != generic_doc);
        let body = match own.or(event.schema.description.as_deref()) {
            Some(text) => self.docs(Some(text), &event.file),
            None => String::new(),
        };
        let types: Vec<String> = event.event_types.iter().map(|t| format!("`{t}`")).collect();
        let article = if event.event_types[0].starts_with("m.") { "an" } else { "a" };
        let mut doc = format!("The content of {article} {} event", types.join(" or "));
        if let Some((name, value)) = tag {
            doc.push_str(&format!(" with `{name}` `{value}`"));
        }
        doc.push('.');
        if !body.is_empty() {
            doc.push_str("\n\n");
            doc.push_str(&body);
        }
        let doc = self.with_versions(doc, content.added_in.as_deref(), &content.changed_in, &event.file);
        let placed = self.defs.values_mut().find(|p| p.module == named.module && p.def.name == named.name);
        if let Some(placed) = placed {
            placed.def.doc = doc;
        }
    }

    fn set_event_meta(&mut self, ty: &TypeRef, meta: EventMeta) {
        let TypeRef::Named(named) = ty else { return };
        let placed = self.defs.values_mut().find(|p| p.module == named.module && p.def.name == named.name);
        if let Some(placed) = placed {
            placed.def.event = Some(meta);
        }
    }

    /// The content family of a group whose files are told apart by one property.
    fn family(
        &mut self,
        group: &Group<'_>,
        base: Option<&EventSchema>,
        variants: &[(&EventSchema, TypeRef)],
        generic_doc: Option<&str>,
    ) -> Result<TypeRef> {
        let first = variants[0].0;
        let discriminator = discriminator(variants.iter().map(|(e, _)| *e)).ok_or_else(|| {
            error(&first.schema.location, "event schemas share a type but no single-value property tells them apart")
        })?;
        let file = self.event_files[&base.unwrap_or(first).file].clone();
        let fallback = match base {
            Some(base) => {
                let ty = self.file_content(base, "ContentBase")?;
                self.document_content(base, &ty, None, generic_doc);
                ty
            }
            None => TypeRef::JsonObject,
        };
        let mut family_variants = Vec::new();
        for (event, ty) in variants {
            let value = single_value(&event.schema, &discriminator).unwrap_or_default();
            let rust_name = super::naming::type_ident(value.strip_prefix("m.").unwrap_or(&value));
            family_variants.push(FamilyVariant { rust_name, value, ty: ty.clone() });
        }
        let name = format!("{}Content", file.root_name);
        let location = Location { file: base.unwrap_or(first).file.clone(), pointer: "#content-family".to_string() };
        let doc = format!(
            "The content of an `{}` event: one shape per `{discriminator}`, and [`Self::Other`] for any other value.",
            group.event_types[0]
        );
        let def = TypeDef {
            name: name.clone(),
            doc,
            source: location.to_string(),
            deprecated: false,
            event: Some(EventMeta { event_types: group.event_types.clone(), state_key: None }),
            kind: TypeKind::ContentFamily(FamilyDef { discriminator, variants: family_variants, fallback }),
        };
        self.define(&file.module, location, def)?;
        Ok(TypeRef::Named(NamedRef { module: file.module, name }))
    }

    /// `pub type RoomNameEvent = StateEvent<RoomNameEventContent>;` for each event file.
    fn event_alias(&mut self, event: &EventSchema, content: TypeRef) -> Result<()> {
        let file = self.event_files[&event.file].clone();
        let envelope = overrides::alias_envelope(&file.classes);
        let location = Location { file: event.file.clone(), pointer: "#event".to_string() };
        let kind = TypeKind::Alias(TypeRef::Generic(envelope_ref(envelope), vec![content]));
        let def = self.schema_def(&file.root_name, &event.schema, kind);
        self.define(&file.module, location, def)?;
        Ok(())
    }

    fn event_enum(
        &mut self,
        spec_enum: &overrides::EventEnumSpec,
        contents: &BTreeMap<String, (TypeRef, Vec<EventClass>, Vec<String>)>,
    ) -> Result<()> {
        let mut variants = Vec::new();
        for (event_type, (content, classes, event_types)) in contents {
            let member = spec_enum.members.iter().find(|(class, _)| classes.contains(class));
            if let Some((_, envelope)) = member {
                variants.push(EventVariant {
                    rust_name: overrides::event_variant_name(event_type),
                    event_types: event_types.clone(),
                    ty: TypeRef::Generic(envelope_ref(envelope), vec![content.clone()]),
                });
            }
        }
        let module = overrides::event_enum_module();
        let location = Location { file: "event-schemas/schema".to_string(), pointer: format!("#{}", spec_enum.name) };
        let def = TypeDef {
            name: spec_enum.name.to_string(),
            doc: spec_enum.doc.to_string(),
            source: "codegen/src/ir/overrides.rs (EVENT_ENUMS)".to_string(),
            deprecated: false,
            event: None,
            kind: TypeKind::EventEnum(EventEnumDef { discriminator: "type".to_string(), variants, accessors: Vec::new() }),
        };
        self.define(&module, location, def)
    }
}

/// The core schema every event extends.
const EVENT_CORE: &str = "event-schemas/schema/core-event-schema/event.yaml";

/// The generic envelope defined by a core file.
fn envelope_ref(file: &str) -> NamedRef {
    NamedRef {
        module: overrides::module_of_file(file),
        name: overrides::envelope_name(file).unwrap_or("Event").to_string(),
    }
}

/// Event files grouped by their event types, in type order; the file whose name has no `$` is
/// the group's base.
fn groups(spec: &Spec) -> Vec<Group<'_>> {
    let mut by_type: BTreeMap<&str, Group<'_>> = BTreeMap::new();
    for event in &spec.events {
        let group = by_type.entry(&event.event_types[0]).or_insert_with(|| Group {
            event_types: event.event_types.clone(),
            base: None,
            variants: Vec::new(),
        });
        if event.name.contains('$') {
            group.variants.push(event);
        } else {
            group.base = Some(event);
        }
    }
    by_type.into_values().collect()
}

/// The content property that has one fixed value in every variant (`msgtype`, `method`).
fn discriminator<'e>(mut variants: impl Iterator<Item = &'e EventSchema> + Clone) -> Option<String> {
    let first = variants.clone().next()?;
    let content = first.schema.properties.get("content")?;
    content.properties.keys().find(|name| variants.all(|event| single_value(&event.schema, name).is_some())).cloned()
}

/// The single `enum` value of `content.<property>`, if it has exactly one.
fn single_value(event: &Schema, property: &str) -> Option<String> {
    let schema = event.properties.get("content")?.properties.get(property)?;
    match schema.enum_values.as_slice() {
        [value] => value.as_str().map(str::to_string),
        _ => None,
    }
}

/// The single `enum` value of the top-level `property` of a schema.
fn single_value_of(schema: &Schema, property: &str) -> Option<String> {
    match schema.properties.get(property)?.enum_values.as_slice() {
        [value] => value.as_str().map(str::to_string),
        _ => None,
    }
}

/// `Some("")` where the spec pins `state_key` to the empty string, else `None`.
fn pinned_state_key(event: &Schema) -> Option<String> {
    let pattern = event.properties.get("state_key")?.pattern.as_deref()?;
    (pattern == "^$").then(String::new)
}
