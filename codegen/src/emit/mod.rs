//! Stage 3, emit: IR → `proc_macro2` tokens, one token stream per generated file.
//!
//! The generated types implement `Serialize`/`Deserialize` by hand rather than by derive:
//! each struct's `Deserialize` reads its map once and keeps unknown keys in `extra` without
//! `#[serde(flatten)]` (which buffers every value), and no proc macro runs when
//! `generated-api` compiles. A struct's impls are one invocation of the runtime's declarative
//! `serde_struct!` holding its facts (fields, wire names, presence, tags); the macro writes the
//! visitor and the map writer once.

mod construct;
pub mod crates;
mod debug;
mod events;
pub mod examples;
mod http;
mod items;
mod types;

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Feature, Ir, ModulePath, TypeKind};

pub use crates::Crate;

/// One generated file: its path below `generated/` and its tokens.
#[derive(Debug, Clone)]
pub struct EmittedFile {
    /// The path relative to `generated-api/src/generated/`, with `/`: `mod.rs` and
    /// `registry.rs` of the facade, and each crate's files below its directory
    /// ([`Crate::dir`]).
    pub path: String,
    /// The file's items (inner doc attributes first).
    pub tokens: TokenStream,
}

/// One file to emit.
#[derive(Debug, Clone)]
pub enum Job {
    /// The file of one module, in the crate it compiles in.
    Module(Crate, ModulePath),
    /// The `mod.rs` of a directory of one crate.
    Directory(Directory),
    /// The facade's `mod.rs`: every top-level module re-exported from its crate, and
    /// `OPERATIONS`.
    Facade(BTreeMap<String, Vec<Crate>>),
    /// `registry.rs` (the facade's).
    Registry,
}

/// A directory of one crate's part of the tree.
#[derive(Debug, Clone)]
pub struct Directory {
    /// The crate.
    pub krate: Crate,
    /// The directory's module path (empty: the crate's `generated` module).
    pub path: ModulePath,
    /// Its submodules in this crate.
    pub local: BTreeSet<String>,
    /// Its submodules in the core crate that an operations crate re-exports (so that
    /// `crate::generated::...` paths are the same in every crate).
    pub shared: BTreeSet<String>,
}

/// Every file of the IR, in path order: one per module, a `mod.rs` per directory of each
/// crate, the facade's `mod.rs` and the registry.
pub fn jobs(ir: &Ir) -> Result<Vec<Job>, String> {
    let mut jobs = Vec::new();
    let mut children: BTreeMap<(Crate, ModulePath), BTreeSet<String>> = BTreeMap::new();
    for (path, module) in &ir.modules {
        let krate = crates::placement(path, module)?;
        for depth in 0..path.len() {
            children.entry((krate, path[..depth].to_vec())).or_default().insert(path[depth].clone());
        }
        jobs.push(Job::Module(krate, path.clone()));
    }
    // Every crate's `generated` module exists (each crate includes its `mod.rs`), even when the
    // spec has no module for it.
    for krate in Crate::all() {
        children.entry((krate, Vec::new())).or_default();
    }
    let mut top_level: BTreeMap<String, Vec<Crate>> = BTreeMap::new();
    for ((krate, directory), names) in &children {
        if ir.modules.contains_key(directory) {
            return Err(format!("module {} is both a spec file and a directory", directory.join("::")));
        }
        if directory.is_empty() {
            for name in names {
                top_level.entry(name.clone()).or_default().push(*krate);
            }
        }
        let shared = match krate.feature() {
            Some(feature) => shared_children(ir, &children, directory, names, feature),
            None => BTreeSet::new(),
        };
        jobs.push(Job::Directory(Directory { krate: *krate, path: directory.clone(), local: names.clone(), shared }));
    }
    for (name, crates) in &top_level {
        let features: BTreeSet<Feature> = crates.iter().filter_map(|krate| krate.feature()).collect();
        if features.len() > 1 {
            return Err(format!("top-level module {name} has operations of several APIs: {features:?}"));
        }
    }
    jobs.push(Job::Facade(top_level));
    jobs.push(Job::Registry);
    // The spec's file names are checked before the IR is built (`ir::naming::check_module_names`);
    // this is the last guard against two jobs writing one file.
    let mut paths = BTreeSet::new();
    for job in &jobs {
        let path = job_path(job);
        if !paths.insert(path.clone()) {
            return Err(format!("two generated files would be written to {path}"));
        }
    }
    Ok(jobs)
}

