//! Reads every YAML and JSON file of a snapshot's `data/` tree into memory.
//!
//! YAML quirks the spec relies on, and how they are kept:
//! - unquoted float-looking keys such as `1.8:` in `x-changedInMatrixVersion`: `serde_yaml`
//!   hands map keys to `serde_json::Value` as their source text, so `1.10` stays `"1.10"`;
//! - anchors and aliases (`&receiptUserMap`): expanded by the YAML parser;
//! - JSON text in `.yaml` files and trailing commas in flow collections: valid YAML, parsed as such.
//!
//! `.json` files are parsed with `serde_json`, so their numbers keep their exact JSON kind.
//!
//! What the loader refuses here, each with the file (and, for a duplicate key, the pointer):
//! a key written twice in one object ([`super::strict`]); a symlink or other non-regular file
//! (it could reach outside `data/`); and a file or directory name with a character a Rust module
//! name cannot carry (see [`check_file_name`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::error::{ErrorKind, LoadError, Location, Result};

/// Every parsed file of one snapshot, keyed by path relative to `data/` (with `/`).
#[derive(Debug, Clone, Default)]
pub struct SourceTree {
    /// The files, in path order.
    pub files: BTreeMap<String, Value>,
}

impl SourceTree {
    /// Reads and parses every `.yaml`, `.yml` and `.json` file below `data_dir`.
    ///
    /// Any other file is an error: the snapshot holds nothing the loader does not read.
    pub fn read(data_dir: &Path) -> Result<SourceTree> {
        let mut paths = Vec::new();
        collect_files(data_dir, data_dir, &mut paths)?;
        let mut files = BTreeMap::new();
        for (relative, absolute) in paths {
            let value = parse_file(&relative, &absolute)?;
            files.insert(relative, value);
        }
        Ok(SourceTree { files })
    }

    /// Builds a tree from in-memory texts (`(path, text)`), for tests and tools.
    pub fn from_texts<'a>(texts: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<SourceTree> {
        let mut files = BTreeMap::new();
        for (path, text) in texts {
            check_file_name(path)?;
            files.insert(path.to_string(), parse_text(path, text)?);
        }
        Ok(SourceTree { files })
    }

    /// The parsed file at `path`.
    pub fn get(&self, path: &str) -> Option<&Value> {
        self.files.get(path)
    }
}

/// Which parser a file's name asks for.
fn is_json(path: &str) -> bool {
    path.ends_with(".json")
}

fn collect_files(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) -> Result<()> {
    let io_error =
        |e: std::io::Error| LoadError::new(ErrorKind::Io, &Location::root(&dir.display().to_string()), e.to_string());
    let mut entries: Vec<_> =
        std::fs::read_dir(dir).map_err(io_error)?.collect::<std::io::Result<_>>().map_err(io_error)?;
    entries.sort_by_key(|entry| entry.file_name());
    for entry in entries {
        let path = entry.path();
        let relative = relative_path(root, &path)?;
        check_file_name(&relative)?;
        let file_type = entry.file_type().map_err(io_error)?;
        if file_type.is_dir() {
            collect_files(root, &path, out)?;
            continue;
        }
        if !file_type.is_file() {
            return Err(LoadError::new(
                ErrorKind::FileName,
                &Location::root(&relative),
                "not a regular file (a symlink could reach outside data/); the loader reads only regular files",
            ));
        }
        let known = [".yaml", ".yml", ".json"].iter().any(|ext| relative.ends_with(ext));
        if !known {
            return Err(LoadError::new(
                ErrorKind::Invalid,
                &Location::root(&relative),
                "not a YAML or JSON file; the loader reads every file of data/",
            ));
        }
        out.push((relative, path));
    }
    Ok(())
}

/// The path below `data/` with `/`; a name that is not UTF-8 is refused.
fn relative_path(root: &Path, path: &Path) -> Result<String> {
    let relative = path.strip_prefix(root).unwrap_or(path);
    let lossy = || relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
    let parts: Option<Vec<&str>> = relative.components().map(|c| c.as_os_str().to_str()).collect();
    parts.map(|parts| parts.join("/")).ok_or_else(|| {
        LoadError::new(ErrorKind::FileName, &Location::root(&lossy()), "a file name that is not UTF-8")
    })
}

/// Whether `c` may appear in a file or directory name: the characters the spec's own names use.
fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '$')
}

/// A name without its extension.
fn stem(name: &str) -> &str {
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}

