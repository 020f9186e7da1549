//! One datagram or TCP message in, at most one reply out: what CoreDNS
//! 1.14.7 (miekg/dns 1.1.72 underneath) does with the bytes, with the
//! kubernetes plugin's answer computed by the core.
//!
//! The steps, each after its upstream function:
//! - miekg/dns `server.go` `serveDNS`: fewer than 12 octets (no header) is
//!   dropped ("let client hang, they are sending crap; any reply can be used
//!   to amplify"); `acceptfunc.go` `defaultMsgAcceptFunc`: a response (QR) is
//!   ignored, an opcode other than QUERY and NOTIFY gets NOTIMP, QDCOUNT
//!   other than 1, ANCOUNT > 1, NSCOUNT > 1 or ARCOUNT > 2 gets FORMERR; a
//!   message that does not unpack gets FORMERR. Those replies are the bare
//!   header (`SetRcodeFormatError`, sections cleared), plus the question
//!   when it had unpacked before the error.
//! - CoreDNS `core/dnsserver/server.go` `ServeDNS`: no question is SERVFAIL,
//!   a class other than IN is REFUSED, an EDNS version other than 0 is
//!   BADVERS (`plugin/pkg/edns` `Version`); then the reply goes through
//!   `request.ScrubWriter`: the request's OPT is echoed (`SizeAndDo`) and the
//!   reply is made to fit the client's buffer (`Scrub`, miekg `Truncate`).
//! - the `kubernetes` plugin (`handler.go` `ServeDNS`): the core's
//!   [`Kubernetes::answer`], the call `svcdns dig NAME.` makes. A name the
//!   plugin passes on (outside its zones, or a reverse miss under
//!   `fallthrough`) goes to `forward`, which here has no reachable upstream:
//!   `forward.go` returns SERVFAIL and `server.go` `errorFunc` writes it.
//!   It is sent at once, as when the upstream refuses or the network is
//!   unreachable; an upstream that drops packets silently would hold
//!   CoreDNS's SERVFAIL until forward's 5 s deadline.
//!
//! Names are read as miekg reads them (`read_name`: forward compression
//! pointers followed, at most 126), not by `domain`'s stricter parser, since
//! that decides FORMERR. Known difference, on malformed input only: record
//! data in the answer, authority and additional sections of a query is
//! checked for length only (miekg unpacks it by type; an OPT's options are
//! checked here too).
//!
//! Every reply copies the ID and opcode, and RD and CD when the opcode is
//! QUERY (miekg `SetReply`); RA is never set (neither `SetReply` nor the
//! plugin sets it: dig prints "recursion requested but not available"). AA
//! is set on the plugin's own answers (NOERROR with records, NODATA,
//! NXDOMAIN), not on SERVFAIL, REFUSED or FORMERR.

use std::fmt::Write as _;
use std::str::FromStr;

use domain::base::iana::{Class, Opcode, OptRcode, Rcode as WireRcode};
use domain::base::message_builder::{AdditionalBuilder, MessageBuilder, PushError, TreeCompressor};
use domain::base::name::Name;
use domain::base::wire::Composer;
use domain::base::{Rtype, Serial, Ttl};
use domain::dep::octseq::Parser;
use domain::rdata::{Aaaa, Cname, Ns, Ptr, Soa, Srv, Txt, A};
use svcdns::coredns::{Kubernetes, Response};
use svcdns::dns::{RData, Rcode, Record, RecordType};

/// How the message arrived.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transport {
    /// UDP: the reply is made to fit the client's EDNS buffer (512 without
    /// EDNS), with TC set when records had to be left out.
    Udp,
    /// TCP: up to 65,535 octets, answered whole.
    Tcp,
}

/// Who sent it: the transport and the address family (the UDP
/// anti-fragmentation rule of `request.Scrub` differs by family).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Peer {
    /// UDP or TCP.
    pub transport: Transport,
    /// Whether the client is on IPv6.
    pub v6: bool,
}

/// The largest DNS message (a TCP length prefix is 16 bits).
pub const MAX_MESSAGE: usize = 65_535;
/// The smallest buffer a UDP client has (RFC 1035, RFC 6891 §6.2.5).
const MIN_UDP: usize = 512;

