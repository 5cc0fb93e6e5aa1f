//! Talking to the owner's SMTP server with lettre's blocking client, one step at a time
//! (connect, STARTTLS, sign in, sender, recipient, message), so that a failure names its
//! step and the server: "could not connect", "the TLS handshake failed", "refused the user
//! name or password", "refused the recipient". Replies are reported by their code only: a
//! server's words may quote the address it refused.
//!
//! Encryption is STARTTLS (required: a server that does not offer it is refused rather than
//! spoken to in the clear) or TLS from the first byte; an unencrypted connection is only
//! made to this computer. Certificates are checked against the operating system's store,
//! plus the certificate the owner trusts for a server with its own CA.

use std::error::Error as StdError;
use std::time::Duration;

use lettre::Address;
use lettre::address::Envelope;
use lettre::transport::smtp::Error as SmtpError;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{Certificate, SmtpConnection, TlsParameters};
use lettre::transport::smtp::commands::{Data, Mail, Rcpt};
use lettre::transport::smtp::extension::{ClientId, Extension, MailParameter};
use zeroize::Zeroizing;

use super::settings::{Security, Stored, is_loopback};
use crate::error::MailStep;
use crate::{Error, Result};

/// How long to wait for the server to connect or to answer a command.
pub const TIMEOUT: Duration = Duration::from_secs(20);

/// Where to send and how to sign in.
pub(crate) struct Server {
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub login: Option<(String, Zeroizing<String>)>,
    pub trusted_certificate: Option<String>,
}

impl Server {
    /// The server from the stored settings, or none when no host is set.
    pub(crate) fn from_settings(s: &Stored) -> Result<Option<Server>> {
        let Some(host) = &s.host else {
            return Ok(None);
        };
        let login = match (&s.username, &s.password) {
            (Some(user), Some(password)) => Some((user.clone(), password.clone())),
            (Some(_), None) => {
                return Err(Error::validation(
                    "mail password",
                    "a user name is set but no password; set the password or clear the user name",
                ));
            }
            (None, _) => None,
        };
        Ok(Some(Server {
            host: host.clone(),
            port: s.port(),
            security: s.security,
            login,
            trusted_certificate: s.trusted_certificate.clone(),
        }))
    }

    fn name(&self) -> String {
        if self.host.contains(':') && !self.host.starts_with('[') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }

    fn fail(&self, step: MailStep, reason: impl Into<String>) -> Error {
        Error::Mail {
            server: self.name(),
            step,
            reason: reason.into(),
        }
    }

    fn tls_parameters(&self) -> Result<TlsParameters> {
        let domain = self.host.trim_start_matches('[').trim_end_matches(']');
        let mut builder = TlsParameters::builder(domain.to_owned());
        if let Some(pem) = &self.trusted_certificate {
            let certificate = Certificate::from_pem(pem.as_bytes())
                .map_err(|_| self.fail(MailStep::Tls, "the trusted certificate cannot be read"))?;
            builder = builder.add_root_certificate(certificate);
        }
        builder.build_rustls().map_err(|e| {
            self.fail(
                MailStep::Tls,
                format!("TLS cannot be set up: {}", chain(&e)),
            )
        })
    }
}

