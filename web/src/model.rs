//! The App's one state value and its reducer: the [`PlaygroundState`] (what
//! a share link carries) plus what is derived from it, the core's
//! [`Analysis`], recomputed whenever the text or the toggles change.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

#[cfg(feature = "cluster")]
use svcdns::profile::ProfileFlags;
use svcdns::{analyze_cached, Analysis, Cache, Input, Options};
use yew::prelude::*;

use crate::state::{PlaygroundState, QueryState, Style, View};

/// `performance.now()`, or 0 outside a browser.
pub fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

thread_local! {
    /// The documents of the last text read and the objects decoded from
    /// them, shared by every analysis on this page (the App's, the Compare
    /// view's what-if): a keystroke reads and decodes again only the `---`
    /// documents it touched. The result is the same as a fresh read (the
    /// core's `tests/incremental.rs`).
    static CACHE: RefCell<Cache> = RefCell::default();
    /// Analyses a recompute replaced, freed once the page shows the new one.
    static RETIRED: RefCell<Vec<Shared<Analysis>>> = const { RefCell::new(Vec::new()) };
}

/// Free `old` after this task: the page's render (a microtask) and its
/// effects come first. Freeing a 1,000-object analysis (its pods, slices
/// and index) took about 1.5 ms of each keystroke; a timer task runs it
/// after the results are shown. The views hold the old analysis until they
/// re-render, so it would otherwise be freed during the render.
fn retire(old: Shared<Analysis>) {
    RETIRED.with(|r| {
        let mut r = r.borrow_mut();
        if r.is_empty() {
            gloo::timers::callback::Timeout::new(0, || drop(RETIRED.take())).forget();
        }
        r.push(old);
    });
}

/// Run the core on the editor's text with the interactive overrides and
/// the Cluster control's values.
pub fn run(
    text: &str,
    toggles: &svcdns::controllers::State,
    #[cfg(feature = "cluster")] cluster: &ProfileFlags,
) -> Analysis {
    let inputs = [Input {
        name: "manifest.yaml",
        text,
    }];
    let options = Options {
        state: toggles.clone(),
        #[cfg(feature = "cluster")]
        profile: cluster.clone(),
        ..Options::default()
    };
    CACHE.with(|cache| analyze_cached(&inputs, &options, &mut cache.borrow_mut()))
}

/// A shared value compared by identity (cheap props).
#[derive(Debug)]
pub struct Shared<T>(pub Rc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// An analysis (with the toggles it was made under) compared by what it
/// was made from, not by identity: the same objects read from the same
/// YAML trees, in order, make the same profile and cluster (the core reads
/// the text only through them). A memo keyed on it is not recomputed by a
/// keystroke that leaves every object as it was (a comment, a blank line at
/// the end), however large the cluster (issue 18, item 11). Unchanged
/// documents hold the very same trees (the parse cache), so only an edited
/// document's tree is compared node by node. The profile in effect is
/// compared too: the Cluster control changes it without touching an
/// object.
#[derive(Clone)]
pub struct SameInput(pub Shared<Analysis>, pub Shared<svcdns::controllers::State>);

impl PartialEq for SameInput {
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (&self.0.objects, &other.0.objects);
        self.1 == other.1
            && (cfg!(not(feature = "cluster")) || self.0.profile == other.0.profile)
            && a.len() == b.len()
            && a.iter()
                .zip(b)
                .all(|(x, y)| Arc::ptr_eq(&x.node, &y.node) || x.node == y.node)
    }
}

/// The state plus what the core made of it.
#[derive(Clone, Debug)]
pub struct Model {
    /// What a share link carries.
    pub s: PlaygroundState,
    /// The manifest again, shared cheaply with the editor.
    pub text: AttrValue,
    /// The core's analysis of `s.manifest` under `s.toggles`.
    pub analysis: Shared<Analysis>,
    /// With what-if toggles on: the analysis of the text alone (no
    /// toggles), whose diagnostics the editor marks, since a toggle changes
    /// the simulated cluster, not the text (issue 18, item 10). `None`:
    /// no toggles, `analysis` is that.
    pub text_analysis: Option<Shared<Analysis>>,
    /// Bumped at every recompute.
    pub rev: u64,
    /// How long the last `analyze` took, in ms.
    pub compute_ms: f64,
    /// When the last action that recomputed arrived (`performance.now()`).
    pub started_at: f64,
}

