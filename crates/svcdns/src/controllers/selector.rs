//! Label selectors (`k8s.io/apimachinery/pkg/labels`): a Service's
//! equality selector, a `metav1.LabelSelector`, and the pods' label index
//! the controllers and lints match them against.

use std::collections::BTreeMap;

use crate::api::LabelSelector;
use crate::cluster::{Pod, Service};
use crate::support::keymap::FastMap;

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
/// indexed: those are the only pairs a selector is looked up by.
pub struct PodLabelIndex<'a> {
    by_namespace_label: FastMap<(&'a str, &'a str, &'a str), Vec<usize>>,
    /// Across namespaces: built on the first such question (rare).
    by_label: std::cell::OnceCell<FastMap<(&'a str, &'a str), Vec<usize>>>,
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
            by_namespace_label: FastMap::default(),
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
            FastMap::with_capacity_and_hasher(pods.len(), Default::default());
        for (i, p) in pods.iter().enumerate() {
            for (k, v) in ix.indexed(p) {
                by_namespace_label
                    .entry((p.namespace.as_str(), k, v))
                    .or_insert_with(Vec::new)
                    .push(i);
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

    fn by_label(&self) -> &FastMap<(&'a str, &'a str), Vec<usize>> {
        self.by_label.get_or_init(|| {
            let mut m: FastMap<(&'a str, &'a str), Vec<usize>> = FastMap::default();
            for (i, p) in self.pods.iter().enumerate() {
                for pair in self.indexed(p) {
                    m.entry(pair).or_default().push(i);
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
            (Some((k, v)), Some(ns)) => self
                .by_namespace_label
                .get(&(ns, k.as_str(), v.as_str()))
                .map_or(&[], Vec::as_slice),
            (Some((k, v)), None) => self
                .by_label()
                .get(&(k.as_str(), v.as_str()))
                .map_or(&[], Vec::as_slice),
        };
        candidates
            .iter()
            .filter_map(move |&i| pods.get(i))
            .filter(move |p| selector_matches(selector, &p.labels))
    }
}
