//! Spec descriptions → rustdoc Markdown.
//!
//! The descriptions are written for the spec site: Hugo shortcodes, links relative to the site,
//! brackets and `<placeholders>` that rustdoc would read as intra-doc links or HTML, and code
//! fences with no language (which rustdoc would read as Rust). This turns them into plain
//! Markdown with absolute links to the spec of the generated version.

/// Where links point: site-relative links (`/client-server-api/#login`) are joined to `site`,
/// bare anchors (`#login`) to `site/page/`.
#[derive(Debug, Clone)]
pub struct DocContext {
    /// The site of the generated version, e.g. `https://spec.matrix.org/v1.17`.
    pub site: String,
    /// The page a bare `#anchor` belongs to, e.g. `client-server-api`.
    pub page: &'static str,
}

/// Rustdoc text for a description.
pub fn render(text: &str, context: &DocContext) -> String {
    let text = shortcodes(text);
    let mut out = Vec::new();
    let mut in_fence = false;
    for line in join_split_links(&text) {
        let line = line.as_str();
        let trimmed = line.trim_start();
        if let Some(lang) = trimmed.strip_prefix("```") {
            let indent = &line[..line.len() - trimmed.len()];
            if !in_fence && lang.trim().is_empty() {
                out.push(format!("{indent}```text"));
            } else {
                out.push(line.to_string());
            }
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(line.to_string());
        } else {
            out.push(inline(line, context));
        }
    }
    if in_fence {
        out.push("```".to_string());
    }
    normalize_list_continuations(&out).join("\n").trim().to_string()
}

/// The lines of `text`, with a line that opens a link (`[` without its `]`, or `](` without
/// its `)`) joined to the next, so a link the spec's prose wraps across lines stays one link.
/// Code fences are left as they are.
fn join_split_links(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut in_fence = false;
    let mut open = false;
    for line in text.lines() {
        let is_fence = line.trim_start().starts_with("```");
        if open && !in_fence && !is_fence && !line.trim().is_empty() {
            if let Some(last) = out.last_mut() {
                last.push(' ');
                last.push_str(line.trim_start());
                open = opens_link(last);
                continue;
            }
        }
        if is_fence {
            in_fence = !in_fence;
        }
        out.push(line.to_string());
        open = !in_fence && !is_fence && opens_link(line);
    }
    out
}

/// Whether `line` leaves a link open: more `[` than `]`, or more `(` than `)` after a `](`
/// (code spans ignored).
fn opens_link(line: &str) -> bool {
    let mut depth_square = 0i32;
    let mut depth_round = 0i32;
    let mut in_code = false;
    let mut previous = ' ';
    for c in line.chars() {
        match c {
            '`' => in_code = !in_code,
            '[' if !in_code => depth_square += 1,
            ']' if !in_code => depth_square -= 1,
            '(' if !in_code && (previous == ']' || depth_round > 0) => depth_round += 1,
            ')' if !in_code && depth_round > 0 => depth_round -= 1,
            _ => {}
        }
        previous = c;
    }
    depth_square > 0 || depth_round > 0
}

/// The column where a list item's text starts, if `line` starts a list item (`* `, `- `, `1. `).
fn list_item_content_column(line: &str) -> Option<usize> {
    let indent = line.len() - line.trim_start().len();
    let rest = line.trim_start();
    let marker = if rest.starts_with(['*', '-', '+']) {
        1
    } else {
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        if digits == 0 || !rest[digits..].starts_with('.') {
            return None;
        }
        digits + 1
    };
    let spaces = rest[marker..].chars().take_while(|c| *c == ' ').count();
    if spaces == 0 || rest.len() == marker + spaces {
        return None;
    }
    Some(indent + marker + spaces)
}

/// Lines that continue a list item are indented to the item's text, as CommonMark (and clippy's
/// doc lints) expect; the spec's YAML indents them by hand, sometimes by one space too many or
/// not at all.
fn normalize_list_continuations(lines: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(lines.len());
    let mut item_column: Option<usize> = None;
    let mut in_fence = false;
    for line in lines {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
        }
        if in_fence || line.trim_start().starts_with("```") {
            out.push(line.clone());
            continue;
        }
        if line.trim().is_empty() {
            item_column = None;
            out.push(line.clone());
            continue;
        }
        if let Some(column) = list_item_content_column(line) {
            item_column = Some(column);
            out.push(line.clone());
            continue;
        }
        match item_column {
            Some(column) => out.push(format!("{}{}", " ".repeat(column), line.trim_start())),
            None => out.push(line.clone()),
        }
    }
    out
}

/// Hugo shortcodes → Markdown.
fn shortcodes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            out.push_str(&rest[start..]);
            return out;
        };
        out.push_str(&shortcode(after[..end].trim_matches(|c| c == '%' || c == '<' || c == '>' || c == ' ')));
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

fn shortcode(code: &str) -> String {
    let version = code.split("v=\"").nth(1).and_then(|v| v.split('"').next()).unwrap_or("");
    match code.split_whitespace().next().unwrap_or("") {
        "boxes/note" => "**Note:** ".to_string(),
        "boxes/warning" => "**Warning:** ".to_string(),
        "boxes/rationale" => "**Rationale:** ".to_string(),
        "/boxes/note" | "/boxes/warning" | "/boxes/rationale" => String::new(),
        "added-in" => format!("**Added in v{version}:** "),
        "changed-in" => format!("**Changed in v{version}:** "),
        other => format!("`{other}`"),
    }
}

