//! The manifest editor: a labelled textarea.

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// Props of [`ManifestEditor`].
#[derive(Properties, PartialEq)]
pub struct ManifestEditorProps {
    /// The text shown.
    pub value: AttrValue,
    /// Called with the whole text on every edit.
    pub on_change: Callback<String>,
}

/// A plain `<textarea>` for pasted manifests.
#[component]
pub fn ManifestEditor(props: &ManifestEditorProps) -> Html {
    let oninput = {
        let on_change = props.on_change.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            on_change.emit(area.value());
        })
    };
    html! {
        <section class="editor">
            <label for="manifest">{ "Manifests (YAML, several documents separated by ---)" }</label>
            <textarea
                id="manifest"
                aria-label="Manifest"
                spellcheck="false"
                autocomplete="off"
                rows="20"
                value={props.value.clone()}
                {oninput}
            />
        </section>
    }
}
