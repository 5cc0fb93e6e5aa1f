//! The owner's mail server: where messages go out, how the connection is secured, who signs
//! in, and the sender shown. Kept in the vault's `settings` table under `mail.*` keys, so
//! the password is encrypted with everything else and travels with the vault; it is never
//! given back, only whether one is set. Every change is a `settings.changed` event naming
//! the settings changed, never their values.

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::db::lists;
use crate::text::present;
use crate::vault::Vault;
use crate::{Error, Result};

const HOST: &str = "mail.host";
const PORT: &str = "mail.port";
const SECURITY: &str = "mail.security";
const USERNAME: &str = "mail.username";
const PASSWORD: &str = "mail.password";
const FROM_NAME: &str = "mail.from_name";
const FROM_ADDRESS: &str = "mail.from_address";
const TRUSTED_CERTIFICATE: &str = "mail.trusted_certificate";

/// The longest certificate bundle taken: a CA chain is a few kilobytes.
const MAX_CERTIFICATE_BYTES: usize = 64 * 1024;

/// How the connection to the mail server is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum Security {
    /// Plain connection upgraded with STARTTLS before anything is sent (port 587). Refused
    /// if the server does not offer it, so a downgrade cannot go unnoticed.
    #[default]
    StartTls,
    /// TLS from the first byte (port 465).
    Tls,
    /// No encryption: only for a server on this computer (127.0.0.1, ::1, localhost), such as
    /// a local relay or a bridge that encrypts on its own.
    None,
}

impl Security {
    fn as_str(self) -> &'static str {
        match self {
            Security::StartTls => "starttls",
            Security::Tls => "tls",
            Security::None => "none",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        [Security::StartTls, Security::Tls, Security::None]
            .into_iter()
            .find(|s| s.as_str() == text)
    }

    /// The usual port for this kind of connection.
    pub fn default_port(self) -> u16 {
        match self {
            Security::StartTls => 587,
            Security::Tls => 465,
            Security::None => 25,
        }
    }
}

/// The mail settings as shown: everything except the password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct MailSettings {
    /// Whether messages go out through the server; without one they are saved as files.
    pub configured: bool,
    /// The server's host name or address.
    pub host: Option<String>,
    /// The port (the usual one for `security` unless set).
    pub port: u16,
    /// How the connection is secured.
    pub security: Security,
    /// The user name to sign in with; none: no sign-in.
    pub username: Option<String>,
    /// Whether a password is kept (it is never shown).
    pub password_set: bool,
    /// The sender's name in the `From` header.
    pub from_name: Option<String>,
    /// The sender's address.
    pub from_address: Option<String>,
    /// A certificate (PEM) trusted besides the system's, for a server with its own CA.
    pub trusted_certificate: Option<String>,
}

/// A change to the mail settings: absent fields stay as they are; `null` clears a field.
#[derive(Clone, Default, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct MailSettingsPatch {
    /// The server; `null` turns sending off (messages are then saved as files).
    #[serde(default, deserialize_with = "present")]
    #[ts(optional = nullable)]
    pub host: Option<Option<String>>,
    /// The port; `null` goes back to the usual one for the security chosen.
    #[serde(default, deserialize_with = "present")]
    #[ts(optional = nullable)]
    pub port: Option<Option<u16>>,
    /// How the connection is secured.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub security: Option<Security>,
    /// The user name; `null` signs in with nothing.
    #[serde(default, deserialize_with = "present")]
    #[ts(optional = nullable)]
    pub username: Option<Option<String>>,
    /// The password; `null` forgets it.
    #[serde(default, deserialize_with = "present")]
    #[ts(optional = nullable)]
    pub password: Option<Option<String>>,
    /// The sender's name.
    #[serde(default, deserialize_with = "present")]
    #[ts(optional = nullable)]
    pub from_name: Option<Option<String>>,
    /// The sender's address.
    #[serde(default, deserialize_with = "present")]
    #[ts(optional = nullable)]
    pub from_address: Option<Option<String>>,
    /// A certificate (PEM) to trust for this server.
    #[serde(default, deserialize_with = "present")]
    #[ts(optional = nullable)]
    pub trusted_certificate: Option<Option<String>>,
}

impl std::fmt::Debug for MailSettingsPatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailSettingsPatch")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|p| p.is_some()))
            .finish_non_exhaustive()
    }
}

/// Everything stored, the password included: for sending only, never for showing.
#[derive(Clone, Default)]
pub(crate) struct Stored {
    pub host: Option<String>,
    pub port: Option<u16>,
    pub security: Security,
    pub username: Option<String>,
    pub password: Option<Zeroizing<String>>,
    pub from_name: Option<String>,
    pub from_address: Option<String>,
    pub trusted_certificate: Option<String>,
}

