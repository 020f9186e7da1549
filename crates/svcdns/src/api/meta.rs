//! `k8s.io/apimachinery` types every group uses: `metav1.ObjectMeta`,
//! `metav1.LabelSelector`, `intstr.IntOrString`.

use std::collections::BTreeMap;

/// `IntOrString` (`targetPort`, `maxUnavailable`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IntOrString {
    /// An integer.
    Int(i32),
    /// A string.
    Str(String),
}

/// `metav1.ObjectMeta` (the fields svcdns reads).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ObjectMeta {
    /// `name`.
    pub name: Option<String>,
    /// `generateName`.
    pub generate_name: Option<String>,
    /// `namespace`.
    pub namespace: Option<String>,
    /// `labels`.
    pub labels: BTreeMap<String, String>,
    /// `annotations`.
    pub annotations: BTreeMap<String, String>,
    /// `deletionTimestamp` is set.
    pub deletion_timestamp: Option<String>,
}

/// `metav1.LabelSelectorRequirement`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LabelSelectorRequirement {
    /// `key`.
    pub key: String,
    /// `operator`: In, NotIn, Exists, DoesNotExist.
    pub operator: String,
    /// `values`.
    pub values: Vec<String>,
}

/// `metav1.LabelSelector`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LabelSelector {
    /// `matchLabels`.
    pub match_labels: BTreeMap<String, String>,
    /// `matchExpressions`.
    pub match_expressions: Vec<LabelSelectorRequirement>,
}
