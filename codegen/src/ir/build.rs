//! Builds the [`Ir`] from the loaded [`Spec`]: the type space (one named type per schema place,
//! named once, collisions refused) and the operations on top of it.

use std::collections::{BTreeMap, BTreeSet};

use crate::load::model::{self as spec, AdditionalProperties, JsonType, Location, Schema, Spec};

use super::docs::{self, DocContext};
use super::model::*;
use super::naming::{camel_case, field_ident, type_ident};
use super::overrides::{self, OverrideType};

/// An IR error: a naming collision or a schema the mapping cannot express.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IrError {
    /// Where.
    pub location: String,
    /// What.
    pub message: String,
}

impl std::fmt::Display for IrError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

impl std::error::Error for IrError {}

pub(super) type Result<T> = std::result::Result<T, IrError>;

pub(super) fn error(location: &Location, message: impl Into<String>) -> IrError {
    IrError { location: location.to_string(), message: message.into() }
}

/// Builds the IR of `spec`, generated as spec version `version` (the lock's tag).
pub fn build(spec: &Spec, version: &str) -> Result<Ir> {
    let mut space = TypeSpace::new(version);
    space.plan_events(spec)?;
    let mut operations: BTreeMap<ModulePath, Vec<OperationIr>> = BTreeMap::new();
    for document in &spec.documents {
        let module = overrides::module_of_file(&document.file);
        for operation in &document.operations {
            let op = space.operation(operation, &module)?;
            operations.entry(module.clone()).or_default().push(op);
        }
    }
    for file in &spec.schema_files {
        let handled_by_events =
            space.event_files.contains_key(&file.file) || overrides::envelope_name(&file.file).is_some();
        if !handled_by_events {
            space.schema_file(file)?;
        }
    }
    space.events(spec)?;
    space.prose_unsigned()?;
    space.prose_object_fields()?;
    space.check_boxed_targets()?;
    space.event_enum_accessors();
    space.into_ir(spec, operations)
}

/// A named type and the module it lives in.
pub(super) struct Placed {
    pub(super) module: ModulePath,
    pub(super) def: TypeDef,
}

/// The type space: every named type by the place of its schema.
pub(super) struct TypeSpace {
    pub(super) version: String,
    /// Named types by schema location (stable: the same spec gives the same keys).
    pub(super) defs: BTreeMap<Location, Placed>,
    /// Who claimed each (module, name): two places claiming one name is an error.
    pub(super) names: BTreeMap<(ModulePath, String), Location>,
    /// The type that must accept each example of the spec, by binding key (see [`Ir::bindings`]).
    pub(super) bindings: BTreeMap<String, TypeRef>,
    /// The event schema files by path, and what the events pass makes of them.
    pub(super) event_files: BTreeMap<String, super::events::EventFile>,
    /// Locations being mapped right now (a repeat would be a recursive type).
    in_progress: BTreeSet<Location>,
    /// The targets of boxed overrides and where they are used, checked at the end.
    pub(super) boxed_targets: Vec<(Location, Location)>,
    /// Types named from their JSON path whose schema has a title (see `titles`).
    title_candidates: Vec<super::titles::TitleCandidate>,
}

/// What a schema is called if it needs a named type.
#[derive(Clone)]
pub(super) struct Hint {
    pub(super) module: ModulePath,
    pub(super) name: String,
}

impl Hint {
    pub(super) fn child(&self, suffix: &str) -> Hint {
        let suffix = overrides::without_matrix_namespace(suffix);
        Hint { module: self.module.clone(), name: format!("{}{}", self.name, type_ident(suffix)) }
    }
}

impl TypeSpace {
    fn new(version: &str) -> TypeSpace {
        TypeSpace {
            version: version.to_string(),
            defs: BTreeMap::new(),
            names: BTreeMap::new(),
            event_files: BTreeMap::new(),
            bindings: BTreeMap::new(),
            in_progress: BTreeSet::new(),
            boxed_targets: Vec::new(),
            title_candidates: Vec::new(),
        }
    }

    pub(super) fn docs(&self, text: Option<&str>, file: &str) -> String {
        let context = DocContext { site: overrides::spec_site(&self.version), page: overrides::spec_page(file) };
        text.map(|t| docs::render(t, &context)).unwrap_or_default()
    }

    /// The name a schema defined at `origin` gets, wherever it is used.
    pub(super) fn origin_hint(&self, origin: &Location) -> Hint {
        let module = overrides::module_of_file(&origin.file);
        let segments: Vec<String> = origin.pointer.split('/').skip(1).map(crate::load::pointer::unescape).collect();
        let name = match segments.as_slice() {
            [] => overrides::root_type_name(&origin.file),
            [components, schemas, name] if components == "components" && schemas == "schemas" => type_ident(name),
            other => {
                let words: Vec<&str> = other
                    .iter()
                    .map(String::as_str)
                    .filter(|s| {
                        !matches!(*s, "components" | "content" | "schema" | "properties" | "schemas")
                            && !s.contains('/')
                    })
                    .collect();
                format!("{}{}", overrides::root_type_name(&origin.file), type_ident(&words.join("_")))
            }
        };
        Hint { module, name }
    }

    /// The type of `schema`; named types are defined on first use.
    pub(super) fn type_ref(&mut self, schema: &Schema, hint: &Hint) -> Result<TypeRef> {
        let ty = self.unrecorded_type_ref(schema, hint)?;
        if schema.example.is_some() || !schema.examples.is_empty() {
            self.bindings.insert(format!("schema:{}", schema.location), ty.clone());
        }
        Ok(ty)
    }

