//! glibc's search walk (`res_search` in resolver.rs) as data: the steps an
//! explanation is worded from (`explain::reason`), asserted as values.

use svcdns::dns::RecordType;
use svcdns::resolver::{resolve, SearchStep};
use svcdns::{analyze, Analysis, Input, Options};

const WEB: &str = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80\n";

fn cluster(text: &str) -> Analysis {
    analyze(
        &[Input {
            name: "m.yaml",
            text,
        }],
        &Options::default(),
    )
}

fn steps(a: &Analysis, name: &str, qtype: RecordType) -> Vec<SearchStep> {
    resolve(&a.cluster, name, qtype, "default").steps
}

fn search() -> Vec<String> {
    [
        "default.svc.cluster.local",
        "svc.cluster.local",
        "cluster.local",
    ]
    .map(String::from)
    .to_vec()
}

#[test]
fn a_short_name_walks_the_search_list_and_stops_at_the_first_answer() {
    let a = cluster(WEB);
    assert_eq!(
        steps(&a, "web", RecordType::A),
        [
            SearchStep::SearchListFirst {
                name: "web".into(),
                dots: 0,
                search: search()
            },
            SearchStep::Answered {
                asked: "web.default.svc.cluster.local.".into()
            },
        ]
    );
}

#[test]
fn nodata_on_the_way_is_reported_rather_than_nxdomain() {
    // An IPv4 Service has no AAAA: NODATA at web.default.svc..., NXDOMAIN
    // at the other search names, upstream for `web.` as is.
    let a = cluster(WEB);
    assert_eq!(
        steps(&a, "web", RecordType::Aaaa),
        [
            SearchStep::SearchListFirst {
                name: "web".into(),
                dots: 0,
                search: search()
            },
            SearchStep::NoDataReported {
                asked: "web.default.svc.cluster.local.".into()
            },
            SearchStep::UpstreamNotSimulated,
        ]
    );
}

#[test]
fn a_missing_name_is_nxdomain_after_every_search_name() {
    let a = cluster(WEB);
    let s = steps(&a, "db", RecordType::A);
    assert_eq!(
        s[1..],
        [
            SearchStep::NxDomainReported,
            SearchStep::UpstreamNotSimulated
        ]
    );
}

#[test]
fn an_absolute_name_is_asked_once() {
    let a = cluster(WEB);
    assert_eq!(
        steps(&a, "web.default.svc.cluster.local.", RecordType::A),
        [SearchStep::Absolute {
            name: "web.default.svc.cluster.local.".into()
        }]
    );
}

#[test]
fn five_dots_ask_the_name_as_is_first() {
    let a = cluster(WEB);
    let s = steps(&a, "a.b.c.d.e.example.com", RecordType::A);
    assert_eq!(
        s[0],
        SearchStep::AsIsFirst {
            name: "a.b.c.d.e.example.com".into(),
            dots: 6
        }
    );
    // Upstream is not simulated: the walk goes on, and the first query's
    // error (the name as is) is the one reported.
    assert_eq!(
        s[1..],
        [
            SearchStep::FirstErrorReported,
            SearchStep::UpstreamNotSimulated
        ]
    );
}

#[test]
fn the_words_come_from_the_steps() {
    let a = cluster(WEB);
    let res = resolve(&a.cluster, "web", RecordType::A, "default");
    let words = svcdns::explain::reason::resolution_sentences(&res);
    assert_eq!(
        words.len(),
        res.steps.len() + res.final_response.reasons.len()
    );
    assert_eq!(words[0], res.steps[0].to_string());
    assert!(words[0].contains("fewer than ndots:5"), "{}", words[0]);
}
