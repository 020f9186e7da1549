//! The share-link codec: round trips, every error, frozen v1 links.
use svcdns_state::*;

/// The fragment for `state`, compressed as a browser's `CompressionStream`
/// does (zlib's default level, 6).
fn encode(state: &PlaygroundState) -> String {
    let payload = payload(state);
    seal(
        &payload,
        &miniz_oxide::deflate::compress_to_vec(&payload, 6),
    )
}

/// A state that sets every field away from its default.
fn everything() -> PlaygroundState {
    let mut s = PlaygroundState {
        manifest: include_str!("../../../examples/mysql-statefulset.yaml").to_string(),
        view: View::Lookup,
        query: QueryState {
            name: "mysql-0.mysql".into(),
            record_type: "SRV".into(),
            namespace: "shop".into(),
            style: QueryStyle::Nslookup,
        },
        compare: Some("default/mysql".into()),
        zone_filter: "mysql".into(),
        theme: Some("dark".into()),
        embed: Some(EmbedOptions {
            read_only: true,
            hide_editor: true,
            parent_origin: Some("https://docs.example.com".into()),
        }),
        lesson: Some("02-per-pod-names".into()),
        step: 1,
        #[cfg(feature = "cluster")]
        cluster: k3s(),
        ..PlaygroundState::default()
    };
    let t = &mut s.toggles;
    t.replicas.insert("StatefulSet/default/mysql".into(), 5);
    t.replicas.insert("Deployment/default/web".into(), 0);
    t.not_ready.insert("default/mysql-1".into());
    t.restarts.insert("default/mysql-0".into(), 2);
    t.headless.insert("default/mysql".into(), false);
    t.publish_not_ready.insert("default/mysql".into(), true);
    s
}

/// The Cluster control's values: a preset and a changed cluster domain.
#[cfg(feature = "cluster")]
fn k3s() -> ProfileFlags {
    ProfileFlags {
        profile: Some("k3s".into()),
        cluster_domain: Some("corp.example".into()),
        ..ProfileFlags::default()
    }
}

#[test]
fn default_state_is_the_v1_default_and_encodes_to_a_short_link() {
    assert_eq!(PlaygroundState::default(), v1_defaults());
    let link = encode(&PlaygroundState::default());
    assert!(link.starts_with("v1."), "{link}");
    assert!(link.len() < 20, "{link}");
    assert_eq!(decode(&link), Ok(PlaygroundState::default()));
}

#[test]
fn every_field_round_trips() {
    let s = everything();
    assert_eq!(decode(&encode(&s)), Ok(s.clone()));
    // With the `#` that `location.hash` includes, and surrounding spaces.
    assert_eq!(decode(&format!("#{} ", encode(&s))), Ok(s));
}

#[test]
fn each_field_alone_round_trips() {
    let full = everything();
    let d = PlaygroundState::default();
    #[cfg_attr(not(feature = "cluster"), allow(unused_mut))]
    let mut variants = vec![
        PlaygroundState {
            manifest: full.manifest.clone(),
            ..d.clone()
        },
        PlaygroundState {
            view: View::Problems,
            ..d.clone()
        },
        PlaygroundState {
            query: full.query.clone(),
            ..d.clone()
        },
        PlaygroundState {
            toggles: full.toggles.clone(),
            ..d.clone()
        },
        PlaygroundState {
            compare: Some(String::new()),
            ..d.clone()
        },
        PlaygroundState {
            zone_filter: "x".into(),
            ..d.clone()
        },
        PlaygroundState {
            theme: Some(String::new()),
            ..d.clone()
        },
        PlaygroundState {
            embed: Some(EmbedOptions::default()),
            ..d.clone()
        },
        PlaygroundState {
            lesson: Some("10-ndots".into()),
            ..d.clone()
        },
        PlaygroundState {
            step: 3,
            ..d.clone()
        },
    ];
    #[cfg(feature = "cluster")]
    variants.extend([
        PlaygroundState {
            cluster: k3s(),
            ..d.clone()
        },
        PlaygroundState {
            cluster: ProfileFlags {
                kubernetes_version: Some(String::new()),
                ..ProfileFlags::default()
            },
            ..d.clone()
        },
    ]);
    for s in variants {
        assert_eq!(decode(&encode(&s)).as_ref(), Ok(&s), "{s:?}");
    }
    for v in View::ALL {
        let s = PlaygroundState {
            view: v,
            ..d.clone()
        };
        assert_eq!(decode(&encode(&s)), Ok(s));
        assert_eq!(View::parse(v.as_str()), Some(v));
    }
}

