//! The whole svcdns playground state, to and from a URL fragment.
//!
//! Share links and embeds carry everything a screen needs (manifest text,
//! view, query, interactive toggles, …) in the fragment: browsers never send
//! the fragment to a server, so a manifest never leaves the reader's machine.
//!
//! Pure Rust, no web types: builds natively and for `wasm32-unknown-unknown`.
//! Decoding never evaluates anything: it reads length-prefixed strings and
//! small integers, nothing else.
//!
//! # Link format, versions 1 and 2 (frozen: v1 and v2 links decode forever)
//!
//! Version 2 is read and written only with the crate feature `cluster`
//! (the playground's feature `cluster` turns it on; the shipped playground
//! is built without it). Without it this crate is a v1 reader and writer:
//! `VERSION` is 1, [`PlaygroundState`] has no `cluster`, `C` is an unknown
//! tag, and a `v2.` link is [`StateError::FutureVersion`]`(2)` ("This share
//! link comes from a newer svcdns (link format v2; …").
//!
//! ```text
//! fragment = version base64url(frame)      ; RFC 4648 §5 alphabet, no padding
//! version  = "v1." / "v2."
//! frame    = check payload-deflated
//! check    = 4 bytes, FNV-1a 32 of the payload, big-endian
//! payload-deflated = raw DEFLATE (RFC 1951) of payload; any block type
//! payload  = *field
//! field    = tag len ":" value             ; tag: one ASCII byte
//!                                          ; len: decimal byte length of value
//! ```
//!
//! | tag | value | default when absent |
//! |---|---|---|
//! | `m` | manifest text | empty |
//! | `v` | view: `compare` `lookup` `zone` `statefulsets` `problems` | `compare` |
//! | `q` | query name | empty |
//! | `t` | query record type | `A` |
//! | `n` | query client namespace | `default` |
//! | `d` | query style: `dig` `nslookup` | `dig` |
//! | `R` | pair(key, i32): replicas override (repeated) | none |
//! | `U` | key: pod not ready (repeated) | none |
//! | `S` | pair(key, u32): restarts (repeated) | none |
//! | `H` | pair(key, `0`/`1`): Service flipped headless (repeated) | none |
//! | `P` | pair(key, `0`/`1`): publishNotReadyAddresses (repeated) | none |
//! | `c` | compared Service `namespace/name` | none |
//! | `f` | zone filter | empty |
//! | `T` | theme (`light`, `dark`, …) | none (follow the system) |
//! | `E` | embed options, itself a payload: `r` read-only `0`/`1`, `h` hide the editor `0`/`1` (both default 0), `o` the embedding page's origin | not embedded |
//! | `L` | lesson id (a `lessons/*.yaml` file name without `.yaml`) | no lesson |
//! | `s` | the lesson's current step, counted from 0 (decimal) | `0` |
//! | `C` | v2 only: the Cluster control's values, itself a payload: tag `0` to `5` for `--profile`, `--service-cluster-ip-range`, `--cluster-cidr`, `--service-node-port-range`, `--cluster-domain`, `--kubernetes-version` (`ProfileFlags::NAMES`), each the text the learner gave | the profile the manifests imply |
//!
//! `pair(key, value) = len ":" key value`. Unknown tags are skipped and
//! unknown view/style names fall back to the default, so a later writer may
//! add optional fields without a new version; anything an old reader must not
//! ignore needs a new version.
//!
//! Version 2 is version 1 plus `C`: the cluster profile changes every
//! answer, so a reader that skipped it would show another cluster's
//! answers without a word. A writer uses `v2.` only when the payload holds
//! `C` (the learner changed the profile); every other link stays `v1.`, as
//! before, which every earlier playground opens. In a `v1.` link `C` is
//! an unknown tag and skipped, as it always was. `v3.` and later are
//! [`StateError::FutureVersion`].
//!
//! The defaults above are part of v1 (see [`v1_defaults`]): fields equal to
//! them are left out of links, and changing [`PlaygroundState::default`]
//! later does not change what an old link means.
//!
//! Raw DEFLATE with any block type means a writer without a compressor (the
//! embed script, when the browser lacks `CompressionStream`) can emit stored
//! blocks; this reader does not care. The playground does the DEFLATE with
//! the browser's `CompressionStream` and `DecompressionStream` around
//! [`payload`] / [`seal`] and [`open`] / [`unpack`], so the wasm carries
//! neither a compressor nor an inflater. With the `deflate` feature
//! (default) [`decode`] inflates natively with miniz_oxide, bounded by
//! [`MAX_PAYLOAD_BYTES`]. Native writers (tests, fuzzing, examples) compress
//! with miniz_oxide too: `seal(&p, &compress_to_vec(&p, 6))`, level 6 as
//! zlib's default, which the browser's `CompressionStream` uses.
//!
//! Size (measured, `cargo run -p svcdns-state --example link --
//! examples/mysql-statefulset.yaml lookup mysql-0.mysql`): 925 B of YAML
//! make a 602-character fragment at miniz_oxide level 6 or 9 (700 with the
//! fixed-Huffman compressor this crate once had).

