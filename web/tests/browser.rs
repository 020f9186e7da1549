//! Browser tests: run in headless Chromium by wasm-bindgen-test-runner
//! (`cargo test -p svcdns-web --target wasm32-unknown-unknown`, with
//! CHROMEDRIVER=/usr/bin/chromedriver; see scripts/test.sh).
#![cfg(target_arch = "wasm32")]

use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

/// yew renders asynchronously: let it run.
async fn tick() {
    yew::platform::time::sleep(Duration::from_millis(20)).await;
}

fn mount() -> (Element, yew::AppHandle<svcdns_web::App>) {
    let doc = gloo::utils::document();
    let root = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    let handle = yew::Renderer::<svcdns_web::App>::with_root(root.clone()).render();
    (root, handle)
}

fn text_of(root: &Element, selector: &str) -> Option<String> {
    root.query_selector(selector)
        .unwrap()
        .map(|e| e.text_content().unwrap_or_default())
}

fn type_into(root: &Element, text: &str) {
    let area: HtmlTextAreaElement = root
        .query_selector("textarea[aria-label=Manifest]")
        .unwrap()
        .expect("a textarea labelled Manifest")
        .dyn_into()
        .unwrap();
    area.set_value(text);
    area.dispatch_event(&Event::new("input").unwrap()).unwrap();
}

fn namespaces(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {n}\n"))
        .collect::<Vec<_>>()
        .join("---\n")
}

#[wasm_bindgen_test]
async fn shows_the_sample_summary() {
    let (root, handle) = mount();
    tick().await;
    assert_eq!(
        text_of(&root, "#summary").as_deref(),
        Some("2 objects, 0 errors")
    );
    assert_eq!(text_of(&root, "#first-error"), None);
    let records = text_of(&root, "#records").unwrap();
    assert!(records.ends_with(" DNS records"), "{records}");
    handle.destroy();
    root.remove();
}

#[wasm_bindgen_test]
async fn updates_on_input() {
    let (root, handle) = mount();
    tick().await;
    type_into(&root, &namespaces(&["a", "b", "c"]));
    tick().await;
    assert_eq!(
        text_of(&root, "#summary").as_deref(),
        Some("3 objects, 0 errors")
    );
    type_into(&root, "a: [1, 2\n");
    tick().await;
    assert_eq!(
        text_of(&root, "#summary").as_deref(),
        Some("0 objects, 1 error")
    );
    let err = text_of(&root, "#first-error").expect("the YAML error is shown");
    assert!(err.contains("line "), "{err}");
    handle.destroy();
    root.remove();
}