/// What happened to one message: the reply to send (none: dropped) and
/// what the query log says about it.
#[derive(Debug)]
pub struct Exchange {
    /// The reply's bytes, without a TCP length prefix.
    pub reply: Option<Vec<u8>>,
    /// The message ID, when there was a header.
    pub id: Option<u16>,
    /// The question as presentation text (`name type class`), when it
    /// unpacked.
    pub question: Option<QuestionText>,
    /// The request's EDNS: UDP size and DO bit.
    pub edns: Option<(u16, bool)>,
    /// The reply's rcode mnemonic (`NOERROR`, `FORMERR`, ...), or `-` when
    /// nothing was sent.
    pub rcode: String,
    /// The reply's header flags, CoreDNS's log style (`qr,aa,rd`).
    pub flags: String,
    /// Why: the core's explanation of its answer, or the rule that made
    /// the server answer (or drop) without asking the plugin.
    pub explanation: Vec<String>,
}

/// The question, as the log prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionText {
    /// The name in presentation format, absolute, case as received.
    pub name: String,
    /// The type mnemonic (`A`, `TYPE65280`).
    pub qtype: String,
    /// The class mnemonic (`IN`, `CLASS3`).
    pub qclass: String,
}

const QR: u16 = 0x8000;
const AA: u16 = 0x0400;
const TC: u16 = 0x0200;
const RD: u16 = 0x0100;
const RA: u16 = 0x0080;
const Z: u16 = 0x0040;
const AD: u16 = 0x0020;
const CD: u16 = 0x0010;

/// EDNS options CoreDNS echoes (`request/edns0.go` `supportedOptions`):
/// NSID, EXPIRE, COOKIE, TCP-KEEPALIVE, PADDING. Others are dropped.
const ECHOED_OPTIONS: [u16; 5] = [3, 9, 10, 11, 12];

/// The request's OPT record, as far as the reply needs it.
#[derive(Clone, Debug)]
struct Opt {
    udp_size: u16,
    /// The OPT TTL field: extended rcode, version, DO and Z.
    ttl: u32,
    /// (code, data) of each option, in order.
    options: Vec<(u16, Vec<u8>)>,
}

impl Opt {
    fn version(&self) -> u8 {
        (self.ttl >> 16) as u8
    }
    fn dnssec_ok(&self) -> bool {
        self.ttl & 0x8000 != 0
    }
}

/// The one question.
struct Q {
    /// The name's wire form, uncompressed, case as received.
    name: Name<Vec<u8>>,
    /// Its presentation text.
    text: String,
    qtype: u16,
    qclass: u16,
}

/// The parts of the request a reply copies.
struct Request {
    id: u16,
    flags: u16,
    question: Option<Q>,
    opt: Option<Opt>,
}

impl Request {
    fn opcode(&self) -> u16 {
        (self.flags >> 11) & 0xf
    }

    /// miekg `SetReply`: ID, QR, opcode, and RD and CD for QUERY.
    fn reply_flags(&self) -> u16 {
        let mut f = QR | (self.flags & 0x7800);
        if self.opcode() == 0 {
            f |= self.flags & (RD | CD);
        }
        f
    }
}

/// A reply to build: header flags, rcode (extended, with BADVERS's 16),
/// sections, and the OPT to add.
struct Reply<'r> {
    id: u16,
    flags: u16,
    rcode: u16,
    question: Option<&'r Q>,
    answer: Vec<Rr>,
    authority: Vec<Rr>,
    additional: Vec<Rr>,
    opt: Option<ReplyOpt<'r>>,
}

/// The reply's OPT record (its extended rcode comes from [`Reply::rcode`]).
struct ReplyOpt<'r> {
    udp_size: u16,
    /// The low 16 bits of the OPT TTL: DO and the seven Z bits above the
    /// low byte, kept by `Hdr.Ttl &= 0xff00`.
    flags: u16,
    options: Vec<&'r (u16, Vec<u8>)>,
}

/// A record ready for the wire.
struct Rr {
    owner: Name<Vec<u8>>,
    ttl: u32,
    data: Data,
}

enum Data {
    A(A),
    Aaaa(Aaaa),
    Cname(Cname<Name<Vec<u8>>>),
    Ns(Ns<Name<Vec<u8>>>),
    Ptr(Ptr<Name<Vec<u8>>>),
    Srv(Srv<Name<Vec<u8>>>),
    Txt(Txt<Vec<u8>>),
    Soa(Soa<Name<Vec<u8>>>),
}