    fn unrecorded_type_ref(&mut self, schema: &Schema, hint: &Hint) -> Result<TypeRef> {
        let found = overrides::type_override(&schema.site.to_string())
            .or_else(|| overrides::type_override(&schema.location.to_string()));
        if let Some(found) = found {
            if matches!(found.with, OverrideType::EventEnum(_) | OverrideType::EventList(_) | OverrideType::Runtime(_)) {
                self.bind_examples_below(schema, hint)?;
            }
            return self.overridden(found, &schema.location);
        }
        let bare_object = schema.types.contains(&JsonType::Object)
            && schema.properties.is_empty()
            && schema.pattern_properties.is_empty()
            && schema.additional_properties.is_none();
        let shape = overrides::prose_shape(&schema.site.to_string(), schema.title.as_deref(), bare_object)
            .or_else(|| overrides::prose_shape(&schema.location.to_string(), schema.title.as_deref(), bare_object));
        if let Some(shape) = shape {
            if matches!(shape.with, OverrideType::EventEnum(_) | OverrideType::EventList(_)) {
                self.bind_examples_below(schema, hint)?;
            }
            return self.overridden_with(&shape.with, &schema.location);
        }
        if let Some(origin) = schema.origin.as_ref().filter(|o| o.pointer.is_empty()) {
            if let Some(reference) = self.event_file_ref(&origin.file) {
                return Ok(reference);
            }
        }
        let hint = match &schema.origin {
            Some(origin) => self.origin_hint(origin),
            None => hint.clone(),
        };
        let nullable = is_nullable(schema);
        let ty = self.non_null_type(schema, &hint)?;
        Ok(if nullable && !matches!(ty, TypeRef::JsonValue) { TypeRef::Nullable(Box::new(ty)) } else { ty })
    }

    /// `ty` with text that the field's name says is an identifier typed as that identifier
    /// (a list item by item), and the schema's example bound to the new type.
    fn typed_by_name(&mut self, ty: TypeRef, name: &str, schema: &Schema) -> TypeRef {
        let location = schema.location.to_string();
        let retyped = match (name, overrides::identifier_for_name(name, &location)) {
            ("signatures", _) => match overrides::signatures_type(&location, &ty) {
                Some(signatures) => signatures,
                None => return ty,
            },
            (_, Some(identifier)) => retype_text(&ty, identifier),
            (_, None) => return ty,
        };
        if retyped != ty && (schema.example.is_some() || !schema.examples.is_empty()) {
            self.bindings.insert(format!("schema:{}", schema.location), retyped.clone());
        }
        retyped
    }

    /// Fills each event enum's accessors: the required envelope fields (but the discriminator
    /// and `content`, whose type differs per variant) that every variant's envelope has with the
    /// same type.
    fn event_enum_accessors(&mut self) {
        let structs: BTreeMap<(ModulePath, String), StructDef> = self
            .defs
            .values()
            .filter_map(|p| match &p.def.kind {
                TypeKind::Struct(s) => Some(((p.module.clone(), p.def.name.clone()), s.clone())),
                _ => None,
            })
            .collect();
        for placed in self.defs.values_mut() {
            let TypeKind::EventEnum(enum_def) = &mut placed.def.kind else { continue };
            let mut common: Option<Vec<Field>> = None;
            for variant in &enum_def.variants {
                let TypeRef::Generic(envelope, _) = &variant.ty else {
                    common = Some(Vec::new());
                    break;
                };
                let fields: Vec<Field> = structs
                    .get(&(envelope.module.clone(), envelope.name.clone()))
                    .map(|s| s.fields.iter().filter(|f| f.presence == Presence::Required).cloned().collect())
                    .unwrap_or_default();
                common = Some(match common {
                    None => fields,
                    Some(so_far) => so_far.into_iter().filter(|f| fields.iter().any(|g| g.wire_name == f.wire_name && g.ty == f.ty)).collect(),
                });
            }
            let discriminator = enum_def.discriminator.clone();
            enum_def.accessors = common
                .unwrap_or_default()
                .into_iter()
                .filter(|f| f.wire_name != discriminator && f.wire_name != "content" && f.ty != TypeRef::ContentParam)
                .collect();
        }
    }

    /// Every boxed override points at a type that was generated.
    fn check_boxed_targets(&self) -> Result<()> {
        match self.boxed_targets.iter().find(|(target, _)| !self.defs.contains_key(target)) {
            Some((target, at)) => Err(error(at, format!("override target {target} is not a generated type"))),
            None => Ok(()),
        }
    }

    /// The examples inside a schema that an override replaces whole (an inline event place) are
    /// still checked: each is bound to the type its own schema maps to.
    fn bind_examples_below(&mut self, schema: &Schema, hint: &Hint) -> Result<()> {
        let children = schema.properties.iter().map(|(name, s)| (name.as_str(), s)).chain(schema.items.iter().map(|s| ("Item", &**s)));
        for (name, child) in children {
            if child.example.is_some() || !child.examples.is_empty() {
                self.type_ref(child, &hint.child(name))?;
            } else {
                self.bind_examples_below(child, &hint.child(name))?;
            }
        }
        Ok(())
    }

