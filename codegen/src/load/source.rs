//! Reads every YAML and JSON file of a snapshot's `data/` tree into memory.
//!
//! YAML quirks the spec relies on, and how they are kept:
//! - unquoted float-looking keys such as `1.8:` in `x-changedInMatrixVersion`: `serde_yaml`
//!   hands map keys to `serde_json::Value` as their source text, so `1.10` stays `"1.10"`;
//! - anchors and aliases (`&receiptUserMap`): expanded by the YAML parser;
//! - JSON text in `.yaml` files and trailing commas in flow collections: valid YAML, parsed as such.
//!
//! `.json` files are parsed with `serde_json`, so their numbers keep their exact JSON kind.

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
        if entry.file_type().map_err(io_error)?.is_dir() {
            collect_files(root, &path, out)?;
            continue;
        }
        let relative = relative_path(root, &path);
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

fn relative_path(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

fn parse_file(relative: &str, absolute: &Path) -> Result<Value> {
    let text = std::fs::read_to_string(absolute)
        .map_err(|e| LoadError::new(ErrorKind::Io, &Location::root(relative), e.to_string()))?;
    parse_text(relative, &text)
}

fn parse_text(path: &str, text: &str) -> Result<Value> {
    let location = Location::root(path);
    if is_json(path) {
        return serde_json::from_str(text).map_err(|e| LoadError {
            line: Some(e.line()),
            ..LoadError::new(ErrorKind::Syntax, &location, format!("invalid JSON: {e}"))
        });
    }
    serde_yaml::from_str(text).map_err(|e| LoadError {
        line: e.location().map(|l| l.line()),
        ..LoadError::new(ErrorKind::Syntax, &location, format!("invalid YAML: {e}"))
    })
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
