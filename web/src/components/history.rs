//! The editor's undo history, grouped as a person thinks of their edits: a
//! word typed, a line break, a paste, an indent, an example loaded is one
//! step each (issue 18, item 6: the browser's own undo took back one
//! character at a time). A deletion is a step of its own (grouping runs of
//! them cost bytes the bundle did not have). Steps hold only what changed, so a 1,000-object
//! manifest is not copied per keystroke.

/// One change: at byte `at`, `removed` was replaced by `inserted`.
#[derive(Clone, Debug, PartialEq)]
pub struct Edit {
    /// Byte offset of the change in the text before it.
    pub at: usize,
    /// The text taken out.
    pub removed: String,
    /// The text put in.
    pub inserted: String,
}

/// The change from `old` to `new`: the part between their common prefix
/// and common suffix (on character boundaries).
pub fn diff(old: &str, new: &str) -> Edit {
    let (a, b) = (old.as_bytes(), new.as_bytes());
    let mut p = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    while !old.is_char_boundary(p) || !new.is_char_boundary(p) {
        p -= 1;
    }
    let max = a.len().min(b.len()) - p;
    let mut s = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(max)
        .take_while(|(x, y)| x == y)
        .count();
    while !old.is_char_boundary(a.len() - s) || !new.is_char_boundary(b.len() - s) {
        s -= 1;
    }
    Edit {
        at: p,
        removed: old[p..a.len() - s].to_string(),
        inserted: new[p..b.len() - s].to_string(),
    }
}

/// What the editor holds and how it got there: the text, the undo and
/// redo stacks of steps (each one [`Edit`]: the edits of a step are next
/// to each other, so they merge into one), and whether Escape was the last
/// key (then Tab leaves the editor).
#[derive(Default, Debug)]
pub struct History {
    /// The text as last typed or set.
    pub text: String,
    /// Escape was the last key pressed.
    pub escaped: bool,
    /// Steps done, each with whether it is a run of characters typed.
    done: Vec<(bool, Edit)>,
    undone: Vec<(bool, Edit)>,
}

impl History {
    /// The text is now `new`: record the change as a step, or as part of
    /// the last one.
    pub fn record(&mut self, new: &str) {
        if self.text == new {
            return;
        }
        let e = diff(&self.text, new);
        self.text = new.to_string();
        self.undone.clear();
        // One character typed right after the last one typed, until a word
        // starts after a space or a line ends.
        let typed = e.removed.is_empty() && e.inserted.chars().count() == 1;
        if let Some((true, last)) = self.done.last_mut() {
            let ws = |c: char| c.is_whitespace();
            if typed
                && e.at == last.at + last.inserted.len()
                && e.inserted != "\n"
                && (!last.inserted.ends_with(ws) || e.inserted.starts_with(ws))
            {
                return last.inserted.push_str(&e.inserted);
            }
        }
        self.done.push((typed, e));
    }

    /// Take back the last step (`back`) or apply again the last step taken
    /// back: the text then and where the caret goes (a byte offset).
    pub fn step(&mut self, back: bool) -> Option<(String, usize)> {
        let (from, to) = if back {
            (&mut self.done, &mut self.undone)
        } else {
            (&mut self.undone, &mut self.done)
        };
        let (_, e) = from.pop()?;
        let (old, new) = if back {
            (&e.inserted, &e.removed)
        } else {
            (&e.removed, &e.inserted)
        };
        let mut t = String::with_capacity(self.text.len() + new.len());
        t.push_str(&self.text[..e.at]);
        t.push_str(new);
        t.push_str(&self.text[e.at + old.len()..]);
        self.text = t;
        let caret = e.at + new.len();
        to.push((false, e));
        Some((self.text.clone(), caret))
    }
}

