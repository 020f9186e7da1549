//! Markup this crate writes as text, drawn as one raw node: much smaller in
//! the wasm than the same elements built one by one by `html!` (the
//! Compare view's diagrams, the lesson panel's Markdown). Every piece of
//! text that goes into such markup goes through [`esc`].

use yew::{AttrValue, Html};

/// `text` escaped for HTML text and attribute values (the core's one
/// escaping, also the lessons' compiled Markdown's).
pub use svcdns::support::text::escape_html as esc;

/// Markup as nodes: only markup built with [`esc`].
pub fn raw(html: String) -> Html {
    Html::from_html_unchecked(AttrValue::from(html))
}

/// `text` escaped as [`esc`] does, for `write!`.
pub struct Esc<'a>(pub &'a str);

impl std::fmt::Display for Esc<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut s = String::new();
        esc(self.0, &mut s);
        f.write_str(&s)
    }
}