/// Answers one message from a DNS client. Never panics, whatever the bytes.
pub fn handle(packet: &[u8], peer: Peer, k: &Kubernetes<'_>) -> Exchange {
    let mut ex = Exchange {
        reply: None,
        id: None,
        question: None,
        edns: None,
        rcode: "-".into(),
        flags: "-".into(),
        explanation: Vec::new(),
    };
    if packet.len() < 12 {
        ex.explanation.push(format!(
            "dropped: {} octets is shorter than a DNS header (12); miekg/dns does not answer a \
             message whose header does not unpack (server.go serveDNS)",
            packet.len()
        ));
        return ex;
    }
    let word = |i: usize| u16::from_be_bytes([packet[i], packet[i + 1]]);
    let (id, flags) = (word(0), word(2));
    let (qd, an, ns, ar) = (word(4), word(6), word(8), word(10));
    ex.id = Some(id);
    let mut req = Request {
        id,
        flags,
        question: None,
        opt: None,
    };
    if flags & QR != 0 {
        ex.explanation.push(
            "dropped: the QR bit says this is a response, which a server ignores (miekg/dns \
             acceptfunc.go: MsgIgnore)"
                .into(),
        );
        return ex;
    }
    let opcode = req.opcode();
    if opcode != 0 && opcode != 4 {
        ex.explanation.push(format!(
            "opcode {opcode} is neither QUERY nor NOTIFY: NOTIMP, header only (miekg/dns \
             acceptfunc.go: MsgRejectNotImplemented)"
        ));
        return finish(ex, &req, rejected(&req, 4), peer);
    }
    if qd != 1 || an > 1 || ns > 1 || ar > 2 {
        ex.explanation.push(format!(
            "QDCOUNT {qd}, ANCOUNT {an}, NSCOUNT {ns}, ARCOUNT {ar}: a query has exactly one \
             question, at most one answer and one authority record (NOTIFY, IXFR) and two \
             additional (OPT, TSIG); FORMERR, header only (miekg/dns acceptfunc.go: MsgReject)"
        ));
        return finish(ex, &req, rejected(&req, 1), peer);
    }
    if packet.len() == 12 {
        // miekg unpack: "if we are at the end of the message we should
        // return *just* the header"; CoreDNS then finds no question.
        ex.explanation.push(
            "the message ends after its header, so it has no question: SERVFAIL (CoreDNS \
             server.go ServeDNS: \"check if we have a question section\")"
                .into(),
        );
        return finish(ex, &req, bare(&req, 2), peer);
    }
    if let Err(why) = unpack(packet, &mut req, [an, ns, ar]) {
        if let Some(q) = &req.question {
            ex.question = Some(question_text(q));
        }
        ex.explanation.push(format!(
            "the message does not unpack ({why}): FORMERR (miekg/dns server.go serveDNS: \
             SetRcodeFormatError, sections cleared)"
        ));
        let reply = Reply {
            question: req.question.as_ref(),
            ..rejected(&req, 1)
        };
        return finish(ex, &req, reply, peer);
    }
    let Some(q) = req.question.as_ref() else {
        // unpack() fills the question or fails.
        return finish(ex, &req, bare(&req, 2), peer);
    };
    ex.question = Some(question_text(q));
    ex.edns = req.opt.as_ref().map(|o| (o.udp_size, o.dnssec_ok()));
    if q.qclass != 1 {
        // server.go refuses classes other than IN only when no plugin in
        // the chain opens them (EnableChaos: chaos, forward, proxy); the
        // kubeadm Corefile has `forward`, so the question goes on, and the
        // kubernetes plugin ignores the class (its records are IN).
        ex.explanation.push(format!(
            "class {}: not refused, since the Corefile has `forward` (CoreDNS server.go \
             EnableChaos); the kubernetes plugin answers as for IN",
            class_text(q.qclass)
        ));
    }
    if let Some(o) = req.opt.as_ref().filter(|o| o.version() != 0) {
        ex.explanation.push(format!(
            "EDNS version {} is not 0: BADVERS, with an OPT of version 0 (CoreDNS \
             plugin/pkg/edns Version, RFC 6891 §6.1.3)",
            o.version()
        ));
        let reply = Reply {
            id: req.id,
            flags: req.reply_flags(),
            rcode: 16,
            question: Some(q),
            answer: Vec::new(),
            authority: Vec::new(),
            additional: Vec::new(),
            opt: Some(ReplyOpt {
                udp_size: 0,
                flags: 0,
                options: Vec::new(),
            }),
        };
        // Written directly, not through the ScrubWriter.
        let bytes = encode(&reply, MAX_MESSAGE, false);
        return sent(ex, &reply, bytes);
    }

    let qtype = RecordType::from_code(q.qtype);
    let resp = k.answer(&q.text, qtype);
    ex.explanation = svcdns::explain::reason::sentences(&resp.reasons);
    let reply = if resp.upstream {
        ex.explanation.push(
            "the kubernetes plugin passed the question on to `forward`, and svcdns serve has no \
             upstream to reach: forward returns SERVFAIL (forward.go: no healthy proxies / the \
             upstream's error) and CoreDNS writes it without AA (server.go errorFunc)"
                .into(),
        );
        error_reply(&req, q, 2)
    } else if matches!(
        resp.rcode,
        Rcode::Refused | Rcode::ServFail | Rcode::FormErr
    ) && resp.answer.is_empty()
        && resp.authority.is_empty()
    {
        // The plugin returned an rcode without writing (AXFR/IXFR: REFUSED);
        // server.go errorFunc writes it.
        error_reply(&req, q, rcode_number(resp.rcode))
    } else {
        match plugin_reply(&req, q, &resp) {
            Ok(r) => r,
            Err(e) => {
                ex.explanation.push(format!(
                    "a record of the answer could not be put on the wire ({e}): SERVFAIL"
                ));
                error_reply(&req, q, 2)
            }
        }
    };
    finish(ex, &req, reply, peer)
}

