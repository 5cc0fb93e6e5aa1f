//! `lagom serve` does not keep a connection open for a client that sends nothing, half a
//! request or half a body, and still answers everyone else meanwhile. The server's timeouts
//! are shortened for the test through `LAGOM_SERVE_TEST_TIMEOUT_MS`, which can only shorten
//! them.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use super::Server;

/// The shortened timeout the server runs with here.
const TIMEOUT: Duration = Duration::from_millis(500);
/// How long a test waits for a connection to be closed before calling it left open: the
/// shortened timeout with room for a slow, busy machine, far below the real ten seconds.
const CLOSED_WITHIN: Duration = Duration::from_secs(6);

/// Starts `lagom serve` with its timeouts shortened.
fn start(vault: &Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lagom"))
        .args(["--json", "--vault"])
        .arg(vault)
        .arg("serve")
        .env("LAGOM_NO_KEYRING", "1")
        .env(
            "LAGOM_SERVE_TEST_TIMEOUT_MS",
            TIMEOUT.as_millis().to_string(),
        )
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut text = String::new();
    let lines = std::io::BufRead::lines(std::io::BufReader::new(child.stdout.take().unwrap()));
    for line in lines {
        let line = line.unwrap();
        text.push_str(&line);
        if line == "}" {
            break;
        }
    }
    let started: Value = serde_json::from_str(&text).unwrap();
    let url = started["url"].as_str().unwrap();
    Server {
        child,
        address: url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_owned(),
        token: started["token"].as_str().unwrap().to_owned(),
    }
}

/// Waits for the server to close `stream`, reading whatever it sends first; returns after
/// how long it closed, or `None` if it was still open after [`CLOSED_WITHIN`].
fn closed_after(mut stream: &TcpStream, since: Instant) -> Option<Duration> {
    let mut sink = [0u8; 1024];
    loop {
        let left = CLOSED_WITHIN.checked_sub(since.elapsed())?;
        stream
            .set_read_timeout(Some(left.max(Duration::from_millis(1))))
            .unwrap();
        match stream.read(&mut sink) {
            Ok(0) => return Some(since.elapsed()),
            Ok(_) => continue,
            Err(e) if matches!(e.kind(), std::io::ErrorKind::ConnectionReset) => {
                return Some(since.elapsed());
            }
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                return None;
            }
            Err(e) => panic!("reading from the server: {e}"),
        }
    }
}

#[test]
fn serve_closes_connections_that_send_nothing_or_half_a_request() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(&dir.path().join("vault"));
    let started = Instant::now();

    let silent = TcpStream::connect(&server.address).unwrap();
    let mut half_line = TcpStream::connect(&server.address).unwrap();
    half_line.write_all(b"POST /api/vault.st").unwrap();
    let mut half_body = TcpStream::connect(&server.address).unwrap();
    write!(
        half_body,
        "POST /api/vault.status HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {}\r\n\
         Content-Type: application/json\r\nContent-Length: 20\r\n\r\n{{\"a\":",
        server.address, server.token
    )
    .unwrap();

    // Everyone else is answered while those wait.
    let (status, body) = server.call("vault.status", Value::Null);
    assert_eq!(status, 200, "{body}");

    for (what, stream) in [
        ("a connection that sends nothing", &silent),
        ("half a request line", &half_line),
        ("half a body", &half_body),
    ] {
        let after = closed_after(stream, started);
        assert!(
            after.is_some(),
            "{what} was still open after {CLOSED_WITHIN:?} (timeout {TIMEOUT:?})"
        );
    }

    let (status, body) = server.call("vault.status", Value::Null);
    assert_eq!(status, 200, "still answering afterwards: {body}");
}

/// The report that started it: 200 idle sockets stayed open for over a minute. They are all
/// closed now, the server answers beside them, and more sockets than the server serves at
/// once only wait their turn.
#[test]
fn serve_sheds_two_hundred_idle_sockets() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(&dir.path().join("vault"));
    let started = Instant::now();
    let idle: Vec<TcpStream> = (0..200)
        .map(|_| TcpStream::connect(&server.address).unwrap())
        .collect();

    let (status, body) = server.call("vault.status", Value::Null);
    assert_eq!(status, 200, "{body}");

    let open = idle
        .iter()
        .filter(|s| closed_after(s, started).is_none())
        .count();
    assert_eq!(open, 0, "idle sockets left open after {CLOSED_WITHIN:?}");
}