use std::fmt;

pub use svcdns::controllers::State as Toggles;
#[cfg(feature = "cluster")]
pub use svcdns::profile::ProfileFlags;

/// The newest version this crate reads and writes (1 without the feature
/// `cluster`).
#[cfg(feature = "cluster")]
pub const VERSION: u32 = 2;
/// The newest version this crate reads and writes (2 with the feature
/// `cluster`).
#[cfg(not(feature = "cluster"))]
pub const VERSION: u32 = 1;
/// What a v1 fragment starts with (a v2 one: `v2.`).
pub const PREFIX: &str = "v1.";
/// Longest fragment accepted (characters after `#`). About 1.4 MB of text
/// compresses far below this; a longer fragment is [`StateError::TooLarge`].
pub const MAX_FRAGMENT_CHARS: usize = 1024 * 1024;
/// Most bytes a fragment may inflate to (the core's own input limit plus
/// room for the other fields): a deflate bomb stops here.
pub const MAX_PAYLOAD_BYTES: usize = svcdns::yaml::MAX_INPUT_BYTES + 64 * 1024;

/// Which view the playground shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum View {
    /// Regular versus headless, side by side.
    #[default]
    Compare,
    /// A `dig`/`nslookup` query.
    Lookup,
    /// Every record the cluster serves.
    Zone,
    /// StatefulSet identities.
    StatefulSets,
    /// API-server errors and wiring warnings.
    Problems,
}

impl View {
    /// Every view, in tab order.
    pub const ALL: [View; 5] = [
        View::Compare,
        View::Lookup,
        View::Zone,
        View::StatefulSets,
        View::Problems,
    ];

    /// The name used in links and in the embed script's `data-view`.
    pub fn as_str(self) -> &'static str {
        match self {
            View::Compare => "compare",
            View::Lookup => "lookup",
            View::Zone => "zone",
            View::StatefulSets => "statefulsets",
            View::Problems => "problems",
        }
    }

    /// Same as [`View::as_str`] (ids such as `tab-compare`).
    pub fn slug(self) -> &'static str {
        self.as_str()
    }

    /// Tab label.
    pub fn label(self) -> &'static str {
        match self {
            View::Compare => "Compare",
            View::Lookup => "Lookup",
            View::Zone => "Zone",
            View::StatefulSets => "StatefulSets",
            View::Problems => "Problems",
        }
    }

    /// The view named `name` (as [`View::as_str`] spells it).
    pub fn parse(name: &str) -> Option<View> {
        View::ALL.into_iter().find(|v| v.as_str() == name)
    }
}

/// The name the playground's first draft used.
pub use QueryStyle as Style;

