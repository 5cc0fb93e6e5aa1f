//! `lagom-desktop`: the web UI in a window. Its only command is the core's command table
//! (`call`), plus `cancel` for a running import, `upload` for a file picked or dropped in
//! the window (its bytes as the body, its name in the `x-file-name` header, percent-encoded),
//! `choose_save_path` for the platform's save dialog (opened on a USB stick when one is in
//! and the file is a bundle or a backup), `choose_open_path` for its open dialog (a backup
//! to restore), `choose_folder` for its folder dialog (where scheduled backups go) and
//! `reveal` to show a saved file in its folder. The dialogs are opened from
//! here, so the window itself has no dialog or file permission. Progress goes to the window
//! as `import-progress` events.
//!
//! `LAGOM_SAVE_DIALOG_ANSWER=<folder>` answers the save dialog without showing it, as if
//! the owner had chosen that folder and the suggested name, and
//! `LAGOM_OPEN_DIALOG_ANSWER=<file>` answers the open dialog with that file: the window
//! tests drive every step but the platform's own dialogs, which WebDriver cannot reach.
//!
//! The vault is the one in `LAGOM_VAULT`, else `~/.local/share/lagom/vault`. Closing the window locks it.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use lagom_core::api::Session;
use lagom_core::keyring::Keyring;
use lagom_core::{ErrorCode, SystemClock};
use serde::Serialize;
use serde_json::Value;
use tauri::{Emitter, Manager, State};
use tauri_plugin_dialog::DialogExt;

struct Shared {
    session: Mutex<Session>,
    cancel: AtomicBool,
}

/// An error as the UI branches on it: the core's stable code and its sentence.
#[derive(Debug, Serialize)]
struct Failure {
    code: ErrorCode,
    message: String,
}

#[tauri::command]
async fn call(
    shared: State<'_, Arc<Shared>>,
    window: tauri::Window,
    command: String,
    args: Value,
) -> Result<Value, Failure> {
    // Cleared when the command arrives, not when it starts: a Cancel pressed while it
    // waits behind another command is for this one and must not be forgotten.
    shared.cancel.store(false, Ordering::Relaxed);
    let shared = Arc::clone(&shared);
    let joined = tauri::async_runtime::spawn_blocking(move || {
        let mut session = match shared.session.lock() {
            Ok(s) => s,
            Err(poisoned) => poisoned.into_inner(),
        };
        session.call(
            &command,
            args,
            &mut |p| {
                // A window that has gone away no longer needs to hear.
                let _ = window.emit("import-progress", p);
            },
            &shared.cancel,
        )
    })
    .await;
    match joined {
        Ok(result) => result.map_err(|e| Failure {
            code: e.code(),
            message: e.to_string(),
        }),
        Err(_) => Err(Failure {
            code: ErrorCode::Internal,
            message: "the command stopped unexpectedly".into(),
        }),
    }
}

#[tauri::command]
async fn upload(
    shared: State<'_, Arc<Shared>>,
    request: tauri::ipc::Request<'_>,
) -> Result<Value, Failure> {
    let refused = |message: &str| Failure {
        code: ErrorCode::Validation,
        message: message.into(),
    };
    let tauri::ipc::InvokeBody::Raw(bytes) = request.body() else {
        return Err(refused("the file's bytes are missing"));
    };
    let name = request
        .headers()
        .get("x-file-name")
        .and_then(|h| h.to_str().ok())
        .and_then(|h| percent_encoding::percent_decode_str(h).decode_utf8().ok())
        .ok_or_else(|| refused("the file's name is missing"))?
        .into_owned();
    let bytes = bytes.clone();
    let shared = Arc::clone(&shared);
    let joined = tauri::async_runtime::spawn_blocking(move || {
        let mut session = match shared.session.lock() {
            Ok(s) => s,
            Err(poisoned) => poisoned.into_inner(),
        };
        session.upload(&name, bytes)
    })
    .await;
    match joined {
        Ok(Ok(upload)) => serde_json::to_value(upload).map_err(|e| Failure {
            code: ErrorCode::Internal,
            message: e.to_string(),
        }),
        Ok(Err(e)) => Err(Failure {
            code: e.code(),
            message: e.to_string(),
        }),
        Err(_) => Err(Failure {
            code: ErrorCode::Internal,
            message: "the upload stopped unexpectedly".into(),
        }),
    }
}

