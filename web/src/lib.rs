//! svcdns playground: the browser front end.
//!
//! The page is a yew app built by trunk (`index.html` and `Trunk.toml` at the
//! repository root). All DNS and validation logic lives in the pure `svcdns`
//! core; this crate turns what the person types and clicks into calls to the
//! core (text plus [`svcdns::controllers::State`] overrides) and renders the
//! result: presentation only (the compare view's columns and spreads, the
//! dig and nslookup text are the core's `svcdns::explain`).
//!
//! - [`App`]: the one state value ([`model::Model`], a `use_reducer` over
//!   [`state::PlaygroundState`]) and the page layout;
//! - [`components`]: the editor and the five views;
//! - [`highlight`], [`summary`]: plain Rust helpers.
//!
//! A panic's screen is index.html's script (see main.rs).

pub mod components;
pub mod examples;
pub mod highlight;
pub mod model;
pub mod raw;
mod share;
pub mod state;
pub mod summary;

use std::rc::Rc;

use components::{
    lookup_view, problems_view, statefulsets_view, summary_panel, CompareView, LookupProps,
    ManifestEditor, Marker, ProblemsProps, StatefulSetsProps, SummaryPanelProps, ZoneView,
};
use model::{Action, Model, Shared};
use state::{PlaygroundState, View};
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// What the editor holds when the page opens: the regular-vs-headless example.
pub const SAMPLE_MANIFEST: &str = include_str!("../../examples/regular-vs-headless.yaml");

// Static parts of the page, as markup written here (no text from a manifest
// or a link ever goes into these): drawn as one raw node each, which is
// much smaller in the wasm than the same elements built one by one.

/// The name, the tagline and the privacy statement.
const BRAND_HTML: &str = "<div class=\"brand\"><h1>svcdns</h1><p class=\"tagline\">\
    Paste Kubernetes manifests; see what cluster DNS (CoreDNS) answers: regular vs headless Services.</p></div>\
    <p class=\"private\" id=\"privacy\"><strong>Nothing leaves your browser.</strong> \
    The DNS answers are computed here, in WebAssembly; after loading, this page makes no network request \
    (manifests often hold secrets).</p>";

/// Keyboard shortcuts, as listed in the page.
const SHORTCUTS_HTML: &str = "<details class=\"menu shortcuts\"><summary>Keyboard shortcuts</summary><dl>\
    <dt><kbd>Alt+1 … Alt+5</kbd></dt><dd>Compare, Lookup, Zone, StatefulSets, Problems</dd>\
    <dt><kbd>Alt+E</kbd></dt><dd>focus the manifest editor</dd>\
    <dt><kbd>Alt+Q</kbd></dt><dd>ask a question (Lookup, focus the Query box)</dd>\
    <dt><kbd>Alt+T</kbd></dt><dd>toggle dark mode</dd>\
    <dt><kbd>← →</kbd></dt><dd>next or previous view, on the view tabs</dd>\
    <dt><kbd>Tab / Shift+Tab</kbd></dt><dd>move between controls</dd>\
    <dt>In the editor</dt><dd id=\"editor-keys\"><kbd>Tab</kbd>, <kbd>Shift+Tab</kbd> indent, outdent; \
    <kbd>Esc</kbd>, then <kbd>Tab</kbd>, leaves the editor; <kbd>Ctrl+Z</kbd> undoes a word, line or paste; \
    <kbd>Ctrl+Y</kbd> redoes</dd>\
    </dl></details>";

/// "Paste your cluster": the command for a dump svcdns reads as cluster
/// state (issue 14), what it holds, and that it stays in the browser.
const PASTE_CLUSTER_HTML: &str = "<details class=\"menu paste\"><summary>Paste your cluster</summary><div class=\"pop\">\
    <p>Run this where <code>kubectl</code> reaches your cluster, then paste <code>cluster.yaml</code> into the editor:</p>\
    <pre><code>{ kubectl get svc,endpointslices,pods,statefulsets,deployments,replicasets,daemonsets -A -o yaml\n  echo ---\n  kubectl get configmap coredns -n kube-system -o yaml; } &gt; cluster.yaml</code></pre>\
    <p>It holds the Services, the EndpointSlices the controllers made, every pod with its IP and readiness, \
    the workloads that own them and CoreDNS's Corefile (GKE runs kube-dns: the last command finds nothing). \
    svcdns reads it as the cluster's state: the controllers make none of it again, the dump's <code>kube-dns</code> \
    and CoreDNS pods replace the built-in ones, and the service range is taken from <code>default/kubernetes</code>.</p>\
    <p><strong>Nothing leaves your browser:</strong> the dump is read here, in WebAssembly. It holds no Secrets, \
    but names, labels, annotations and pod environment values can be sensitive, and a share link carries the text.</p>\
    </div></details>";

