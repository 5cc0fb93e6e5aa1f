//! `lagom serve`: the core's command table over HTTP on the loopback interface, for the web
//! UI in a normal browser (and its tests) and for scripts.
//!
//! - Listens on 127.0.0.1 only, on a random port unless one is given. A client that stalls
//!   is disconnected, and only so many are served at once (see `connections`).
//! - Every API call needs `Authorization: Bearer <token>`, a random 256-bit token printed at
//!   start; a request whose `Host` is not this address is refused, so a web page elsewhere
//!   cannot reach the vault through DNS rebinding.
//! - `POST /api/<command>` with JSON arguments runs the command (see
//!   `lagom_core::api::COMMANDS`) and answers with its JSON result, or an error
//!   `{"error": {"code", "message"}}` with a matching status.
//! - `POST /api/upload?name=<file name>` with a file's bytes as the body holds it for the
//!   import wizard (a browser gives bytes, not paths) and answers with its id.
//! - `GET /api/download/<id>` hands out, once, a file a command made for the browser (a
//!   subject-access PDF, a list): the command's answer names the id.
//! - While an import runs, `GET /api/progress` tells how far it is and `POST /api/cancel`
//!   stops it (leaving nothing behind); neither waits for the import.
//! - With `--ui DIR`, the built web UI is served from `/` under a strict content security
//!   policy; `…/#token=<token>` hands it the token without sending it anywhere.
//! - Ctrl-C (or SIGTERM) locks the vault and stops.

use std::io::Write;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{DefaultBodyLimit, Path as UrlPath, Query, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use lagom_core::api::Session;
use lagom_core::import::ImportProgress;
use lagom_core::{Entropy, ErrorCode, OsEntropy, SystemClock};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::args::ServeArgs;
use crate::credentials::Keyring;
use crate::error::CliError;
use crate::output::Out;

struct Shared {
    session: Mutex<Session>,
    ui: Option<std::path::PathBuf>,
    token: String,
    host: String,
    progress: Mutex<Option<ImportProgress>>,
    cancel: AtomicBool,
}

fn error(status: StatusCode, code: &str, message: &str) -> Response {
    (
        status,
        axum::Json(json!({ "error": { "code": code, "message": message } })),
    )
        .into_response()
}

fn status_of(code: ErrorCode) -> StatusCode {
    match code {
        ErrorCode::Validation | ErrorCode::Unreadable => StatusCode::BAD_REQUEST,
        ErrorCode::WrongCredentials => StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::NotFound => StatusCode::NOT_FOUND,
        ErrorCode::Conflict | ErrorCode::Exists | ErrorCode::Cancelled | ErrorCode::Erased => {
            StatusCode::CONFLICT
        }
        ErrorCode::Locked => StatusCode::LOCKED,
        // The mail server, upstream of us, failed.
        ErrorCode::Mail => StatusCode::BAD_GATEWAY,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

fn code_name(code: ErrorCode) -> String {
    serde_json::to_value(code)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_else(|| "internal".into())
}

/// Compares without leaking how much of the token was right.
fn same_token(given: &[u8], expected: &[u8]) -> bool {
    given.len() == expected.len()
        && given
            .iter()
            .zip(expected)
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

async fn guard(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let headers: &HeaderMap = request.headers();
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.strip_prefix("Bearer "))
        .unwrap_or("");
    if !same_token(bearer.as_bytes(), shared.token.as_bytes()) {
        return error(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "a valid bearer token is needed (it is printed when lagom serve starts)",
        );
    }
    let mut response = next.run(request).await;
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, "no-store".parse().expect("static"));
    response
}

async fn command(
    State(shared): State<Arc<Shared>>,
    UrlPath(name): UrlPath<String>,
    body: Bytes,
) -> Response {
    let arguments: Value = if body.is_empty() {
        Value::Null
    } else {
        match serde_json::from_slice(&body) {
            Ok(v) => v,
            Err(e) => {
                return error(
                    StatusCode::BAD_REQUEST,
                    "validation",
                    &format!("the body is not JSON: {e}"),
                );
            }
        }
    };
    // Cleared when the command arrives, not when it starts: a Cancel pressed while it
    // waits behind another command is for this one and must not be forgotten.
    shared.cancel.store(false, Ordering::Relaxed);
    let result = tokio::task::spawn_blocking(move || {
        let mut session = session(&shared);
        let outcome = session.call(
            &name,
            arguments,
            &mut |p| {
                if let Ok(mut slot) = shared.progress.lock() {
                    *slot = Some(p.clone());
                }
            },
            &shared.cancel,
        );
        if let Ok(mut slot) = shared.progress.lock() {
            *slot = None;
        }
        outcome
    })
    .await;
    respond(result)
}

fn session(shared: &Shared) -> std::sync::MutexGuard<'_, Session> {
    match shared.session.lock() {
        Ok(s) => s,
        Err(poisoned) => poisoned.into_inner(),
    }
}

fn respond(result: Result<lagom_core::Result<Value>, tokio::task::JoinError>) -> Response {
    match result {
        Ok(Ok(value)) => axum::Json(value).into_response(),
        Ok(Err(e)) => error(status_of(e.code()), &code_name(e.code()), &e.to_string()),
        Err(_) => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "the command stopped unexpectedly",
        ),
    }
}