/// The lines `start..end` (byte offsets of a selection) touch, indented by
/// two spaces or (`out`) outdented by up to two: the new text and the new
/// selection (a caret moves with its line's text; a range selects the
/// lines). A selection ending at the start of a line leaves that line alone.
pub fn indent(text: &str, start: usize, end: usize, out: bool) -> (String, usize, usize) {
    let first = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let stop = if end > start && text[..end].ends_with('\n') {
        end
    } else {
        text[end..].find('\n').map_or(text.len(), |i| end + i)
    };
    let mut t = String::with_capacity(text.len() + 64);
    t.push_str(&text[..first]);
    if first == stop && !out {
        // An empty line.
        t.push_str("  ");
    }
    for line in text[first..stop].split_inclusive('\n') {
        if out {
            let n = (line.len() - line.trim_start_matches(' ').len()).min(2);
            t.push_str(&line[n..]);
        } else {
            t.push_str("  ");
            t.push_str(line);
        }
    }
    let block = t.len();
    t.push_str(&text[stop..]);
    if start < end {
        return (t, first, block);
    }
    // The caret: moved by what its line gained or lost, not before the line.
    let caret = (start + block).saturating_sub(stop).max(first);
    (t, caret, caret)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(h: &mut History, s: &str) {
        for c in s.chars() {
            let mut t = h.text.clone();
            t.push(c);
            h.record(&t);
        }
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_word_typed_is_one_step_and_redo_restores_it() {
        let mut h = History {
            text: "name:".into(),
            ..History::default()
        };
        typed(&mut h, " web-server");
        assert_eq!(h.text, "name: web-server");
        // The word; the space before it went with what came before it.
        let (u, caret) = h.step(true).unwrap();
        assert_eq!((u.as_str(), caret), ("name: ", 6));
        let (r, caret) = h.step(false).unwrap();
        assert_eq!((r.as_str(), caret), ("name: web-server", 16));
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn words_lines_and_pastes_are_steps_of_their_own() {
        let mut h = History::default();
        typed(&mut h, "kind: Service");
        h.record(&format!("{}\n  ", h.text));
        typed(&mut h, "x");
        h.record(&format!("---\n{}", h.text));
        let mut steps = vec![h.text.clone()];
        while let Some((u, _)) = h.step(true) {
            steps.push(u);
        }
        assert_eq!(
            steps,
            [
                "---\nkind: Service\n  x",
                "kind: Service\n  x",
                "kind: Service\n  ",
                "kind: Service",
                "kind: ",
                ""
            ]
        );
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_deletion_is_a_step_and_typing_after_it_another() {
        let mut h = History {
            text: "port: 8080".into(),
            ..History::default()
        };
        h.record("port: 808");
        typed(&mut h, "1");
        assert_eq!(h.step(true).unwrap().0, "port: 808");
        assert_eq!(h.step(true).unwrap().0, "port: 8080");
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn diff_keeps_characters_whole() {
        let e = diff("a→b", "a←b");
        assert_eq!(
            (e.at, e.removed.as_str(), e.inserted.as_str()),
            (1, "→", "←")
        );
        let e = diff("aa", "aaa");
        assert_eq!(
            (e.at, e.removed.as_str(), e.inserted.as_str()),
            (2, "", "a")
        );
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn tab_indents_and_shift_tab_outdents_the_selected_lines() {
        let t = "a:\n  b: 1\n  c: 2\nd: 3\n";
        // Lines 2-3 selected (the selection ends at the start of line 4).
        let (s, e) = (3, t.find("d:").unwrap());
        let (i, s2, e2) = indent(t, s, e, false);
        assert_eq!(i, "a:\n    b: 1\n    c: 2\nd: 3\n");
        assert_eq!(&i[s2..e2], "    b: 1\n    c: 2\n");
        let (o, s3, e3) = indent(&i, s2, e2, true);
        assert_eq!(o, t);
        assert_eq!((s3, e3), (s, e));
        // A caret: its line only; the caret moves with the text.
        let (i, c, _) = indent(t, 5, 5, false);
        assert_eq!((i.as_str(), c), ("a:\n    b: 1\n  c: 2\nd: 3\n", 7));
        // Outdent stops at the line's start.
        let (o, c, _) = indent("x:\n y\n", 4, 4, true);
        assert_eq!((o.as_str(), c), ("x:\ny\n", 3));
    }
}
