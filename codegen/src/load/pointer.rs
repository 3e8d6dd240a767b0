//! RFC 6901 JSON pointers over `serde_json::Value`.

use serde_json::Value;

/// Escapes one reference token (`~` → `~0`, `/` → `~1`).
pub fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Unescapes one reference token.
pub fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// The value at `pointer` inside `root`, or `None` if any step is missing.
///
/// Array steps must be decimal indices; object steps are unescaped keys.
pub fn get<'v>(root: &'v Value, pointer: &str) -> Option<&'v Value> {
    if pointer.is_empty() {
        return Some(root);
    }
    let rest = pointer.strip_prefix('/')?;
    rest.split('/').try_fold(root, |node, token| match node {
        Value::Object(map) => map.get(&unescape(token)),
        Value::Array(items) => items.get(token.parse::<usize>().ok()?),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn escapes_round_trip() {
        for token in ["a/b", "~1", "x~y/z", "/rooms/{roomId}/invite "] {
            assert_eq!(unescape(&escape(token)), token);
        }
        assert_eq!(escape("/a~"), "~1a~0");
    }

    #[test]
    fn gets_nested_values() {
        let doc = json!({"paths": {"/a/b": {"get": [1, {"x": 2}]}}});
        assert_eq!(get(&doc, "/paths/~1a~1b/get/1/x"), Some(&json!(2)));
        assert_eq!(get(&doc, ""), Some(&doc));
        assert_eq!(get(&doc, "/paths/missing"), None);
        assert_eq!(get(&doc, "/paths/~1a~1b/get/9"), None);
        assert_eq!(get(&doc, "no-slash"), None);
    }
}