/// Before the App mounts: read the share link in the page's URL, if any
/// (the browser inflates it asynchronously), for the App's first screen.
pub async fn load_link() {
    share::load().await;
}

fn initial_state() -> PlaygroundState {
    if let Some(s) = share::take_loaded() {
        return s;
    }
    state::initial()
}

fn system_dark() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches())
}

pub(crate) fn focus(id: &str) {
    if let Some(e) = gloo::utils::document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = e.focus();
    }
}

/// Keep an open menu's list on screen: it hangs under its button, shifted
/// by the least that brings both its edges within the page (8 px margin).
fn place_menu(d: &web_sys::HtmlDetailsElement) {
    if !d.open() || !d.class_list().contains("menu") {
        return;
    }
    if let Some(list) = d.last_element_child() {
        place(&list);
    }
}

/// Shift an absolutely placed popup (`left: 0` in the CSS) sideways so
/// that it is on screen.
fn place(list: &web_sys::Element) {
    let _ = list.remove_attribute("style");
    let width = gloo::utils::document()
        .document_element()
        .map_or(0, |e| e.client_width()) as f64;
    let r = list.get_bounding_client_rect();
    let mut dx = (width - 8.0 - r.right()).min(0.0);
    if r.left() + dx < 8.0 {
        dx = 8.0 - r.left();
    }
    if dx != 0.0 {
        let _ = list.set_attribute("style", &format!("left:{}px", dx as i32));
    }
}

/// `12.3` from 12.34 without the float formatter (it costs ~10 KB of wasm).
fn tenths(ms: f64) -> String {
    let t = (ms.max(0.0) * 10.0 + 0.5) as u64;
    format!("{}.{}", t / 10, t % 10)
}

/// Publish the last timings: `#timing` and `window.__svcdnsTimings`.
fn report_timing(m: &Model) {
    let doc = gloo::utils::document();
    // Lay the page out first, so that "shown" counts the browser's layout of
    // what was rendered (the editor reads its scroll position right after,
    // which would force that layout anyway; at 1,000 objects it is the
    // larger part of the time).
    if let Some(e) = doc.get_element_by_id("manifest") {
        let _ = e.client_height();
    }
    let total = model::now() - m.started_at;
    let render = total - m.compute_ms;
    if let Some(el) = doc.get_element_by_id("timing") {
        el.set_text_content(Some(&format!(
            "computed in {} ms, shown in {} ms",
            tenths(m.compute_ms),
            tenths(total)
        )));
    }
    let o = js_sys::Object::new();
    for (k, v) in [
        ("compute", m.compute_ms),
        ("render", render),
        ("total", total),
        ("rev", m.rev as f64),
        ("objects", m.analysis.objects.len() as f64),
        ("bytes", m.s.manifest.len() as f64),
    ] {
        let _ = js_sys::Reflect::set(&o, &k.into(), &v.into());
    }
    let _ = js_sys::Reflect::set(&gloo::utils::window(), &"__svcdnsTimings".into(), &o);
}