/// One line outside code fences: links made absolute, stray brackets and angle brackets
/// escaped, bare URLs wrapped. Inline code spans are copied as they are, also inside a link's
/// label (``[`m.room.topic`](/client-server-api/#mroomtopic)``).
fn inline(line: &str, context: &DocContext) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len() + 8);
    let mut index = 0;
    while index < chars.len() {
        let c = chars[index];
        if c == '`' {
            let end = chars[index + 1..].iter().position(|&c| c == '`').map_or(chars.len(), |p| index + 1 + p);
            out.extend(&chars[index..(end + 1).min(chars.len())]);
            index = end + 1;
            continue;
        }
        if c == '[' {
            if let Some((label_end, url_end)) = link_at(&chars, index) {
                let label: String = chars[index + 1..label_end].iter().collect();
                let url: String = chars[label_end + 2..url_end].iter().collect();
                out.push('[');
                out.push_str(&inline(&label, context));
                out.push_str("](");
                out.push_str(&absolute(&url, context));
                out.push(')');
                index = url_end + 1;
                continue;
            }
        }
        let consumed = prose_char(&chars, index, &mut out);
        index += consumed;
    }
    out
}

/// Writes the prose character at `index` (escaping what rustdoc would misread); returns how
/// many characters it consumed.
fn prose_char(chars: &[char], index: usize, out: &mut String) -> usize {
    match chars[index] {
        '[' => out.push_str("\\["),
        ']' => out.push_str("\\]"),
        '<' if starts_with(chars, index + 1, "http") => {
            let end = chars[index..].iter().position(|&c| c == '>').map_or(chars.len() - 1, |p| index + p);
            out.extend(&chars[index..=end]);
            return end + 1 - index;
        }
        '<' => out.push_str("&lt;"),
        'h' if starts_with(chars, index, "http://") || starts_with(chars, index, "https://") => {
            let mut end = index;
            while end < chars.len() && !chars[end].is_whitespace() && !matches!(chars[end], ')' | '>' | '"' | '`') {
                end += 1;
            }
            while end > index && matches!(chars[end - 1], '.' | ',' | ';' | ':') {
                end -= 1;
            }
            out.push('<');
            out.extend(&chars[index..end]);
            out.push('>');
            return end - index;
        }
        other => out.push(other),
    }
    1
}

fn starts_with(chars: &[char], at: usize, prefix: &str) -> bool {
    prefix.chars().enumerate().all(|(i, p)| chars.get(at + i) == Some(&p))
}

/// `[label](url)` starting at `start`: the index of `]` and of the closing `)`.
fn link_at(chars: &[char], start: usize) -> Option<(usize, usize)> {
    let mut depth = 0;
    let mut label_end = None;
    for (offset, &c) in chars[start..].iter().enumerate() {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    label_end = Some(start + offset);
                    break;
                }
            }
            _ => {}
        }
    }
    let label_end = label_end?;
    if chars.get(label_end + 1) != Some(&'(') {
        return None;
    }
    let url_end = chars[label_end + 2..].iter().position(|&c| c == ')')? + label_end + 2;
    Some((label_end, url_end))
}

fn absolute(url: &str, context: &DocContext) -> String {
    if let Some(anchor) = url.strip_prefix('#') {
        format!("{}/{}/#{anchor}", context.site, context.page)
    } else if url.starts_with('/') {
        format!("{}{url}", context.site)
    } else {
        url.to_string()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_link_wrapped_across_lines_stays_a_link() {
        let lines = super::join_split_links("see the [room version\nspecification](/rooms) for\nmore");
        assert_eq!(lines, vec!["see the [room version specification](/rooms) for", "more"]);
        let code = super::join_split_links("```\n[a\nb\n```");
        assert_eq!(code.len(), 4, "fences are left alone");
    }

    use super::*;

    fn doc(text: &str) -> String {
        render(text, &DocContext { site: "https://spec.matrix.org/v1.17".into(), page: "client-server-api" })
    }

    #[test]
    fn site_links_become_absolute() {
        assert_eq!(
            doc("See [login](/client-server-api/#login) and [rules](#push-rules)."),
            "See [login](https://spec.matrix.org/v1.17/client-server-api/#login) and \
             [rules](https://spec.matrix.org/v1.17/client-server-api/#push-rules)."
        );
    }

    #[test]
    fn shortcodes_become_markdown() {
        assert_eq!(doc("{{% boxes/note %}}\nCareful.\n{{% /boxes/note %}}"), "**Note:** \nCareful.");
        assert_eq!(doc("{{% added-in v=\"1.17\" %}} New."), "**Added in v1.17:**  New.");
    }

    #[test]
    fn list_continuations_are_indented_to_the_item_text() {
        assert_eq!(
            doc("* `a`: one\ntwo\n*  three\n     four\n\nafter"),
            "* `a`: one\n  two\n*  three\n   four\n\nafter"
        );
        assert_eq!(doc("1. first\n    more"), "1. first\n   more");
        assert_eq!(doc("-   wide\n  more"), "-   wide\n    more");
    }

    #[test]
    fn rustdoc_hazards_are_escaped() {
        assert_eq!(doc("an [array] of <userId>s"), "an \\[array\\] of &lt;userId>s");
        assert_eq!(doc("keep `[x] <y>` as code"), "keep `[x] <y>` as code");
        assert_eq!(
            doc("from [`m.room.create`](/client-server-api/#mroomcreate)"),
            "from [`m.room.create`](https://spec.matrix.org/v1.17/client-server-api/#mroomcreate)"
        );
        assert_eq!(doc("see https://example.org/a."), "see <https://example.org/a>.");
        assert_eq!(doc("already <https://example.org>"), "already <https://example.org>");
        assert_eq!(doc("```\n{\"a\": 1}\n```"), "```text\n{\"a\": 1}\n```");
        assert_eq!(doc("```json\n[1]\n```"), "```json\n[1]\n```");
    }
}