    fn overridden(&mut self, found: &overrides::TypeOverride, at: &Location) -> Result<TypeRef> {
        self.overridden_with(&found.with, at)
    }

    fn overridden_with(&mut self, with: &OverrideType, at: &Location) -> Result<TypeRef> {
        match *with {
            OverrideType::Identifier(name) => Ok(TypeRef::Identifier(name)),
            OverrideType::Runtime(path) => Ok(TypeRef::Runtime(path)),
            OverrideType::EventEnum(name) => {
                Ok(TypeRef::Named(NamedRef { module: overrides::event_enum_module(), name: name.to_string() }))
            }
            OverrideType::EventList(name) => Ok(TypeRef::EventList(Box::new(TypeRef::Named(NamedRef {
                module: overrides::event_enum_module(),
                name: name.to_string(),
            })))),
            OverrideType::BoxedSameAs(target) => Ok(TypeRef::Boxed(Box::new(self.type_at(target, at)))),
            OverrideType::RuntimeOf(path, target) => Ok(TypeRef::RuntimeGeneric(path, vec![self.type_at(target, at)])),
            OverrideType::SameAs(target) => Ok(self.type_at(target, at)),
        }
    }

    /// The type generated for the schema at `target` (a `file#pointer`), used at `at`.
    fn type_at(&mut self, target: &str, at: &Location) -> TypeRef {
        let (file, pointer) = target.split_once('#').unwrap_or((target, ""));
        let target = Location { file: file.to_string(), pointer: pointer.to_string() };
        // An event's content type is named after its event (`RoomCreateEventContent`), not
        // after its path.
        let hint = match self.event_files.get(&target.file) {
            Some(event) if target.pointer == "/properties/content" => {
                Hint { module: event.module.clone(), name: format!("{}Content", event.root_name) }
            }
            _ => self.origin_hint(&target),
        };
        // Checked once every type is defined (see `check_boxed_targets`): the use may come
        // before the definition.
        self.boxed_targets.push((target, at.clone()));
        TypeRef::Named(NamedRef { module: hint.module, name: hint.name })
    }

    fn non_null_type(&mut self, schema: &Schema, hint: &Hint) -> Result<TypeRef> {
        let variants: Vec<&Schema> = schema.one_of.iter().chain(&schema.any_of).filter(|s| !is_null_only(s)).collect();
        if variants.len() == 1 && schema.properties.is_empty() {
            return self.type_ref(variants[0], hint);
        }
        if !variants.is_empty() {
            return self.named(schema, hint, |space, hint| space.first_match_union(&variants, hint));
        }
        let kinds: Vec<JsonType> = schema.types.iter().copied().filter(|t| *t != JsonType::Null).collect();
        if kinds.len() > 1 {
            return self.named(schema, hint, |space, hint| space.kind_union(schema, &kinds, hint));
        }
        let kind = kinds.first().copied().or_else(|| implied_kind(schema));
        match kind {
            None => Ok(TypeRef::JsonValue),
            Some(JsonType::Null) => Ok(TypeRef::JsonValue),
            Some(JsonType::Boolean) => Ok(TypeRef::Bool),
            Some(JsonType::Integer) => Ok(TypeRef::Integer),
            Some(JsonType::Number) => Ok(TypeRef::Number),
            Some(JsonType::String) => self.string_type(schema, hint),
            Some(JsonType::Array) => self.array_type(schema, hint),
            Some(JsonType::Object) => self.object_type(schema, hint),
        }
    }

    fn string_type(&mut self, schema: &Schema, hint: &Hint) -> Result<TypeRef> {
        let values: Vec<String> = schema.enum_values.iter().filter_map(|v| v.as_str().map(str::to_string)).collect();
        let open_single = values.len() == 1 && overrides::is_open_single_value(&schema.location.to_string());
        if values.len() > 1 || open_single {
            return self.named(schema, hint, |_, _| enum_kind(&values, &schema.location));
        }
        Ok(match schema.format.as_deref().and_then(overrides::identifier_for_format) {
            Some(identifier) => TypeRef::Identifier(identifier),
            None => TypeRef::String,
        })
    }

    fn array_type(&mut self, schema: &Schema, hint: &Hint) -> Result<TypeRef> {
        let Some(items) = &schema.items else { return Ok(TypeRef::Vec(Box::new(TypeRef::JsonValue))) };
        let fixed_pair = schema.bounds.min_items == Some(2) && schema.bounds.max_items == Some(2);
        if fixed_pair && items.any_of.len() == 2 {
            let first = self.type_ref(&items.any_of[0], &hint.child("First"))?;
            let second = self.type_ref(&items.any_of[1], &hint.child("Second"))?;
            return Ok(TypeRef::Tuple(vec![first, second]));
        }
        Ok(TypeRef::Vec(Box::new(self.type_ref(items, &hint.child("Item"))?)))
    }

