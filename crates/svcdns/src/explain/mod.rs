//! Explanations: what the core computed, in the words and layouts a person
//! reads, the same for every shell.

pub mod compare;
pub mod dig;
pub mod nslookup;
pub mod plain;
pub mod reason;
pub mod suggest;