/// miekg's reject path (`serveDNS`): the request itself turned into the
/// reply (`req.SetRcodeFormatError(req)`, `Zero = false`): QR set, the
/// rcode replaced, Z cleared, every other header bit as the request had it
/// (its own RD, CD, AA, TC, RA, AD: `SetReply` copies them onto
/// themselves), no records.
fn rejected(req: &Request, rcode: u16) -> Reply<'static> {
    Reply {
        flags: (req.flags | QR) & !(Z | 0xf),
        ..bare(req, rcode)
    }
}

/// The header-only reply of CoreDNS's `errorAndMetricsFunc` for a message
/// without question (`SetRcode`: a new message).
fn bare(req: &Request, rcode: u16) -> Reply<'static> {
    Reply {
        id: req.id,
        flags: req.reply_flags(),
        rcode,
        question: None,
        answer: Vec::new(),
        authority: Vec::new(),
        additional: Vec::new(),
        opt: None,
    }
}

/// CoreDNS `errorFunc`: `SetRcode` (the question, no records) and
/// `SizeAndDo` (the OPT echoed).
fn error_reply<'r>(req: &'r Request, q: &'r Q, rcode: u16) -> Reply<'r> {
    Reply {
        id: req.id,
        flags: req.reply_flags(),
        rcode,
        question: Some(q),
        answer: Vec::new(),
        authority: Vec::new(),
        additional: Vec::new(),
        opt: echo_opt(req),
    }
}

/// `request.SizeAndDo` reusing the request's OPT: version 0, extended
/// rcode cleared, DO and the Z bits `Hdr.Ttl &= 0xff00` keeps, the
/// client's UDP size, the supported options only.
fn echo_opt(req: &Request) -> Option<ReplyOpt<'_>> {
    let o = req.opt.as_ref()?;
    Some(ReplyOpt {
        udp_size: o.udp_size,
        flags: (o.ttl & 0xff00) as u16,
        options: o
            .options
            .iter()
            .filter(|(code, _)| ECHOED_OPTIONS.contains(code))
            .collect(),
    })
}

/// An rcode's mnemonic, as dig and CoreDNS's log print it.
fn rcode_text(rcode: u16) -> String {
    match rcode {
        0 => "NOERROR".into(),
        1 => "FORMERR".into(),
        2 => "SERVFAIL".into(),
        3 => "NXDOMAIN".into(),
        4 => "NOTIMP".into(),
        5 => "REFUSED".into(),
        16 => "BADVERS".into(),
        n => format!("RCODE{n}"),
    }
}