/// The Share button and what it made: the link (copied, and said so) and
/// the embed snippet for the same screen (issue 18, item 8).
#[hook]
fn use_share(model: &UseReducerHandle<Model>) -> Html {
    let made = use_state(|| None::<Rc<share::Shared>>);
    let onclick = {
        let made = made.clone();
        let model = model.clone();
        Callback::from(move |_: MouseEvent| {
            let made = made.clone();
            let state = model.s.clone();
            wasm_bindgen_futures::spawn_local(async move {
                made.set(Some(Rc::new(share::share(&state).await)));
            });
        })
    };
    // On screen, as the menus are.
    use_effect_with(made.is_some(), |open| {
        if *open {
            if let Ok(Some(b)) = gloo::utils::document().query_selector(".sharebox") {
                place(&b);
            }
        }
    });
    let close = {
        let made = made.clone();
        Callback::from(move |_: MouseEvent| {
            made.set(None);
            focus("share");
        })
    };
    html! {
        <div class="menu share">
            <button id="share" {onclick} aria-expanded={if made.is_some() { "true" } else { "false" }}>{ "⇪ Share" }</button>
            if let Some(m) = &*made {
                <div class="sharebox" role="group" aria-label="Share">
                    <p id="share-status" role="status">
                        if m.copied {
                            <strong>{ "✔ Link copied." }</strong>{ " This page's address is the link: it holds the manifest and this view, and opens the same screen. The manifest travels after the #, which browsers never send to a server." }
                        } else {
                            <strong>{ "Copy this link:" }</strong>{ " it holds the manifest and this view, after the #, which browsers never send to a server." }
                        }
                    </p>
                    <input id="share-link" type="text" readonly=true aria-label="Link" value={m.link.clone()} />
                    <label for="share-embed">{ "Embed this in a web page (HTML):" }</label>
                    <textarea id="share-embed" readonly=true rows="5" value={m.embed.clone()} />
                    <button onclick={close}>{ "Close" }</button>
                </div>
            }
        </div>
    }
}