/// The core crate's submodules of `directory` that the operations crate of `feature` re-exports
/// beside its own (`local`) ones: those the core crate compiles when `feature` is on.
fn shared_children(
    ir: &Ir,
    children: &BTreeMap<(Crate, ModulePath), BTreeSet<String>>,
    directory: &ModulePath,
    local: &BTreeSet<String>,
    feature: Feature,
) -> BTreeSet<String> {
    let Some(core) = children.get(&(Crate::Core, directory.clone())) else { return BTreeSet::new() };
    core.iter()
        .filter(|name| !local.contains(*name))
        .filter(|name| {
            let mut path = directory.clone();
            path.push((*name).clone());
            crates::visible_to(feature, &features_below(ir, &path, Crate::Core))
        })
        .cloned()
        .collect()
}

/// Emits one file.
pub fn emit_job(ir: &Ir, job: &Job) -> EmittedFile {
    let tokens = match job {
        Job::Module(_, path) => items::module_file(&ir.modules[path], path),
        Job::Registry => registry_file(ir),
        Job::Directory(directory) => directory_file(ir, directory),
        Job::Facade(top_level) => facade_file(ir, top_level),
    };
    EmittedFile { path: job_path(job), tokens }
}

/// The path of a job's file below `generated/`.
fn job_path(job: &Job) -> String {
    match job {
        Job::Module(krate, path) => format!("{}/{}.rs", krate.dir(), file_path(path)),
        Job::Registry => "registry.rs".to_string(),
        Job::Facade(_) => "mod.rs".to_string(),
        Job::Directory(Directory { krate, path, .. }) if path.is_empty() => format!("{}/mod.rs", krate.dir()),
        Job::Directory(Directory { krate, path, .. }) => format!("{}/{}/mod.rs", krate.dir(), file_path(path)),
    }
}

/// The path of a module's file or directory below its crate's directory: raw identifiers lose
/// their `r#` (rustc looks for `fn.rs` for `mod r#fn;`).
fn file_path(module: &ModulePath) -> String {
    module.iter().map(|segment| crate::ir::naming::module_file_name(segment)).collect::<Vec<_>>().join("/")
}

