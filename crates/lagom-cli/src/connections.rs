//! `lagom serve`'s connections: how long a client may stall and how many are served at once.
//! `axum::serve` runs hyper without a timer, so a client that connected and sent nothing (or
//! half a request) kept its socket for as long as it liked. Here each connection goes to
//! hyper's HTTP/1 server with a timer, under these limits:
//!
//! - A request's head must arrive within [`HEAD`] of the connection being ready for one.
//!   Hyper starts that clock when it starts waiting, before the first byte, so it is also how
//!   long an idle keep-alive connection stays open between requests: one timeout covers both.
//!   Ten seconds is ample for any program on this computer to send a few hundred bytes, and a
//!   browser whose idle connection was closed opens another, which costs nothing on loopback.
//! - A request's body may not stall for [`BODY`] between two pieces. Longer than the head's,
//!   as a browser may be reading an upload from a slow disk or a network share.
//! - At most [`CONNECTIONS`] at once; more wait in the listen queue until one closes. A flood
//!   of idle sockets then delays the next client by a head timeout or so, instead of using up
//!   the process's open files, which the vault needs. A browser opens six per server.
//!
//! Nothing limits how long a command takes (an import of a large file): while hyper waits for
//! the answer, no timeout runs. `LAGOM_SERVE_TEST_TIMEOUT_MS` shortens both timeouts so the
//! tests need not wait; it cannot lengthen them.

use std::future::Future;
use std::io;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower_http::timeout::RequestBodyTimeout;

/// How long a connection may take to send a request's head, or sit idle between requests.
const HEAD: Duration = Duration::from_secs(10);
/// How long a request's body may stall.
const BODY: Duration = Duration::from_secs(30);
/// How many connections are served at once.
const CONNECTIONS: usize = 64;
/// Milliseconds to shorten both timeouts to, for the tests.
const TEST_TIMEOUT: &str = "LAGOM_SERVE_TEST_TIMEOUT_MS";

struct Timeouts {
    head: Duration,
    body: Duration,
}

impl Timeouts {
    fn from_env() -> Timeouts {
        let shorter = std::env::var(TEST_TIMEOUT)
            .ok()
            .and_then(|ms| ms.parse::<u64>().ok())
            .filter(|&ms| ms > 0)
            .map(Duration::from_millis);
        let cut = |limit: Duration| shorter.map_or(limit, |s| s.min(limit));
        Timeouts {
            head: cut(HEAD),
            body: cut(BODY),
        }
    }
}

/// Serves `app` on `listener` until `stop` completes, then lets the requests under way
/// finish and closes the idle connections.
pub async fn serve(listener: TcpListener, app: Router, stop: impl Future<Output = ()>) {
    let timeouts = Timeouts::from_env();
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(timeouts.head);
    let service = TowerToHyperService::new(RequestBodyTimeout::new(app, timeouts.body));
    let slots = Arc::new(Semaphore::new(CONNECTIONS));
    let graceful = GracefulShutdown::new();
    let mut stop = std::pin::pin!(stop);
    loop {
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => slot,
            () = &mut stop => break,
        };
        // The semaphore is never closed; if it were, serving more would be wrong anyway.
        let Ok(slot) = slot else { break };
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut stop => break,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(e) => {
                wait_after(&e).await;
                continue;
            }
        };
        let connection = http.serve_connection(TokioIo::new(stream), service.clone());
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            // A connection that fails (a timeout, a reset) is that client's affair alone.
            let _ = connection.await;
            drop(slot);
        });
    }
    graceful.shutdown().await;
}

/// After a failed accept: a client that gave up is nothing to wait for, but a lack of
/// resources (no file descriptors left) would fail again at once, so it gets a pause
/// instead of a busy loop.
async fn wait_after(e: &io::Error) {
    let clients_doing = matches!(
        e.kind(),
        io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::ConnectionRefused
    );
    if !clients_doing {
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}
