//! DNS vocabulary (RFC 1035 and friends), nothing Kubernetes-specific:
//! domain names ([`name`]), resource records ([`Record`], [`RData`],
//! [`RecordType`], [`Rcode`]) and the message's question ([`Question`]).
//! What CoreDNS answers is [`crate::coredns`]; what a pod's resolver does
//! with it is [`crate::resolver`].

mod message;
pub mod name;
mod record;

pub use message::Question;
pub use record::{RData, Rcode, Record, RecordType};