fn rcode_number(r: Rcode) -> u16 {
    match r {
        Rcode::NoError => 0,
        Rcode::FormErr => 1,
        Rcode::ServFail => 2,
        Rcode::NxDomain => 3,
        Rcode::Refused => 5,
    }
}

/// The plugin's own reply: `SetReply`, AA as the core says, its sections.
fn plugin_reply<'r>(req: &'r Request, q: &'r Q, resp: &Response) -> Result<Reply<'r>, String> {
    let mut flags = req.reply_flags();
    if resp.authoritative {
        flags |= AA;
    }
    let conv = |records: &[Record]| records.iter().map(rr).collect::<Result<Vec<_>, _>>();
    Ok(Reply {
        id: req.id,
        flags,
        rcode: rcode_number(resp.rcode),
        question: Some(q),
        answer: conv(&resp.answer)?,
        authority: conv(&resp.authority)?,
        additional: conv(&resp.additional)?,
        opt: echo_opt(req),
    })
}

fn wire_name(text: &str) -> Result<Name<Vec<u8>>, String> {
    Name::<Vec<u8>>::from_str(text).map_err(|e| format!("{text}: {e}"))
}

/// A core record as a wire record.
fn rr(r: &Record) -> Result<Rr, String> {
    let data = match &r.rdata {
        RData::A(a) => Data::A(A::new(*a)),
        RData::Aaaa(a) => Data::Aaaa(Aaaa::new(*a)),
        RData::Cname(n) => Data::Cname(Cname::new(wire_name(n)?)),
        RData::Ns(n) => Data::Ns(Ns::new(wire_name(n)?)),
        RData::Ptr(n) => Data::Ptr(Ptr::new(wire_name(n)?)),
        RData::Srv {
            priority,
            weight,
            port,
            target,
        } => Data::Srv(Srv::new(*priority, *weight, *port, wire_name(target)?)),
        RData::Txt(strings) => {
            // Each string as character-strings of at most 255 octets.
            let mut raw = Vec::new();
            for s in strings {
                let bytes = s.as_bytes();
                if bytes.is_empty() {
                    raw.push(0);
                }
                for chunk in bytes.chunks(255) {
                    raw.push(chunk.len() as u8);
                    raw.extend_from_slice(chunk);
                }
            }
            Data::Txt(Txt::from_octets(raw).map_err(|e| format!("TXT: {e}"))?)
        }
        RData::Soa {
            mname,
            rname,
            serial,
            refresh,
            retry,
            expire,
            minimum,
        } => Data::Soa(Soa::new(
            wire_name(mname)?,
            wire_name(rname)?,
            Serial(*serial),
            Ttl::from_secs(*refresh),
            Ttl::from_secs(*retry),
            Ttl::from_secs(*expire),
            Ttl::from_secs(*minimum),
        )),
    };
    Ok(Rr {
        owner: wire_name(&r.owner)?,
        ttl: r.ttl,
        data,
    })
}