impl PartialEq for Model {
    fn eq(&self, other: &Self) -> bool {
        self.rev == other.rev && self.s == other.s
    }
}

impl Model {
    /// The model of a state.
    pub fn new(s: PlaygroundState) -> Model {
        let t0 = now();
        let analysis = run(
            &s.manifest,
            &s.toggles,
            #[cfg(feature = "cluster")]
            &s.cluster,
        );
        let text_analysis = (s.toggles != Default::default()).then(|| {
            Shared(Rc::new(run(
                &s.manifest,
                &Default::default(),
                #[cfg(feature = "cluster")]
                &s.cluster,
            )))
        });
        Model {
            text: AttrValue::from(s.manifest.clone()),
            analysis: Shared(Rc::new(analysis)),
            text_analysis,
            rev: 1,
            compute_ms: now() - t0,
            started_at: t0,
            s,
        }
    }

    /// The Lookup's client namespace follows the manifests: after an
    /// example (`always`), or when no object is in it any more (a paste),
    /// it becomes the namespace most objects are in. A client left in a
    /// namespace the manifests do not use gets NXDOMAIN for every short
    /// name (issue 18, item 2: `shop` kept after loading the MySQL example).
    fn follow_namespace(&mut self, always: bool) {
        let objects = &self.analysis.objects;
        let q = &mut self.s.query;
        if objects.is_empty() || (!always && objects.iter().any(|o| o.namespace == q.namespace)) {
            return;
        }
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for o in objects.iter().filter(|o| !o.namespace.is_empty()) {
            match counts.iter_mut().find(|(n, _)| *n == o.namespace) {
                Some((_, c)) => *c += 1,
                None => counts.push((&o.namespace, 1)),
            }
        }
        let Some(&first) = counts.first() else {
            return;
        };
        // The first of the most used (max_by_key keeps the last).
        let mut best = first;
        for &c in &counts[1..] {
            if c.1 > best.1 {
                best = c;
            }
        }
        q.namespace = best.0.to_string();
    }

    /// The analysis of the text as written: what the editor marks.
    pub fn text_analysis(&self) -> &Shared<Analysis> {
        self.text_analysis.as_ref().unwrap_or(&self.analysis)
    }

    /// `text_changed`: the manifest or the cluster changed (else the
    /// toggles did).
    fn recompute(&mut self, t0: f64, text_changed: bool) {
        let was_toggled = self.text_analysis.is_some();
        let new = Shared(Rc::new(run(
            &self.s.manifest,
            &self.s.toggles,
            #[cfg(feature = "cluster")]
            &self.s.cluster,
        )));
        if self.s.toggles == Default::default() {
            self.text_analysis = None;
        } else if text_changed {
            let text = run(
                &self.s.manifest,
                &Default::default(),
                #[cfg(feature = "cluster")]
                &self.s.cluster,
            );
            self.text_analysis = Some(Shared(Rc::new(text)));
        } else if !was_toggled {
            // The first toggle: the analysis so far is the text's.
            self.text_analysis = Some(self.analysis.clone());
        }
        retire(std::mem::replace(&mut self.analysis, new));
        self.rev += 1;
        self.compute_ms = now() - t0;
        self.started_at = t0;
    }
}

/// Everything the page can do to the state.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// The editor's text changed.
    SetManifest(String),
    /// Load an example (text), resetting the toggles and selection.
    LoadExample(String),
    /// Show a view.
    SetView(View),
    /// Lookup: the name.
    SetQueryName(String),
    /// Lookup: the record type.
    SetQueryType(String),
    /// Lookup: the client namespace.
    SetQueryNamespace(String),
    /// Lookup: dig or nslookup.
    SetStyle(Style),
    /// Ask this name in the Lookup view.
    LookUp(QueryState),
    /// Set a workload's replicas (`Kind/namespace/name`).
    SetReplicas(String, i32),
    /// Mark a pod (`namespace/name`) ready or not.
    SetNotReady(String, bool),
    /// Restart a pod (`namespace/name`): same name, new IP.
    Restart(String),
    /// Make a Service (`namespace/name`) headless or regular.
    SetHeadless(String, bool),
    /// Set a Service's `publishNotReadyAddresses`.
    SetPublishNotReady(String, bool),
    /// Forget every interactive override.
    ResetToggles,
    /// Compare this Service (`namespace/name`).
    SetCompare(Option<String>),
    /// Zone view filter.
    SetZoneFilter(String),
    /// Theme: `Some("dark")`, `Some("light")`, `None` (system).
    SetTheme(Option<String>),
    /// The Cluster control's values (the profile flags; feature `cluster`).
    #[cfg(feature = "cluster")]
    SetCluster(ProfileFlags),
    /// Replace the whole state (share link opened).
    Replace(PlaygroundState),
    /// Follow a lesson (`None`: close it) at a step (from 0); with a text,
    /// load it as an example is loaded (the lesson's or the step's start).
    /// (Only with the feature `lessons`: without it, nothing in the bundle.)
    #[cfg(feature = "lessons")]
    SetLesson(Option<String>, u32, Option<String>),
}