    fn object_type(&mut self, schema: &Schema, hint: &Hint) -> Result<TypeRef> {
        if !schema.properties.is_empty() {
            return self.named(schema, hint, |space, hint| space.struct_kind(schema, hint));
        }
        if let Some((_, value)) = schema.pattern_properties.first() {
            if schema.pattern_properties.len() > 1 {
                return Err(error(&schema.location, "more than one patternProperties entry"));
            }
            // The spec writes `x-pattern-format` inside the pattern's value schema.
            let format = schema.pattern_format.as_deref().or(value.pattern_format.as_deref());
            let key = match format.and_then(overrides::identifier_for_format) {
                Some(identifier) => TypeRef::Identifier(identifier),
                None => TypeRef::String,
            };
            let value = self.type_ref(value, &hint.child("Value"))?;
            return Ok(TypeRef::Map(Box::new(key), Box::new(value)));
        }
        match &schema.additional_properties {
            Some(AdditionalProperties::Schema(value)) => {
                let value = self.type_ref(value, &hint.child("Value"))?;
                Ok(TypeRef::Map(Box::new(TypeRef::String), Box::new(value)))
            }
            _ => Ok(TypeRef::JsonObject),
        }
    }

    /// Defines (once) the named type of `schema` and refers to it.
    pub(super) fn named(
        &mut self,
        schema: &Schema,
        hint: &Hint,
        kind: impl FnOnce(&mut Self, &Hint) -> Result<TypeKind>,
    ) -> Result<TypeRef> {
        let reference = TypeRef::Named(NamedRef { module: hint.module.clone(), name: hint.name.clone() });
        if let Some(placed) = self.defs.get(&schema.location) {
            let existing = NamedRef { module: placed.module.clone(), name: placed.def.name.clone() };
            return Ok(TypeRef::Named(existing));
        }
        if self.in_progress.contains(&schema.location) {
            return Err(error(&schema.location, "recursive type: add a boxed override in codegen/src/ir/overrides.rs"));
        }
        self.claim(&hint.module, &hint.name, &schema.location)?;
        if let Some(title) = schema.title.as_ref().filter(|_| is_path_built(schema, &hint.name)) {
            let candidate = super::titles::TitleCandidate {
                module: hint.module.clone(),
                name: hint.name.clone(),
                title: title.clone(),
            };
            self.title_candidates.push(candidate);
        }
        self.in_progress.insert(schema.location.clone());
        let kind = kind(self, hint);
        self.in_progress.remove(&schema.location);
        let def = self.schema_def(&hint.name, schema, kind?);
        self.defs.insert(schema.location.clone(), Placed { module: hint.module.clone(), def });
        Ok(reference)
    }

    /// Claims the definition's name in `module` for `location` and records it.
    pub(super) fn define(&mut self, module: &ModulePath, location: Location, def: TypeDef) -> Result<()> {
        self.claim(module, &def.name, &location)?;
        self.defs.insert(location, Placed { module: module.clone(), def });
        Ok(())
    }

    /// A definition named `name`, documented from `schema`.
    pub(super) fn schema_def(&self, name: &str, schema: &Schema, kind: TypeKind) -> TypeDef {
        TypeDef {
            name: name.to_string(),
            doc: self.schema_doc(schema),
            source: schema.location.to_string(),
            deprecated: schema.deprecated,
            event: None,
            kind,
        }
    }

    pub(super) fn claim(&mut self, module: &ModulePath, name: &str, location: &Location) -> Result<()> {
        match self.names.get(&(module.clone(), name.to_string())) {
            Some(other) if other != location => Err(error(
                location,
                format!(
                    "type name {}::{name} is also claimed by {other}: rename one in codegen/src/ir/overrides.rs",
                    module.join("::")
                ),
            )),
            _ => {
                self.names.insert((module.clone(), name.to_string()), location.clone());
                Ok(())
            }
        }
    }

    pub(super) fn schema_doc(&self, schema: &Schema) -> String {
        let mut doc = self.docs(schema.description.as_deref().or(schema.title.as_deref()), &schema.location.file);
        if doc.is_empty() {
            doc = format!("Generated from `{}`.", schema.location);
        }
        self.with_versions(doc, schema.added_in.as_deref(), &schema.changed_in, &schema.location.file)
    }

    /// Appends the spec's "added in" and "changed in" notes.
    pub(super) fn with_versions(
        &self,
        mut doc: String,
        added_in: Option<&str>,
        changed_in: &indexmap::IndexMap<String, String>,
        file: &str,
    ) -> String {
        if let Some(version) = added_in {
            doc.push_str(&format!("\n\n**Added in v{version}.**"));
        }
        for (version, change) in changed_in {
            doc.push_str(&format!("\n\n**Changed in v{version}:** {}", self.docs(Some(change), file)));
        }
        doc
    }

