//! The Lookup view: one question from a client pod, answered like `dig
//! +search` or `nslookup`, with the search-list walk step by step.

use svcdns::dns::RecordType;
use svcdns::explain::{dig, nslookup, suggest};
use svcdns::resolver;
use svcdns::Analysis;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::model::{Action, Shared};
use crate::raw::{esc, raw};
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
    // The selects and the radios: one handler (the form's `change`), by the
    // control's id; they are HTML text, redrawn when the choice changes, so
    // the control that changed gets the focus back.
    let on_change = {
        let d = d.clone();
        Callback::from(move |e: Event| {
            let c: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let (id, v) = (c.id(), c.value());
            d.emit(match id.as_str() {
                "query-type" => Action::SetQueryType(v),
                "query-ns" => Action::SetQueryNamespace(v),
                "style-dig" => Action::SetStyle(Style::Dig),
                "style-nslookup" => Action::SetStyle(Style::Nslookup),
                // The query box (a change when it loses the focus).
                _ => return,
            });
            gloo::timers::callback::Timeout::new(0, move || crate::focus(&id)).forget();
        })
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
    let options = |h: &mut String, all: &[String], chosen: &str| {
        for o in all {
            h.push_str("<option value=\"");
            esc(o, h);
            h.push_str(if o == chosen { "\" selected>" } else { "\">" });
            esc(o, h);
            h.push_str("</option>");
        }
    };
    let mut controls =
        String::from("<div class=\"field\"><label for=\"query-type\">Record type</label><select id=\"query-type\">");
    options(&mut controls, &types, &qtype.to_string());
    controls.push_str("</select></div><div class=\"field\"><label for=\"query-ns\">Client namespace</label><select id=\"query-ns\">");
    options(&mut controls, &namespaces, &q.namespace);
    controls.push_str("</select></div><fieldset class=\"field style\"><legend>Output</legend>");
    for (st, name) in [(Style::Dig, "dig"), (Style::Nslookup, "nslookup")] {
        let checked = if q.style == st { " checked" } else { "" };
        controls.push_str(&format!(
            "<label class=\"radio\"><input type=\"radio\" name=\"style\" id=\"style-{name}\" value=\"{name}\"{checked}>{name}</label>"
        ));
    }
    controls.push_str("</fieldset>");
    let form = html! {
        <form class="query" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())} onchange={on_change}>
            <div class="field grow">
                <label for="query-name">{ "Query" }</label>
                <input id="query-name" type="text" value={q.name.clone()} oninput={on_name}
                    spellcheck="false" autocomplete="off" autocapitalize="off" placeholder="my-svc, mysql-0.mysql, _http._tcp.web" />
            </div>
            { raw(controls) }
        </form>
    };
    let style = q.style;
    let d = d.clone();
    let ask = Callback::from(move |e: MouseEvent| {
        let Some(ask) = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|t| t.closest("[data-ask]").ok().flatten())
            .and_then(|b| b.get_attribute("data-ask"))
        else {
            return;
        };
        let mut ask = ask.split('\n').map(String::from);
        d.emit(Action::LookUp(QueryState {
            name: ask.next().unwrap_or_default(),
            record_type: ask.next().unwrap_or_default(),
            namespace: ask.next().unwrap_or_default(),
            style,
        }))
    });
    html! {
        <section class="lookup" onclick={ask}>
            { form }
            { raw(answer(q, qtype, a)) }
        </section>
    }
}

/// The answer to the question, as HTML text: drawn as one raw node
/// (redrawn only when it changes), much smaller in the wasm than the same
/// elements built by `html!`. "Ask that instead" buttons carry their
/// question (`data-ask`: name, type and namespace, a line each) for the
/// view's one click handler.
fn answer(q: &QueryState, qtype: RecordType, a: &Analysis) -> String {
    if q.name.trim().is_empty() {
        return "<p class=\"muted\">Type a name to ask CoreDNS.</p>".into();
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
    let mut h = String::from("<p class=\"cmd\"><code>$ kubectl exec -n ");
    let text = |h: &mut String, t: &str| esc(t, h);
    text(&mut h, &format!("{} client -- {command}", q.namespace));
    h.push_str("</code></p><h3>Search list, step by step</h3><ol class=\"steps\">");
    for (i, (name, resp)) in res.tried.iter().enumerate() {
        let st = resp.status();
        let won = res.answered == Some(i);
        h.push_str(if won {
            "<li class=\"won\"><code>"
        } else {
            "<li><code>"
        });
        text(&mut h, name);
        h.push_str(&format!(
            "</code> <span class=\"rcode {}\">{st}</span>{}</li>",
            status_class(st),
            if won {
                "<span class=\"tag\"> ← answer used</span>"
            } else {
                ""
            }
        ));
    }
    h.push_str(&format!(
        "</ol><p class=\"result\">Result: <span id=\"lookup-rcode\" class=\"rcode big {}\">{status}</span>  {} answer, {} authority, {} additional</p>",
        status_class(status),
        r.answer.len(),
        r.authority.len(),
        r.additional.len()
    ));
    if !hints.is_empty() {
        h.push_str("<h3>What you probably meant</h3><ul class=\"why meant\" id=\"lookup-meant\">");
        for s in &hints {
            h.push_str("<li>");
            text(&mut h, &s.text());
            if let Some(x) = &s.ask {
                h.push_str("<button class=\"small ask\" data-ask=\"");
                text(
                    &mut h,
                    &format!("{}\n{}\n{}", x.name, x.record_type, x.namespace),
                );
                h.push_str("\">Ask that instead</button>");
            }
            h.push_str("</li>");
        }
        h.push_str("</ul>");
    }
    h.push_str("<pre class=\"out\" id=\"lookup-output\">");
    text(&mut h, &output);
    h.push_str("</pre><h3>Why</h3><ul class=\"why\">");
    for e in svcdns::explain::reason::resolution_sentences(&res) {
        h.push_str("<li>");
        text(&mut h, &e);
        h.push_str("</li>");
    }
    h.push_str("</ul>");
    h
}
