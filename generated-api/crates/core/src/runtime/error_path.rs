//! Where in a JSON text a decode error happened, as a field path (`content.body`,
//! `events[3].sender`): serde_json's errors give a line and column, which say little about an
//! event on one line of a compact `/sync` body.

/// One open container while scanning.
enum Frame {
    /// An object, with the key of the value being read (once its key was read).
    Object { key: Option<String>, in_key: bool },
    /// An array, with the index of the value being read.
    Array(usize),
}

/// `error`'s message with its position replaced by the field path it points at in `text`
/// (`invalid type: integer `42`, expected a string at `body``); the message alone where the
/// position is not inside any field.
pub fn describe(text: &str, error: &serde_json::Error) -> String {
    let message = error.to_string();
    let position = format!(" at line {} column {}", error.line(), error.column());
    let message = message.strip_suffix(&position).unwrap_or(&message).to_string();
    let Some(path) = offset(text, error.line(), error.column()).map(|at| path_at(text, at)) else { return message };
    // A nested decode (a content family inside an event) already named its path inside the
    // value that failed; the outer scan stops at the end of that value, inside its last field,
    // so its parent is where the inner path starts.
    if let Some((before, inner)) = message.rsplit_once(" at `").filter(|(_, rest)| rest.ends_with('`')) {
        let inner = inner.trim_end_matches('`');
        let parent = path.rsplit_once(['.', '[']).map_or("", |(parent, _)| parent);
        let joined = if parent.is_empty() { inner.to_string() } else { format!("{parent}.{inner}") };
        return format!("{before} at `{joined}`");
    }
    if path.is_empty() {
        message
    } else {
        format!("{message} at `{path}`")
    }
}

/// The byte offset of a one-based line and column.
fn offset(text: &str, line: usize, column: usize) -> Option<usize> {
    if line == 0 {
        return None;
    }
    let line_start: usize = text.split_inclusive('\n').take(line - 1).map(str::len).sum();
    Some((line_start + column.saturating_sub(1)).min(text.len()))
}

/// The path of the value that the byte at `at` belongs to.
fn path_at(text: &str, at: usize) -> String {
    let mut frames: Vec<Frame> = Vec::new();
    let mut string: Option<Vec<u8>> = None;
    let mut escaped = false;
    for &byte in &text.as_bytes()[..at] {
        if let Some(current) = string.as_mut() {
            match byte {
                _ if escaped => {
                    escaped = false;
                    current.push(byte);
                }
                b'\\' => escaped = true,
                b'"' => {
                    let done = String::from_utf8_lossy(current).into_owned();
                    string = None;
                    if let Some(Frame::Object { key, in_key: true }) = frames.last_mut() {
                        *key = Some(done);
                    }
                }
                _ => current.push(byte),
            }
            continue;
        }
        match (byte, frames.last_mut()) {
            (b'"', _) => string = Some(Vec::new()),
            (b'{', _) => frames.push(Frame::Object { key: None, in_key: true }),
            (b'[', _) => frames.push(Frame::Array(0)),
            (b'}' | b']', _) => {
                frames.pop();
            }
            (b':', Some(Frame::Object { in_key, .. })) => *in_key = false,
            (b',', Some(Frame::Object { in_key, .. })) => *in_key = true,
            (b',', Some(Frame::Array(index))) => *index += 1,
            _ => {}
        }
    }
    let mut path = String::new();
    for frame in &frames {
        match frame {
            Frame::Object { key: Some(key), in_key: false } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Object { .. } => break,
            Frame::Array(index) => path.push_str(&format!("[{index}]")),
        }
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_in(text: &str) -> String {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Content {
            body: String,
        }
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Event {
            content: Content,
            events: Option<Vec<Content>>,
        }
        let error = serde_json::from_str::<Event>(text).expect_err("invalid");
        describe(text, &error)
    }

    #[test]
    fn errors_name_the_field_path() {
        assert_eq!(
            error_in(r#"{"content":{"body":42}}"#),
            "invalid type: integer `42`, expected a string at `content.body`"
        );
        assert_eq!(
            error_in(r#"{"content":{"body":"x"},"events":[{"body":"a"},{"body":true}]}"#),
            "invalid type: boolean `true`, expected a string at `events[1].body`"
        );
        assert!(error_in("{\"content\":{\"b\\\"ody\":\"x\"}}").contains("missing field `body`"));
    }
}