/// `mod.rs` of a directory of one crate: its submodules (in the core crate, each behind the
/// features that need it; an operations crate is itself behind its feature), and in an
/// operations crate the core crate's submodules re-exported.
fn directory_file(ir: &Ir, directory: &Directory) -> TokenStream {
    let doc = match (directory.path.is_empty(), directory.krate) {
        (true, Crate::Core) => format!(
            "The generated types every API shares (the events, the schemas, each API's definitions), from the \
             Matrix specification {}.",
            ir.spec_version
        ),
        (true, Crate::Operations(feature, _)) => format!(
            "The operations of the `{}` feature's API generated from the Matrix specification {}, and the \
             shared modules they use (re-exported from `generated-api-core`).",
            feature.name(),
            ir.spec_version
        ),
        (false, _) => format!("Generated from `{}` of the Matrix specification {}.", directory.path.join("/"), ir.spec_version),
    };
    let modules = directory.local.iter().map(|name| {
        let mut path = directory.path.clone();
        path.push(name.clone());
        let cfg = match directory.krate {
            Crate::Core => cfg_attr(&features_below(ir, &path, Crate::Core)),
            Crate::Operations(..) => TokenStream::new(),
        };
        let ident = types::ident(name);
        // No doc here: each module's file (or directory's `mod.rs`) starts with its own, and
        // rustdoc would print both, one after the other.
        quote! { #cfg pub mod #ident; }
    });
    let core = types::ident(&Crate::Core.rust_name());
    let segments: Vec<_> = directory.path.iter().map(|s| types::ident(s)).collect();
    let shared = directory.shared.iter().map(|name| {
        let ident = types::ident(name);
        quote! { #[doc(inline)] pub use #core::generated::#(#segments::)*#ident; }
    });
    let doc = types::inner_doc_attrs(&doc);
    quote! { #doc #(#modules)* #(#shared)* }
}

/// The facade's `mod.rs`: each top-level module re-exported from the crate that has it (an
/// API's operations crate when its feature is on, else the core crate's shared part of it),
/// the registry, and `OPERATIONS`.
fn facade_file(ir: &Ir, top_level: &BTreeMap<String, Vec<Crate>>) -> TokenStream {
    let doc = types::inner_doc_attrs(&format!(
        "Types and operations generated from the Matrix specification {}.",
        ir.spec_version
    ));
    let reexports = top_level.iter().map(|(name, crates)| {
        let operations: Vec<Crate> = crates.iter().copied().filter(|krate| *krate != Crate::Core).collect();
        let feature = operations.first().and_then(|krate| krate.feature());
        let from_operations = feature.map(|feature| operations_reexport(ir, name, &operations, feature));
        let from_core = crates.contains(&Crate::Core).then(|| core_reexport(ir, name, feature)).flatten();
        quote! { #from_operations #from_core }
    });
    let registry_cfg = registry_cfg();
    let registry = operation_registry(ir);
    quote! { #doc #(#reexports)* #registry_cfg pub mod registry; #registry }
}

/// The facade's top-level module `name` from the operations crates of `feature` that hold it:
/// re-exported from the one crate, or for an API split over several, one module holding all of
/// their items (each re-exports the same shared `definitions`, which is then one item, not a
/// clash).
fn operations_reexport(ir: &Ir, name: &str, crates: &[Crate], feature: Feature) -> TokenStream {
    let ident = types::ident(name);
    let feature = feature.name();
    if let [krate] = crates {
        let krate = types::ident(&krate.rust_name());
        return quote! { #[cfg(feature = #feature)] #[doc(inline)] pub use #krate::generated::#ident; };
    }
    let names: Vec<String> = crates.iter().map(|krate| format!("`{}`", krate.package())).collect();
    let doc = types::inner_doc_attrs(&format!(
        "Generated from `{name}` of the Matrix specification {}; its operations compile in {}.",
        ir.spec_version,
        names.join(" and ")
    ));
    let globs = crates.iter().map(|krate| {
        let krate = types::ident(&krate.rust_name());
        quote! { #[doc(inline)] pub use #krate::generated::#ident::*; }
    });
    quote! { #[cfg(feature = #feature)] pub mod #ident { #doc #(#globs)* } }
}

/// The facade's top-level module `name` from the core crate: behind the features that compile
/// it there, and, when an operations crate of `operations` also holds `name` (and then
/// re-exports the core part itself), only in builds without that API; `None` if no such build
/// compiles it.
fn core_reexport(ir: &Ir, name: &str, operations: Option<Feature>) -> Option<TokenStream> {
    let ident = types::ident(name);
    let core = types::ident(&Crate::Core.rust_name());
    let features = features_below(ir, &vec![name.to_string()], Crate::Core);
    let cfg = match operations {
        None => cfg_attr(&features),
        Some(api) => {
            let api_name = api.name();
            let others: BTreeSet<Feature> = features.iter().copied().filter(|f| *f != api).collect();
            match (features.is_empty(), cfg_predicate(&others)) {
                (true, _) => quote! { #[cfg(not(feature = #api_name))] },
                (false, None) => return None,
                (false, Some(others)) => quote! { #[cfg(all(not(feature = #api_name), #others))] },
            }
        }
    };
    Some(quote! { #cfg #[doc(inline)] pub use #core::generated::#ident; })
}

/// `OPERATIONS`: the metadata of every operation compiled in, in module order.
fn operation_registry(ir: &Ir) -> TokenStream {
    let entries = ir.modules.iter().flat_map(|(path, module)| {
        let cfg = cfg_attr(&module.features);
        module.operations.iter().map(move |op| {
            let segments = path.iter().chain(std::iter::once(&op.module)).map(|s| types::ident(s));
            quote! { #cfg &self::#(#segments::)*METADATA, }
        })
    });
    quote! {
        /// The metadata of every operation compiled in (per the enabled features), in module order.
        pub static OPERATIONS: &[&crate::runtime::Metadata] = &[#(#entries)*];
    }
}

/// The registry is for tests: behind `example-registry`, with every API compiled in.
fn registry_cfg() -> TokenStream {
    let all = [
        Feature::Client,
        Feature::Federation,
        Feature::Appservice,
        Feature::Identity,
        Feature::PushGateway,
        Feature::Events,
    ];
    let names = all.iter().map(|f| f.name());
    quote! { #[cfg(all(feature = "example-registry", #(feature = #names),*))] }
}

/// A round trip for every struct of the IR, keyed by its module path and name (the key the
/// tests find its IR definition by).
fn struct_entries(ir: &Ir) -> Vec<TokenStream> {
    let mut entries = Vec::new();
    for (path, module) in &ir.modules {
        let top = module.types.iter().map(|def| (path.clone(), def));
        let nested = module.operations.iter().flat_map(|op| {
            let mut op_path = path.clone();
            op_path.push(op.module.clone());
            op.types.iter().map(move |def| (op_path.clone(), def))
        });
        for (module_path, def) in top.chain(nested) {
            let TypeKind::Struct(s) = &def.kind else { continue };
            let key = format!("{}::{}", module_path.join("::"), def.name);
            let segments = module_path.iter().map(|s| types::ident(s));
            let name = types::ident(&def.name);
            let generics = if s.content_param { quote!(<crate::runtime::JsonObject>) } else { TokenStream::new() };
            entries.push(quote! { (#key, crate::runtime::round_trip::<crate::generated::#(#segments::)*#name #generics>), });
        }
    }
    entries
}

/// `registry.rs`: for each binding key of the IR, a function that decodes a JSON text into the
/// type that must accept it and encodes it again.
fn registry_file(ir: &Ir) -> TokenStream {
    let entries = ir.bindings.iter().map(|(key, ty)| {
        let ty = types::type_tokens(ty);
        quote! { (#key, crate::runtime::round_trip::<#ty>), }
    });
    let structs = struct_entries(ir);
    let constructors = construct::constructor_entries(ir);
    let doc = types::inner_doc_attrs(
        "The type that must accept each example of the spec, for the round-trip tests: binding key →\n\
         decode-then-encode function. Keys: `request:{Api}/{operationId}`,\n\
         `response:{Api}/{operationId}/{status}`, `parameter:{Api}/{operationId}/{name}`,\n\
         `schema:{file#pointer}`.",
    );
    let operations = ir.modules.iter().flat_map(|(path, module)| {
        module.operations.iter().map(move |op| {
            let key = format!("{}/{}", op.api, op.operation_id);
            let segments: Vec<_> = path.iter().chain(std::iter::once(&op.module)).map(|s| types::ident(s)).collect();
            quote! {
                (#key, OperationChecks {
                    request: crate::http::check_request::<crate::generated::#(#segments::)*Request>,
                    response: crate::http::check_response::<crate::generated::#(#segments::)*Response>,
                    error: crate::http::check_error::<crate::generated::#(#segments::)*Response>,
                }),
            }
        })
    });
    quote! {
        #doc
        #![allow(deprecated)]
        /// Decodes a JSON text into a bound type and encodes it back.
        pub type RoundTrip = fn(&str) -> Result<crate::runtime::JsonValue, String>;
        /// Every binding, sorted by key.
        pub static BINDINGS: &[(&str, RoundTrip)] = &[#(#entries)*];
        /// Server decode → client encode → server decode of a request.
        pub type RequestCheck = fn(http::Request<Vec<u8>>) -> Result<http::Request<Vec<u8>>, String>;
        /// Client decode → server encode → client decode of a status and JSON body.
        pub type ResponseCheck = fn(u16, &[u8]) -> Result<Vec<u8>, String>;
        /// Client decode of any response, then its error and server encode (see
        /// `crate::http::check_error`).
        pub type ErrorCheck = fn(&crate::http::ResponseParts) -> Result<Option<crate::http::ResponseError>, String>;
        /// The HTTP round trips of one operation (see `crate::http::check_request`).
        #[derive(Clone, Copy)]
        pub struct OperationChecks {
            /// The request round trip.
            pub request: RequestCheck,
            /// The response round trip.
            pub response: ResponseCheck,
            /// The error reading of a response of any status.
            pub error: ErrorCheck,
        }
        /// Every operation's HTTP round trips, by `{Api}/{operationId}`.
        pub static OPERATIONS: &[(&str, OperationChecks)] = &[#(#operations)*];
        /// Every generated struct's round trip, by `{module::path}::{Name}` (envelopes with a
        /// JSON object as their content).
        pub static STRUCTS: &[(&str, RoundTrip)] = &[#(#structs)*];
        /// Builds a request with `Request::new` and sample values, and sends it through its
        /// `Endpoint` (the constructor test).
        pub type Construct = fn() -> Result<http::Request<Vec<u8>>, crate::http::Error>;
        /// Every operation's constructor call, by `{Api}/{operationId}`.
        pub static CONSTRUCTORS: &[(&str, Construct)] = &[#(#constructors)*];
    }
}

/// The features of every module of `krate` at or below `path` (empty if one of them is always
/// on).
fn features_below(ir: &Ir, path: &ModulePath, krate: Crate) -> BTreeSet<Feature> {
    let mut all = BTreeSet::new();
    for (module_path, module) in ir.modules.range(path.clone()..) {
        if !module_path.starts_with(path) {
            break;
        }
        if crates::placement(module_path, module) != Ok(krate) {
            continue;
        }
        if module.features.is_empty() {
            return BTreeSet::new();
        }
        all.extend(module.features.iter().copied());
    }
    all
}

/// `#[cfg(any(feature = "a", ...))]`, or nothing for an always-on module.
pub(crate) fn cfg_attr(features: &BTreeSet<Feature>) -> TokenStream {
    match cfg_predicate(features) {
        Some(predicate) => quote! { #[cfg(#predicate)] },
        None => TokenStream::new(),
    }
}

/// `feature = "a"` or `any(feature = "a", ...)`; `None` for an always-on module.
fn cfg_predicate(features: &BTreeSet<Feature>) -> Option<TokenStream> {
    let names: Vec<&str> = features.iter().map(|f| f.name()).collect();
    match names.as_slice() {
        [] => None,
        [one] => Some(quote! { feature = #one }),
        _ => Some(quote! { any(#(feature = #names),*) }),
    }
}
