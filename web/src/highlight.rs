//! A tiny YAML line tokenizer for the editor's highlighting overlay. It only
//! colours; it decides nothing about the manifest (the core parses it).

/// Token classes (CSS classes `t-<class>`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tok {
    /// Unstyled text (indentation, plain values).
    Plain,
    /// A mapping key.
    Key,
    /// A quoted or plain string value.
    Str,
    /// Numbers, booleans, null.
    Lit,
    /// `#` comments.
    Comment,
    /// `---`, `...`, `- `, `:`, block scalar indicators.
    Punct,
    /// `&anchor`, `*alias`, `!tag`.
    Anchor,
}

impl Tok {
    /// The CSS class, if any.
    pub fn class(self) -> Option<&'static str> {
        Some(match self {
            Tok::Plain => return None,
            Tok::Key => "t-k",
            Tok::Str => "t-s",
            Tok::Lit => "t-n",
            Tok::Comment => "t-c",
            Tok::Punct => "t-p",
            Tok::Anchor => "t-a",
        })
    }
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

fn value_tok(v: &str) -> Tok {
    let t = v.trim();
    match t.as_bytes().first() {
        None => Tok::Plain,
        Some(b'"' | b'\'') => Tok::Str,
        Some(b'&' | b'*' | b'!') => Tok::Anchor,
        Some(b'|' | b'>') if t.len() <= 3 => Tok::Punct,
        Some(b'{' | b'[') => Tok::Plain,
        _ => {
            let lit = matches!(
                t,
                "true" | "false" | "True" | "False" | "yes" | "no" | "on" | "off" | "null" | "~"
            ) || is_number(t);
            if lit {
                Tok::Lit
            } else {
                Tok::Str
            }
        }
    }
}

/// Split one line into coloured pieces (their concatenation is the line).
pub fn line(l: &str) -> Vec<(Tok, &str)> {
    let mut out = Vec::new();
    let trimmed = l.trim_start();
    let indent = l.len() - trimmed.len();
    if trimmed.starts_with("---") || trimmed.starts_with("...") && indent == 0 {
        let (doc, rest) = trimmed.split_at(3);
        out.push((Tok::Punct, doc));
        if !rest.is_empty() {
            out.push((Tok::Comment, rest));
        }
        return out;
    }
    if indent > 0 {
        out.push((Tok::Plain, &l[..indent]));
    }
    let (code, comment) = match comment_start(trimmed) {
        Some(i) => (&trimmed[..i], &trimmed[i..]),
        None => (trimmed, ""),
    };
    let mut rest = code;
    while let Some(after) = rest
        .strip_prefix("- ")
        .or_else(|| (rest == "-").then_some(""))
    {
        out.push((Tok::Punct, &rest[..rest.len() - after.len()]));
        rest = after;
    }
    if let Some(i) = key_colon(rest) {
        out.push((Tok::Key, &rest[..i]));
        out.push((Tok::Punct, &rest[i..i + 1]));
        let v = &rest[i + 1..];
        if !v.is_empty() {
            out.push((value_tok(v), v));
        }
    } else if !rest.is_empty() {
        out.push((value_tok(rest), rest));
    }
    if !comment.is_empty() {
        out.push((Tok::Comment, comment));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn joined(l: &str) -> String {
        line(l).iter().map(|(_, s)| *s).collect()
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
        ] {
            assert_eq!(joined(l), l);
        }
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn classes() {
        assert_eq!(
            line("  - name: http # c"),
            vec![
                (Tok::Plain, "  "),
                (Tok::Punct, "- "),
                (Tok::Key, "name"),
                (Tok::Punct, ":"),
                (Tok::Str, " http "),
                (Tok::Comment, "# c"),
            ]
        );
        assert_eq!(line("port: 80")[2], (Tok::Lit, " 80"));
        assert_eq!(line("# x"), vec![(Tok::Comment, "# x")]);
    }
}