/// Where a file is to go: the platform's save dialog, suggesting `suggested` and, when
/// `removable`, starting on the first USB stick or memory card. `None` when cancelled. The
/// dialog asks before replacing a file.
#[tauri::command]
async fn choose_save_path(
    app: tauri::AppHandle,
    suggested: String,
    removable: bool,
    folder: bool,
    filter_name: Option<String>,
    extension: Option<String>,
) -> Result<Option<PathBuf>, Failure> {
    // Only a name: a suggestion never chooses the folder.
    let name = std::path::Path::new(&suggested)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "lagom-export".into());
    if let Some(answer) = std::env::var_os("LAGOM_SAVE_DIALOG_ANSWER") {
        return Ok(Some(PathBuf::from(answer).join(name)));
    }
    let start = removable
        .then(|| lagom_core::output::removable_drives().into_iter().next())
        .flatten();
    let mut dialog = app.dialog().file().set_file_name(name);
    if let Some(dir) = start {
        dialog = dialog.set_directory(dir);
    }
    if let (false, Some(filter), Some(extension)) = (folder, filter_name, extension) {
        dialog = dialog.add_filter(filter, &[extension.as_str()]);
    }
    answered(
        move || dialog.blocking_save_file(),
        "the save dialog",
        "that place cannot be saved to",
    )
    .await
}

/// What a platform dialog answered, shown off the async runtime (the dialogs block): the
/// path, `None` when cancelled, or why it cannot be used (`refused`, e.g. "that file cannot
/// be opened").
async fn answered(
    show: impl FnOnce() -> Option<tauri_plugin_dialog::FilePath> + Send + 'static,
    dialog: &str,
    refused: &str,
) -> Result<Option<PathBuf>, Failure> {
    let picked = tauri::async_runtime::spawn_blocking(show)
        .await
        .map_err(|_| Failure {
            code: ErrorCode::Internal,
            message: format!("{dialog} stopped unexpectedly"),
        })?;
    picked
        .map(|p| {
            p.into_path().map_err(|e| Failure {
                code: ErrorCode::Validation,
                message: format!("{refused}: {e}"),
            })
        })
        .transpose()
}

/// Which folder the scheduled backups go to: the platform's folder dialog, opened on the
/// first USB stick or memory card when one is in. `None` when cancelled.
#[tauri::command]
async fn choose_folder(app: tauri::AppHandle) -> Result<Option<PathBuf>, Failure> {
    if let Some(answer) = std::env::var_os("LAGOM_FOLDER_DIALOG_ANSWER") {
        return Ok(Some(PathBuf::from(answer)));
    }
    let mut dialog = app.dialog().file();
    if let Some(drive) = lagom_core::output::removable_drives().into_iter().next() {
        dialog = dialog.set_directory(drive);
    }
    answered(
        move || dialog.blocking_pick_folder(),
        "the folder dialog",
        "that folder cannot be used",
    )
    .await
}

/// Which file to read (a backup to restore): the platform's open dialog, offering files
/// with `extension` first when given. `None` when cancelled.
#[tauri::command]
async fn choose_open_path(
    app: tauri::AppHandle,
    filter_name: Option<String>,
    extension: Option<String>,
) -> Result<Option<PathBuf>, Failure> {
    if let Some(answer) = std::env::var_os("LAGOM_OPEN_DIALOG_ANSWER") {
        return Ok(Some(PathBuf::from(answer)));
    }
    let mut dialog = app.dialog().file();
    if let (Some(filter), Some(extension)) = (filter_name, extension) {
        dialog = dialog.add_filter(filter, &[extension.as_str()]);
    }
    answered(
        move || dialog.blocking_pick_file(),
        "the open dialog",
        "that file cannot be opened",
    )
    .await
}

/// Shows a saved file in its folder, in the platform's file manager.
#[tauri::command]
fn reveal(path: PathBuf) -> Result<(), Failure> {
    tauri_plugin_opener::reveal_item_in_dir(&path).map_err(|e| Failure {
        code: ErrorCode::Io,
        message: format!("the folder of {} could not be shown: {e}", path.display()),
    })
}

#[tauri::command]
fn cancel(shared: State<'_, Arc<Shared>>) {
    shared.cancel.store(true, Ordering::Relaxed);
}

fn vault_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("LAGOM_VAULT") {
        return PathBuf::from(dir);
    }
    let data = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .unwrap_or_else(|| PathBuf::from("."));
    data.join("lagom/vault")
}

fn main() {
    let keyring = Keyring {
        enabled: std::env::var_os("LAGOM_NO_KEYRING").is_none_or(|v| v.is_empty() || v == "0"),
    };
    let shared = Arc::new(Shared {
        session: Mutex::new(Session::new(
            &vault_dir(),
            Arc::new(SystemClock),
            Box::new(keyring),
        )),
        cancel: AtomicBool::new(false),
    });
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(shared)
        .invoke_handler(tauri::generate_handler![
            call,
            cancel,
            upload,
            choose_save_path,
            choose_open_path,
            choose_folder,
            reveal
        ])
        .on_window_event(|window, event| {
            if let tauri::WindowEvent::Destroyed = event {
                let shared = window.state::<Arc<Shared>>();
                if let Ok(mut session) = shared.session.lock() {
                    session.lock();
                }
            }
        })
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("Lagom could not start: {e}");
        std::process::exit(1);
    }
}