/// How the lookup view prints answers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum QueryStyle {
    /// `dig`: sections, rcode, flags.
    #[default]
    Dig,
    /// `nslookup`: the short form most tutorials show.
    Nslookup,
}

impl QueryStyle {
    /// The name used in links.
    pub fn as_str(self) -> &'static str {
        match self {
            QueryStyle::Dig => "dig",
            QueryStyle::Nslookup => "nslookup",
        }
    }

    /// The style named `name`.
    pub fn parse(name: &str) -> Option<QueryStyle> {
        match name {
            "dig" => Some(QueryStyle::Dig),
            "nslookup" => Some(QueryStyle::Nslookup),
            _ => None,
        }
    }
}

/// The lookup view's query box.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct QueryState {
    /// The name typed, as given (`mysql-0.mysql`, `web`, a FQDN, …).
    pub name: String,
    /// Record type (`A`, `AAAA`, `SRV`, `PTR`, `ANY`, `TYPE65`, …).
    pub record_type: String,
    /// Namespace of the client pod (its search list).
    pub namespace: String,
    /// `dig` or `nslookup` output.
    pub style: QueryStyle,
}

impl Default for QueryState {
    fn default() -> Self {
        QueryState {
            name: String::new(),
            record_type: "A".into(),
            namespace: "default".into(),
            style: QueryStyle::Dig,
        }
    }
}

/// How an embedded widget behaves (present only in embeds). The view shown
/// is [`PlaygroundState::view`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct EmbedOptions {
    /// The reader may not edit the manifest.
    pub read_only: bool,
    /// Show only the view, not the manifest (when the page around the
    /// widget already shows the YAML).
    pub hide_editor: bool,
    /// Origin of the page embedding the widget, as the embed script saw it
    /// (`https://docs.example.com`). The widget posts its height to its
    /// parent with this as the target origin, so the browser delivers it
    /// only if the parent really is that origin.
    pub parent_origin: Option<String>,
}

/// Everything a playground screen is made of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlaygroundState {
    /// The editor's text.
    pub manifest: String,
    /// The view shown.
    pub view: View,
    /// The lookup view's query.
    pub query: QueryState,
    /// Buttons that change the simulated cluster without editing text.
    pub toggles: Toggles,
    /// The Service the compare view looks at (`namespace/name`); `None`:
    /// the playground picks.
    pub compare: Option<String>,
    /// The zone view's filter box.
    pub zone_filter: String,
    /// Colour theme chosen with the toggle; `None` follows the system.
    pub theme: Option<String>,
    /// Present when the state describes an embedded widget.
    pub embed: Option<EmbedOptions>,
    /// The lesson being followed (`lessons/ID.yaml`), if any. Added to v1
    /// as an optional field (`L`): older readers skip it and open the
    /// manifest alone.
    pub lesson: Option<String>,
    /// The lesson's current step, from 0 (`s`).
    pub step: u32,
    /// The Cluster control's values, as the learner gave them (`C`, v2):
    /// the profile flags, over the manifests' evidence and the preset.
    /// Only with the feature `cluster`.
    #[cfg(feature = "cluster")]
    pub cluster: ProfileFlags,
}

impl Default for PlaygroundState {
    fn default() -> Self {
        v1_defaults()
    }
}

/// What a v1 link means by an absent field. Frozen: do not edit (a change
/// would silently change old links); add a version instead.
pub fn v1_defaults() -> PlaygroundState {
    PlaygroundState {
        manifest: String::new(),
        view: View::Compare,
        query: QueryState {
            name: String::new(),
            record_type: "A".into(),
            namespace: "default".into(),
            style: QueryStyle::Dig,
        },
        toggles: Toggles::default(),
        compare: None,
        zone_filter: String::new(),
        theme: None,
        embed: None,
        lesson: None,
        step: 0,
        #[cfg(feature = "cluster")]
        cluster: ProfileFlags::default(),
    }
}

