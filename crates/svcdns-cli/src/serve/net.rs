//! The sockets. UDP: two workers reading one socket, one buffer each.
//! TCP: a listener, at most [`MAX_TCP`] connections at once (more are
//! closed at accept), each read with a timeout, messages of at most 65,535
//! octets by construction (16-bit length), answered in order. Memory is
//! bounded by those numbers, whatever arrives.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream, UdpSocket};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use svcdns::coredns::Kubernetes;

use super::log;
use super::wire::{self, Peer, Transport};
use super::{Config, Log, Shared};

/// Concurrent TCP connections; more are closed as they are accepted.
pub const MAX_TCP: usize = 64;
/// UDP worker threads.
const UDP_WORKERS: usize = 2;
/// A TCP connection idle this long is closed (CoreDNS: 10 s idle, 3 s to
/// read a message).
const TCP_IDLE: Duration = Duration::from_secs(10);

/// Answers one message with the cluster being served now.
fn answer(
    shared: &Shared,
    packet: &[u8],
    peer: Peer,
    from: SocketAddr,
    log: &Log,
) -> Option<Vec<u8>> {
    let started = Instant::now();
    let analysis = match shared.read() {
        Ok(a) => Arc::clone(&a),
        Err(poisoned) => Arc::clone(&poisoned.into_inner()),
    };
    let k = Kubernetes::new(&analysis.cluster);
    let ex = wire::handle(packet, peer, &k);
    if log.enabled() {
        log.line(&log::query(
            from,
            peer.transport,
            packet.len(),
            &ex,
            started.elapsed(),
        ));
    }
    ex.reply
}

/// Binds UDP and TCP on the same port and starts the threads.
pub(super) fn spawn(
    config: &Config,
    shared: &Shared,
) -> Result<(SocketAddr, Vec<JoinHandle<()>>), String> {
    let want = SocketAddr::new(config.address, config.port);
    let (udp, tcp) = bind(want)?;
    let addr = udp.local_addr().map_err(|e| e.to_string())?;
    let mut threads = Vec::new();
    for _ in 0..UDP_WORKERS {
        let sock = udp.try_clone().map_err(|e| e.to_string())?;
        let (shared, log) = (Arc::clone(shared), config.log.clone());
        threads.push(std::thread::spawn(move || udp_loop(&sock, &shared, &log)));
    }
    let (shared, log) = (Arc::clone(shared), config.log.clone());
    threads.push(std::thread::spawn(move || tcp_loop(&tcp, &shared, &log)));
    Ok((addr, threads))
}

/// UDP and TCP on one port; with port 0, a port free for both.
fn bind(want: SocketAddr) -> Result<(UdpSocket, TcpListener), String> {
    let mut last = String::new();
    for _ in 0..20 {
        let udp = UdpSocket::bind(want).map_err(|e| format!("udp {want}: {e}"))?;
        let addr = udp.local_addr().map_err(|e| e.to_string())?;
        match TcpListener::bind(addr) {
            Ok(tcp) => return Ok((udp, tcp)),
            Err(e) if want.port() == 0 => last = format!("tcp {addr}: {e}"),
            Err(e) => return Err(format!("tcp {addr}: {e}")),
        }
    }
    Err(last)
}

fn udp_loop(sock: &UdpSocket, shared: &Shared, log: &Log) {
    let mut buf = vec![0u8; wire::MAX_MESSAGE];
    loop {
        let (n, from) = match sock.recv_from(&mut buf) {
            Ok(x) => x,
            Err(_) => continue, // an ICMP error from an earlier send surfaced
        };
        let peer = Peer {
            transport: Transport::Udp,
            v6: from.is_ipv6(),
        };
        if let Some(reply) = answer(shared, &buf[..n], peer, from, log) {
            let _ = sock.send_to(&reply, from);
        }
    }
}

fn tcp_loop(listener: &TcpListener, shared: &Shared, log: &Log) {
    let open = Arc::new(AtomicUsize::new(0));
    for conn in listener.incoming() {
        let Ok(stream) = conn else { continue };
        if open.load(Ordering::SeqCst) >= MAX_TCP {
            drop(stream);
            continue;
        }
        open.fetch_add(1, Ordering::SeqCst);
        let (shared, log, open) = (Arc::clone(shared), log.clone(), Arc::clone(&open));
        let spawned = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || {
                tcp_conn(stream, &shared, &log);
                open.fetch_sub(1, Ordering::SeqCst);
            });
        if spawned.is_err() {
            // No thread to serve it: the stream was moved and is dropped.
            continue;
        }
    }
}

fn tcp_conn(mut stream: TcpStream, shared: &Shared, log: &Log) {
    let Ok(from) = stream.peer_addr() else { return };
    let _ = stream.set_read_timeout(Some(TCP_IDLE));
    let _ = stream.set_write_timeout(Some(TCP_IDLE));
    let _ = stream.set_nodelay(true);
    let peer = Peer {
        transport: Transport::Tcp,
        v6: from.is_ipv6(),
    };
    // Sized by each message's length prefix, so an idle or slow connection
    // holds no 64 KiB buffer.
    let mut buf = Vec::new();
    loop {
        let mut len = [0u8; 2];
        if stream.read_exact(&mut len).is_err() {
            return;
        }
        let n = usize::from(u16::from_be_bytes(len));
        buf.resize(n, 0);
        if stream.read_exact(&mut buf[..n]).is_err() {
            return;
        }
        if let Some(reply) = answer(shared, &buf[..n], peer, from, log) {
            let Ok(len) = u16::try_from(reply.len()) else {
                return;
            };
            let mut out = Vec::with_capacity(reply.len() + 2);
            out.extend_from_slice(&len.to_be_bytes());
            out.extend_from_slice(&reply);
            if stream.write_all(&out).is_err() {
                return;
            }
        }
    }
}