    pub(super) fn struct_kind(&mut self, schema: &Schema, hint: &Hint) -> Result<TypeKind> {
        // An envelope's `content` is its type parameter.
        let content_param =
            schema.location.pointer.is_empty() && overrides::envelope_name(&schema.location.file).is_some();
        let mut fields = Vec::with_capacity(schema.properties.len());
        let mut tags = Vec::new();
        let mut rust_names = BTreeSet::new();
        for (wire_name, property) in &schema.properties {
            if let Some(value) = single_enum_value(property).filter(|_| overrides::is_tag(&property.location.to_string())) {
                let doc = self.docs(property.description.as_deref(), &property.location.file);
                let doc = if doc.is_empty() { format!("The `{wire_name}` of this shape.") } else { doc };
                let const_name = wire_name.to_uppercase().replace(['.', '-'], "_");
                tags.push(Tag { wire_name: wire_name.clone(), const_name, value, doc });
                continue;
            }
            let ty = if content_param && wire_name == "content" {
                TypeRef::ContentParam
            } else {
                let ty = self.type_ref(property, &hint.child(wire_name))?;
                self.typed_by_name(ty, wire_name, property)
            };
            let (ty, nullable) = match ty {
                TypeRef::Nullable(inner) => (*inner, true),
                other => (other, false),
            };
            let required = schema.required.contains(wire_name);
            let presence = match (required, nullable) {
                (true, false) => Presence::Required,
                (true, true) => Presence::RequiredNullable,
                (false, false) => Presence::Optional,
                (false, true) => Presence::OptionalNullable,
            };
            let rust_name = overrides::field_rust_name(wire_name).map_or_else(|| field_ident(wire_name), str::to_string);
            if !rust_names.insert(rust_name.clone()) || rust_name == "extra" {
                return Err(error(&property.location, format!("field name {rust_name} is taken twice in this struct")));
            }
            let mut doc =
                self.docs(property.description.as_deref().or(property.title.as_deref()), &property.location.file);
            if doc.is_empty() {
                doc = format!("The `{wire_name}` field.");
            }
            let doc =
                self.with_versions(doc, property.added_in.as_deref(), &property.changed_in, &property.location.file);
            fields.push(Field {
                rust_name,
                wire_name: wire_name.clone(),
                ty,
                presence,
                doc,
                deprecated: property.deprecated,
            });
        }
        let extra = match &schema.additional_properties {
            Some(AdditionalProperties::Schema(value)) => self.type_ref(value, &hint.child("Value"))?,
            _ => TypeRef::JsonValue,
        };
        if extra != TypeRef::JsonValue {
            // An explicit `null` in an optional field is kept in `extra` so it is written back;
            // a typed `extra` cannot hold it, so there the field itself keeps absent and `null`
            // apart (lossless either way).
            for field in fields.iter_mut().filter(|f| f.presence == Presence::Optional) {
                field.presence = Presence::OptionalNullable;
            }
        }
        Ok(TypeKind::Struct(StructDef { fields, extra, content_param, tags }))
    }

    fn kind_union(&mut self, schema: &Schema, kinds: &[JsonType], hint: &Hint) -> Result<TypeKind> {
        let mut variants = Vec::new();
        for kind in kinds {
            let single = Schema { types: vec![*kind], ..schema.clone() };
            let name = format!("{kind:?}");
            let ty = self.non_null_type(&single, &hint.child(&name))?;
            variants.push(UnionVariant {
                rust_name: name.clone(),
                ty,
                doc: format!("A JSON {} value.", name.to_lowercase()),
            });
        }
        Ok(TypeKind::Union(UnionDef { dispatch: UnionDispatch::JsonKind, variants }))
    }

    fn first_match_union(&mut self, variants: &[&Schema], hint: &Hint) -> Result<TypeKind> {
        let mut out: Vec<UnionVariant> = Vec::new();
        for variant in variants {
            let mut name = match &variant.origin {
                Some(origin) => self.origin_hint(origin).name,
                None => variant
                    .types
                    .iter()
                    .find(|t| **t != JsonType::Null)
                    .map_or("Value".to_string(), |t| format!("{t:?}")),
            };
            if out.iter().any(|v| v.rust_name == name) {
                name = format!("{name}{}", out.len() + 1);
            }
            let ty = self.type_ref(variant, &hint.child(&name))?;
            let doc = self.docs(variant.description.as_deref().or(variant.title.as_deref()), &variant.location.file);
            let doc = if doc.is_empty() { format!("The `{name}` form.") } else { doc };
            out.push(UnionVariant { rust_name: name, ty, doc });
        }
        // The first variant that accepts a value wins, so an open shape (any object, any value)
        // listed first would hide every specific one after it: try the specific shapes first.
        out.sort_by_key(|variant| openness(&variant.ty));
        Ok(TypeKind::Union(UnionDef { dispatch: UnionDispatch::FirstMatch, variants: out }))
    }

