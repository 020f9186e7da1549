//! svcdns playground: the browser front end.
//!
//! The page is a yew app built by trunk (`index.html` and `Trunk.toml` at the
//! repository root). All DNS logic lives in the pure `svcdns` core; this crate
//! only turns what the person types into calls to the core and renders the
//! result. Keep it that way: anything worth testing without a browser belongs
//! in the core (or in [`summary`] here, which is plain Rust).
//!
//! Layout, meant to grow:
//! - [`App`]: state and wiring;
//! - [`components`]: presentational pieces (editor, result panels);
//! - [`summary`]: the view model computed from the core's output.

pub mod components;
pub mod summary;

use components::{ManifestEditor, SummaryPanel};
use yew::prelude::*;

/// What the editor holds when the page opens.
pub const SAMPLE_MANIFEST: &str = "\
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector:
    app: web
  ports:
    - name: http
      port: 80
---
apiVersion: v1
kind: Service
metadata:
  name: web-headless
  namespace: shop
spec:
  clusterIP: None
  selector:
    app: web
  ports:
    - name: http
      port: 80
";

/// The playground page.
#[component]
pub fn App() -> Html {
    let text = use_state(|| SAMPLE_MANIFEST.to_string());
    let on_text = {
        let text = text.clone();
        Callback::from(move |value: String| text.set(value))
    };
    let summary = summary::Summary::of(&text);

    html! {
        <main class="app">
            <header>
                <h1>{ "svcdns" }</h1>
                <p class="tagline">
                    { "Paste Kubernetes manifests; see the DNS answers CoreDNS would give." }
                </p>
            </header>
            <ManifestEditor value={AttrValue::from((*text).clone())} on_change={on_text} />
            <SummaryPanel summary={summary} />
        </main>
    }
}