impl Stored {
    pub(crate) fn port(&self) -> u16 {
        self.port.unwrap_or(self.security.default_port())
    }

    fn view(&self) -> MailSettings {
        MailSettings {
            configured: self.host.is_some(),
            host: self.host.clone(),
            port: self.port(),
            security: self.security,
            username: self.username.clone(),
            password_set: self.password.is_some(),
            from_name: self.from_name.clone(),
            from_address: self.from_address.clone(),
            trusted_certificate: self.trusted_certificate.clone(),
        }
    }

    /// The settings' names that differ from `other`.
    fn changed_from(&self, other: &Stored) -> Vec<&'static str> {
        let mut changed = Vec::new();
        let mut check = |same: bool, key| {
            if !same {
                changed.push(key);
            }
        };
        check(self.host == other.host, HOST);
        check(self.port == other.port, PORT);
        check(self.security == other.security, SECURITY);
        check(self.username == other.username, USERNAME);
        check(
            self.password.as_deref() == other.password.as_deref(),
            PASSWORD,
        );
        check(self.from_name == other.from_name, FROM_NAME);
        check(self.from_address == other.from_address, FROM_ADDRESS);
        check(
            self.trusted_certificate == other.trusted_certificate,
            TRUSTED_CERTIFICATE,
        );
        changed
    }
}

/// Whether `host` is this computer, where an unencrypted connection crosses no network.
pub(crate) fn is_loopback(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    bare.eq_ignore_ascii_case("localhost")
        || bare
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

fn no_controls(field: &'static str, text: &str, max_chars: usize) -> Result<()> {
    if text.chars().any(char::is_control) {
        return Err(Error::validation(
            field,
            "must not contain control characters",
        ));
    }
    if text.chars().count() > max_chars {
        return Err(Error::validation(
            field,
            format!("is longer than {max_chars} characters"),
        ));
    }
    Ok(())
}

/// A trimmed, non-empty value, or none.
fn optional(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty())
}

fn check_host(host: &str) -> Result<()> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']');
    // A colon belongs only in an IPv6 address, never before a port.
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let colon_ok = !host.contains(':') || bare.parse::<std::net::Ipv6Addr>().is_ok();
    if host.len() > 253 || !host.chars().all(allowed) || !colon_ok {
        return Err(Error::validation(
            "mail host",
            "give the server's name (smtp.example.com) or address, without a port or scheme",
        ));
    }
    Ok(())
}

/// Checks that the text holds at least one PEM certificate the TLS library reads.
pub(crate) fn check_certificate(pem: &str) -> Result<()> {
    let refuse = || {
        Error::validation(
            "trusted certificate",
            "paste the certificate in PEM form (-----BEGIN CERTIFICATE----- …)",
        )
    };
    if pem.len() > MAX_CERTIFICATE_BYTES || !pem.contains("-----BEGIN CERTIFICATE-----") {
        return Err(refuse());
    }
    lettre::transport::smtp::client::Certificate::from_pem(pem.as_bytes())
        .map(|_| ())
        .map_err(|_| refuse())
}

fn check(s: &Stored) -> Result<()> {
    if let Some(host) = &s.host {
        check_host(host)?;
        if s.security == Security::None && !is_loopback(host) {
            return Err(Error::validation(
                "mail security",
                "an unencrypted connection is only allowed to a server on this computer \
                 (127.0.0.1 or localhost); choose starttls or tls",
            ));
        }
    }
    if s.port == Some(0) {
        return Err(Error::validation("mail port", "must be from 1 to 65535"));
    }
    if let Some(user) = &s.username {
        no_controls("mail username", user, 320)?;
    }
    if let Some(password) = &s.password
        && (password.contains(['\r', '\n', '\0']) || password.len() > 1024)
    {
        return Err(Error::validation(
            "mail password",
            "must be one line of at most 1024 bytes",
        ));
    }
    if let Some(name) = &s.from_name {
        no_controls("mail from_name", name, 200)?;
    }
    if let Some(address) = &s.from_address
        && !email_address::EmailAddress::is_valid(address)
    {
        return Err(Error::validation(
            "mail from_address",
            "is not a valid e-mail address",
        ));
    }
    if let Some(pem) = &s.trusted_certificate {
        check_certificate(pem)?;
    }
    Ok(())
}

fn apply(mut s: Stored, patch: MailSettingsPatch) -> Stored {
    if let Some(host) = patch.host {
        s.host = optional(host).map(|h| h.to_ascii_lowercase());
    }
    if let Some(port) = patch.port {
        s.port = port;
    }
    if let Some(security) = patch.security {
        s.security = security;
    }
    if let Some(user) = patch.username {
        s.username = optional(user);
    }
    if let Some(password) = patch.password {
        // Spaces can belong to a password; only an empty one means "none".
        s.password = password.filter(|p| !p.is_empty()).map(Zeroizing::new);
    }
    if let Some(name) = patch.from_name {
        s.from_name = optional(name);
    }
    if let Some(address) = patch.from_address {
        s.from_address = optional(address);
    }
    if let Some(pem) = patch.trusted_certificate {
        s.trusted_certificate = optional(pem);
    }
    s
}

