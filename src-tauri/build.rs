//! Embeds the built web UI (`../ui/dist`) and the app's configuration.

fn main() {
    tauri_build::build();
}