/// The playground page.
#[component]
pub fn App() -> Html {
    let model = use_reducer(|| Model::new(initial_state()));
    let dispatch = {
        let model = model.clone();
        Callback::from(move |a: Action| model.dispatch(a))
    };
    let m = &*model;

    // After every render: timings; theme; share link.
    {
        let model = model.clone();
        use_effect(move || {
            report_timing(&model);
            let root = gloo::utils::document().document_element();
            if let Some(root) = root {
                let _ = match model.s.theme.as_deref() {
                    Some(t) => root.set_attribute("data-theme", t),
                    None => root.remove_attribute("data-theme"),
                };
            }
            share::save(&model.s);
        });
    }
    // Global shortcuts, and the test hook that panics on purpose.
    {
        let dispatch = dispatch.clone();
        let theme = m.s.theme.clone();
        use_effect_with(theme, move |theme| {
            let dark = theme
                .as_deref()
                .map(|t| t == "dark")
                .unwrap_or_else(system_dark);
            let keys = gloo::events::EventListener::new_with_options(
                &gloo::utils::document(),
                "keydown",
                gloo::events::EventListenerOptions::enable_prevent_default(),
                move |e| {
                    let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
                        return;
                    };
                    if !e.alt_key() || e.ctrl_key() || e.meta_key() {
                        return;
                    }
                    let code = e.code();
                    let action = match code.as_str() {
                        "Digit1" | "Digit2" | "Digit3" | "Digit4" | "Digit5" => {
                            let i = code.as_bytes()[5] - b'1';
                            let v = View::ALL[i as usize];
                            focus(&format!("tab-{}", v.slug()));
                            Some(Action::SetView(v))
                        }
                        "KeyE" => {
                            focus("manifest");
                            None
                        }
                        #[cfg(feature = "lessons")]
                        "KeyL" => {
                            focus("lesson-h");
                            None
                        }
                        "KeyQ" => Some(Action::SetView(View::Lookup)),
                        "KeyT" => Some(Action::SetTheme(Some(
                            if dark { "light" } else { "dark" }.into(),
                        ))),
                        _ => return,
                    };
                    e.prevent_default();
                    let q = code == "KeyQ";
                    if let Some(a) = action {
                        dispatch.emit(a);
                    }
                    if q {
                        // After the Lookup view is drawn.
                        gloo::timers::callback::Timeout::new(0, || focus("query-name")).forget();
                    }
                },
            );
            // A menu opens where it fits: under its button, moved left or
            // right just enough to stay on screen (issue 18, item 1: at
            // 1440 px the Examples list opened off the left edge).
            let menus = gloo::events::EventListener::new_with_options(
                &gloo::utils::document(),
                "toggle",
                gloo::events::EventListenerOptions::run_in_capture_phase(),
                |e| {
                    if let Some(d) = e
                        .target()
                        .and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok())
                    {
                        place_menu(&d);
                    }
                },
            );
            let panic = gloo::events::EventListener::new(
                &gloo::utils::window(),
                "svcdns-test-panic",
                |_| {
                    panic!("test panic requested through the svcdns-test-panic event");
                },
            );
            move || drop((keys, menus, panic))
        });
    }

    let markers = {
        let a = m.text_analysis().clone();
        use_memo(m.rev, move |_| {
            let mut v: Vec<Marker> = a
                .diagnostics
                .iter()
                .filter(|d| d.location.line > 0)
                .map(|d| Marker {
                    line: d.location.line,
                    column: d.location.column,
                    severity: d.severity,
                    message: d.message.clone(),
                })
                .collect();
            svcdns::support::sort::sort_by_key(&mut v, |x| x.line);
            Shared(Rc::new(v))
        })
    };
    let toggles = use_memo(m.s.toggles.clone(), |t| Shared(Rc::new(t.clone())));
    let summary = summary::Summary::of(&m.analysis);
    let on_text = dispatch.reform(Action::SetManifest);
    let embed = m.s.embed.clone().unwrap_or_default();
    let dark =
        m.s.theme
            .as_deref()
            .map(|t| t == "dark")
            .unwrap_or_else(system_dark);
    let toggle_theme = dispatch.reform(move |_: MouseEvent| {
        Action::SetTheme(Some(if dark { "light" } else { "dark" }.into()))
    });
    let examples_ref = use_node_ref();
    let share_box = use_share(&model);

    let view = m.s.view;
    let tabs = View::ALL.iter().map(|&v| {
        let selected = v == view;
        let onclick = dispatch.reform(move |_: MouseEvent| Action::SetView(v));
        let count = match v {
            View::Problems if !m.analysis.diagnostics.is_empty() => format!(" ({})", m.analysis.diagnostics.len()),
            _ => String::new(),
        };
        html! {
            <button role="tab" id={format!("tab-{}", v.slug())} aria-selected={if selected { "true" } else { "false" }}
                aria-controls={format!("panel-{}", v.slug())} tabindex={if selected { "0" } else { "-1" }} {onclick}>
                { v.label() }{ count }
            </button>
        }
    });
    let on_tab_key = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: KeyboardEvent| {
            let i = View::ALL.iter().position(|&v| v == view).unwrap_or(0);
            let next = match e.key().as_str() {
                "ArrowRight" => (i + 1) % 5,
                "ArrowLeft" => (i + 4) % 5,
                "Home" => 0,
                "End" => 4,
                _ => return,
            };
            e.prevent_default();
            let v = View::ALL[next];
            dispatch.emit(Action::SetView(v));
            let id = format!("tab-{}", v.slug());
            gloo::timers::callback::Timeout::new(0, move || focus(&id)).forget();
        })
    };
    // Long lists are drawn a page at a time (issue 18, item 11).
    // (i32: the editor's use_state_eq is of i32, one copy in the bundle.)
    let pages = use_state_eq(|| 1i32);
    let more = {
        let pages = pages.clone();
        Callback::from(move |_: MouseEvent| pages.set(*pages + 1))
    };
    let body = match view {
        #[cfg(feature = "cluster")]
        View::Compare => html! {
            <CompareView analysis={m.analysis.clone()} text={m.text.clone()}
                toggles={(*toggles).clone()} compare={m.s.compare.clone()} cluster={m.s.cluster.clone()} dispatch={dispatch.clone()} />
        },
        #[cfg(not(feature = "cluster"))]
        View::Compare => html! {
            <CompareView analysis={m.analysis.clone()} text={m.text.clone()}
                toggles={(*toggles).clone()} compare={m.s.compare.clone()} dispatch={dispatch.clone()} />
        },
        View::Lookup => lookup_view(&LookupProps {
            analysis: m.analysis.clone(),
            query: m.s.query.clone(),
            dispatch: dispatch.clone(),
        }),
        View::Zone => {
            html! { <ZoneView analysis={m.analysis.clone()} toggles={(*toggles).clone()} filter={AttrValue::from(m.s.zone_filter.clone())} dispatch={dispatch.clone()} /> }
        }
        View::StatefulSets => statefulsets_view(&StatefulSetsProps {
            analysis: m.analysis.clone(),
            dispatch: dispatch.clone(),
            pages: *pages as usize,
            more,
        }),
        View::Problems => problems_view(&ProblemsProps {
            analysis: m.analysis.clone(),
        }),
    };
    let examples: Vec<Html> = examples::all()
        .map(|ex| {
            let text = ex.text.to_string();
            let details = examples_ref.clone();
            let onclick = dispatch.reform(move |_: MouseEvent| {
                if let Some(d) = details.cast::<web_sys::HtmlDetailsElement>() {
                    d.set_open(false);
                    // Focus goes back to the menu's button, not to the page
                    // (issue 18, item 10).
                    if let Some(s) = d
                        .first_element_child()
                        .and_then(|s| s.dyn_into::<web_sys::HtmlElement>().ok())
                    {
                        let _ = s.focus();
                    }
                }
                Action::LoadExample(text.clone())
            });
            html! {
                <li>
                    <button class="example" data-file={ex.file} {onclick}>{ ex.title }</button>
                    <p>{ ex.teaches }</p>
                </li>
            }
        })
        .collect();
    let diags = &m.text_analysis().diagnostics;
    let toggled = m.s.toggles != Default::default();

    html! {
        <div class={classes!("app", embed.hide_editor.then_some("no-editor"))}>
            <header class="top">
                { Html::from_html_unchecked(AttrValue::Static(BRAND_HTML)) }
                <div class="tools">
                    <details class="menu examples" ref={examples_ref.clone()}>
                        <summary>{ "Examples" }</summary>
                        <ul class="gallery">{ for examples }</ul>
                    </details>
                    { components::lessons_menu(&dispatch) }
                    { components::cluster_menu(m, &dispatch) }
                    { Html::from_html_unchecked(AttrValue::Static(PASTE_CLUSTER_HTML)) }
                    { share_box }
                    <button id="theme" aria-pressed={if dark { "true" } else { "false" }} onclick={toggle_theme}>{ if dark { "☀ Light mode" } else { "☾ Dark mode" } }</button>
                    { Html::from_html_unchecked(AttrValue::Static(SHORTCUTS_HTML)) }
                </div>
            </header>
            <main class="layout">
                if !embed.hide_editor {
                    <section class="editor" aria-labelledby="editor-h">
                        <div class="pane-head">
                            <h2 id="editor-h"><label for="manifest">{ "Manifest" }</label></h2>
                            <span class="muted">{ "YAML, documents separated by ---" }</span>
                        </div>
                        <ManifestEditor value={m.text.clone()} markers={(*markers).clone()} on_change={on_text} read_only={embed.read_only} />
                        <div id="editor-problems">
                            if diags.is_empty() {
                                <p class="ok-msg">{ "✔ No problems found." }</p>
                            } else {
                                { components::problems::list(&mut diags.iter().take(6), false) }
                                if diags.len() > 6 {
                                    <button class="link" onclick={dispatch.reform(|_: MouseEvent| Action::SetView(View::Problems))}>
                                        { format!("All {} problems…", diags.len()) }
                                    </button>
                                }
                            }
                        </div>
                        { summary_panel(&SummaryPanelProps { summary }) }
                    </section>
                }
                <section class="results" aria-label="Results">
                    { components::lesson_panel(m, &dispatch) }
                    <div class="tabs" role="tablist" aria-label="Views" onkeydown={on_tab_key}>{ for tabs }</div>
                    if toggled {
                        <p class="toggled">
                            { "The simulated cluster differs from the manifests (scaled, restarted, flipped or not-ready pods). " }
                            <button class="link" onclick={dispatch.reform(|_: MouseEvent| Action::ResetToggles)}>{ "Reset" }</button>
                        </p>
                    }
                    <div role="tabpanel" id={format!("panel-{}", view.slug())} aria-labelledby={format!("tab-{}", view.slug())} class="panel">
                        { body }
                    </div>
                </section>
            </main>
        </div>
    }
}