/// Reads the question and walks the three record sections (a record that
/// does not unpack is FORMERR, as in miekg's `unpack`), keeping the last OPT
/// (miekg `IsEdns0` searches from the end).
fn unpack(packet: &[u8], req: &mut Request, counts: [u16; 3]) -> Result<(), String> {
    let mut p = Parser::from_ref(packet);
    p.advance(12).map_err(|e| e.to_string())?;
    let wire = read_name(packet, &mut p).map_err(|e| format!("question name: {e}"))?;
    // miekg `unpackQuestion` stops quietly where the message ends: a
    // question without type or class has type 0 and class 0.
    let field = |p: &mut Parser<'_, [u8]>| -> Result<u16, String> {
        match p.remaining() {
            0 => Ok(0),
            1 => Err("question type or class cut short".into()),
            _ => p.parse_u16_be().map_err(|e| e.to_string()),
        }
    };
    let qtype = field(&mut p)?;
    let qclass = field(&mut p)?;
    let text = presentation(&wire);
    let name = Name::from_octets(wire).map_err(|e| format!("question name: {e}"))?;
    req.question = Some(Q {
        name,
        text,
        qtype,
        qclass,
    });
    for (section, count) in counts.into_iter().enumerate() {
        for _ in 0..count {
            if p.remaining() == 0 {
                return Err("a record counted in the header is missing".into());
            }
            read_name(packet, &mut p).map_err(|e| format!("record owner: {e}"))?;
            let rtype = p.parse_u16_be().map_err(|e| e.to_string())?;
            let class = p.parse_u16_be().map_err(|e| e.to_string())?;
            let ttl = p.parse_u32_be().map_err(|e| e.to_string())?;
            let rdlen = p.parse_u16_be().map_err(|e| e.to_string())? as usize;
            if p.remaining() < rdlen {
                return Err("record data runs past the end of the message".into());
            }
            let data = p.peek(rdlen).map_err(|e| e.to_string())?.to_vec();
            p.advance(rdlen).map_err(|e| e.to_string())?;
            if section == 2 && rtype == 41 {
                req.opt = Some(Opt {
                    udp_size: class,
                    ttl,
                    options: opt_options(&data)?,
                });
            }
        }
    }
    Ok(())
}

/// The options of an OPT record's data (RFC 6891 §6.1.2).
fn opt_options(mut data: &[u8]) -> Result<Vec<(u16, Vec<u8>)>, String> {
    let mut out = Vec::new();
    while !data.is_empty() {
        if data.len() < 4 {
            return Err("an EDNS option header is cut short".into());
        }
        let code = u16::from_be_bytes([data[0], data[1]]);
        let len = u16::from_be_bytes([data[2], data[3]]) as usize;
        let body = data
            .get(4..4 + len)
            .ok_or("an EDNS option runs past its record")?;
        out.push((code, body.to_vec()));
        data = &data[4 + len..];
    }
    Ok(out)
}

/// Reads a domain name at the parser's position the way miekg/dns
/// `UnpackDomainName` does, which is what decides FORMERR: labels of up to
/// 63 octets, at most 254 octets of labels and separators, label types
/// 0x40 and 0x80 refused, compression pointers followed in any direction
/// (forward ones too) but at most 126 of them (so a loop ends). Returns the
/// name uncompressed, case as received; the parser moves past the name as
/// it is in the message (past the first pointer, if any).
fn read_name(packet: &[u8], p: &mut Parser<'_, [u8]>) -> Result<Vec<u8>, String> {
    // miekg maxCompressionPointers: (maxDomainNameWireOctets + 1) / 2 - 2.
    const MAX_POINTERS: usize = 126;
    let mut off = p.pos();
    let mut after: Option<usize> = None;
    let mut budget: isize = 255;
    let mut pointers = 0;
    let mut wire = Vec::with_capacity(64);
    loop {
        let c = *packet.get(off).ok_or("the name runs past the message")?;
        off += 1;
        match c & 0xc0 {
            0x00 if c == 0 => break,
            0x00 => {
                let len = usize::from(c);
                let label = packet
                    .get(off..off + len)
                    .ok_or("a label runs past the message")?;
                budget -= len as isize + 1;
                if budget <= 0 {
                    return Err("the name is longer than 255 octets".into());
                }
                wire.push(c);
                wire.extend_from_slice(label);
                off += len;
            }
            0xc0 => {
                let low = *packet.get(off).ok_or("a pointer runs past the message")?;
                off += 1;
                after.get_or_insert(off);
                pointers += 1;
                if pointers > MAX_POINTERS {
                    return Err("too many compression pointers".into());
                }
                off = (usize::from(c & 0x3f) << 8) | usize::from(low);
            }
            _ => return Err(format!("label type {:#04x} is reserved", c & 0xc0)),
        }
    }
    wire.push(0);
    let end = after.unwrap_or(off);
    p.advance(end - p.pos()).map_err(|e| e.to_string())?;
    Ok(wire)
}

