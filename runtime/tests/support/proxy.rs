//! A TCP proxy between a client and the server that makes the connection fail at a chosen
//! statement, as a network or a crash would: the statement never reaches the server, or the
//! server runs it and its answer never comes back. Statements are counted as the client sends
//! them (text queries and executions of prepared statements), from the moment a fault is set.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;

/// What happens to the `n`-th statement from now (1 is the next one).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Fault {
    /// It never reaches the server; the connection drops.
    Lost(u32),
    /// The server runs it; its answer is lost and the connection drops.
    Unanswered(u32),
}

/// The proxy: listens on a port of its own and forwards to the server.
pub struct Proxy {
    port: u16,
    fault: Arc<Mutex<Option<Fault>>>,
}

impl Proxy {
    /// A proxy to `server` (`host:port`).
    pub fn start(server: &str) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a port for the proxy");
        let port = listener.local_addr().unwrap().port();
        let fault: Arc<Mutex<Option<Fault>>> = Arc::default();
        let server = server.to_string();
        let shared = fault.clone();
        thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let upstream = TcpStream::connect(&server).expect("the server");
                relay(client, upstream, shared.clone());
            }
        });
        Proxy { port, fault }
    }

    /// The URL of `database` through the proxy, for the user of `server_url`.
    pub fn url(&self, server_url: &str, database: &str) -> String {
        let user = server_url
            .trim_start_matches("mysql://")
            .split('@')
            .next()
            .unwrap_or("root");
        // prefer_socket=false: else the driver leaves TCP for the server's socket file.
        format!(
            "mysql://{user}@127.0.0.1:{}/{database}?prefer_socket=false",
            self.port
        )
    }

    /// Sets the fault; statements are counted from now.
    pub fn set(&self, fault: Fault) {
        *self.fault.lock().unwrap() = Some(fault);
    }
}

/// `host:port` of a `mysql://` URL.
pub fn address(url: &str) -> String {
    let host = url.rsplit('@').next().unwrap_or_default();
    let host = host.split('/').next().unwrap_or_default();
    if host.contains(':') {
        host.to_string()
    } else {
        format!("{host}:3306")
    }
}

fn relay(client: TcpStream, upstream: TcpStream, fault: Arc<Mutex<Option<Fault>>>) {
    let swallow = Arc::new(AtomicBool::new(false));
    let (c, u) = (client.try_clone().unwrap(), upstream.try_clone().unwrap());
    let down = swallow.clone();
    thread::spawn(move || answers(u, c, down));
    thread::spawn(move || requests(client, upstream, fault, swallow));
}

/// Client to server, packet by packet, counting statements.
fn requests(
    mut client: TcpStream,
    mut upstream: TcpStream,
    fault: Arc<Mutex<Option<Fault>>>,
    swallow: Arc<AtomicBool>,
) {
    loop {
        let mut header = [0u8; 4];
        if client.read_exact(&mut header).is_err() {
            break;
        }
        let length =
            usize::from(header[0]) | usize::from(header[1]) << 8 | usize::from(header[2]) << 16;
        let mut payload = vec![0u8; length];
        if client.read_exact(&mut payload).is_err() {
            break;
        }
        // A command starts a sequence; COM_QUERY (3) and COM_STMT_EXECUTE (0x17) are
        // statements.
        let statement = header[3] == 0 && matches!(payload.first(), Some(0x03 | 0x17));
        let due = if statement { count_down(&fault) } else { None };
        if due == Some(Kind::Lost) {
            break;
        }
        if upstream.write_all(&header).is_err() || upstream.write_all(&payload).is_err() {
            break;
        }
        if due == Some(Kind::Unanswered) {
            swallow.store(true, Ordering::SeqCst);
        }
    }
    let _ = client.shutdown(Shutdown::Both);
    let _ = upstream.shutdown(Shutdown::Both);
}

#[derive(Debug, PartialEq)]
enum Kind {
    Lost,
    Unanswered,
}

/// One statement more: the fault's kind when it is this one's.
fn count_down(fault: &Mutex<Option<Fault>>) -> Option<Kind> {
    let mut fault = fault.lock().unwrap();
    let (n, kind) = match (*fault)? {
        Fault::Lost(n) => (n, Kind::Lost),
        Fault::Unanswered(n) => (n, Kind::Unanswered),
    };
    if n <= 1 {
        *fault = None;
        return Some(kind);
    }
    *fault = Some(match kind {
        Kind::Lost => Fault::Lost(n - 1),
        Kind::Unanswered => Fault::Unanswered(n - 1),
    });
    None
}

/// Server to client; once the answer is to be lost, the first bytes of it end both sides.
fn answers(mut upstream: TcpStream, mut client: TcpStream, swallow: Arc<AtomicBool>) {
    let mut buffer = [0u8; 64 * 1024];
    loop {
        let n = match upstream.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        if swallow.load(Ordering::SeqCst) || client.write_all(&buffer[..n]).is_err() {
            break;
        }
    }
    let _ = client.shutdown(Shutdown::Both);
    let _ = upstream.shutdown(Shutdown::Both);
}