/// The causes of an error, innermost last, without lettre's generic words.
fn chain(e: &SmtpError) -> String {
    let mut parts = Vec::new();
    let mut next: Option<&(dyn StdError + 'static)> = e.source();
    while let Some(cause) = next {
        match cause.downcast_ref::<std::io::Error>() {
            // An io::Error's `source` skips the error it wraps; its own text says it.
            Some(io) => {
                parts.push(io.to_string());
                next = None;
            }
            None => {
                parts.push(cause.to_string());
                next = cause.source();
            }
        }
    }
    if parts.is_empty() {
        e.to_string()
    } else {
        parts.join(": ")
    }
}

/// Whether a TLS library error is somewhere in the chain (a handshake that failed while
/// lettre was reading the greeting shows up as a network error).
fn is_tls(e: &SmtpError) -> bool {
    if e.is_tls() {
        return true;
    }
    let mut next: Option<&(dyn StdError + 'static)> = e.source();
    while let Some(cause) = next {
        if cause.downcast_ref::<rustls::Error>().is_some() {
            return true;
        }
        if let Some(inner) = cause
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
            && inner.downcast_ref::<rustls::Error>().is_some()
        {
            return true;
        }
        next = cause.source();
    }
    false
}

fn is_timeout(e: &SmtpError) -> bool {
    e.is_timeout()
        || chain(e).contains("timed out")
        || e.source()
            .and_then(|c| c.downcast_ref::<std::io::Error>())
            .is_some_and(|io| io.kind() == std::io::ErrorKind::WouldBlock)
}

/// "code 550", with a hint when the server means "try again later"; or that it did not
/// answer in time.
fn reply(e: &SmtpError) -> String {
    if is_timeout(e) {
        return format!("no answer within {} seconds", TIMEOUT.as_secs());
    }
    match e.status() {
        Some(code) if e.is_transient() => {
            format!("code {code}, a temporary refusal: try again later")
        }
        Some(code) => format!("code {code}"),
        None => chain(e),
    }
}

impl Server {
    /// Why connecting failed, in words.
    fn connect_error(&self, e: &SmtpError) -> Error {
        if is_tls(e) {
            self.fail(
                MailStep::Tls,
                format!(
                    "the TLS handshake failed ({}); if the server uses its own certificate \
                     authority, add its certificate to the mail settings",
                    chain(e)
                ),
            )
        } else if is_timeout(e) {
            self.fail(
                MailStep::Connect,
                format!("no answer within {} seconds", TIMEOUT.as_secs()),
            )
        } else if e.status().is_some() {
            self.fail(
                MailStep::Connect,
                format!("the server turned the connection away ({})", reply(e)),
            )
        } else {
            self.fail(
                MailStep::Connect,
                format!("could not connect ({})", chain(e)),
            )
        }
    }

    /// Sends one message to one recipient.
    pub(crate) fn send(
        &self,
        hello: &str,
        from: &Address,
        to: &Address,
        message: &[u8],
    ) -> Result<()> {
        if self.security == Security::None && !is_loopback(&self.host) {
            return Err(self.fail(
                MailStep::Connect,
                "an unencrypted connection is only made to a server on this computer",
            ));
        }
        let hello = ClientId::Domain(hello.to_owned());
        let tls = match self.security {
            Security::None => None,
            Security::StartTls | Security::Tls => Some(self.tls_parameters()?),
        };
        let implicit = match self.security {
            Security::Tls => tls.as_ref(),
            Security::StartTls | Security::None => None,
        };
        let host = self.host.trim_start_matches('[').trim_end_matches(']');
        let mut conn =
            SmtpConnection::connect((host, self.port), Some(TIMEOUT), &hello, implicit, None)
                .map_err(|e| self.connect_error(&e))?;
        let result = self.converse(&mut conn, &hello, tls.as_ref(), from, to, message);
        if result.is_ok() {
            // The message is accepted; a failed goodbye changes nothing.
            let _ = conn.quit();
        } else {
            conn.abort();
        }
        result
    }

    fn converse(
        &self,
        conn: &mut SmtpConnection,
        hello: &ClientId,
        tls: Option<&TlsParameters>,
        from: &Address,
        to: &Address,
        message: &[u8],
    ) -> Result<()> {
        if let (Security::StartTls, Some(tls)) = (self.security, tls) {
            if !conn.server_info().supports_feature(Extension::StartTls) {
                return Err(self.fail(
                    MailStep::Tls,
                    "the server does not offer STARTTLS; choose tls (usually port 465), or check the port",
                ));
            }
            conn.starttls(tls, hello).map_err(|e| {
                self.fail(
                    MailStep::Tls,
                    format!(
                        "the TLS handshake after STARTTLS failed ({}); if the server uses its own \
                         certificate authority, add its certificate to the mail settings",
                        chain(&e)
                    ),
                )
            })?;
        }
        if let Some((user, password)) = &self.login {
            let credentials = Credentials::new(user.clone(), password.as_str().to_owned());
            conn.auth(&[Mechanism::Plain, Mechanism::Login], &credentials)
                .map_err(|e| match e.status() {
                    Some(code) if e.is_permanent() => self.fail(
                        MailStep::Login,
                        format!("the server refused the user name or password (code {code})"),
                    ),
                    Some(_) => self.fail(
                        MailStep::Login,
                        format!("signing in failed ({})", reply(&e)),
                    ),
                    None if e.is_client() => self.fail(
                        MailStep::Login,
                        "the server offers no way to sign in that Lagom supports (PLAIN or LOGIN); \
                         with STARTTLS or TLS chosen, check the port",
                    ),
                    None => self.fail(
                        MailStep::Login,
                        format!("signing in failed ({})", reply(&e)),
                    ),
                })?;
        }
        let envelope = Envelope::new(Some(from.clone()), vec![to.clone()])
            .map_err(|e| Error::validation("message", e.to_string()))?;
        let mut parameters = Vec::new();
        let international = !from.to_string().is_ascii() || !to.to_string().is_ascii();
        if international {
            if !conn.server_info().supports_feature(Extension::SmtpUtfEight) {
                return Err(self.fail(
                    MailStep::Recipient,
                    "an address has letters outside ASCII and the server does not accept such addresses (SMTPUTF8)",
                ));
            }
            parameters.push(MailParameter::SmtpUtfEight);
        }
        conn.command(Mail::new(envelope.from().cloned(), parameters))
            .map_err(|e| {
                self.fail(
                    MailStep::Sender,
                    format!("the server refused the sender address ({})", reply(&e)),
                )
            })?;
        conn.command(Rcpt::new(to.clone(), vec![])).map_err(|e| {
            self.fail(
                MailStep::Recipient,
                format!("the server refused the recipient address ({})", reply(&e)),
            )
        })?;
        conn.command(Data)
            .and_then(|_| conn.message(message))
            .map_err(|e| {
                self.fail(
                    MailStep::Message,
                    format!("the server refused the message ({})", reply(&e)),
                )
            })?;
        Ok(())
    }
}
