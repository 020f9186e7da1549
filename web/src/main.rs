//! Entry point for trunk: install the panic hook, mount the app on `<body>`.

fn main() {
    svcdns_web::panic::install();
    yew::Renderer::<svcdns_web::App>::new().render();
}