/// Why a fragment did not decode.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StateError {
    /// Not a svcdns link, or damaged (bad characters, bad checksum, bad
    /// structure).
    Corrupt,
    /// The link ends too early (cut when copied).
    Truncated,
    /// Written by a newer svcdns (`v2.` and later).
    FutureVersion(u32),
    /// Longer than [`MAX_FRAGMENT_CHARS`], or inflates past
    /// [`MAX_PAYLOAD_BYTES`].
    TooLarge,
}

impl fmt::Display for StateError {
    /// A sentence for the person who opened the link.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StateError::Corrupt => f.write_str(
                "This share link is damaged: it is not a link this playground wrote, \
                 or some characters were changed when it was copied.",
            ),
            StateError::Truncated => f.write_str(
                "This share link is incomplete: its end is missing, probably cut when it \
                 was copied. Copy the whole link again.",
            ),
            StateError::FutureVersion(v) => write!(
                f,
                "This share link comes from a newer svcdns (link format v{v}; this \
                 playground reads up to v{VERSION}). Open it with the newer playground."
            ),
            StateError::TooLarge => write!(
                f,
                "This share link is too large to open (the limit is {} characters and \
                 {} MiB of state).",
                MAX_FRAGMENT_CHARS,
                MAX_PAYLOAD_BYTES / (1024 * 1024)
            ),
        }
    }
}

impl std::error::Error for StateError {}

/// The state in `fragment` (with or without a leading `#`).
#[cfg(feature = "deflate")]
pub fn decode(fragment: &str) -> Result<PlaygroundState, StateError> {
    let frame = open(fragment)?;
    let payload =
        miniz_oxide::inflate::decompress_to_vec_with_limit(&frame.deflated, MAX_PAYLOAD_BYTES)
            .map_err(|e| {
                use miniz_oxide::inflate::TINFLStatus as S;
                match e.status {
                    S::HasMoreOutput => StateError::TooLarge,
                    S::FailedCannotMakeProgress | S::NeedsMoreInput => StateError::Truncated,
                    _ => StateError::Corrupt,
                }
            })?;
    unpack(&frame, &payload)
}

// The steps around the (de)compression, for a caller with a DEFLATE of its
// own (the browser's CompressionStream):
// a link = seal(payload, deflate(payload));
// decode = open, inflate (at most MAX_PAYLOAD_BYTES), unpack.

/// The uncompressed v1 payload for `state` (the fields table above).
pub fn payload(state: &PlaygroundState) -> Vec<u8> {
    payload_of(state)
}

/// A fragment from `payload` and its raw DEFLATE (any block types): `v2.`
/// if the payload holds the cluster profile (`C`, feature `cluster`), else
/// `v1.`.
pub fn seal(payload: &[u8], deflated: &[u8]) -> String {
    let mut frame = fnv1a32(payload).to_be_bytes().to_vec();
    frame.extend_from_slice(deflated);
    let mut out = String::with_capacity(PREFIX.len() + frame.len() * 4 / 3 + 4);
    #[cfg(feature = "cluster")]
    let prefix = if Fields::new(payload).any(|(tag, _)| tag == b'C') {
        "v2."
    } else {
        PREFIX
    };
    #[cfg(not(feature = "cluster"))]
    let prefix = PREFIX;
    out.push_str(prefix);
    base64url_encode(&frame, &mut out);
    out
}

/// A fragment, opened but still compressed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Frame {
    /// The link format's version (1 or 2; only with the feature `cluster`).
    #[cfg(feature = "cluster")]
    pub version: u32,
    /// FNV-1a 32 of the payload, big-endian.
    pub check: [u8; 4],
    /// The payload's raw DEFLATE.
    pub deflated: Vec<u8>,
}