/// Written by svcdns-state 0.1.0 (miniz_oxide 0.9.1, level 9) from
/// [`everything`] minus the manifest, plus a two-line one. Must decode
/// forever: never edit this string; if it fails, the change broke old links.
const GOLDEN_V1: &str = "v1.S1KbW22Qy07DMBBF9_kKf0DbxM4DOmuQYIOqBLpBLIwzUaL4VdsJVFX-nZAKoUIXoxmdezWauYqyDLjt9uh8ZzSQkUZ9p2sgFbqxExgpDLzmgQM5aa4QiDr6g5wib1HMTMjBB3SPOyBPRuOKeJQognGzxq39sa-INS54IK-n7wFImibF9DZFYwHSmH6wB5rC4l0nm6WHFKpyrzPwrbH1LWh_NpasAMbgDq00R4U6xDU2fJAh_sD3pGRbYDlUgQdsBlnhr7xszV9oDhdkTSu6hX80YQ_0BuajLnCyuwKp-Eua_PzLcwY1d_19WoCjQNu5zBx4G4L1EMe1EX6Dn1xZiRth1Bc";

fn golden_state() -> PlaygroundState {
    PlaygroundState {
        manifest: "apiVersion: v1\nkind: Service\nmetadata: {name: mysql}\nspec: {clusterIP: None, selector: {app: mysql}, ports: [{port: 3306}]}\n".into(),
        // Written before lessons and the cluster profile: none.
        lesson: None,
        step: 0,
        #[cfg(feature = "cluster")]
        cluster: ProfileFlags::default(),
        ..everything()
    }
}

#[test]
fn frozen_v1_link_keeps_decoding() {
    assert_eq!(decode(GOLDEN_V1), Ok(golden_state()));
}

/// Written by web/embed/svcdns-embed.js in a browser without
/// `CompressionStream`: DEFLATE stored blocks. Never edit.
const GOLDEN_V1_STORED: &str = "v1.vDXo-gG_AED_bTEyNDphcGlWZXJzaW9uOiB2MQpraW5kOiBTZXJ2aWNlCm1ldGFkYXRhOiB7bmFtZTogbXlzcWx9CnNwZWM6IHtjbHVzdGVySVA6IE5vbmUsIHNlbGVjdG9yOiB7YXBwOiBteXNxbH0sIHBvcnRzOiBbe3BvcnQ6IDMzMDZ9XX0KdjY6bG9va3VwcTEzOm15c3FsLTAubXlzcWxFMzI6cjE6MW8yNDpodHRwczovL2RvY3MuZXhhbXBsZS5jb20";

#[test]
fn frozen_v1_stored_block_link_from_the_embed_script_decodes() {
    let s = decode(GOLDEN_V1_STORED).unwrap();
    assert_eq!(s.view, View::Lookup);
    assert_eq!(s.query.name, "mysql-0.mysql");
    assert!(
        s.manifest.starts_with("apiVersion: v1\n"),
        "{:?}",
        s.manifest
    );
    let e = s.embed.unwrap();
    assert!(e.read_only);
    assert_eq!(e.parent_origin.as_deref(), Some("https://docs.example.com"));
}

#[test]
fn corrupt_links() {
    let good = encode(&everything());
    let body = &good[3..];
    let cases = [
        String::new(),
        "hello".into(),
        "v1".into(),
        "v.abc".into(),
        "vx.abc".into(),
        "v0.abc".into(),
        "V1.abc".into(),
        format!("v1.{body}!"),
        format!("v1.{}", body.replace('A', "*")),
        // One character changed in the middle: the checksum (or inflate) notices.
        {
            let mut b = body.as_bytes().to_vec();
            let i = b.len() / 2;
            b[i] = if b[i] == b'Q' { b'R' } else { b'Q' };
            format!("v1.{}", String::from_utf8(b).unwrap())
        },
        // Valid base64 of something that is not a frame.
        "v1.AAAAAP____".into(),
        "v1.QUJD".into(),
    ];
    for c in cases {
        assert_eq!(decode(&c), Err(StateError::Corrupt), "{c:?}");
    }
}

