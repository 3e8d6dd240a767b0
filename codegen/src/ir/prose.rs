//! Fields and structs the spec defines in prose rather than in its schemas: the unsigned data of
//! room events and its bundled aggregations, the relations and mentions of event contents, and
//! the keys the prose adds to objects whose schemas leave them open. Every rule is a table of
//! `overrides.rs`; this file only places what the tables say.

use crate::load::model::Location;

use super::build::{error, Result, TypeSpace};
use super::model::*;
use super::overrides;

impl TypeSpace {
    /// The unsigned data of room events as the spec defines it in `client_event.yaml` and in
    /// prose: [`overrides::UNSIGNED_FIELDS`] added to the core schema's struct, and the structs
    /// of the bundled aggregations ([`overrides::PROSE_STRUCTS`]) beside it.
    pub(super) fn prose_unsigned(&mut self) -> Result<()> {
        let root = Location::root(overrides::UNSIGNED_FILE);
        let Some(module) = self.defs.get(&root).map(|p| p.module.clone()) else { return Ok(()) };
        for prose in overrides::PROSE_STRUCTS {
            let fields = self.prose_fields(prose.fields, &module, &root)?;
            let def = TypeDef {
                name: prose.name.to_string(),
                doc: prose.doc.to_string(),
                source: "codegen/src/ir/overrides.rs (PROSE_STRUCTS)".to_string(),
                deprecated: false,
                event: None,
                kind: TypeKind::Struct(StructDef {
                    fields,
                    extra: TypeRef::JsonValue,
                    content_param: false,
                    tags: Vec::new(),
                }),
            };
            let location = Location { file: overrides::UNSIGNED_FILE.to_string(), pointer: format!("#{}", prose.name) };
            self.define(&module, location, def)?;
        }
        let added = self.prose_fields(overrides::UNSIGNED_FIELDS, &module, &root)?;
        self.add_fields(&root, added);
        Ok(())
    }

    /// The fields of [`overrides::PROSE_OBJECT_FIELDS`], added to the structs of their files.
    pub(super) fn prose_object_fields(&mut self) -> Result<()> {
        for (file, fields, _reason) in overrides::PROSE_OBJECT_FIELDS {
            let root = Location::root(file);
            // A spec without the file (a fixture, an older release) has nothing to add to.
            let Some(module) = self.defs.get(&root).map(|p| p.module.clone()) else { continue };
            let added = self.prose_fields(fields, &module, &root)?;
            self.add_fields(&root, added);
        }
        Ok(())
    }

    /// Adds `added` to the struct at `at`, but for a field it declares already.
    fn add_fields(&mut self, at: &Location, added: Vec<Field>) {
        if let Some(TypeKind::Struct(def)) = self.defs.get_mut(at).map(|p| &mut p.def.kind) {
            for field in added {
                if def.fields.iter().all(|f| f.wire_name != field.wire_name && f.rust_name != field.rust_name) {
                    def.fields.push(field);
                }
            }
        }
    }

    fn prose_fields(&self, fields: &[overrides::ProseField], module: &ModulePath, at: &Location) -> Result<Vec<Field>> {
        let prose = |name: &str| TypeRef::Named(NamedRef { module: module.clone(), name: name.to_string() });
        let event_enum =
            |name: &str| TypeRef::Named(NamedRef { module: overrides::event_enum_module(), name: name.to_string() });
        fields
            .iter()
            .map(|field| {
                let ty = match field.ty {
                    overrides::ProseType::String => TypeRef::String,
                    overrides::ProseType::Integer => TypeRef::Integer,
                    overrides::ProseType::Bool => TypeRef::Bool,
                    overrides::ProseType::Identifier(name) => TypeRef::Identifier(name),
                    overrides::ProseType::BoxedEventEnum(name) => TypeRef::Boxed(Box::new(event_enum(name))),
                    overrides::ProseType::Prose(name) => prose(name),
                    overrides::ProseType::ProseList(name) => TypeRef::Vec(Box::new(prose(name))),
                    overrides::ProseType::JsonObject => TypeRef::JsonObject,
                    overrides::ProseType::SameAs(place) => {
                        let (file, pointer) = place.split_once('#').unwrap_or((place, ""));
                        let target = Location { file: file.to_string(), pointer: pointer.to_string() };
                        let placed = self
                            .defs
                            .get(&target)
                            .ok_or_else(|| error(at, format!("prose field type {place} is not a generated type")))?;
                        TypeRef::Named(NamedRef { module: placed.module.clone(), name: placed.def.name.clone() })
                    }
                };
                Ok(Field {
                    rust_name: field.rust_name.to_string(),
                    wire_name: field.wire_name.to_string(),
                    ty,
                    presence: if field.required { Presence::Required } else { Presence::Optional },
                    doc: self.docs(Some(field.doc), &at.file),
                    deprecated: false,
                })
            })
            .collect()
    }

    /// Adds the prose-defined fields of [`overrides::CONTENT_FIELDS`] to a content struct.
    pub(super) fn add_content_fields(&mut self, ty: &TypeRef, event_types: &[String], at: &Location) -> Result<()> {
        let TypeRef::Named(named) = ty else { return Ok(()) };
        let mut added = Vec::new();
        for field in overrides::CONTENT_FIELDS {
            if !event_types.iter().any(|t| field.event_types.contains(&t.as_str())) {
                continue;
            }
            let field_ty = match field.ty {
                overrides::ContentFieldType::Runtime(path) => TypeRef::Runtime(path),
                overrides::ContentFieldType::FileRoot(file) => {
                    let placed = self
                        .defs
                        .get(&Location::root(file))
                        .ok_or_else(|| error(at, format!("content field type {file} is not a generated type")))?;
                    TypeRef::Named(NamedRef { module: placed.module.clone(), name: placed.def.name.clone() })
                }
                overrides::ContentFieldType::BoxedContentOf(file) => {
                    // A content family is defined after its shapes: checked at the end.
                    let target = Location { file: file.to_string(), pointer: "#content-family".to_string() };
                    self.boxed_targets.push((target, at.clone()));
                    let name = format!("{}Content", overrides::root_type_name(file));
                    TypeRef::Boxed(Box::new(TypeRef::Named(NamedRef { module: overrides::module_of_file(file), name })))
                }
            };
            let rust_name = overrides::field_rust_name(field.wire_name)
                .map_or_else(|| super::naming::field_ident(field.wire_name), str::to_string);
            added.push(Field {
                rust_name,
                wire_name: field.wire_name.to_string(),
                ty: field_ty,
                presence: Presence::Optional,
                doc: self.docs(Some(field.doc), &at.file),
                deprecated: false,
            });
        }
        let placed = self.defs.values_mut().find(|p| p.module == named.module && p.def.name == named.name);
        let Some(TypeKind::Struct(def)) = placed.map(|p| &mut p.def.kind) else { return Ok(()) };
        for field in added {
            if def.fields.iter().all(|f| f.wire_name != field.wire_name && f.rust_name != field.rust_name) {
                def.fields.push(field);
            }
        }
        Ok(())
    }
}