impl Vault {
    /// Everything stored about the mail server, the password included.
    pub(crate) fn stored_mail_settings(&self) -> Result<Stored> {
        let conn = &self.store.conn;
        let get = |key| lists::setting(conn, key);
        Ok(Stored {
            host: get(HOST)?,
            port: get(PORT)?.and_then(|p| p.parse().ok()),
            security: get(SECURITY)?
                .as_deref()
                .and_then(Security::parse)
                .unwrap_or_default(),
            username: get(USERNAME)?,
            password: get(PASSWORD)?.map(Zeroizing::new),
            from_name: get(FROM_NAME)?,
            from_address: get(FROM_ADDRESS)?,
            trusted_certificate: get(TRUSTED_CERTIFICATE)?,
        })
    }

    /// The mail settings, without the password.
    pub fn mail_settings(&self) -> Result<MailSettings> {
        Ok(self.stored_mail_settings()?.view())
    }

    /// Changes the mail settings in one transaction with a `settings.changed` event naming
    /// the settings changed. A patch that changes nothing writes nothing.
    pub fn update_mail_settings(&mut self, patch: MailSettingsPatch) -> Result<MailSettings> {
        let before = self.stored_mail_settings()?;
        let after = apply(before.clone(), patch);
        check(&after)?;
        let changed = after.changed_from(&before);
        self.write_settings(&changed, |tx| {
            lists::put_setting(tx, HOST, after.host.as_deref())?;
            lists::put_setting(tx, PORT, after.port.map(|p| p.to_string()).as_deref())?;
            lists::put_setting(tx, SECURITY, Some(after.security.as_str()))?;
            lists::put_setting(tx, USERNAME, after.username.as_deref())?;
            lists::put_setting(tx, PASSWORD, after.password.as_deref().map(String::as_str))?;
            lists::put_setting(tx, FROM_NAME, after.from_name.as_deref())?;
            lists::put_setting(tx, FROM_ADDRESS, after.from_address.as_deref())?;
            lists::put_setting(
                tx,
                TRUSTED_CERTIFICATE,
                after.trusted_certificate.as_deref(),
            )?;
            Ok(())
        })?;
        Ok(after.view())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_this_computer_counts_as_loopback() {
        for host in [
            "localhost",
            "LOCALHOST",
            "127.0.0.1",
            "127.0.0.2",
            "::1",
            "[::1]",
        ] {
            assert!(is_loopback(host), "{host}");
        }
        for host in [
            "smtp.example.com",
            "10.0.0.1",
            "localhost.example.com",
            "0.0.0.0",
        ] {
            assert!(!is_loopback(host), "{host}");
        }
    }

    #[test]
    fn plain_smtp_is_refused_for_a_remote_server() {
        let remote = Stored {
            host: Some("smtp.example.com".into()),
            security: Security::None,
            ..Stored::default()
        };
        assert!(check(&remote).is_err());
        let local = Stored {
            host: Some("127.0.0.1".into()),
            ..remote
        };
        assert!(check(&local).is_ok());
    }

    #[test]
    fn hosts_with_a_scheme_or_port_are_refused() {
        for host in [
            "smtp://mail.example.com",
            "mail.example.com:587",
            "a b",
            "ø.no",
        ] {
            assert!(check_host(host).is_err(), "{host}");
        }
        assert!(check_host("smtp.domeneshop.no").is_ok());
    }

    #[test]
    fn a_patch_names_what_changed_and_never_needs_the_old_password() {
        let before = Stored {
            password: Some(Zeroizing::new("old".into())),
            ..Stored::default()
        };
        let patch: MailSettingsPatch =
            serde_json::from_str(r#"{"password": "new", "from_name": "  Firma AS "}"#).unwrap();
        let after = apply(before.clone(), patch);
        assert_eq!(after.from_name.as_deref(), Some("Firma AS"));
        assert_eq!(after.changed_from(&before), vec![PASSWORD, FROM_NAME]);
        let cleared: MailSettingsPatch = serde_json::from_str(r#"{"password": null}"#).unwrap();
        assert!(apply(after, cleared).password.is_none());
        assert!(
            format!(
                "{:?}",
                serde_json::from_str::<MailSettingsPatch>(r#"{"password": "hunter2"}"#).unwrap()
            )
            .find("hunter2")
            .is_none()
        );
    }
}
