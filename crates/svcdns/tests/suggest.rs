//! The nearest thing the learner meant (explain::suggest): for each kind of
//! "no", a manifest from examples/, the question, and the reason and the
//! question to ask instead that the finder must give. Every question asked
//! instead is then asked: it must be answered (NOERROR with records), or
//! the suggestion would send the learner to another "no".

use svcdns::dns::RecordType;
use svcdns::explain::suggest::{suggest, Facts, Question, Reason, Suggestion};
use svcdns::resolver::resolve;
use svcdns::{analyze, Analysis, Input, Options};

fn example(file: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/../../examples/{file}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("example readable")
}

fn analysis(text: &str, options: &Options) -> Analysis {
    analyze(
        &[Input {
            name: "m.yaml",
            text,
        }],
        options,
    )
}

fn q(name: &str, t: RecordType, ns: &str) -> Question {
    Question {
        name: name.into(),
        record_type: t,
        namespace: ns.into(),
    }
}

/// The suggestions for `question`, each "ask instead" checked to answer.
fn ask(a: &Analysis, question: &Question) -> Vec<Suggestion> {
    let facts = Facts {
        objects: &a.objects,
        accepted: &a.accepted,
        diagnostics: &a.diagnostics,
        kubernetes: &a.kubernetes(),
    };
    let r = resolve(
        &a.cluster,
        &question.name,
        question.record_type,
        &question.namespace,
    );
    let out = suggest(&facts, question, &r);
    for s in &out {
        if let Some(instead) = &s.ask {
            let r = resolve(
                &a.cluster,
                &instead.name,
                instead.record_type,
                &instead.namespace,
            );
            assert!(
                r.answered.is_some(),
                "asking {instead:?} instead of {question:?} ({}) is answered",
                s.text()
            );
        }
    }
    out
}

#[test]
fn an_answered_question_has_no_suggestion() {
    let a = analysis(&example("mysql-statefulset.yaml"), &Options::default());
    assert!(ask(&a, &q("mysql-0.mysql", RecordType::A, "default")).is_empty());
}

#[test]
fn same_name_in_another_namespace() {
    let a = analysis(&example("mysql-statefulset.yaml"), &Options::default());
    let s = ask(&a, &q("mysql-0.mysql", RecordType::A, "shop"));
    assert_eq!(
        s[0].reason,
        Reason::OtherNamespace {
            service: "mysql".into(),
            namespace: "default".into(),
            asked_in: "shop".into()
        }
    );
    assert_eq!(
        s[0].ask,
        Some(q("mysql-0.mysql.default", RecordType::A, "shop"))
    );
    assert_eq!(
        s[0].text(),
        "Service mysql is in namespace default, not shop: a short name only finds Services in the client's own namespace. Ask mysql-0.mysql.default."
    );
}

#[test]
fn a_pod_that_is_not_ready_short_name_too() {
    let mut options = Options::default();
    options.state.not_ready.insert("default/mysql-1".into());
    let a = analysis(&example("mysql-statefulset.yaml"), &options);
    for name in ["mysql-1.mysql", "mysql-1.mysql.default.svc.cluster.local."] {
        let s = ask(&a, &q(name, RecordType::A, "default"));
        assert_eq!(
            s.first().map(|s| &s.reason),
            Some(&Reason::NotReady {
                pod: "mysql-1".into(),
                service: "mysql".into()
            }),
            "{name}: {s:?}"
        );
    }
}

#[test]
fn a_port_name_that_does_not_exist_lists_those_that_do() {
    let a = analysis(&example("mysql-statefulset.yaml"), &Options::default());
    let s = ask(&a, &q("_db._tcp.mysql", RecordType::Srv, "default"));
    assert_eq!(
        s[0].reason,
        Reason::NoSuchPort {
            asked: "_db._tcp".into(),
            service: "mysql".into(),
            ports: vec!["_mysql._tcp".into()]
        }
    );
    assert_eq!(
        s[0].ask,
        Some(q("_mysql._tcp.mysql", RecordType::Srv, "default"))
    );
}

#[test]
fn an_object_the_api_server_rejected_with_its_line() {
    let a = analysis(
        &example("nodeport-headless-invalid.yaml"),
        &Options::default(),
    );
    let s = ask(&a, &q("web", RecordType::A, "default"));
    let Some(Reason::Rejected {
        kind,
        name,
        line,
        message,
    }) = s.first().map(|s| &s.reason)
    else {
        panic!("{s:?}");
    };
    assert_eq!((kind.as_str(), name.as_str()), ("Service", "web"));
    assert!(*line > 0, "a line");
    assert!(message.contains("spec.clusterIP"), "{message}");
}

#[test]
fn near_miss_spelling_and_a_pod_asked_by_its_own_name() {
    let a = analysis(&example("mysql-statefulset.yaml"), &Options::default());
    let s = ask(&a, &q("msyql", RecordType::A, "default"));
    assert_eq!(
        s[0].reason,
        Reason::Spelling {
            what: "Service",
            asked: "msyql".into(),
            meant: "mysql".into()
        }
    );
    assert_eq!(s[0].ask, Some(q("mysql", RecordType::A, "default")));
    let s = ask(&a, &q("mysql-0.mysql.defualt", RecordType::A, "default"));
    assert!(
        s.iter()
            .any(|s| s.ask == Some(q("mysql-0.mysql.default", RecordType::A, "default"))),
        "{s:?}"
    );
    let s = ask(&a, &q("mysql-0", RecordType::A, "default"));
    assert_eq!(
        s[0].ask,
        Some(q("mysql-0.mysql", RecordType::A, "default")),
        "{s:?}"
    );
}

#[test]
fn nodata_names_the_type_the_name_has() {
    let a = analysis(&example("mysql-statefulset.yaml"), &Options::default());
    let s = ask(&a, &q("mysql", RecordType::Aaaa, "default"));
    assert_eq!(
        s[0].reason,
        Reason::OtherType {
            service: "mysql".into(),
            asked: RecordType::Aaaa,
            has: RecordType::A
        }
    );
}