impl Reducible for Model {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let t0 = now();
        let mut m = (*self).clone();
        let mut toggles_changed = false;
        // A lesson's text loads as an example does (one copy of that
        // path: `reduce` calling itself was inlined into itself). An
        // example chosen from the menu closes the lesson: its manifest is
        // not the lesson's, whose checks would all fail on it.
        #[cfg_attr(not(feature = "lessons"), allow(unused_mut))]
        let mut follow = (None, 0);
        #[cfg(feature = "lessons")]
        let action = match action {
            Action::SetLesson(lesson, step, Some(text)) => {
                follow = (lesson, step);
                Action::LoadExample(text)
            }
            Action::SetLesson(lesson, step, None) => {
                (m.s.lesson, m.s.step) = (lesson, step);
                // Drawn again even when the state is the same: a lesson
                // that arrived from its fetch is drawn.
                m.started_at = t0;
                m.compute_ms = 0.0;
                return Rc::new(m);
            }
            a => a,
        };
        let t = &mut m.s.toggles;
        match action {
            Action::SetManifest(text) => {
                if text == m.s.manifest {
                    return self;
                }
                m.text = AttrValue::from(text.clone());
                m.s.manifest = text;
                m.recompute(t0, true);
                m.follow_namespace(false);
                return Rc::new(m);
            }
            Action::LoadExample(text) => {
                (m.s.lesson, m.s.step) = follow;
                m.text = AttrValue::from(text.clone());
                m.s.manifest = text;
                m.s.toggles = Default::default();
                m.s.compare = None;
                m.recompute(t0, true);
                m.follow_namespace(true);
                return Rc::new(m);
            }
            #[cfg(feature = "cluster")]
            Action::SetCluster(c) => {
                if c == m.s.cluster {
                    return self;
                }
                m.s.cluster = c;
                m.recompute(t0, true);
                return Rc::new(m);
            }
            Action::Replace(s) => return Rc::new(Model::new(s)),
            #[cfg(feature = "lessons")]
            Action::SetLesson(..) => {}
            Action::SetView(v) => m.s.view = v,
            Action::SetQueryName(n) => m.s.query.name = n,
            Action::SetQueryType(n) => m.s.query.record_type = n,
            Action::SetQueryNamespace(n) => m.s.query.namespace = n,
            Action::SetStyle(s) => m.s.query.style = s,
            Action::LookUp(q) => {
                m.s.query = q;
                m.s.view = View::Lookup;
            }
            Action::SetReplicas(key, n) => {
                t.replicas
                    .insert(key, n.clamp(0, svcdns::controllers::MAX_REPLICAS));
                toggles_changed = true;
            }
            Action::SetNotReady(key, on) => {
                if on {
                    t.not_ready.insert(key);
                } else {
                    t.not_ready.remove(&key);
                }
                toggles_changed = true;
            }
            Action::Restart(key) => {
                *t.restarts.get_or_insert(key, 0) += 1;
                toggles_changed = true;
            }
            Action::SetHeadless(key, on) => {
                t.headless.insert(key, on);
                toggles_changed = true;
            }
            Action::SetPublishNotReady(key, on) => {
                t.publish_not_ready.insert(key, on);
                toggles_changed = true;
            }
            Action::ResetToggles => {
                *t = Default::default();
                toggles_changed = true;
            }
            Action::SetCompare(c) => m.s.compare = c,
            Action::SetZoneFilter(f) => m.s.zone_filter = f,
            Action::SetTheme(th) => m.s.theme = th,
        }
        if toggles_changed {
            m.recompute(t0, false);
        } else {
            m.started_at = t0;
            m.compute_ms = 0.0;
        }
        if m == *self {
            return self;
        }
        Rc::new(m)
    }
}