#[test]
fn corrupt_payloads_with_a_valid_frame() {
    // Frames whose checksum and deflate are fine but whose fields are not.
    for payload in [
        &b"m5:ab"[..],  // length past the end
        b"m05:abcde",   // leading zero
        b"mx:ab",       // no length
        b"m2ab",        // no colon
        b"R1:k",        // pair without the key's length
        b"R4:1:kx",     // replicas not a number
        b"S5:1:k-1",    // restarts negative (u32)
        b"H4:1:k2",     // flag neither 0 nor 1
        b"E3:w1:",      // nested field length past the end
        b"m2:\xff\xfe", // not UTF-8
        b"R5:1:k+1",    // sign not allowed
    ] {
        assert_eq!(
            decode(&frame(payload)),
            Err(StateError::Corrupt),
            "{:?}",
            String::from_utf8_lossy(payload)
        );
    }
}

#[test]
fn unknown_fields_and_names_are_skipped() {
    let s = decode(&frame(b"Z3:newm2:hiv5:graphd3:fooz0:")).unwrap();
    assert_eq!(s.manifest, "hi");
    assert_eq!(s.view, View::Compare);
    assert_eq!(s.query.style, QueryStyle::Dig);
}

/// A v1 fragment of `payload`, built by hand (stored deflate block).
fn frame(payload: &[u8]) -> String {
    let mut f = fnv1a32(payload).to_be_bytes().to_vec();
    f.push(1);
    let n = payload.len() as u16;
    f.extend(n.to_le_bytes());
    f.extend((!n).to_le_bytes());
    f.extend(payload);
    format!("v1.{}", b64(&f))
}