    fn operation(&mut self, operation: &spec::Operation, file_module: &ModulePath) -> Result<OperationIr> {
        let module_name = field_ident(&operation.operation_id);
        let mut op_module = file_module.clone();
        op_module.push(module_name.clone());
        let hint = |name: &str| Hint { module: op_module.clone(), name: name.to_string() };
        let file = &operation.location.file;
        let mut params = Vec::new();
        let mut order: Vec<&spec::Parameter> = operation.parameters.iter().collect();
        order.sort_by_key(|p| p.location);
        for parameter in order {
            let ty = self.type_ref(&parameter.schema, &hint(&camel_case(&parameter.name)))?;
            let ty = self.typed_by_name(ty, &parameter.name, &parameter.schema);
            params.push(ParamIr {
                rust_name: field_ident(&parameter.name),
                wire_name: parameter.name.clone(),
                location: match parameter.location {
                    spec::ParameterLocation::Path => ParamLocation::Path,
                    spec::ParameterLocation::Query => ParamLocation::Query,
                    spec::ParameterLocation::Header => ParamLocation::Header,
                },
                required: parameter.required,
                ty,
                spread: parameter.location == spec::ParameterLocation::Query
                    && parameter.schema.types.contains(&JsonType::Object),
                doc: self.with_versions(
                    self.docs(parameter.description.as_deref(), file),
                    parameter.added_in.as_deref(),
                    &parameter.changed_in,
                    file,
                ),
                deprecated: parameter.deprecated,
            });
        }
        let body = match &operation.request_body {
            Some(body) => Some(self.body(
                &body.content,
                body.required,
                body.description.as_deref(),
                file,
                &hint("RequestBody"),
            )?),
            None => None,
        };
        let mut responses = Vec::new();
        for response in &operation.responses {
            let type_name =
                format!("Response{}", type_ident(&response.status.to_string().to_lowercase()).trim_start_matches('N'));
            let body = if response.content.is_empty() {
                None
            } else {
                Some(self.body(&response.content, true, Some(&response.description), file, &hint(&type_name))?)
            };
            let standard_error =
                overrides::is_standard_error_response(&response.status.to_string(), body.as_ref().map(|b| &b.ty));
            responses.push(ResponseIr {
                status: response.status.to_string(),
                standard_error,
                type_name: body.as_ref().map(|_| type_name),
                body,
                headers: response.headers.iter().map(|h| h.name.clone()).collect(),
                doc: self.docs(Some(&response.description), file),
            });
        }
        Ok(OperationIr {
            module: module_name,
            operation_id: operation.operation_id.clone(),
            doc: self.operation_doc(operation),
            api: api_variant(operation.api),
            feature: overrides::feature_of_api(operation.api),
            method: method_variant(operation.method),
            path: operation.path.clone(),
            auth: match operation.security.requirement {
                spec::AuthRequirement::None => "None",
                spec::AuthRequirement::Optional => "Optional",
                spec::AuthRequirement::Required => "Required",
            },
            auth_schemes: operation.security.schemes.iter().map(auth_scheme).collect(),
            rate_limited: operation.rate_limited(),
            added_in: operation.added_in.clone(),
            changed_in: operation.changed_in.keys().cloned().collect(),
            deprecated: operation.deprecated,
            params,
            body,
            responses,
            types: Vec::new(),
        })
    }

    /// The summary as the first line, then the description, then the version notes.
    fn operation_doc(&self, operation: &spec::Operation) -> String {
        let file = &operation.location.file;
        let summary = self.docs(operation.summary.as_deref(), file);
        let description = self.docs(operation.description.as_deref(), file);
        let doc = match (summary.is_empty(), description.is_empty()) {
            (false, false) if !description.starts_with(summary.trim_end_matches('.')) => {
                // The summary leads; a paragraph of the description that repeats it is dropped
                // (rustdoc would print it twice).
                let same =
                    |paragraph: &str| paragraph.trim().trim_end_matches('.') == summary.trim().trim_end_matches('.');
                let rest: Vec<&str> = description.split("\n\n").filter(|p| !same(p)).collect();
                format!("{summary}\n\n{}", rest.join("\n\n"))
            }
            (_, false) => description,
            (false, true) => summary,
            (true, true) => format!("The `{}` operation.", operation.operation_id),
        };
        self.with_versions(doc, operation.added_in.as_deref(), &operation.changed_in, file)
    }

    fn body(
        &mut self,
        content: &[spec::MediaType],
        required: bool,
        doc: Option<&str>,
        file: &str,
        hint: &Hint,
    ) -> Result<BodyIr> {
        let json = content.iter().find(|m| m.mime == "application/json");
        let ty = match json.and_then(|m| m.schema.as_ref()) {
            Some(schema) => self.type_ref(schema, hint)?,
            None if json.is_some() => TypeRef::JsonValue,
            None => TypeRef::Bytes,
        };
        let example = json.and_then(|m| {
            m.examples
                .first()
                .map(|named| &named.value)
                .or(m.example.as_ref())
                .or_else(|| m.schema.as_ref().and_then(|s| s.example.as_ref()))
        });
        // A body the schema says is an empty object (`{}` in the spec's `200` of `/logout`...)
        // has that one value as its example.
        let empty = serde_json::Value::Object(serde_json::Map::new());
        let is_empty_object = |schema: &Schema| {
            schema.types == [JsonType::Object]
                && schema.properties.is_empty()
                && schema.pattern_properties.is_empty()
                && schema.additional_properties.is_none()
                && schema.one_of.is_empty()
                && schema.any_of.is_empty()
        };
        let example = example.or_else(|| json?.schema.as_ref().filter(|s| is_empty_object(s)).map(|_| &empty));
        Ok(BodyIr {
            media_types: content.iter().map(|m| m.mime.clone()).collect(),
            ty,
            required,
            doc: self.docs(doc, file),
            example: example.and_then(|value| serde_json::to_string_pretty(value).ok()),
        })
    }

    /// The root schema (and components) of a schema file: every file gets its types, whether an
    /// operation uses it or not.
    fn schema_file(&mut self, file: &spec::SchemaFile) -> Result<()> {
        let root = Location::root(&file.file);
        let hint = self.origin_hint(&root);
        let overridden_where_used = overrides::type_override(&root.to_string()).is_some();
        if overridden_where_used && !file.schema.properties.is_empty() {
            // Its uses get the override (an event enum), but the file still defines its own
            // struct, for users who want it and for the examples of its properties.
            self.named(&file.schema, &hint, |space, hint| space.struct_kind(&file.schema, hint))?;
        } else {
            self.named_or_alias(&file.schema, &hint)?;
        }
        for (name, schema) in &file.components {
            let hint = Hint { module: hint.module.clone(), name: type_ident(name) };
            self.named_or_alias(schema, &hint)?;
        }
        Ok(())
    }

