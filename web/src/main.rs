//! Entry point for trunk: read a share link, mount the app on `<body>`.
//!
//! A panic is not handled here: the release build aborts at once
//! (`-Cpanic=immediate-abort`, see scripts/build-release.sh), so no Rust hook
//! would run. The trap reaches JavaScript as a `WebAssembly.RuntimeError`,
//! and index.html's script shows the "svcdns hit a bug" screen with the
//! editor's text (in debug builds yew's own hook logs the message first).

// Talc instead of std's dlmalloc: smaller in the bundle, and faster.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    wasm_bindgen_futures::spawn_local(async {
        svcdns_web::load_link().await;
        yew::Renderer::<svcdns_web::App>::new().render();
    });
}