/// Check the version and size of `fragment` (with or without a leading
/// `#`) and take its frame apart; inflate [`Frame::deflated`] (to at most
/// [`MAX_PAYLOAD_BYTES`]) and give the result to [`unpack`].
pub fn open(fragment: &str) -> Result<Frame, StateError> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment).trim();
    if fragment.len() > MAX_FRAGMENT_CHARS {
        return Err(StateError::TooLarge);
    }
    let (version, body) = split_version(fragment)?;
    match version {
        1 => {}
        #[cfg(feature = "cluster")]
        2 => {}
        v if v > VERSION => return Err(StateError::FutureVersion(v)),
        _ => return Err(StateError::Corrupt),
    }
    let frame = base64url_decode(body)?;
    if frame.len() < 5 {
        return Err(if body.is_empty() {
            StateError::Truncated
        } else {
            StateError::Corrupt
        });
    }
    let (check, deflated) = frame.split_at(4);
    Ok(Frame {
        #[cfg(feature = "cluster")]
        version,
        check: [check[0], check[1], check[2], check[3]],
        deflated: deflated.to_vec(),
    })
}

/// The state in an inflated payload, if it matches the frame's checksum.
pub fn unpack(frame: &Frame, payload: &[u8]) -> Result<PlaygroundState, StateError> {
    if payload.len() > MAX_PAYLOAD_BYTES {
        return Err(StateError::TooLarge);
    }
    if fnv1a32(payload).to_be_bytes() != frame.check {
        return Err(StateError::Corrupt);
    }
    let mut state = v1_defaults();
    let mut toggles = Vec::new();
    for (tag, value) in Fields::new(payload) {
        let value = value?;
        if b"RUSHP".contains(&tag) {
            // `U` is a key alone; the others pair a key with a value.
            toggles.push(match tag {
                b'U' => (tag, text(value)?, &[][..]),
                _ => {
                    let (key, rest) = split_len(value)?;
                    (tag, text(key)?, rest)
                }
            });
        } else {
            // `C` (v2, feature `cluster`): the profile flags, tag `0` to `5`
            // in `ProfileFlags::NAMES`' order; in a v1 link, skipped.
            #[cfg(feature = "cluster")]
            if tag == b'C' && frame.version >= 2 {
                let mut slots = state.cluster.slots();
                for (tag, value) in Fields::new(value) {
                    let value = value?;
                    let i = tag.wrapping_sub(b'0') as usize;
                    if let Some(slot) = slots.get_mut(i) {
                        **slot = Some(text(value)?);
                    }
                }
                continue;
            }
            apply(&mut state, tag, value)?;
        }
    }
    // The toggles, sorted once by table and key (stably: of a key given
    // twice the last wins), go into their tables in key order, so that each
    // insert appends: a link of many toggles in any order decodes in
    // n log n, through one sort and the tables' own inserts.
    svcdns::support::sort::sort_by(&mut toggles, |a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    let t = &mut state.toggles;
    for (tag, key, value) in toggles {
        let value = text(value)?;
        match tag {
            b'R' => {
                t.replicas.insert(key, number(&value)?);
            }
            b'U' => {
                t.not_ready.insert(key);
            }
            b'S' => *t.restarts.get_or_insert(key, 0) = number(&value)?,
            b'H' => {
                t.headless.insert(key, flag(&value)?);
            }
            _ => {
                t.publish_not_ready.insert(key, flag(&value)?);
            }
        }
    }
    Ok(state)
}

/// `v<digits>.` and the rest.
fn split_version(fragment: &str) -> Result<(u32, &str), StateError> {
    let rest = fragment.strip_prefix('v').ok_or(StateError::Corrupt)?;
    let dot = rest.find('.').ok_or(StateError::Corrupt)?;
    let digits = &rest[..dot];
    if digits.is_empty() || digits.len() > 9 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(StateError::Corrupt);
    }
    let version = digits.parse().map_err(|_| StateError::Corrupt)?;
    Ok((version, &rest[dot + 1..]))
}

