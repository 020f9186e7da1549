//! Entry point for trunk: mount the app on `<body>`.

fn main() {
    yew::Renderer::<svcdns_web::App>::new().render();
}
