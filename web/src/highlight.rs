//! A tiny YAML line tokenizer for the editor's highlighting overlay: it
//! writes a line as HTML, its pieces in `<span class="t-…">`s. It only
//! colours; it decides nothing about the manifest (the core parses it).

use crate::raw::esc;

/// One piece of a line: `s` in a `<span>` of CSS class `t-<class>`
/// (`k` key, `s` string, `n` number, boolean or null, `c` comment, `p`
/// punctuation: `---`, `- `, `:`, block scalar indicators; `a` anchor,
/// alias or tag), or as it is when `class` is empty.
fn piece(out: &mut String, class: &str, s: &str) {
    if s.is_empty() {
        return;
    }
    if class.is_empty() {
        return esc(s, out);
    }
    out.push_str("<span class=\"t-");
    out.push_str(class);
    out.push_str("\">");
    esc(s, out);
    out.push_str("</span>");
}

/// Where a `#` comment starts in `s` (a `#` at the start or after a space,
/// outside quotes).
fn comment_start(s: &str) -> Option<usize> {
    let mut quote: Option<u8> = None;
    let b = s.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == b'"' || c == b'\'' => quote = Some(c),
            None if c == b'#' && (i == 0 || b[i - 1] == b' ' || b[i - 1] == b'\t') => {
                return Some(i)
            }
            None => {}
        }
    }
    None
}

/// Where the key's `:` is: `key: value` or `key:` at the end, outside quotes.
fn key_colon(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    if matches!(
        b.first(),
        Some(b'{' | b'[' | b'|' | b'>' | b'&' | b'*' | b'!')
    ) {
        return None;
    }
    let mut quote: Option<u8> = None;
    for (i, &c) in b.iter().enumerate() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if i == 0 && (c == b'"' || c == b'\'') => quote = Some(c),
            None if c == b':' && (i + 1 == b.len() || b[i + 1] == b' ' || b[i + 1] == b'\t') => {
                return Some(i)
            }
            None => {}
        }
    }
    None
}

/// Digits with an optional sign, dot and exponent (no float parser: it
/// would cost the bundle ~4 KB).
fn is_number(t: &str) -> bool {
    let t = t.strip_prefix(['-', '+']).unwrap_or(t);
    t.bytes()
        .next()
        .is_some_and(|b| b.is_ascii_digit() || b == b'.')
        && t.bytes().any(|b| b.is_ascii_digit())
        && t.bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+' | b'_'))
}

/// The class of a value.
fn value_class(v: &str) -> &'static str {
    let t = v.trim();
    match t.as_bytes().first() {
        None | Some(b'{' | b'[') => "",
        Some(b'"' | b'\'') => "s",
        Some(b'&' | b'*' | b'!') => "a",
        Some(b'|' | b'>') if t.len() <= 3 => "p",
        _ => {
            let lit = matches!(
                t,
                "true" | "false" | "True" | "False" | "yes" | "no" | "on" | "off" | "null" | "~"
            ) || is_number(t);
            if lit {
                "n"
            } else {
                "s"
            }
        }
    }
}

/// One line written to `out` as highlighted HTML (its text is the line).
pub fn line(out: &mut String, l: &str) {
    let trimmed = l.trim_start();
    let indent = l.len() - trimmed.len();
    if trimmed.starts_with("---") || trimmed.starts_with("...") && indent == 0 {
        let (doc, rest) = trimmed.split_at(3);
        piece(out, "p", doc);
        return piece(out, "c", rest);
    }
    esc(&l[..indent], out);
    let (code, comment) = trimmed.split_at(comment_start(trimmed).unwrap_or(trimmed.len()));
    let mut rest = code;
    while let Some(after) = rest
        .strip_prefix("- ")
        .or_else(|| (rest == "-").then_some(""))
    {
        piece(out, "p", &rest[..rest.len() - after.len()]);
        rest = after;
    }
    if let Some(i) = key_colon(rest) {
        piece(out, "k", &rest[..i]);
        piece(out, "p", ":");
        rest = &rest[i + 1..];
    }
    piece(out, value_class(rest), rest);
    piece(out, "c", comment);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(l: &str) -> String {
        let mut out = String::new();
        line(&mut out, l);
        out
    }

    /// The text of `html` (tags dropped, entities read).
    fn text(html: &str) -> String {
        let mut t = String::new();
        let mut tag = false;
        for c in html.chars() {
            match c {
                '<' => tag = true,
                '>' if tag => tag = false,
                _ if !tag => t.push(c),
                _ => {}
            }
        }
        t.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&amp;", "&")
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn pieces_rebuild_the_line() {
        for l in [
            "apiVersion: v1",
            "  - name: http # the port",
            "---",
            "# title: x",
            "    port: 80",
            "  clusterIP: None",
            "  - - a",
            "  key: \"quoted # not a comment\"",
            "url: http://x:80/a",
            "",
            "é: ü",
            "a: <b>&amp;</b>",
        ] {
            assert_eq!(text(&html(l)), l);
        }
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn classes() {
        assert_eq!(
            html("  - name: http # c"),
            "  <span class=\"t-p\">- </span><span class=\"t-k\">name</span>\
             <span class=\"t-p\">:</span><span class=\"t-s\"> http </span>\
             <span class=\"t-c\"># c</span>"
        );
        assert_eq!(html("port: 80"), "<span class=\"t-k\">port</span><span class=\"t-p\">:</span><span class=\"t-n\"> 80</span>");
        assert_eq!(html("# x"), "<span class=\"t-c\"># x</span>");
        assert_eq!(html("a: <b>"), "<span class=\"t-k\">a</span><span class=\"t-p\">:</span><span class=\"t-s\"> &lt;b&gt;</span>");
    }
}