/// Refuses a path whose names the generator cannot turn into Rust modules.
///
/// Module names are ASCII: anything else would have to be transliterated or dropped
/// (`ümlaut_日本.yaml` would become `mlaut`), and two different names could then map to one
/// module. So the loader refuses such a name with the file, instead of guessing; the spec's own
/// names use ASCII letters, digits, `_`, `-`, `.` and `$` only.
pub fn check_file_name(path: &str) -> Result<()> {
    for part in path.split('/') {
        let bad = part.chars().find(|c| !is_name_char(*c));
        let message = match bad {
            Some(c) => format!(
                "the name {part:?} has the character {c:?}, which a Rust module name cannot carry; \
                 rename it using ASCII letters, digits, `_`, `-`, `.` and `$` only"
            ),
            None if !stem(part).chars().any(|c| c.is_ascii_alphanumeric()) => {
                format!("the name {part:?} has no letter or digit to name a module after")
            }
            None => continue,
        };
        return Err(LoadError::new(ErrorKind::FileName, &Location::root(path), message));
    }
    Ok(())
}

fn parse_file(relative: &str, absolute: &Path) -> Result<Value> {
    let text = std::fs::read_to_string(absolute)
        .map_err(|e| LoadError::new(ErrorKind::Io, &Location::root(relative), e.to_string()))?;
    parse_text(relative, &text)
}

fn parse_text(path: &str, text: &str) -> Result<Value> {
    let location = Location::root(path);
    if is_json(path) {
        return super::strict::from_json(text).map_err(|e| match e {
            Ok(duplicate) => duplicate_key(path, &duplicate),
            Err(e) => LoadError {
                line: Some(e.line()),
                ..LoadError::new(ErrorKind::Syntax, &location, format!("invalid JSON: {e}"))
            },
        });
    }
    super::strict::from_yaml(text).map_err(|e| match e {
        Ok(duplicate) => duplicate_key(path, &duplicate),
        Err(e) => LoadError {
            line: e.location().map(|l| l.line()),
            ..LoadError::new(ErrorKind::Syntax, &location, format!("invalid YAML: {e}"))
        },
    })
}

fn duplicate_key(path: &str, duplicate: &super::strict::DuplicateKey) -> LoadError {
    let location = Location { file: path.to_string(), pointer: duplicate.pointer.clone() };
    LoadError::new(
        ErrorKind::DuplicateKey,
        &location,
        "this key is written twice in its object; the parsers would silently keep only the last value",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(text: &str) -> Value {
        parse_text("t.yaml", text).expect("fixture parses")
    }

    #[test]
    fn float_like_keys_keep_their_text() {
        let value = parse("x-changedInMatrixVersion:\n  1.8: a\n  1.10: b\n");
        assert_eq!(value, json!({"x-changedInMatrixVersion": {"1.8": "a", "1.10": "b"}}));
    }

    #[test]
    fn anchors_json_text_and_trailing_commas() {
        let value = parse("a: &m {x: 1}\nb: *m\nc: [1, 2, ]\n");
        assert_eq!(value, json!({"a": {"x": 1}, "b": {"x": 1}, "c": [1, 2]}));
        assert_eq!(parse("{\"k\": [true, null], \"n\": 1.5}"), json!({"k": [true, null], "n": 1.5}));
    }

    #[test]
    fn duplicate_keys_and_unusable_names_are_refused() {
        let error = parse_text("api/x.yaml", "a: 1\nb: {c: 1, c: 2}\n").expect_err("duplicate");
        assert_eq!((error.kind, error.location.to_string()), (ErrorKind::DuplicateKey, "api/x.yaml#/b/c".into()));
        let error = parse_text("e/x.json", r#"{"type": "a", "type": "b"}"#).expect_err("duplicate");
        assert_eq!((error.kind, error.location.to_string()), (ErrorKind::DuplicateKey, "e/x.json#/type".into()));
        for bad in ["api/ümlaut_日本.yaml", "api/a b.yaml", "api/../x.yaml", "api/$.yaml"] {
            let error = check_file_name(bad).expect_err(bad);
            assert_eq!((error.kind, error.location.file.as_str()), (ErrorKind::FileName, bad));
        }
        check_file_name("event-schemas/schema/m.room.message$m.text.yaml").expect("the spec's names pass");
        check_file_name("api/client-server/definitions/third-party_x.json").expect("the spec's names pass");
    }

    #[test]
    fn syntax_errors_name_file_and_line() {
        let error = parse_text("api/x.yaml", "a: [1, 2\nb: c\n").expect_err("broken YAML");
        assert_eq!(error.kind, ErrorKind::Syntax);
        assert_eq!(error.location.file, "api/x.yaml");
        assert_eq!(error.line, Some(2));
        let error = parse_text("e/x.json", "{\n\"a\": }").expect_err("broken JSON");
        assert_eq!(error.line, Some(2));
        assert!(error.to_string().starts_with("e/x.json# (line 2): invalid JSON"), "{error}");
    }
}
