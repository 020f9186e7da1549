//! The Lookup view: one question from a client pod, answered like `dig
//! +search` or `nslookup`, with the search-list walk step by step.

use svcdns::dns::RecordType;
use svcdns::explain::{dig, nslookup, suggest};
use svcdns::resolver;
use svcdns::Analysis;
use yew::prelude::*;

use crate::model::{Action, Shared};
use crate::state::{QueryState, Style};

/// Record types offered (any other can be typed as TYPEnnn in a link).
pub const TYPES: [&str; 9] = [
    "A", "AAAA", "SRV", "PTR", "CNAME", "TXT", "NS", "SOA", "ANY",
];

/// Props of [`LookupView`].
#[derive(Properties, PartialEq)]
pub struct LookupProps {
    /// The analysis.
    pub analysis: Shared<Analysis>,
    /// The question.
    pub query: QueryState,
    /// Dispatch.
    pub dispatch: Callback<Action>,
}

fn status_class(s: &str) -> &'static str {
    match s {
        "NOERROR" => "ok",
        "NODATA" => "warn",
        "UPSTREAM" => "muted",
        _ => "bad",
    }
}

/// The Lookup view.
pub fn lookup_view(p: &LookupProps) -> Html {
    let d = &p.dispatch;
    let q = &p.query;
    let a = &*p.analysis;
    let on_name = {
        let d = d.clone();
        Callback::from(move |e: InputEvent| {
            let i: web_sys::HtmlInputElement = e.target_unchecked_into();
            d.emit(Action::SetQueryName(i.value()));
        })
    };
    let on_type = {
        let d = d.clone();
        Callback::from(move |e: Event| {
            let s: web_sys::HtmlSelectElement = e.target_unchecked_into();
            d.emit(Action::SetQueryType(s.value()));
        })
    };
    let on_ns = {
        let d = d.clone();
        Callback::from(move |e: Event| {
            let s: web_sys::HtmlSelectElement = e.target_unchecked_into();
            d.emit(Action::SetQueryNamespace(s.value()));
        })
    };
    let style = |st: Style, label: &'static str| {
        let d = d.clone();
        html! {
            <label class="radio">
                <input type="radio" name="style" checked={q.style == st}
                    onchange={Callback::from(move |_| d.emit(Action::SetStyle(st)))} />
                { label }
            </label>
        }
    };
    let mut namespaces: Vec<String> = a.cluster.namespaces.clone();
    if !namespaces.contains(&q.namespace) {
        namespaces.push(q.namespace.clone());
    }
    let qtype = RecordType::parse(&q.record_type).unwrap_or(RecordType::A);
    let mut types: Vec<String> = TYPES.iter().map(|t| t.to_string()).collect();
    if !types.contains(&qtype.to_string()) {
        types.push(qtype.to_string());
    }
    let form = html! {
        <form class="query" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
            <div class="field grow">
                <label for="query-name">{ "Query" }</label>
                <input id="query-name" type="text" value={q.name.clone()} oninput={on_name}
                    spellcheck="false" autocomplete="off" autocapitalize="off" placeholder="my-svc, mysql-0.mysql, _http._tcp.web" />
            </div>
            <div class="field">
                <label for="query-type">{ "Record type" }</label>
                <select id="query-type" onchange={on_type}>
                    { for types.iter().map(|t| html! { <option value={t.clone()} selected={*t == qtype.to_string()}>{ t }</option> }) }
                </select>
            </div>
            <div class="field">
                <label for="query-ns">{ "Client namespace" }</label>
                <select id="query-ns" onchange={on_ns}>
                    { for namespaces.iter().map(|n| html! { <option value={n.clone()} selected={*n == q.namespace}>{ n }</option> }) }
                </select>
            </div>
            <fieldset class="field style">
                <legend>{ "Output" }</legend>
                { style(Style::Dig, "dig") }
                { style(Style::Nslookup, "nslookup") }
            </fieldset>
        </form>
    };
    if q.name.trim().is_empty() {
        return html! { <section class="lookup">{ form }<p class="muted">{ "Type a name to ask CoreDNS." }</p></section> };
    }
    let k = a.kubernetes();
    let res = resolver::resolve_with(&k, &q.name, qtype, &q.namespace);
    let server = resolver::nameserver(&a.cluster);
    let r = &res.final_response;
    let command = match q.style {
        Style::Dig => format!("dig {}", dig::args(&q.name, qtype)),
        Style::Nslookup => format!("nslookup {}", nslookup::args(&q.name, qtype)),
    };
    let output = match q.style {
        Style::Dig => dig::response(&dig::args(&q.name, qtype), r, &server),
        Style::Nslookup => nslookup::response(&q.name, r, &server),
    };
    let status = r.status();
    // Every "no" says what the learner probably meant (issue 18).
    let facts = suggest::Facts {
        objects: &a.objects,
        accepted: &a.accepted,
        diagnostics: &a.diagnostics,
        kubernetes: &k,
    };
    let question = suggest::Question {
        name: q.name.clone(),
        record_type: qtype,
        namespace: q.namespace.clone(),
    };
    let hints = suggest::suggest(&facts, &question, &res);
    let hint = |s: &suggest::Suggestion| {
        let ask = s.ask.as_ref().map(|x| {
            let next = QueryState {
                name: x.name.clone(),
                record_type: x.record_type.to_string(),
                namespace: x.namespace.clone(),
                style: q.style,
            };
            let d = d.clone();
            html! { <button class="small ask" onclick={Callback::from(move |_: MouseEvent| d.emit(Action::LookUp(next.clone())))}>{ "Ask that instead" }</button> }
        });
        html! { <li>{ s.text() }{ for ask }</li> }
    };
    html! {
        <section class="lookup">
            { form }
            <p class="cmd"><code>{ format!("$ kubectl exec -n {} client -- {command}", q.namespace) }</code></p>
            <h3>{ "Search list, step by step" }</h3>
            <ol class="steps">
                { for res.tried.iter().enumerate().map(|(i, (name, resp))| {
                    let st = resp.status();
                    let won = res.answered == Some(i);
                    html! {
                        <li class={classes!(won.then_some("won"))}>
                            <code>{ name }</code>{ " " }
                            <span class={classes!("rcode", status_class(st))}>{ st }</span>
                            if won { <span class="tag">{ " ← answer used" }</span> }
                        </li>
                    }
                }) }
            </ol>
            <p class="result">{ "Result: " }<span id="lookup-rcode" class={classes!("rcode", "big", status_class(status))}>{ status }</span>
                { format!("  {} answer, {} authority, {} additional", r.answer.len(), r.authority.len(), r.additional.len()) }</p>
            if !hints.is_empty() {
                <h3>{ "What you probably meant" }</h3>
                <ul class="why meant" id="lookup-meant">{ for hints.iter().map(hint) }</ul>
            }
            <pre class="out" id="lookup-output">{ output }</pre>
            <h3>{ "Why" }</h3>
            <ul class="why">
                { for res.explanation.iter().cloned().chain(svcdns::explain::reason::sentences(&r.reasons)).map(|e| html! { <li>{ e }</li> }) }
            </ul>
        </section>
    }
}