fn apply(state: &mut PlaygroundState, tag: u8, value: &[u8]) -> Result<(), StateError> {
    match tag {
        b'm' => state.manifest = text(value)?,
        b'v' => state.view = View::parse(&text(value)?).unwrap_or_default(),
        b'q' => state.query.name = text(value)?,
        b't' => state.query.record_type = text(value)?,
        b'n' => state.query.namespace = text(value)?,
        b'd' => state.query.style = QueryStyle::parse(&text(value)?).unwrap_or_default(),
        b'c' => state.compare = Some(text(value)?),
        b'f' => state.zone_filter = text(value)?,
        b'T' => state.theme = Some(text(value)?),
        b'E' => {
            let mut embed = EmbedOptions::default();
            for (tag, value) in Fields::new(value) {
                let value = value?;
                match tag {
                    b'r' => embed.read_only = flag(&text(value)?)?,
                    b'h' => embed.hide_editor = flag(&text(value)?)?,
                    b'o' => embed.parent_origin = Some(text(value)?),
                    _ => {}
                }
            }
            state.embed = Some(embed);
        }
        b'L' => state.lesson = Some(text(value)?),
        b's' => state.step = number(&text(value)?)?,
        _ => {}
    }
    Ok(())
}

fn text(value: &[u8]) -> Result<String, StateError> {
    String::from_utf8(value.to_vec()).map_err(|_| StateError::Corrupt)
}

fn number<T: std::str::FromStr>(v: &str) -> Result<T, StateError> {
    // Plain decimal only: no `+`, no spaces (FromStr would accept `+1`).
    let digits = v.strip_prefix('-').unwrap_or(v);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(StateError::Corrupt);
    }
    v.parse().map_err(|_| StateError::Corrupt)
}

fn flag(v: &str) -> Result<bool, StateError> {
    match v {
        "1" => Ok(true),
        "0" => Ok(false),
        _ => Err(StateError::Corrupt),
    }
}

/// `len ":" bytes` at the start of `input`: the bytes and what follows.
fn split_len(input: &[u8]) -> Result<(&[u8], &[u8]), StateError> {
    let colon = input
        .iter()
        .take(12)
        .position(|&b| b == b':')
        .ok_or(StateError::Corrupt)?;
    let digits = &input[..colon];
    if digits.is_empty()
        || !digits.iter().all(u8::is_ascii_digit)
        || (digits.len() > 1 && digits[0] == b'0')
    {
        return Err(StateError::Corrupt);
    }
    let len: usize = std::str::from_utf8(digits)
        .ok()
        .and_then(|d| d.parse().ok())
        .ok_or(StateError::Corrupt)?;
    let rest = &input[colon + 1..];
    if len > rest.len() {
        return Err(StateError::Corrupt);
    }
    Ok(rest.split_at(len))
}

/// The fields of a payload, in order.
struct Fields<'a> {
    rest: &'a [u8],
    failed: bool,
}

impl<'a> Fields<'a> {
    fn new(payload: &'a [u8]) -> Self {
        Fields {
            rest: payload,
            failed: false,
        }
    }
}

