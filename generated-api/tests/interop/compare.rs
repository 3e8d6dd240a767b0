//! The re-encoding check: the body a decoded response writes back must be the JSON value the
//! server sent, and the first place where it is not is named by its JSON pointer.

use serde_json::Value;

/// The first difference between what the server sent and what the decoded response wrote back,
/// as `pointer: sent … / re-encoded …`; `None` when the two are equal as JSON values (object key
/// order does not count, number representation does: `1` and `1.0` differ).
pub fn first_difference(sent: &Value, rewritten: &Value) -> Option<String> {
    difference_at(String::new(), sent, rewritten)
}

fn difference_at(pointer: String, sent: &Value, rewritten: &Value) -> Option<String> {
    match (sent, rewritten) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, value) in a {
                let here = format!("{pointer}/{}", escape(key));
                match b.get(key) {
                    Some(other) => {
                        if let Some(found) = difference_at(here, value, other) {
                            return Some(found);
                        }
                    }
                    None => return Some(format!("{here}: sent {}, dropped on re-encoding", short(value))),
                }
            }
            let extra = b.keys().find(|key| !a.contains_key(*key))?;
            Some(format!("{pointer}/{}: not sent, added on re-encoding: {}", escape(extra), short(&b[extra])))
        }
        (Value::Array(a), Value::Array(b)) => {
            for (index, (x, y)) in a.iter().zip(b).enumerate() {
                if let Some(found) = difference_at(format!("{pointer}/{index}"), x, y) {
                    return Some(found);
                }
            }
            (a.len() != b.len()).then(|| format!("{pointer}: sent {} items, re-encoded {}", a.len(), b.len()))
        }
        (a, b) if a == b => None,
        (a, b) => Some(format!("{}: sent {}, re-encoded {}", or_root(&pointer), short(a), short(b))),
    }
}

/// RFC 6901: `~` → `~0`, `/` → `~1`.
fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn or_root(pointer: &str) -> &str {
    if pointer.is_empty() {
        "(root)"
    } else {
        pointer
    }
}

/// A value, cut short for a one-line message.
fn short(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(80) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::first_difference;

    #[test]
    fn names_the_first_difference_by_pointer() {
        let sent = json!({ "a": { "b/c": [1, 2, { "d": "x" }] }, "e": true });
        assert_eq!(first_difference(&sent, &sent.clone()), None);
        let changed = json!({ "a": { "b/c": [1, 2, { "d": "y" }] }, "e": true });
        assert_eq!(first_difference(&sent, &changed).as_deref(), Some("/a/b~1c/2/d: sent \"x\", re-encoded \"y\""));
        let dropped = json!({ "a": { "b/c": [1, 2, { "d": "x" }] } });
        assert_eq!(first_difference(&sent, &dropped).as_deref(), Some("/e: sent true, dropped on re-encoding"));
        let shorter = json!({ "a": { "b/c": [1, 2] }, "e": true });
        assert_eq!(first_difference(&sent, &shorter).as_deref(), Some("/a/b~1c: sent 3 items, re-encoded 2"));
        assert!(first_difference(&json!({ "n": 1 }), &json!({ "n": 1.0 })).is_some());
        assert!(first_difference(&json!({}), &json!({ "x": null })).is_some());
    }
}