fn b64(bytes: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut s = String::new();
    for c in bytes.chunks(3) {
        let n = (c[0] as u32) << 16
            | (*c.get(1).unwrap_or(&0) as u32) << 8
            | *c.get(2).unwrap_or(&0) as u32;
        for i in 0..=c.len() {
            s.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    s
}

#[test]
fn truncated_links() {
    let good = encode(&everything());
    assert_eq!(decode("v1."), Err(StateError::Truncated));
    // Every cut of the link (past the prefix) is reported as truncated or,
    // when the cut lands on a 4n+1 boundary... also truncated; never Ok and
    // never a panic.
    let mut truncated = 0;
    for end in 4..good.len() {
        match decode(&good[..end]) {
            Err(StateError::Truncated) => truncated += 1,
            Err(StateError::Corrupt) => {}
            other => panic!("cut at {end}: {other:?}"),
        }
    }
    // Nearly all cuts say "truncated" (a cut inside the 4-byte checksum
    // leaves too little to say more).
    assert!(
        truncated >= good.len() - 12,
        "{truncated} of {}",
        good.len()
    );
    // The typical case: the last few characters lost.
    for lost in 1..8 {
        assert_eq!(
            decode(&good[..good.len() - lost]),
            Err(StateError::Truncated),
            "lost {lost}"
        );
    }
}

#[test]
fn future_versions() {
    assert_eq!(decode("v3.AAAA"), Err(StateError::FutureVersion(3)));
    assert_eq!(
        decode("#v17.whatever-it-is"),
        Err(StateError::FutureVersion(17))
    );
    assert_eq!(decode("v3."), Err(StateError::FutureVersion(3)));
    // Absurd version numbers are not versions.
    assert_eq!(decode("v99999999999.x"), Err(StateError::Corrupt));
    assert!(StateError::FutureVersion(2)
        .to_string()
        .contains("newer svcdns"));
}

#[test]
fn too_large_links_and_deflate_bombs() {
    let long = format!("v1.{}", "A".repeat(MAX_FRAGMENT_CHARS));
    assert_eq!(decode(&long), Err(StateError::TooLarge));
    // A bomb: a tiny link that inflates past the limit.
    let bomb = PlaygroundState {
        manifest: "a".repeat(MAX_PAYLOAD_BYTES + 1),
        ..PlaygroundState::default()
    };
    let link = encode(&bomb);
    assert!(link.len() < 64_000, "{}", link.len());
    assert_eq!(decode(&link), Err(StateError::TooLarge));
    // Just under the limit still opens.
    let big = PlaygroundState {
        manifest: "a".repeat(svcdns::yaml::MAX_INPUT_BYTES),
        ..PlaygroundState::default()
    };
    assert_eq!(decode(&encode(&big)), Ok(big));
}

#[test]
fn every_error_has_a_sentence() {
    for e in [
        StateError::Corrupt,
        StateError::Truncated,
        StateError::FutureVersion(3),
        StateError::TooLarge,
    ] {
        let m = e.to_string();
        assert!(m.starts_with("This share link"), "{m}");
        assert!(m.ends_with('.'), "{m}");
    }
}

#[test]
fn compressor_output_inflates_back() {
    // Our compressor against miniz_oxide's inflater (what decode uses), on
    // text with long and short repeats, a long run, and no repeats at all.
    let mut inputs: Vec<Vec<u8>> = vec![
        Vec::new(),
        b"a".to_vec(),
        b"abcabcabcabc".to_vec(),
        vec![b'x'; 100_000],
        (0..70_000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
            .collect(),
    ];
    for f in [
        "mysql-statefulset.yaml",
        "kafka-headless.yaml",
        "cassandra.yaml",
    ] {
        inputs.push(
            std::fs::read(format!("{}/../../examples/{f}", env!("CARGO_MANIFEST_DIR"))).unwrap(),
        );
    }
    let big: Vec<u8> = inputs
        .iter()
        .flatten()
        .copied()
        .cycle()
        .take(300_000)
        .collect();
    inputs.push(big);
    for input in inputs {
        let state = PlaygroundState {
            manifest: String::from_utf8_lossy(&input).into_owned(),
            ..PlaygroundState::default()
        };
        assert_eq!(decode(&encode(&state)), Ok(state));
    }
}

#[test]
fn typical_link_sizes() {
    let mut report = Vec::new();
    for (name, text) in [
        (
            "mysql-statefulset.yaml",
            include_str!("../../../examples/mysql-statefulset.yaml"),
        ),
        (
            "regular-vs-headless.yaml",
            include_str!("../../../examples/regular-vs-headless.yaml"),
        ),
        (
            "postgres-primary-replicas.yaml",
            include_str!("../../../examples/postgres-primary-replicas.yaml"),
        ),
    ] {
        let s = PlaygroundState {
            manifest: text.into(),
            view: View::Lookup,
            query: QueryState {
                name: "mysql-0.mysql".into(),
                ..QueryState::default()
            },
            ..PlaygroundState::default()
        };
        let link = encode(&s);
        report.push(format!(
            "{name}: {} B YAML -> {} chars",
            text.len(),
            link.len()
        ));
        // Well under the 2,000 characters old tools choke on.
        assert!(link.len() < 800, "{name}: {}", link.len());
    }
    eprintln!("{}", report.join("\n"));
}

#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;
    use proptest::collection::{btree_map, btree_set};
    use proptest::prelude::*;

    fn view() -> impl Strategy<Value = View> {
        prop::sample::select(View::ALL.to_vec())
    }

    fn state() -> impl Strategy<Value = PlaygroundState> {
        let text = ".{0,40}";
        let query =
            (text, text, text, any::<bool>()).prop_map(|(name, record_type, namespace, ns)| {
                QueryState {
                    name,
                    record_type,
                    namespace,
                    style: if ns {
                        QueryStyle::Nslookup
                    } else {
                        QueryStyle::Dig
                    },
                }
            });
        let toggles = (
            btree_map(text, any::<i32>(), 0..4),
            btree_set(text, 0..4),
            btree_map(text, any::<u32>(), 0..4),
            btree_map(text, any::<bool>(), 0..4),
            btree_map(text, any::<bool>(), 0..4),
        )
            .prop_map(
                |(replicas, not_ready, restarts, headless, publish_not_ready)| Toggles {
                    replicas: replicas.into_iter().collect(),
                    not_ready: not_ready.into_iter().collect(),
                    restarts: restarts.into_iter().collect(),
                    headless: headless.into_iter().collect(),
                    publish_not_ready: publish_not_ready.into_iter().collect(),
                },
            );
        let embed = proptest::option::of(
            (any::<bool>(), any::<bool>(), proptest::option::of(text)).prop_map(
                |(read_only, hide_editor, parent_origin)| EmbedOptions {
                    read_only,
                    hide_editor,
                    parent_origin,
                },
            ),
        );
        (
            "(?s).{0,400}",
            view(),
            query,
            toggles,
            proptest::option::of(text),
            text,
            proptest::option::of(text),
            embed,
            (proptest::option::of(text), any::<u32>()),
            proptest::collection::vec(proptest::option::of(text), 6),
        )
            .prop_map(
                |(
                    manifest,
                    view,
                    query,
                    toggles,
                    compare,
                    zone_filter,
                    theme,
                    embed,
                    (lesson, step),
                    flags,
                )| {
                    #[cfg(feature = "cluster")]
                    let mut cluster = ProfileFlags::default();
                    #[cfg(feature = "cluster")]
                    for (slot, v) in cluster.slots().into_iter().zip(flags) {
                        *slot = v;
                    }
                    #[cfg(not(feature = "cluster"))]
                    let _ = flags;
                    PlaygroundState {
                        manifest,
                        view,
                        query,
                        toggles,
                        compare,
                        zone_filter,
                        theme,
                        embed,
                        lesson,
                        step,
                        #[cfg(feature = "cluster")]
                        cluster,
                    }
                },
            )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn round_trip(s in state()) {
            let link = encode(&s);
            // v2 exactly when the learner set a profile value.
            #[cfg(feature = "cluster")]
            let v2 = s.cluster != ProfileFlags::default();
            #[cfg(not(feature = "cluster"))]
            let v2 = false;
            prop_assert!(link.starts_with(if v2 { "v2." } else { PREFIX }), "{}", link);
            prop_assert!(link[PREFIX.len()..].bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
            prop_assert_eq!(decode(&link), Ok(s));
        }

        #[test]
        fn arbitrary_fragments_never_panic(f in "(?s).{0,200}") {
            let _ = decode(&f);
        }

        #[test]
        fn mutated_links_never_panic_nor_lie(s in state(), at in any::<prop::sample::Index>(), c in "[A-Za-z0-9_-]") {
            let link = encode(&s);
            let i = PREFIX.len() + at.index(link.len() - PREFIX.len());
            let mut m = link.clone();
            m.replace_range(i..i + 1, &c);
            match decode(&m) {
                // Unchanged, or a change only in the last character's unused bits.
                Ok(t) => prop_assert_eq!(t, s),
                Err(e) => prop_assert!(matches!(e, StateError::Corrupt | StateError::Truncated | StateError::TooLarge), "{:?}", e),
            }
        }

        #[test]
        fn arbitrary_payloads_in_valid_frames_never_panic(p in proptest::collection::vec(any::<u8>(), 0..300)) {
            let _ = decode(&frame(&p));
        }
    }
}

/// Lessons came to v1 as optional fields (`L`, `s`): a link without them
/// (every link written before) opens with no lesson, and one with them
/// keeps the rest of its meaning for a reader that skips them.
#[test]
fn lesson_fields_are_optional_in_v1() {
    assert_eq!(decode(GOLDEN_V1).map(|s| (s.lesson, s.step)), Ok((None, 0)));
    let with = |extra: &[u8]| {
        let mut p = b"m3:x: v6:lookup".to_vec();
        p.extend_from_slice(extra);
        decode(&seal(&p, &miniz_oxide::deflate::compress_to_vec(&p, 6)))
    };
    let s = with(b"L16:02-per-pod-namess1:2Z3:new").unwrap();
    assert_eq!((s.lesson.as_deref(), s.step), (Some("02-per-pod-names"), 2));
    assert_eq!((s.manifest.as_str(), s.view), ("x: ", View::Lookup));
    assert_eq!(with(b"s2:-1"), Err(StateError::Corrupt));
}

/// Written by svcdns-state 0.1.0 (miniz_oxide 0.9.1, level 6) from the
/// state below: the first link version with the cluster profile. Must
/// decode forever: never edit this string.
const GOLDEN_V2: &str = "v2.VC7e5hXMvQrCMBSG4T1XcS5AQn6KyLc6uQmCizjE9AyhTROTtAql927dXt7hiVoZuBzuXGpIE2jRYghTD7pxWYJnEbm53jUHWicXGfTh1yZqZr8fP861cblcQVrJzkoljTpQTqVV0GP9B-iktucmliPGlIY5vy1242wMlMVga6cNfCpZ8tfFPPIP";

#[cfg(feature = "cluster")]
fn golden_v2_state() -> PlaygroundState {
    PlaygroundState {
        manifest: "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {clusterIP: 10.43.0.20, ports: [{port: 80}]}\n".into(),
        view: View::Lookup,
        query: QueryState {
            name: "web".into(),
            ..QueryState::default()
        },
        cluster: k3s(),
        ..PlaygroundState::default()
    }
}

#[cfg(feature = "cluster")]
#[test]
fn frozen_v2_link_keeps_decoding() {
    assert_eq!(encode(&golden_v2_state()), GOLDEN_V2);
    assert_eq!(decode(GOLDEN_V2), Ok(golden_v2_state()));
}

/// The cluster profile (`C`) is v2's: links without it stay `v1.` (every
/// earlier playground opens them), and in a `v1.` link `C` is an unknown
/// field, skipped as it always was, so a v1 link means what it meant.
#[cfg(feature = "cluster")]
#[test]
fn cluster_profile_makes_a_v2_link_and_is_skipped_in_v1() {
    let mut s = everything();
    assert!(encode(&s).starts_with("v2."));
    s.cluster = ProfileFlags::default();
    assert!(encode(&s).starts_with("v1."));
    let payload = b"m3:x: C12:03:k3s43:a.b";
    let v1 = frame(payload);
    assert_eq!(decode(&v1).map(|s| s.cluster), Ok(ProfileFlags::default()));
    let v2 = format!("v2.{}", &v1["v1.".len()..]);
    let cluster = decode(&v2).unwrap().cluster;
    assert_eq!(cluster.profile.as_deref(), Some("k3s"));
    assert_eq!(cluster.cluster_domain.as_deref(), Some("a.b"));
    // Unknown flags inside `C` are skipped; damaged ones are not.
    let v2 = |p: &[u8]| decode(&format!("v2.{}", &frame(p)["v1.".len()..]));
    assert_eq!(
        v2(b"C4:91:xm1:y").map(|s| (s.cluster, s.manifest)),
        Ok((ProfileFlags::default(), "y".into()))
    );
    assert_eq!(v2(b"C4:05:x"), Err(StateError::Corrupt));
    // Every v1 link stored in these tests opens without a profile.
    for link in [GOLDEN_V1, GOLDEN_V1_STORED] {
        assert_eq!(decode(link).map(|s| s.cluster), Ok(ProfileFlags::default()));
    }
}

/// Built without the feature `cluster` (the shipped playground): a v1
/// reader and writer. A `v2.` link is from a newer svcdns, said so, not
/// opened without its profile; `C` in a v1 link is skipped.
#[cfg(not(feature = "cluster"))]
#[test]
fn without_the_feature_cluster_a_v2_link_is_from_a_newer_svcdns() {
    assert_eq!(VERSION, 1);
    assert_eq!(decode(GOLDEN_V2), Err(StateError::FutureVersion(2)));
    assert!(StateError::FutureVersion(2)
        .to_string()
        .contains("link format v2"));
    let v1 = frame(b"m3:x: C12:03:k3s43:a.b");
    assert_eq!(decode(&v1).map(|s| s.manifest), Ok("x: ".into()));
    assert_eq!(encode(&everything()).get(..3), Some(PREFIX));
}