/// A name in presentation format as miekg/dns writes it (`UnpackDomainName`):
/// `.`, space, `'`, `@`, `;`, `(`, `)`, `"` and `\` escaped with a
/// backslash, other bytes outside `!`..`~` as `\DDD`; absolute; the root is
/// `.`. `wire` is an uncompressed name.
fn presentation(wire: &[u8]) -> String {
    let mut out = String::new();
    let mut rest = wire;
    while let Some((&len, tail)) = rest.split_first() {
        if len == 0 {
            break;
        }
        let (label, tail) = tail.split_at(usize::from(len).min(tail.len()));
        for &b in label {
            match b {
                b'.' | b' ' | b'\'' | b'@' | b';' | b'(' | b')' | b'"' | b'\\' => {
                    out.push('\\');
                    out.push(char::from(b));
                }
                0x21..=0x7e => out.push(char::from(b)),
                _ => {
                    let _ = write!(out, "\\{b:03}");
                }
            }
        }
        out.push('.');
        rest = tail;
    }
    if out.is_empty() {
        out.push('.');
    }
    out
}

fn question_text(q: &Q) -> QuestionText {
    QuestionText {
        name: q.text.clone(),
        qtype: RecordType::from_code(q.qtype).name(),
        qclass: class_text(q.qclass),
    }
}

fn class_text(c: u16) -> String {
    Class::from_int(c).to_string()
}

/// The reply's size limit (`request.Size` with `edns.Size`): 65,535 over
/// TCP; over UDP the client's EDNS buffer, at least 512; 512 without EDNS.
fn size_limit(req: &Request, peer: Peer) -> usize {
    match peer.transport {
        Transport::Tcp => MAX_MESSAGE,
        Transport::Udp => req
            .opt
            .as_ref()
            .map_or(MIN_UDP, |o| usize::from(o.udp_size).max(MIN_UDP)),
    }
}

/// `ScrubWriter.WriteMsg`: `Scrub` (miekg `Truncate`, then compression over
/// UDP past 1,480 octets on IPv4 or 1,220 on IPv6) and send.
fn finish(ex: Exchange, req: &Request, reply: Reply<'_>, peer: Peer) -> Exchange {
    let limit = size_limit(req, peer);
    let plain = encode(&reply, MAX_MESSAGE, false);
    let bytes = match plain {
        Ok(b) if b.len() <= limit => {
            let fragment = if peer.v6 { 1220 } else { 1480 };
            if peer.transport == Transport::Udp && b.len() > fragment {
                encode(&reply, limit, true)
            } else {
                Ok(b)
            }
        }
        _ => encode(&reply, limit, true),
    };
    sent(ex, &reply, bytes)
}

/// Fills the log fields from the reply and the header sent.
fn sent(mut ex: Exchange, reply: &Reply<'_>, bytes: Result<Vec<u8>, String>) -> Exchange {
    match bytes {
        Ok(b) => {
            let flags = u16::from_be_bytes([b[2], b[3]]);
            ex.rcode = rcode_text(reply.rcode);
            let names = [
                (QR, "qr"),
                (AA, "aa"),
                (TC, "tc"),
                (RD, "rd"),
                (RA, "ra"),
                (AD, "ad"),
                (CD, "cd"),
            ];
            ex.flags = names
                .iter()
                .filter(|(bit, _)| flags & bit != 0)
                .map(|(_, n)| *n)
                .collect::<Vec<_>>()
                .join(",");
            ex.reply = Some(b);
        }
        Err(e) => {
            ex.explanation
                .push(format!("the reply could not be built ({e}); nothing sent"));
        }
    }
    ex
}

/// Builds the reply: uncompressed with no size limit, or compressed and cut
/// to `limit` the way miekg `Truncate` does: records are kept in order
/// (answer, authority, additional) while they fit beside the OPT; the first
/// that does not fit ends all sections, and TC is set if any was left out.
fn encode(reply: &Reply<'_>, limit: usize, compress: bool) -> Result<Vec<u8>, String> {
    if compress {
        let target = TreeCompressor::new(Vec::new());
        build(
            MessageBuilder::from_target(target).map_err(|e| e.to_string())?,
            reply,
            limit,
        )
        .map(|t| t.into_target())
    } else {
        build(
            MessageBuilder::from_target(Vec::new()).map_err(|e| e.to_string())?,
            reply,
            limit,
        )
    }
}