    /// Maps `schema`; if it is not a named type of its own, defines `hint` as an alias of it.
    pub(super) fn named_or_alias(&mut self, schema: &Schema, hint: &Hint) -> Result<()> {
        let ty = self.type_ref(schema, hint)?;
        let is_own = matches!(&ty, TypeRef::Named(named) if named.module == hint.module && named.name == hint.name);
        if is_own || self.names.contains_key(&(hint.module.clone(), hint.name.clone())) {
            return Ok(());
        }
        let alias_location =
            Location { file: schema.location.file.clone(), pointer: format!("{}#alias", schema.location.pointer) };
        let def = self.schema_def(&hint.name, schema, TypeKind::Alias(ty));
        self.define(&hint.module, alias_location, def)?;
        Ok(())
    }

    fn into_ir(mut self, spec: &Spec, mut operations: BTreeMap<ModulePath, Vec<OperationIr>>) -> Result<Ir> {
        self.name_from_titles(&mut operations);
        self.response_aliases(&mut operations)?;
        let mut modules: BTreeMap<ModulePath, Module> = BTreeMap::new();
        let mut file_of_module: BTreeMap<ModulePath, String> = BTreeMap::new();
        for document in &spec.documents {
            file_of_module.insert(overrides::module_of_file(&document.file), document.file.clone());
        }
        for file in &spec.schema_files {
            file_of_module.insert(overrides::module_of_file(&file.file), file.file.clone());
        }
        file_of_module.insert(overrides::event_enum_module(), "event-schemas/schema/".to_string());
        for (module_path, ops) in operations {
            modules.entry(module_path).or_default().operations = ops;
        }
        for (_, placed) in std::mem::take(&mut self.defs) {
            let (parent, last) = placed.module.split_at(placed.module.len().saturating_sub(1));
            let parent_ops = modules.get_mut(parent).map(|m| &mut m.operations);
            if let Some(op) = parent_ops.and_then(|ops| ops.iter_mut().find(|op| last.first() == Some(&op.module))) {
                op.types.push(placed.def);
            } else {
                modules.entry(placed.module).or_default().types.push(placed.def);
            }
        }
        for (path, module) in &mut modules {
            let source = file_of_module.get(path).ok_or_else(|| IrError {
                location: path.join("::"),
                message: "a module that no spec file produces".to_string(),
            })?;
            module.source_file = source.clone();
            module.doc = format!("Generated from `{source}` of the Matrix specification {}.", self.version);
            module.types.sort_by(|a, b| a.name.cmp(&b.name));
            for op in &mut module.operations {
                op.types.sort_by(|a, b| a.name.cmp(&b.name));
            }
        }
        super::features::assign(&mut modules);
        for module in modules.values() {
            for op in &module.operations {
                operation_bindings(op, &mut self.bindings);
            }
        }
        Ok(Ir { spec_version: self.version, modules, bindings: self.bindings })
    }

    /// Renames the path-named types whose title is a unique, free name in their module (see
    /// `titles`), everywhere they are referred to.
    fn name_from_titles(&mut self, operations: &mut BTreeMap<ModulePath, Vec<OperationIr>>) {
        let taken: BTreeSet<(ModulePath, String)> = self.names.keys().cloned().collect();
        let renames = super::titles::renames(&self.title_candidates, &taken);
        for placed in self.defs.values_mut() {
            if let Some(new) = renames.get(&(placed.module.clone(), placed.def.name.clone())) {
                placed.def.name = new.clone();
            }
            super::titles::rename_in_def(&mut placed.def, &renames);
        }
        for op in operations.values_mut().flatten() {
            super::titles::rename_in_operation(op, &renames);
        }
        for ty in self.bindings.values_mut() {
            super::titles::rename_ref(ty, &renames);
        }
        for ((module, old), new) in renames {
            if let Some(location) = self.names.remove(&(module.clone(), old)) {
                self.names.insert((module, new), location);
            }
        }
    }

    /// Every response (and request body) with a body gets a type of its own name in its
    /// operation module, an alias where the body is a type defined elsewhere.
    fn response_aliases(&mut self, operations: &mut BTreeMap<ModulePath, Vec<OperationIr>>) -> Result<()> {
        for (module, ops) in operations.iter_mut() {
            for op in ops.iter_mut() {
                let mut op_module = module.clone();
                op_module.push(op.module.clone());
                let bodies = op.responses.iter().filter_map(|r| Some((r.type_name.clone()?, r.body.as_ref()?)));
                let request = op.body.as_ref().map(|b| ("RequestBody".to_string(), b));
                for (name, body) in request.into_iter().chain(bodies) {
                    let own = matches!(&body.ty, TypeRef::Named(n) if n.module == op_module && n.name == name);
                    if own {
                        continue;
                    }
                    let location = Location { file: module.join("/"), pointer: format!("/{}/{name}", op.module) };
                    self.claim(&op_module, &name, &location)?;
                    let doc = if body.doc.is_empty() { format!("The `{name}` body.") } else { body.doc.clone() };
                    let def = TypeDef {
                        name,
                        doc,
                        source: op.operation_id.clone(),
                        deprecated: false,
                        event: None,
                        kind: TypeKind::Alias(body.ty.clone()),
                    };
                    op.types.push(def);
                }
            }
        }
        Ok(())
    }
}

