//! Browser tests: run in headless Chromium by wasm-bindgen-test-runner
//! (`cargo test -p svcdns-web --target wasm32-unknown-unknown`, with
//! CHROMEDRIVER=/usr/bin/chromedriver; see scripts/test.sh).
#![cfg(target_arch = "wasm32")]

use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, HtmlElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

/// yew renders asynchronously: let it run.
async fn tick() {
    yew::platform::time::sleep(Duration::from_millis(30)).await;
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

fn click(root: &Element, selector: &str) {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("{selector} not found"))
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
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

async fn done(root: Element, handle: yew::AppHandle<svcdns_web::App>) {
    handle.destroy();
    root.remove();
    tick().await;
}

#[wasm_bindgen_test]
async fn shows_the_sample_summary_and_compare_view() {
    let (root, handle) = mount();
    tick().await;
    assert_eq!(
        text_of(&root, "#summary").as_deref(),
        Some("3 objects, 0 errors")
    );
    assert_eq!(text_of(&root, "#editor-problems .diag.error"), None);
    let regular = text_of(&root, "#col-regular").expect("regular column");
    let headless = text_of(&root, "#col-headless").expect("headless column");
    assert!(regular.contains("my-regular-svc"), "{regular}");
    assert!(headless.contains("clusterIP: None"), "{headless}");
    assert_eq!(
        headless.matches("Address: 10.244.").count(),
        3,
        "{headless}"
    );
    assert!(root
        .query_selector("#col-headless svg.diagram")
        .unwrap()
        .is_some());
    done(root, handle).await;
}

#[wasm_bindgen_test]
async fn updates_on_input_and_marks_the_error_line() {
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
    let err = text_of(&root, "#editor-problems .diag.error .msg").expect("the YAML error is shown");
    assert!(err.contains("line "), "{err}");
    // The gutter marks the line with an icon and words, not colour alone.
    let mark = root
        .query_selector(".gutter .mark")
        .unwrap()
        .expect("a marker");
    let label = mark.get_attribute("aria-label").unwrap();
    assert!(label.starts_with("error on line "), "{label}");
    assert!(root.query_selector(".hl .l.error").unwrap().is_some());
    // The editor's problem list has an entry that jumps to it.
    assert!(root
        .query_selector("#editor-problems .jump")
        .unwrap()
        .is_some());
    done(root, handle).await;
}

#[wasm_bindgen_test]
async fn highlights_yaml() {
    let (root, handle) = mount();
    tick().await;
    let keys = root.query_selector_all(".hl .t-k").unwrap().length();
    assert!(keys > 10, "{keys} keys highlighted");
    assert!(text_of(&root, ".hl").unwrap().contains("apiVersion: v1"));
    done(root, handle).await;
}

#[wasm_bindgen_test]
async fn every_view_renders() {
    let (root, handle) = mount();
    tick().await;
    for (tab, needle) in [
        ("#tab-lookup", "Search list"),
        ("#tab-zone", "records"),
        ("#tab-statefulsets", "No StatefulSet"),
        ("#tab-problems", ""),
        ("#tab-compare", "nslookup"),
    ] {
        click(&root, tab);
        tick().await;
        let panel = text_of(&root, "[role=tabpanel]").unwrap();
        assert!(panel.contains(needle), "{tab}: {panel}");
    }
    done(root, handle).await;
}

#[wasm_bindgen_test]
async fn scaling_a_statefulset_adds_an_identity() {
    let (root, handle) = mount();
    tick().await;
    let mysql = svcdns_web::examples::by_file("mysql-statefulset.yaml").unwrap();
    type_into(&root, mysql.text);
    tick().await;
    click(&root, "#tab-statefulsets");
    tick().await;
    assert_eq!(
        text_of(&root, "#replicas-mysql").as_deref(),
        Some("3 replicas")
    );
    click(&root, "button[aria-label='Scale mysql up']");
    tick().await;
    assert_eq!(
        text_of(&root, "#replicas-mysql").as_deref(),
        Some("4 replicas")
    );
    let panel = text_of(&root, "[role=tabpanel]").unwrap();
    assert!(
        panel.contains("mysql-3.mysql.default.svc.cluster.local."),
        "{panel}"
    );
    assert!(
        panel.contains("mysql-3 → mysql-2 → mysql-1 → mysql-0"),
        "{panel}"
    );
    done(root, handle).await;
}

#[wasm_bindgen_test]
async fn connect_twenty_times() {
    let (root, handle) = mount();
    tick().await;
    click(&root, "#connect-20");
    tick().await;
    let counts = |sel: &str| -> Vec<u32> {
        let list = root.query_selector_all(&format!("{sel} .count")).unwrap();
        (0..list.length())
            .map(|i| {
                list.item(i)
                    .unwrap()
                    .text_content()
                    .unwrap()
                    .parse()
                    .unwrap()
            })
            .collect()
    };
    assert_eq!(counts(".spread.headless"), vec![7, 7, 6]);
    assert_eq!(counts(".spread.regular").iter().sum::<u32>(), 20);
    done(root, handle).await;
}
