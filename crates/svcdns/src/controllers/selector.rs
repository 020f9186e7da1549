//! Label selectors (`k8s.io/apimachinery/pkg/labels`): a Service's
//! equality selector, a `metav1.LabelSelector`, and the pods' label index
//! the controllers and lints match them against.

use std::collections::BTreeMap;

use crate::api::LabelSelector;
use crate::cluster::{Pod, Service};
use crate::support::keymap::{self, Key, Table};

/// Whether a label set matches a Service's equality selector.
pub fn selector_matches(
    selector: &BTreeMap<String, String>,
    labels: &BTreeMap<String, String>,
) -> bool {
    selector.iter().all(|(k, v)| labels.get(k) == Some(v))
}

/// Whether labels match a `metav1.LabelSelector` (matchLabels and
/// matchExpressions). An unknown operator matches nothing.
pub fn label_selector_matches(sel: &LabelSelector, labels: &BTreeMap<String, String>) -> bool {
    if !selector_matches(&sel.match_labels, labels) {
        return false;
    }
    sel.match_expressions.iter().all(|e| {
        let v = labels.get(&e.key);
        match e.operator.as_str() {
            "In" => v.is_some_and(|v| e.values.contains(v)),
            "NotIn" => v.is_none_or(|v| !e.values.contains(v)),
            "Exists" => v.is_some(),
            "DoesNotExist" => v.is_none(),
            _ => false,
        }
    })
}

/// Pods by label, so that matching a selector looks at the pods that carry
/// its first label pair instead of every pod (as an informer's indexer does).
/// Only labels whose key is the first key of some Service's selector are
/// indexed: those are the only pairs a selector is looked up by. Keyed by
/// (namespace, key, value) and (key, value) on the index's [`Table`] (one
/// hash-table copy in the bundle serves every such table).
pub struct PodLabelIndex<'a> {
    by_namespace_label: Table,
    /// Across namespaces: built on the first such question (rare).
    by_label: std::cell::OnceCell<Table>,
    pods: &'a [Pod],
    /// The first keys of the selectors of the Services asked about, sorted
    /// and deduplicated: a few keys (`app`, `k8s-app`), so a binary search
    /// beats hashing every label of every pod.
    keys: Vec<&'a str>,
}

impl<'a> PodLabelIndex<'a> {
    /// Index these pods' labels, for the selectors of these Services.
    pub fn new(pods: &'a [Pod], services: &'a [Service]) -> Self {
        let mut ix = PodLabelIndex {
            by_namespace_label: Table::default(),
            by_label: std::cell::OnceCell::new(),
            pods,
            keys: services
                .iter()
                .filter_map(|s| Some(s.selector.as_ref()?.keys().next()?.as_str()))
                .collect(),
        };
        crate::support::sort::sort_by(&mut ix.keys, |a, b| a.cmp(b));
        ix.keys.dedup();
        // About one indexed label per pod.
        let mut by_namespace_label =
            Table::with_capacity_and_hasher(pods.len(), Default::default());
        for (i, p) in pods.iter().enumerate() {
            for (k, v) in ix.indexed(p) {
                let key = Key::new(&[p.namespace.as_bytes(), k.as_bytes(), v.as_bytes()]);
                keymap::add(&mut by_namespace_label, key, i);
            }
        }
        ix.by_namespace_label = by_namespace_label;
        ix
    }

    /// The labels of a pod that the index holds.
    fn indexed<'s>(&'s self, p: &'a Pod) -> impl Iterator<Item = (&'a str, &'a str)> + 's {
        p.labels
            .iter()
            .filter(|(k, _)| self.keys.binary_search(&k.as_str()).is_ok())
            .map(|(k, v)| (k.as_str(), v.as_str()))
    }

    fn by_label(&self) -> &Table {
        self.by_label.get_or_init(|| {
            let mut m = Table::default();
            for (i, p) in self.pods.iter().enumerate() {
                for (k, v) in self.indexed(p) {
                    keymap::add(&mut m, Key::new(&[k.as_bytes(), v.as_bytes()]), i);
                }
            }
            m
        })
    }

    /// Pods (of `pods`, the slice indexed) that an equality selector (of
    /// one of the Services indexed for) selects, in `namespace` or in any
    /// namespace, in order. An empty selector selects nothing here
    /// (Services treat it as no selector).
    pub fn select<'p>(
        &'p self,
        pods: &'p [Pod],
        namespace: Option<&'p str>,
        selector: &'p BTreeMap<String, String>,
    ) -> impl Iterator<Item = &'p Pod> + 'p {
        let candidates: &[usize] = match (selector.iter().next(), namespace) {
            (None, _) => &[],
            (Some((k, v)), Some(ns)) => keymap::find(
                &self.by_namespace_label,
                &[ns.as_bytes(), k.as_bytes(), v.as_bytes()],
            ),
            (Some((k, v)), None) => keymap::find(self.by_label(), &[k.as_bytes(), v.as_bytes()]),
        };
        candidates
            .iter()
            .filter_map(move |&i| pods.get(i))
            .filter(move |p| selector_matches(selector, &p.labels))
    }
}