/// The binding keys of an operation's bodies and parameters.
fn operation_bindings(op: &OperationIr, bindings: &mut BTreeMap<String, TypeRef>) {
    let prefix = format!("{}/{}", op.api, op.operation_id);
    if let Some(body) = &op.body {
        bindings.insert(format!("request:{prefix}"), body.ty.clone());
    }
    for response in &op.responses {
        if let Some(body) = &response.body {
            bindings.insert(format!("response:{prefix}/{}", response.status), body.ty.clone());
        }
    }
    for param in &op.params {
        bindings.insert(format!("parameter:{prefix}/{}", param.wire_name), param.ty.clone());
    }
}

fn enum_kind(values: &[String], location: &Location) -> Result<TypeKind> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::with_capacity(values.len());
    for wire in values {
        let rust_name = type_ident(wire);
        if !seen.insert(rust_name.clone()) || rust_name == "_Custom" {
            return Err(error(location, format!("enum values give the variant name {rust_name} twice")));
        }
        out.push(EnumValue { rust_name, wire: wire.clone() });
    }
    Ok(TypeKind::Enum(out))
}

/// Whether `null` is a valid value: a type array with `null`, or a `oneOf`/`anyOf` member
/// that is only `null`.
/// The value of a single-value string `enum`.
fn single_enum_value(schema: &Schema) -> Option<String> {
    match schema.enum_values.as_slice() {
        [value] => value.as_str().map(str::to_string),
        _ => None,
    }
}

fn is_nullable(schema: &Schema) -> bool {
    schema.types.contains(&JsonType::Null) || schema.one_of.iter().chain(&schema.any_of).any(is_null_only)
}

fn is_null_only(schema: &Schema) -> bool {
    schema.types == [JsonType::Null]
}

/// The kind of a schema with no `type`: what its keywords imply.
fn implied_kind(schema: &Schema) -> Option<JsonType> {
    if !schema.properties.is_empty() || !schema.pattern_properties.is_empty() || schema.additional_properties.is_some()
    {
        Some(JsonType::Object)
    } else if schema.items.is_some() {
        Some(JsonType::Array)
    } else if schema.enum_values.iter().all(serde_json::Value::is_string) && !schema.enum_values.is_empty() {
        Some(JsonType::String)
    } else {
        None
    }
}

fn api_variant(api: spec::Api) -> &'static str {
    match api {
        spec::Api::ClientServer => "ClientServer",
        spec::Api::ServerServer => "ServerServer",
        spec::Api::ApplicationService => "ApplicationService",
        spec::Api::Identity => "Identity",
        spec::Api::PushGateway => "PushGateway",
    }
}

fn method_variant(method: spec::Method) -> &'static str {
    match method {
        spec::Method::Get => "Get",
        spec::Method::Put => "Put",
        spec::Method::Post => "Post",
        spec::Method::Delete => "Delete",
        spec::Method::Head => "Head",
        spec::Method::Options => "Options",
        spec::Method::Patch => "Patch",
    }
}

fn auth_scheme(scheme: &spec::SecurityScheme) -> AuthSchemeIr {
    match &scheme.kind {
        spec::SecuritySchemeKind::Bearer => AuthSchemeIr::Bearer,
        spec::SecuritySchemeKind::ApiKey { name, location: spec::ParameterLocation::Header } => {
            AuthSchemeIr::Header(name.clone())
        }
        spec::SecuritySchemeKind::ApiKey { name, .. } => AuthSchemeIr::QueryParameter(name.clone()),
        spec::SecuritySchemeKind::Http { scheme } => AuthSchemeIr::Authorization(scheme.clone()),
    }
}

/// How much a type accepts, for the order in which an untagged union tries its variants: `0`
/// for a specific shape, up to `3` for any JSON value (the sort is stable, so the spec's order
/// stands among equals).
fn openness(ty: &TypeRef) -> u8 {
    match ty {
        TypeRef::JsonValue => 3,
        TypeRef::JsonObject => 2,
        TypeRef::Map(..) => 1,
        _ => 0,
    }
}

/// `ty` with its text (a string, or a URL for media) as `identifier`, through `Option` and lists;
/// any other type is left alone.
fn retype_text(ty: &TypeRef, identifier: &'static str) -> TypeRef {
    match ty {
        TypeRef::String => TypeRef::Identifier(identifier),
        TypeRef::Identifier("Url") if identifier == "MxcUri" => TypeRef::Identifier(identifier),
        TypeRef::Vec(inner) => TypeRef::Vec(Box::new(retype_text(inner, identifier))),
        TypeRef::Nullable(inner) => TypeRef::Nullable(Box::new(retype_text(inner, identifier))),
        other => other.clone(),
    }
}

/// Whether a type's name was built from its JSON path (a property or item below a named
/// schema), rather than being a file's, a component's or an operation body's own name.
fn is_path_built(schema: &Schema, name: &str) -> bool {
    let pointer = &schema.location.pointer;
    let own_place = pointer.is_empty()
        || (pointer.split('/').count() == 4 && pointer.starts_with("/components/schemas/"))
        // An event's content type is named after its event (`RoomMemberEventContent`).
        || (schema.location.file.starts_with("event-schemas/") && pointer == "/properties/content");
    !is_operation_body_name(name) && !own_place
}

/// `RequestBody`, `Response200`, `Response4xx`: the names an operation gives its bodies.
fn is_operation_body_name(name: &str) -> bool {
    name == "RequestBody"
        || name.strip_prefix("Response").is_some_and(|rest| {
            let code = rest.trim_end_matches("xx");
            !code.is_empty() && code.chars().all(|c| c.is_ascii_digit())
        })
}
