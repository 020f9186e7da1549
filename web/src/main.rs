//! Entry point for trunk: install the panic hook, read a share link, mount
//! the app on `<body>`.

// Talc instead of std's dlmalloc: smaller in the bundle, and faster.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    svcdns_web::panic::install();
    wasm_bindgen_futures::spawn_local(async {
        svcdns_web::load_link().await;
        yew::Renderer::<svcdns_web::App>::new().render();
    });
}