impl<'a> Iterator for Fields<'a> {
    type Item = (u8, Result<&'a [u8], StateError>);

    fn next(&mut self) -> Option<Self::Item> {
        let (&tag, after_tag) = self.rest.split_first()?;
        if self.failed {
            return None;
        }
        match split_len(after_tag) {
            Ok((value, rest)) => {
                self.rest = rest;
                Some((tag, Ok(value)))
            }
            Err(e) => {
                self.failed = true;
                Some((tag, Err(e)))
            }
        }
    }
}

fn payload_of(state: &PlaygroundState) -> Vec<u8> {
    let d = v1_defaults();
    let mut out = Vec::with_capacity(state.manifest.len() + 64);
    if state.manifest != d.manifest {
        put(&mut out, b'm', None, &state.manifest);
    }
    if state.view != d.view {
        put(&mut out, b'v', None, state.view.as_str());
    }
    let (q, dq) = (&state.query, &d.query);
    if q.name != dq.name {
        put(&mut out, b'q', None, &q.name);
    }
    if q.record_type != dq.record_type {
        put(&mut out, b't', None, &q.record_type);
    }
    if q.namespace != dq.namespace {
        put(&mut out, b'n', None, &q.namespace);
    }
    if q.style != dq.style {
        put(&mut out, b'd', None, q.style.as_str());
    }
    let t = &state.toggles;
    let bit = |b: bool| if b { "1" } else { "0" };
    for (k, v) in &t.replicas {
        put(&mut out, b'R', Some(k), &v.to_string());
    }
    for k in t.not_ready.iter() {
        put(&mut out, b'U', None, k);
    }
    for (k, v) in &t.restarts {
        put(&mut out, b'S', Some(k), &v.to_string());
    }
    for (k, v) in &t.headless {
        put(&mut out, b'H', Some(k), bit(*v));
    }
    for (k, v) in &t.publish_not_ready {
        put(&mut out, b'P', Some(k), bit(*v));
    }
    if let Some(c) = &state.compare {
        put(&mut out, b'c', None, c);
    }
    if state.zone_filter != d.zone_filter {
        put(&mut out, b'f', None, &state.zone_filter);
    }
    if let Some(theme) = &state.theme {
        put(&mut out, b'T', None, theme);
    }
    if let Some(e) = &state.embed {
        let mut inner = Vec::new();
        if e.read_only {
            put(&mut inner, b'r', None, "1");
        }
        if e.hide_editor {
            put(&mut inner, b'h', None, "1");
        }
        if let Some(o) = &e.parent_origin {
            put(&mut inner, b'o', None, o);
        }
        put_bytes(&mut out, b'E', &inner);
    }
    if let Some(l) = &state.lesson {
        put(&mut out, b'L', None, l);
    }
    if state.step != d.step {
        put(&mut out, b's', None, &state.step.to_string());
    }
    #[cfg(feature = "cluster")]
    if state.cluster != d.cluster {
        let mut inner = Vec::new();
        for (i, v) in state.cluster.values().into_iter().enumerate() {
            if let Some(v) = v {
                put(&mut inner, b'0' + i as u8, None, v);
            }
        }
        put_bytes(&mut out, b'C', &inner);
    }
    out
}

/// A field: `tag len ":" value`, the value being `value` alone without a
/// key, else `pair(key, value)` (`len ":" key value`).
fn put(out: &mut Vec<u8>, tag: u8, key: Option<&str>, value: &str) {
    let Some(key) = key else {
        return put_bytes(out, tag, value.as_bytes());
    };
    let mut v = key.len().to_string().into_bytes();
    v.push(b':');
    v.extend_from_slice(key.as_bytes());
    v.extend_from_slice(value.as_bytes());
    put_bytes(out, tag, &v);
}

fn put_bytes(out: &mut Vec<u8>, tag: u8, value: &[u8]) {
    out.push(tag);
    out.extend_from_slice(value.len().to_string().as_bytes());
    out.push(b':');
    out.extend_from_slice(value);
}

/// FNV-1a, 32 bits: a checksum against links damaged in transit.
pub fn fnv1a32(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &b in bytes {
        h ^= b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn base64url_encode(bytes: &[u8], out: &mut String) {
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | (b as u32) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(B64[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
}

fn base64url_decode(text: &str) -> Result<Vec<u8>, StateError> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return Err(StateError::Corrupt),
        };
        acc = (acc << 6 | v as u32) & 0xff_ffff;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    // A length of 4n+1 characters cannot come from whole bytes: cut short.
    if text.len() % 4 == 1 {
        return Err(StateError::Truncated);
    }
    Ok(out)
}
