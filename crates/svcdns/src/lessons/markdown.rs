//! The lessons' Markdown as HTML, for the playground: written when a lesson
//! is compiled ([`super::compile`]), so the browser bundle carries no
//! Markdown renderer. The lesson files are the project's own (trusted);
//! their text is escaped all the same, and only the marks below make tags.
//!
//! Blocks: paragraphs, ```` ``` ```` fences (a `<pre class="out">`), `- ` and
//! `1. ` lists. Inline: `` `code` ``, `**strong**`, `*emphasis*`; anything
//! else is text.

pub use crate::support::text::escape_html as escape;

/// Inline Markdown onto `out`.
pub fn inline(text: &str, out: &mut String) {
    let mut rest = text;
    while !rest.is_empty() {
        let next = rest.find(['`', '*']).unwrap_or(rest.len());
        if next > 0 {
            escape(&rest[..next], out);
            rest = &rest[next..];
            continue;
        }
        let mark = if rest.starts_with("**") {
            "**"
        } else {
            &rest[..1]
        };
        let body = &rest[mark.len()..];
        match body.find(mark).filter(|&end| end > 0) {
            Some(end) => {
                let tag = match mark {
                    "`" => "code",
                    "**" => "strong",
                    _ => "em",
                };
                out.push_str(&format!("<{tag}>"));
                if tag == "code" {
                    escape(&body[..end], out);
                } else {
                    inline(&body[..end], out);
                }
                out.push_str(&format!("</{tag}>"));
                rest = &body[end + mark.len()..];
            }
            None => {
                out.push_str(mark);
                rest = body;
            }
        }
    }
}

/// `- item` or `1. item`: (ordered, text).
fn list_item(line: &str) -> Option<(bool, &str)> {
    if let Some(t) = line.strip_prefix("- ") {
        return Some((false, t));
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    (digits > 0)
        .then(|| line[digits..].strip_prefix(". "))
        .flatten()
        .map(|t| (true, t))
}

/// Block Markdown as HTML.
pub fn html(text: &str) -> String {
    let mut out = String::new();
    // The open block: "p", "ul" or "ol" (a list's items are closed as the
    // next opens).
    let mut open: Option<&str> = None;
    let close = |out: &mut String, open: &mut Option<&str>| match open.take() {
        Some("p") => out.push_str("</p>"),
        Some(tag) => out.push_str(&format!("</li></{tag}>")),
        None => {}
    };
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let t = line.trim();
        if t.starts_with("```") {
            close(&mut out, &mut open);
            out.push_str("<pre class=\"out\"><code>");
            for l in lines.by_ref() {
                if l.trim_start().starts_with("```") {
                    break;
                }
                escape(l, &mut out);
                out.push('\n');
            }
            out.push_str("</code></pre>");
        } else if t.is_empty() {
            close(&mut out, &mut open);
        } else if let Some((ordered, item)) = list_item(t) {
            let tag = if ordered { "ol" } else { "ul" };
            if open == Some(tag) {
                out.push_str("</li><li>");
            } else {
                close(&mut out, &mut open);
                out.push_str(&format!("<{tag}><li>"));
                open = Some(tag);
            }
            inline(item, &mut out);
        } else {
            match open {
                Some(_) => out.push(' '),
                None => {
                    out.push_str("<p>");
                    open = Some("p");
                }
            }
            inline(t, &mut out);
        }
    }
    close(&mut out, &mut open);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inl(text: &str) -> String {
        let mut out = String::new();
        inline(text, &mut out);
        out
    }

    #[test]
    fn inline_marks_and_escapes() {
        assert_eq!(
            inl("set `clusterIP: <None>` **now**, *please* & a*b"),
            "set <code>clusterIP: &lt;None&gt;</code> <strong>now</strong>, <em>please</em> &amp; a*b"
        );
        // Emphasis nests marks; code does not.
        assert_eq!(inl("**a `b`**"), "<strong>a <code>b</code></strong>");
        assert_eq!(inl("`**x**`"), "<code>**x**</code>");
    }

    #[test]
    fn blocks_paragraphs_lists_and_fences() {
        let text =
            "One\nparagraph.\n\n- a\n- `b`\n\n1. first\n2. second\n\n```\n$ dig <x>\n```\nAfter.\n";
        assert_eq!(
            html(text),
            "<p>One paragraph.</p><ul><li>a</li><li><code>b</code></li></ul>\
             <ol><li>first</li><li>second</li></ol>\
             <pre class=\"out\"><code>$ dig &lt;x&gt;\n</code></pre><p>After.</p>"
        );
    }
}