#[derive(Deserialize)]
struct UploadQuery {
    name: String,
}

async fn upload(
    State(shared): State<Arc<Shared>>,
    query: Result<Query<UploadQuery>, QueryRejection>,
    body: Bytes,
) -> Response {
    let Ok(Query(query)) = query else {
        return error(
            StatusCode::BAD_REQUEST,
            "validation",
            "name the file: /api/upload?name=<file name>",
        );
    };
    let result = tokio::task::spawn_blocking(move || {
        let upload = session(&shared).upload(&query.name, Vec::from(body))?;
        serde_json::to_value(upload)
            .map_err(|e| lagom_core::Error::Conflict(format!("encoding the result: {e}")))
    })
    .await;
    respond(result)
}

/// A file a command made for the browser (a bundle, a list), handed out once as a download
/// under the name the core chose.
async fn download(State(shared): State<Arc<Shared>>, UrlPath(id): UrlPath<String>) -> Response {
    let result = tokio::task::spawn_blocking(move || session(&shared).take_download(&id)).await;
    match result {
        Ok(Ok(file)) => {
            // The name is the core's own (ASCII letters, digits and dashes), quoted anyway.
            let name: String = file
                .name
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
                .collect();
            (
                [
                    (header::CONTENT_TYPE, file.media_type),
                    (
                        axum::http::header::CONTENT_DISPOSITION,
                        format!("attachment; filename=\"{name}\""),
                    ),
                    (header::CACHE_CONTROL, "no-store".to_owned()),
                ],
                file.bytes,
            )
                .into_response()
        }
        Ok(Err(e)) => error(status_of(e.code()), &code_name(e.code()), &e.to_string()),
        Err(_) => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "the download stopped unexpectedly",
        ),
    }
}

async fn progress(State(shared): State<Arc<Shared>>) -> Response {
    let now = shared.progress.lock().map(|p| p.clone()).unwrap_or(None);
    axum::Json(json!({ "running": now.is_some(), "progress": now })).into_response()
}

async fn cancel(State(shared): State<Arc<Shared>>) -> Response {
    shared.cancel.store(true, Ordering::Relaxed);
    axum::Json(json!({ "cancelling": true })).into_response()
}

/// The built UI's files. They hold no data, so they need no token; they are sent with a
/// strict content security policy (nothing from elsewhere, no inline scripts).
async fn ui_file(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let Some(root) = &shared.ui else {
        return error(
            StatusCode::NOT_FOUND,
            "not_found",
            "no UI is served (see --ui)",
        );
    };
    let path = request.uri().path().trim_start_matches('/');
    let path = if path.is_empty() { "index.html" } else { path };
    if path
        .split('/')
        .any(|part| part.is_empty() || part == ".." || part.starts_with('.'))
    {
        return error(StatusCode::NOT_FOUND, "not_found", "no such file");
    }
    let Ok(bytes) = tokio::fs::read(root.join(path)).await else {
        return error(StatusCode::NOT_FOUND, "not_found", "no such file");
    };
    let kind = match path.rsplit_once('.').map(|(_, ext)| ext) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("woff2") => "font/woff2",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    };
    (
        [
            (header::CONTENT_TYPE, kind),
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
                 img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; \
                 base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
            ),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::REFERRER_POLICY, "no-referrer"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        bytes,
    )
        .into_response()
}

/// Refuses requests for any other host than this server's own address.
async fn same_host(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if host != shared.host && host != shared.host.replace("127.0.0.1", "localhost") {
        return error(
            StatusCode::MISDIRECTED_REQUEST,
            "forbidden",
            "this server answers only to its own loopback address",
        );
    }
    next.run(request).await
}

