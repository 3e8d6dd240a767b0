//! Loader errors: every one names the file, the JSON pointer and, where the YAML parser gives
//! it, the line.

use std::fmt;

/// Where a value sits: a file relative to the snapshot's `data/` directory, and a JSON pointer.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// Path relative to `data/`, always with `/`.
    pub file: String,
    /// RFC 6901 JSON pointer into the file (`""` is the whole file).
    pub pointer: String,
}

impl Location {
    /// The root of `file`.
    pub fn root(file: &str) -> Location {
        Location { file: file.to_string(), pointer: String::new() }
    }

    /// The location of member `key` (an object key or an array index) below this one.
    pub fn child(&self, key: &str) -> Location {
        Location { file: self.file.clone(), pointer: format!("{}/{}", self.pointer, crate::load::pointer::escape(key)) }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{}", self.file, self.pointer)
    }
}

/// What went wrong while loading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// A file could not be read.
    Io,
    /// A file is not valid YAML/JSON.
    Syntax,
    /// A `$ref` names a file or pointer that does not exist.
    DanglingRef,
    /// A `$ref` chain leads back to itself.
    RefCycle,
    /// A value has the wrong JSON type for its place (e.g. `required` that is not a list).
    WrongType,
    /// A keyword that is neither modelled nor on the ignore list.
    UnknownKeyword,
    /// The spec is well-formed but breaks a rule the model relies on.
    Invalid,
    /// A key written twice in one object (the parsers would keep only the last).
    DuplicateKey,
    /// Nesting or a `$ref` chain deeper than the documented limits of [`crate::load::limits`].
    TooDeep,
    /// A file name the generator cannot turn into a Rust module (or a file that is not a
    /// regular file).
    FileName,
    /// Two places claim what must be unique: an `operationId` within an API, an event type.
    Conflict,
    /// A name used but never declared: a `required` property, a path template parameter.
    Undeclared,
}

/// One loader error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// The class of error, for callers and tests that match on it.
    pub kind: ErrorKind,
    /// Where it happened.
    pub location: Location,
    /// The 1-based line, where the parser reports one.
    pub line: Option<usize>,
    /// What is wrong, in words.
    pub message: String,
}

impl LoadError {
    /// An error at `location`.
    pub fn new(kind: ErrorKind, location: &Location, message: impl Into<String>) -> LoadError {
        LoadError { kind, location: location.clone(), line: None, message: message.into() }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.location)?;
        if let Some(line) = self.line {
            write!(f, " (line {line})")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for LoadError {}

/// The loader's result type.
pub type Result<T, E = LoadError> = std::result::Result<T, E>;
