//! The emergency kit: a one-page HTML document the owner prints or stores offline, holding
//! the secret key and plain-words instructions. It never holds the password.

use uuid::Uuid;

/// What goes on the kit.
pub struct KitContent<'a> {
    /// The vault's id.
    pub vault_id: Uuid,
    /// Where the vault lives.
    pub vault_dir: &'a str,
    /// The owner's name.
    pub owner_name: &'a str,
    /// The secret key as people read it.
    pub secret_key: &'a str,
    /// When the kit was made (a date people read).
    pub created: &'a str,
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Renders the kit as a self-contained HTML page (no scripts, no remote content).
pub fn emergency_kit_html(kit: &KitContent<'_>) -> String {
    format!(
        r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Lagom emergency kit</title>
<style>
  body {{ font-family: system-ui, sans-serif; max-width: 42rem; margin: 2rem auto; color: #1d1d1f; line-height: 1.5; }}
  h1 {{ font-size: 1.6rem; margin-bottom: 0; }}
  .sub {{ color: #555; margin-top: .2rem; }}
  .key {{ font-family: ui-monospace, monospace; font-size: 1.35rem; letter-spacing: .05em; padding: 1rem; border: 2px solid #1d1d1f; border-radius: .5rem; text-align: center; }}
  .box {{ border: 1px dashed #888; border-radius: .5rem; height: 3rem; }}
  dt {{ font-weight: 600; }} dd {{ margin: 0 0 .6rem 0; }}
  @media print {{ body {{ margin: 0; }} }}
</style>
</head>
<body>
<h1>Lagom emergency kit</h1>
<p class="sub">Made {created} for {owner}</p>
<p>Your customer register is locked with <strong>two secrets</strong>: your password, which you
remember, and the <strong>secret key</strong> below. Both are needed to open it. Lagom keeps the
secret key in this computer's keyring, so you rarely type it; you need this page when you move to a
new computer or the keyring is lost. Nobody, including Lagom's makers, can open your register without it.</p>
<h2>Secret key</h2>
<p class="key">{secret_key}</p>
<h2>Password</h2>
<p>Write it here by hand if you want to, or keep it only in your head:</p>
<div class="box"></div>
<h2>About this register</h2>
<dl>
  <dt>Vault id</dt><dd><code>{vault_id}</code></dd>
  <dt>Location when the kit was made</dt><dd><code>{dir}</code></dd>
</dl>
<h2>Keep this page safe</h2>
<ul>
  <li>Print it and keep it somewhere locked, such as a safe or with your accountant. Then delete the file.</li>
  <li>Anyone with this page <em>and</em> your password <em>and</em> a copy of the register can read it.</li>
  <li>If you lose both this page and the keyring entry, the register cannot be opened again.</li>
</ul>
</body>
</html>
"#,
        created = escape(kit.created),
        owner = escape(kit.owner_name),
        secret_key = escape(kit.secret_key),
        vault_id = kit.vault_id,
        dir = escape(kit.vault_dir),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kit_shows_the_secret_key_and_escapes_names() {
        let html = emergency_kit_html(&KitContent {
            vault_id: Uuid::nil(),
            vault_dir: "/home/<me>/vault",
            owner_name: "Åse & Co",
            secret_key: "LG1-AAAAAAA-BBBBBBB-CCCCCCC-DDDDDDD",
            created: "2026-11-22",
        });
        assert!(html.contains("LG1-AAAAAAA-BBBBBBB-CCCCCCC-DDDDDDD"));
        assert!(html.contains("Åse &amp; Co"));
        assert!(html.contains("/home/&lt;me&gt;/vault"));
        assert!(!html.contains("<script"));
    }
}