fn router(shared: Arc<Shared>) -> Router {
    let api = Router::new()
        .route("/api/progress", get(progress).post(progress))
        .route("/api/cancel", post(cancel))
        .route("/api/download/{id}", get(download))
        .route(
            "/api/upload",
            post(upload).layer(DefaultBodyLimit::max(
                lagom_core::import::uploads::MAX_UPLOAD_BYTES + 1,
            )),
        )
        .route("/api/{command}", post(command))
        .layer(middleware::from_fn_with_state(shared.clone(), guard));
    api.fallback(get(ui_file))
        .layer(middleware::from_fn_with_state(shared.clone(), same_host))
        .with_state(shared)
}

/// Ctrl-C, or the polite kill a service manager sends.
async fn stopped() {
    let interrupt = tokio::signal::ctrl_c();
    match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
        Ok(mut terminate) => {
            tokio::select! {
                _ = interrupt => {}
                _ = terminate.recv() => {}
            }
        }
        Err(_) => {
            let _ = interrupt.await;
        }
    }
}

/// Opens the UI in the browser without putting the token on a command line (which other
/// users of the computer can read): the browser is given a page, readable by this user only,
/// that forwards to the address with the token. Returns the page, to remove at the end.
fn open_in_browser(open: &str) -> Option<std::path::PathBuf> {
    use std::os::unix::fs::OpenOptionsExt;
    let dir = std::env::var_os("XDG_RUNTIME_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    let page = dir.join(format!("lagom-open-{}.html", std::process::id()));
    let html = format!(
        "<!doctype html><meta charset=utf-8><meta http-equiv=refresh content=\"0;url={open}\"><title>Lagom</title>"
    );
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&page)
        .and_then(|mut f| f.write_all(html.as_bytes()));
    if written.is_err() {
        return None;
    }
    let started = std::process::Command::new("xdg-open")
        .arg(&page)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if started.is_err() {
        let _ = std::fs::remove_file(&page);
        return None;
    }
    Some(page)
}

/// The folders a browser may name files in: those given, or the owner's home.
fn allowed_dirs(args: &ServeArgs) -> Vec<std::path::PathBuf> {
    if !args.allow_dirs.is_empty() {
        return args.allow_dirs.clone();
    }
    std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(std::path::PathBuf::from)
        .into_iter()
        .collect()
}

fn token() -> String {
    let mut bytes = [0u8; 32];
    OsEntropy.fill(&mut bytes);
    hex::encode(bytes)
}

pub fn serve(dir: &Path, args: &ServeArgs, keyring: Keyring, out: &Out) -> Result<(), CliError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| CliError::Io(format!("starting the server: {e}")))?;
    runtime.block_on(async {
        let listener =
            tokio::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, args.port)))
                .await
                .map_err(|e| CliError::Io(format!("listening on port {}: {e}", args.port)))?;
        let address = listener
            .local_addr()
            .map_err(|e| CliError::Io(format!("reading the address: {e}")))?;
        let shared = Arc::new(Shared {
            session: Mutex::new(
                Session::new(dir, Arc::new(SystemClock), Box::new(keyring))
                    .limit_paths_to(allowed_dirs(args)),
            ),
            ui: args.ui.clone(),
            token: token(),
            host: address.to_string(),
            progress: Mutex::new(None),
            cancel: AtomicBool::new(false),
        });
        let url = format!("http://{address}/");
        // The token travels in the fragment, which browsers never send to a server.
        let open = format!("{url}#token={}", shared.token);
        out.emit(
            &json!({ "url": url, "token": shared.token, "open": open }),
            |w| {
                writeln!(w, "Serving the vault in {} at {url}", dir.display())?;
                writeln!(w, "Bearer token: {}", shared.token)?;
                if shared.ui.is_some() {
                    writeln!(w, "Open the app: {open}")?;
                }
                writeln!(
                    w,
                    "Only this computer can connect. Ctrl-C locks the vault and stops."
                )
            },
        )?;
        let _ = std::io::stdout().flush();
        let opened = if args.open {
            let page = open_in_browser(&open);
            if page.is_none() {
                crate::output::note_line(
                    "No browser could be opened here: open the address above yourself.",
                );
            }
            page
        } else {
            None
        };
        crate::connections::serve(listener, router(shared.clone()), stopped()).await;
        if let Ok(mut session) = shared.session.lock() {
            session.lock();
        }
        if let Some(page) = opened {
            let _ = std::fs::remove_file(page);
        }
        Ok(())
    })
}
