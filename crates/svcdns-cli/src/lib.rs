//! The parts of the `svcdns` command that tests and fuzz targets reach
//! directly: the DNS server of `svcdns serve` (its packet path is a pure
//! function of the bytes received and the cluster served).

pub mod serve;
