//! [`Text`]: a scalar's text, kept inline when short.
//!
//! Nearly every key and value of a manifest (`apiVersion`, `containerPort`,
//! `app`, `busybox`, `10.96.0.10`) fits in [`INLINE`] bytes, so a tree of
//! them allocates one node vector per collection instead of one string per
//! scalar: reading, copying and freeing a tree cost fewer allocations.

use std::fmt;
use std::ops::Deref;

/// The longest text kept inline, in bytes.
pub const INLINE: usize = 22;

/// A scalar's text: up to [`INLINE`] bytes inline, longer on the heap.
/// Reads as a `str`; 24 bytes, as a `String` is.
#[derive(Clone)]
pub struct Text(Repr);

#[derive(Clone)]
enum Repr {
    /// `bytes[..len]` holds the text, copied from a `&str` (so UTF-8);
    /// the bytes after it are zeros or whatever followed the text.
    Inline {
        len: u8,
        bytes: [u8; INLINE],
    },
    Heap(Box<str>),
}

impl Text {
    /// The text of `s`.
    pub fn new(s: &str) -> Text {
        if s.len() <= INLINE {
            let mut bytes = [0; INLINE];
            bytes[..s.len()].copy_from_slice(s.as_bytes());
            Text(Repr::Inline {
                len: s.len() as u8,
                bytes,
            })
        } else {
            Text(Repr::Heap(s.into()))
        }
    }

    /// The text of `src[start..end]` (`Text::new(&src[start..end])`, or
    /// the empty text if that is not a `str` slice). When `src` has
    /// [`INLINE`] bytes from `start`, a short text copies all of them, a
    /// fixed-size copy: the bytes past `end` are kept but never read.
    #[cfg(feature = "fast-yaml")]
    #[inline]
    pub(crate) fn window(src: &str, start: usize, end: usize) -> Text {
        let Some(s) = src.get(start..end) else {
            return Text::default();
        };
        match src.as_bytes().get(start..start + INLINE) {
            Some(window) if s.len() <= INLINE => Text(Repr::Inline {
                len: s.len() as u8,
                bytes: window.try_into().unwrap_or_default(),
            }),
            _ => Text::new(s),
        }
    }

    /// The text as a `str`.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Inline { len, bytes } => {
                let b = &bytes[..(*len as usize).min(INLINE)];
                // SAFETY: `Inline` is only built by `Text::new` and
                // `Text::window`, which copy a whole `&str` (valid UTF-8, at
                // most INLINE bytes) into `bytes[..len]`; the fields are
                // private to this module.
                unsafe { std::str::from_utf8_unchecked(b) }
            }
            Repr::Heap(s) => s,
        }
    }
}

impl Default for Text {
    fn default() -> Text {
        Text::new("")
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text::new(s)
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        if s.len() <= INLINE {
            Text::new(&s)
        } else {
            Text(Repr::Heap(s.into_boxed_str()))
        }
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_reads_back_what_it_was_given_at_every_length() {
        let long = "é-ü".repeat(20);
        for end in (0..=long.len()).filter(|&i| long.is_char_boundary(i)) {
            let s = &long[..end];
            assert_eq!(Text::new(s).as_str(), s);
            assert_eq!(Text::from(s.to_string()).as_str(), s);
            assert_eq!(Text::new(s).clone(), Text::new(s));
        }
    }

    #[test]
    fn text_is_no_bigger_than_a_string() {
        assert_eq!(std::mem::size_of::<Text>(), std::mem::size_of::<String>());
    }
}