fn build<T: Composer>(
    mut msg: MessageBuilder<T>,
    reply: &Reply<'_>,
    limit: usize,
) -> Result<T, String> {
    let push_err = |e: PushError| e.to_string();
    set_header(&mut msg, reply);
    let opt_len = reply.opt.as_ref().map_or(0, |o| {
        11 + o.options.iter().map(|(_, d)| 4 + d.len()).sum::<usize>()
    });
    let mut q = msg.question();
    if let Some(question) = reply.question {
        q.push((
            &question.name,
            Rtype::from_int(question.qtype),
            Class::from_int(question.qclass),
        ))
        .map_err(push_err)?;
    }
    let budget = limit.saturating_sub(opt_len);
    q.as_builder_mut().set_push_limit(budget);
    let mut left_out = false;
    let mut a = q.answer();
    for r in &reply.answer {
        if left_out || push_rr(&mut a, r, Section::Answer).is_err() {
            left_out = true;
        }
    }
    let mut ns = a.authority();
    for r in &reply.authority {
        if left_out || push_rr(&mut ns, r, Section::Authority).is_err() {
            left_out = true;
        }
    }
    let mut ad = ns.additional();
    for r in &reply.additional {
        if left_out || push_rr(&mut ad, r, Section::Additional).is_err() {
            left_out = true;
        }
    }
    ad.as_builder_mut().clear_push_limit();
    if left_out {
        ad.header_mut().set_tc(true);
    }
    let Some(o) = &reply.opt else {
        return Ok(ad.finish());
    };
    push_opt(&mut ad, o, reply.rcode).map_err(push_err)?;
    let mut target = ad.finish();
    // The Z bits, which the OPT builder has no setter for: the OPT is the
    // last record, its TTL's low 16 bits 4 octets before its data.
    let rdlen: usize = o.options.iter().map(|(_, d)| 4 + d.len()).sum();
    let bytes = target.as_mut();
    if let Some(at) = bytes.len().checked_sub(rdlen + 4) {
        bytes[at..at + 2].copy_from_slice(&o.flags.to_be_bytes());
    }
    Ok(target)
}

fn set_header<T: Composer>(msg: &mut MessageBuilder<T>, reply: &Reply<'_>) {
    let h = msg.header_mut();
    h.set_id(reply.id);
    h.set_qr(reply.flags & QR != 0);
    h.set_opcode(Opcode::from_int(((reply.flags >> 11) & 0xf) as u8));
    h.set_aa(reply.flags & AA != 0);
    h.set_tc(reply.flags & TC != 0);
    h.set_rd(reply.flags & RD != 0);
    h.set_ra(reply.flags & RA != 0);
    h.set_ad(reply.flags & AD != 0);
    h.set_cd(reply.flags & CD != 0);
    h.set_rcode(WireRcode::masked_from_int((reply.rcode & 0xf) as u8));
}

#[derive(Clone, Copy)]
enum Section {
    Answer,
    Authority,
    Additional,
}

fn push_rr<B: domain::base::message_builder::RecordSectionBuilder<T>, T: Composer>(
    b: &mut B,
    r: &Rr,
    _s: Section,
) -> Result<(), PushError> {
    let ttl = Ttl::from_secs(r.ttl);
    let owner = &r.owner;
    match &r.data {
        Data::A(d) => b.push((owner, ttl, d)),
        Data::Aaaa(d) => b.push((owner, ttl, d)),
        Data::Cname(d) => b.push((owner, ttl, d)),
        Data::Ns(d) => b.push((owner, ttl, d)),
        Data::Ptr(d) => b.push((owner, ttl, d)),
        Data::Srv(d) => b.push((owner, ttl, d)),
        Data::Txt(d) => b.push((owner, ttl, d)),
        Data::Soa(d) => b.push((owner, ttl, d)),
    }
}

fn push_opt<T: Composer>(
    ad: &mut AdditionalBuilder<T>,
    o: &ReplyOpt<'_>,
    rcode: u16,
) -> Result<(), PushError> {
    ad.opt(|b| {
        b.set_udp_payload_size(o.udp_size);
        b.set_version(0);
        b.set_dnssec_ok(o.flags & 0x8000 != 0);
        if rcode > 0xf {
            b.set_rcode(OptRcode::BADVERS);
        }
        for (code, data) in &o.options {
            b.push_raw_option(
                domain::base::iana::OptionCode::from_int(*code),
                data.len() as u16,
                |t| t.append_slice(data),
            )?;
        }
        Ok(())
    })
}
