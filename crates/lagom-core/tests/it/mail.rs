//! E-mail through a real SMTP server: `tests/smtp/server.py` (aiosmtpd) started on
//! 127.0.0.1 for each test, with STARTTLS under a certificate from a CA made for the test,
//! and AUTH. What the server received is read back from its files and parsed. Also the
//! `.eml` fallback, the errors (wrong password, server down, refused recipient, unknown CA)
//! and that the password never leaves the vault.
//!
//! The server's Python environment comes from `tests/smtp/setup.sh`
//! (or `LAGOM_SMTP_PYTHON`); without it these tests fail and say so.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use lagom_core::audit::AuditKind;
use lagom_core::mail::{Attachment, Delivery, Email, EmailKind, MailSettingsPatch, MailStep};
use lagom_core::{AuditFilter, Error, ErrorCode, Vault};
use mail_parser::{MessageParser, MimeHeaders};

use crate::support;

const USER: &str = "lagom@example.test";
const PASSWORD: &str = "Sm7p-pa55-kanarifugl";

fn python() -> PathBuf {
    if let Some(p) = std::env::var_os("LAGOM_SMTP_PYTHON") {
        return PathBuf::from(p);
    }
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/smtp-venv/bin/python");
    assert!(
        venv.exists(),
        "the SMTP test server needs its Python environment: run tests/smtp/setup.sh \
         (or set LAGOM_SMTP_PYTHON to a Python with aiosmtpd)"
    );
    venv
}

fn server_script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/smtp/server.py")
}

/// A certificate authority made for one test, and a server certificate it signed for
/// 127.0.0.1 and localhost.
struct TestCa {
    ca_pem: String,
    cert: PathBuf,
    key: PathBuf,
}

fn make_ca(dir: &Path) -> TestCa {
    use rcgen::{
        BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair,
        KeyUsagePurpose,
    };
    let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.distinguished_name
        .push(DnType::CommonName, "Lagom test CA");
    ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let ca = CertifiedIssuer::self_signed(ca, KeyPair::generate().unwrap()).unwrap();
    let mut leaf = CertificateParams::new(vec!["127.0.0.1".into(), "localhost".into()]).unwrap();
    leaf.distinguished_name
        .push(DnType::CommonName, "localhost");
    let leaf_key = KeyPair::generate().unwrap();
    let leaf = leaf.signed_by(&leaf_key, &ca).unwrap();
    let cert = dir.join("server.pem");
    let key = dir.join("server.key");
    std::fs::write(&cert, leaf.pem()).unwrap();
    std::fs::write(&key, leaf_key.serialize_pem()).unwrap();
    TestCa {
        ca_pem: ca.pem(),
        cert,
        key,
    }
}

/// The SMTP server, stopped when dropped (and by itself when the test process dies, since
/// its standard input then closes).
struct Smtp {
    child: Child,
    port: u16,
    inbox: PathBuf,
}

impl Drop for Smtp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

enum Security<'a> {
    StartTls(&'a TestCa),
    Implicit(&'a TestCa),
    Plain,
}

impl Smtp {
    fn start(dir: &Path, tls: Security<'_>, auth: bool) -> Smtp {
        let inbox = dir.join("inbox");
        let mut command = Command::new(python());
        command.arg(server_script()).arg("--out").arg(&inbox);
        match tls {
            Security::StartTls(ca) => command.arg("--starttls").arg(&ca.cert).arg(&ca.key),
            Security::Implicit(ca) => command.arg("--tls").arg(&ca.cert).arg(&ca.key),
            Security::Plain => &mut command,
        };
        if auth {
            command.arg("--auth").arg(format!("{USER}:{PASSWORD}"));
        }
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start tests/smtp/server.py (run tests/smtp/setup.sh first)");
        let stdout = child.stdout.take().unwrap();
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).unwrap();
        let port = line
            .trim()
            .strip_prefix("PORT ")
            .unwrap_or_else(|| panic!("the SMTP server did not start: {line:?}"))
            .parse()
            .unwrap();
        Smtp { child, port, inbox }
    }

    /// The messages received so far, in order.
    fn received(&self) -> Vec<(Vec<u8>, serde_json::Value)> {
        let Ok(entries) = std::fs::read_dir(&self.inbox) else {
            return vec![];
        };
        let mut names: Vec<PathBuf> = entries
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "eml"))
            .collect();
        names.sort();
        names
            .into_iter()
            .map(|p| {
                let envelope = std::fs::read_to_string(p.with_extension("json")).unwrap();
                (
                    std::fs::read(&p).unwrap(),
                    serde_json::from_str(&envelope).unwrap(),
                )
            })
            .collect()
    }

    /// Waits (briefly) for the server to have written `n` messages.
    fn wait_for(&self, n: usize) -> Vec<(Vec<u8>, serde_json::Value)> {
        let start = Instant::now();
        loop {
            let got = self.received();
            if got.len() >= n || start.elapsed() > Duration::from_secs(10) {
                return got;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

fn settings(port: u16, security: &str, password: &str, ca: Option<&TestCa>) -> MailSettingsPatch {
    serde_json::from_value(serde_json::json!({
        "host": "127.0.0.1",
        "port": port,
        "security": security,
        "username": USER,
        "password": password,
        "from_name": "Fjord Sykkel AS",
        "from_address": "post@fjordsykkel.example",
        "trusted_certificate": ca.map(|c| c.ca_pem.clone()),
    }))
    .unwrap()
}

fn email(person_id: Option<uuid::Uuid>) -> Email {
    Email {
        kind: EmailKind::SubjectAccess,
        person_id,
        to_name: "Åse Kjærstad".into(),
        to_address: "ase@kunde.example".into(),
        subject: "Innsyn: dine opplysninger – æøå ÆØÅ".into(),
        text: "Hei Åse!\n\nVedlagt finner du opplysningene vi har om deg.\n".into(),
        html: Some("<p>Hei Åse!</p><p>Vedlagt finner du opplysningene.</p>".into()),
        attachments: vec![Attachment {
            filename: "innsyn-åse.zip".into(),
            content_type: "application/zip".into(),
            bytes: (0..=255u8).cycle().take(5000).collect(),
        }],
    }
}

fn email_events(v: &Vault) -> Vec<serde_json::Value> {
    let filter = AuditFilter {
        kind: Some(AuditKind::EmailSent.as_str().into()),
        subject_id: None,
        since: None,
        until: None,
        limit: 100,
    };
    v.audit_entries(&filter, None)
        .unwrap()
        .into_iter()
        .map(|e| serde_json::to_value(e).unwrap())
        .collect()
}

fn mail_error(result: lagom_core::Result<Delivery>) -> (MailStep, String) {
    match result {
        Err(e @ Error::Mail { step, .. }) => {
            assert_eq!(e.code(), ErrorCode::Mail);
            (step, e.to_string())
        }
        other => panic!("expected a mail error, got {other:?}"),
    }
}

#[test]
fn a_message_goes_through_starttls_and_auth_with_its_headers_text_and_attachment() {
    let dir = tempfile::tempdir().unwrap();
    let ca = make_ca(dir.path());
    let smtp = Smtp::start(dir.path(), Security::StartTls(&ca), true);
    let mut v = support::create(&dir.path().join("v"));
    let person = v
        .create_person(support::person("Åse", "Kjærstad", "ase@kunde.example"))
        .unwrap();
    v.update_mail_settings(settings(smtp.port, "starttls", PASSWORD, Some(&ca)))
        .unwrap();

    let delivery = v.deliver(&email(Some(person)), None).unwrap();
    let Delivery::Sent { message_id } = delivery else {
        panic!("expected it sent: {delivery:?}");
    };
    assert!(
        message_id.ends_with("@fjordsykkel.example>"),
        "{message_id}"
    );

    let received = smtp.wait_for(1);
    assert_eq!(received.len(), 1);
    let (bytes, envelope) = &received[0];
    assert_eq!(envelope["mail_from"], "post@fjordsykkel.example");
    assert_eq!(
        envelope["rcpt_tos"],
        serde_json::json!(["ase@kunde.example"])
    );
    let m = MessageParser::default().parse(bytes).unwrap();
    assert_eq!(m.subject(), Some("Innsyn: dine opplysninger – æøå ÆØÅ"));
    let from = m.from().unwrap().first().unwrap();
    assert_eq!(from.name(), Some("Fjord Sykkel AS"));
    assert_eq!(from.address(), Some("post@fjordsykkel.example"));
    let to = m.to().unwrap().first().unwrap();
    assert_eq!(to.name(), Some("Åse Kjærstad"));
    assert_eq!(to.address(), Some("ase@kunde.example"));
    assert_eq!(
        format!("<{}>", m.message_id().unwrap()),
        message_id,
        "the Message-ID sent is the one returned"
    );
    assert!(m.date().is_some(), "a Date header");
    assert_eq!(
        m.body_text(0).unwrap().replace("\r\n", "\n"),
        "Hei Åse!\n\nVedlagt finner du opplysningene vi har om deg.\n"
    );
    assert!(m.body_html(0).unwrap().contains("<p>Hei Åse!</p>"));
    let attachment = m.attachment(0).unwrap();
    assert_eq!(attachment.attachment_name(), Some("innsyn-åse.zip"));
    assert_eq!(attachment.content_type().unwrap().ctype(), "application");
    assert_eq!(
        attachment.contents(),
        (0..=255u8).cycle().take(5000).collect::<Vec<_>>()
    );
    // Nothing but ASCII on the wire: any server takes it.
    assert!(bytes.is_ascii());

    let events = email_events(&v);
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["subject_id"], person.to_string());
    assert_eq!(
        events[0]["detail"],
        serde_json::json!({ "email": "subject_access", "delivery": "sent", "attachments": 1 })
    );
    let detail = events[0].to_string();
    assert!(!detail.contains("ase@kunde.example") && !detail.contains("Innsyn"));
}

#[test]
fn implicit_tls_works_too() {
    let dir = tempfile::tempdir().unwrap();
    let ca = make_ca(dir.path());
    let smtp = Smtp::start(dir.path(), Security::Implicit(&ca), true);
    let mut v = support::create(&dir.path().join("v"));
    v.update_mail_settings(settings(smtp.port, "tls", PASSWORD, Some(&ca)))
        .unwrap();
    let delivery = v.send_test_email(None).unwrap();
    assert!(matches!(delivery, Delivery::Sent { .. }), "{delivery:?}");
    let received = smtp.wait_for(1);
    assert_eq!(
        received[0].1["rcpt_tos"],
        serde_json::json!(["post@fjordsykkel.example"])
    );
}

#[test]
fn a_wrong_password_is_a_login_error_that_does_not_show_the_password() {
    let dir = tempfile::tempdir().unwrap();
    let ca = make_ca(dir.path());
    let smtp = Smtp::start(dir.path(), Security::StartTls(&ca), true);
    let mut v = support::create(&dir.path().join("v"));
    v.update_mail_settings(settings(
        smtp.port,
        "starttls",
        "feil-passord-123",
        Some(&ca),
    ))
    .unwrap();
    let (step, message) = mail_error(v.deliver(&email(None), None));
    assert_eq!(step, MailStep::Login, "{message}");
    assert!(
        message.contains(&format!("127.0.0.1:{}", smtp.port)),
        "{message}"
    );
    assert!(message.contains("user name or password"), "{message}");
    assert!(!message.contains("feil-passord-123"), "{message}");
    assert!(smtp.received().is_empty());
    // A refused message leaves no event.
    assert!(email_events(&v).is_empty());
}

#[test]
fn a_server_that_is_down_is_a_connect_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    // A port nobody listens on: taken, then let go.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut v = support::create(&dir.path().join("v"));
    v.update_mail_settings(settings(port, "starttls", PASSWORD, None))
        .unwrap();
    let (step, message) = mail_error(v.deliver(&email(None), None));
    assert_eq!(step, MailStep::Connect);
    assert!(message.contains(&format!("127.0.0.1:{port}")), "{message}");
    assert!(message.contains("could not connect"), "{message}");
}

#[test]
fn a_certificate_from_an_unknown_authority_is_a_tls_error() {
    let dir = tempfile::tempdir().unwrap();
    let ca = make_ca(dir.path());
    let smtp = Smtp::start(dir.path(), Security::StartTls(&ca), true);
    let mut v = support::create(&dir.path().join("v"));
    // The server's CA is not trusted: no certificate in the settings.
    v.update_mail_settings(settings(smtp.port, "starttls", PASSWORD, None))
        .unwrap();
    let (step, message) = mail_error(v.deliver(&email(None), None));
    assert_eq!(step, MailStep::Tls, "{message}");
    assert!(message.contains("certificate"), "{message}");
    assert!(smtp.received().is_empty());
}

#[test]
fn a_refused_recipient_is_named_as_such_without_the_address() {
    let dir = tempfile::tempdir().unwrap();
    let ca = make_ca(dir.path());
    let smtp = Smtp::start(dir.path(), Security::StartTls(&ca), true);
    let mut v = support::create(&dir.path().join("v"));
    v.update_mail_settings(settings(smtp.port, "starttls", PASSWORD, Some(&ca)))
        .unwrap();
    let mut e = email(None);
    e.to_address = "nobody@rejected.invalid".into();
    let (step, message) = mail_error(v.deliver(&e, None));
    assert_eq!(step, MailStep::Recipient);
    assert!(message.contains("550"), "{message}");
    assert!(!message.contains("nobody@"), "{message}");
}

#[test]
fn plain_smtp_works_only_on_this_computer() {
    let dir = tempfile::tempdir().unwrap();
    let smtp = Smtp::start(dir.path(), Security::Plain, false);
    let mut v = support::create(&dir.path().join("v"));
    let patch: MailSettingsPatch = serde_json::from_value(serde_json::json!({
        "host": "localhost", "port": smtp.port, "security": "none",
        "from_address": "post@fjordsykkel.example",
    }))
    .unwrap();
    v.update_mail_settings(patch).unwrap();
    v.deliver(&email(None), None).unwrap();
    assert_eq!(smtp.wait_for(1).len(), 1);

    let remote: MailSettingsPatch =
        serde_json::from_value(serde_json::json!({ "host": "smtp.example.com" })).unwrap();
    let err = v.update_mail_settings(remote).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation, "{err}");
}

#[test]
fn without_a_server_the_message_is_saved_as_an_eml_file_that_parses() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = support::create(&dir.path().join("v"));
    let patch: MailSettingsPatch = serde_json::from_value(serde_json::json!({
        "from_name": "Fjord Sykkel AS", "from_address": "post@fjordsykkel.example",
    }))
    .unwrap();
    v.update_mail_settings(patch).unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();

    // No server and no file: nothing can be done, and the error says what to do.
    let err = v.deliver(&email(None), None).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation);
    assert!(err.to_string().contains("no mail server"), "{err}");

    let Delivery::Saved { path } = v.deliver(&email(None), Some(&out)).unwrap() else {
        panic!("expected a file");
    };
    assert_eq!(path.parent().unwrap(), out);
    assert!(path.extension().is_some_and(|e| e == "eml"));
    let bytes = std::fs::read(&path).unwrap();
    let m = MessageParser::default().parse(&bytes).unwrap();
    assert_eq!(m.subject(), Some("Innsyn: dine opplysninger – æøå ÆØÅ"));
    assert_eq!(m.attachment(0).unwrap().contents().len(), 5000);
    // Only the message: no temporary file left beside it.
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 1);

    let named = dir.path().join("melding.eml");
    let saved = v.deliver(&email(None), Some(&named)).unwrap();
    assert_eq!(
        saved,
        Delivery::Saved {
            path: named.clone()
        }
    );
    assert!(named.exists());

    // Never into the vault's own folder, where nothing lies unencrypted.
    let inside = v.dir().join("x.eml");
    let err = v.deliver(&email(None), Some(&inside)).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation, "{err}");

    let events = email_events(&v);
    assert_eq!(events.len(), 2);
    assert_eq!(events[0]["detail"]["delivery"], "saved");
}

#[test]
fn the_password_is_never_shown_nor_written_outside_the_encrypted_database() {
    let dir = tempfile::tempdir().unwrap();
    let vault_dir = dir.path().join("v");
    let mut v = support::create(&vault_dir);
    let shown = v
        .update_mail_settings(settings(2525, "starttls", PASSWORD, None))
        .unwrap();
    let json = serde_json::to_string(&shown).unwrap();
    assert!(!json.contains(PASSWORD), "{json}");
    assert!(shown.password_set);
    assert_eq!(shown.username.as_deref(), Some(USER));
    let again = serde_json::to_string(&v.mail_settings().unwrap()).unwrap();
    assert!(!again.contains(PASSWORD));

    // The change is audited by name, never by value.
    let events = v
        .audit_entries(
            &AuditFilter {
                kind: Some("settings.changed".into()),
                subject_id: None,
                since: None,
                until: None,
                limit: 10,
            },
            None,
        )
        .unwrap();
    let detail = serde_json::to_string(&events[0].event.detail).unwrap();
    assert!(detail.contains("mail.password"), "{detail}");
    assert!(!detail.contains(PASSWORD), "{detail}");

    // Leaving the other settings alone keeps the password; null forgets it.
    let patch: MailSettingsPatch =
        serde_json::from_value(serde_json::json!({ "from_name": "Ny AS" })).unwrap();
    assert!(v.update_mail_settings(patch).unwrap().password_set);
    drop(v);

    // Not a byte of it in any file of the vault's folder, WAL and all.
    let mut v = support::unlock(&vault_dir);
    for entry in std::fs::read_dir(&vault_dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            let bytes = std::fs::read(&path).unwrap();
            assert!(
                !bytes
                    .windows(PASSWORD.len())
                    .any(|w| w == PASSWORD.as_bytes()),
                "{} holds the password",
                path.display()
            );
        }
    }
    let patch: MailSettingsPatch =
        serde_json::from_value(serde_json::json!({ "password": null })).unwrap();
    assert!(!v.update_mail_settings(patch).unwrap().password_set);
}

#[test]
fn settings_refuse_what_cannot_work() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = support::create(&dir.path().join("v"));
    for bad in [
        serde_json::json!({ "from_address": "ikke-en-adresse" }),
        serde_json::json!({ "host": "smtp://mail.example.com" }),
        serde_json::json!({ "port": 0 }),
        serde_json::json!({ "trusted_certificate": "not a certificate" }),
        serde_json::json!({ "host": "mail.example.com", "security": "none" }),
    ] {
        let patch: MailSettingsPatch = serde_json::from_value(bad.clone()).unwrap();
        let err = v.update_mail_settings(patch).unwrap_err();
        assert_eq!(err.code(), ErrorCode::Validation, "{bad}: {err}");
    }
    assert!(
        serde_json::from_value::<MailSettingsPatch>(serde_json::json!({ "security": "ssl" }))
            .is_err()
    );
    assert!(!v.mail_settings().unwrap().configured);
}

/// The code in a double opt-in message: the 4-4 group after the last `: ` on its line.
fn code_in(text: &str) -> String {
    text.lines()
        .find_map(|l| {
            let code = l.rsplit(": ").next()?.trim();
            (code.len() == 9 && code.as_bytes()[4] == b'-').then(|| code.to_owned())
        })
        .expect("a code in the message")
}

#[test]
fn a_double_opt_in_arrives_and_the_code_in_it_confirms_the_consent() {
    use lagom_core::consent::{ConsentState, RequestConsent};
    use lagom_core::types::Language;
    use lagom_core::types::PersonRef;

    let dir = tempfile::tempdir().unwrap();
    let ca = make_ca(dir.path());
    let smtp = Smtp::start(dir.path(), Security::StartTls(&ca), true);
    let mut v = support::create(&dir.path().join("v"));
    let kari = PersonRef::Id(
        v.create_person(support::person("Kari", "Nordmann", "kari@kunde.example"))
            .unwrap(),
    );
    let words = "Yes, send me the newsletter about bicycles, at most monthly.";
    v.add_consent_text("E-marketing", Language::En, words)
        .unwrap();
    v.update_mail_settings(settings(smtp.port, "starttls", PASSWORD, Some(&ca)))
        .unwrap();

    let asked = v
        .request_consent(
            &kari,
            &RequestConsent {
                email: None,
                purpose: "E-marketing".into(),
                text_version: None,
                notice_version: None,
            },
            None,
            &mut lagom_core::OsEntropy,
        )
        .unwrap();
    assert_eq!(asked.consent.state, ConsentState::Pending);
    let Delivery::Sent { message_id } = &asked.delivery else {
        panic!("expected it sent: {:?}", asked.delivery);
    };

    let received = smtp.wait_for(1);
    assert_eq!(received.len(), 1);
    let (bytes, envelope) = &received[0];
    assert_eq!(
        envelope["rcpt_tos"],
        serde_json::json!(["kari@kunde.example"])
    );
    let m = MessageParser::default().parse(bytes).unwrap();
    assert_eq!(format!("<{}>", m.message_id().unwrap()), *message_id);
    let text = m.body_text(0).unwrap().replace("\r\n", "\n");
    assert!(text.contains(words), "word for word: {text}");
    let code = code_in(&text);
    assert!(
        !serde_json::to_string(&asked).unwrap().contains(&code),
        "the code is only in the message"
    );

    assert!(
        !v.consents(&kari).unwrap()[0].valid,
        "pending until confirmed"
    );
    let given = v.confirm_consent(&kari, "E-marketing", &code).unwrap();
    assert_eq!(given.state, ConsentState::Given);
    assert!(v.consents(&kari).unwrap()[0].valid);
    let events = email_events(&v);
    assert_eq!(events.len(), 1);
    assert_eq!(
        events[0]["detail"],
        serde_json::json!({ "email": "consent_confirmation", "delivery": "sent", "attachments": 0 })
    );
}

#[test]
fn a_subject_access_bundle_arrives_as_a_pdf_that_opens_only_with_the_passphrase() {
    use lagom_core::rights::access::{ExportFormat, SubjectExportOptions};
    use lagom_core::types::PersonRef;

    let dir = tempfile::tempdir().unwrap();
    let ca = make_ca(dir.path());
    let smtp = Smtp::start(dir.path(), Security::StartTls(&ca), true);
    let mut v = support::create(&dir.path().join("v"));
    let kari = v
        .create_person(support::person("Kari", "Nordmann", "kari@kunde.example"))
        .unwrap();
    v.add_note(&PersonRef::Id(kari), "Wants a cargo bike in May.", false)
        .unwrap();
    v.update_mail_settings(settings(smtp.port, "starttls", PASSWORD, Some(&ca)))
        .unwrap();
    support::name_the_business(&mut v);

    let export = v
        .export_subject(
            &SubjectExportOptions {
                person: "kari@kunde.example".into(),
                format: ExportFormat::Email,
                out: None,
                overwrite: false,
                request: None,
                language: None,
                confirm_unencrypted: false,
            },
            &mut lagom_core::OsEntropy,
        )
        .unwrap();
    let passphrase = export.passphrase.clone().unwrap();
    assert!(
        matches!(export.delivery, Some(Delivery::Sent { .. })),
        "{:?}",
        export.delivery
    );
    assert!(export.files.contains(&"subject-access.json".to_owned()));

    let received = smtp.wait_for(1);
    assert_eq!(received.len(), 1);
    let (bytes, envelope) = &received[0];
    assert_eq!(
        envelope["rcpt_tos"],
        serde_json::json!(["kari@kunde.example"])
    );
    let raw = String::from_utf8_lossy(bytes);
    assert!(
        !raw.contains(&passphrase),
        "the passphrase goes another way"
    );
    let m = MessageParser::default().parse(bytes).unwrap();
    let text = m.body_text(0).unwrap();
    assert!(!text.contains(&passphrase));
    assert!(text.contains("passphrase"), "{text}");
    let attachment = m.attachment(0).unwrap();
    let name = attachment.attachment_name().unwrap_or_default();
    assert!(
        name.starts_with("subject-access-kari-nordmann-") && name.ends_with(".pdf"),
        "{name}"
    );
    assert_eq!(attachment.contents().len() as u64, export.bytes);

    let pdf = dir.path().join("received.pdf");
    std::fs::write(&pdf, attachment.contents()).unwrap();
    assert!(support::pdf_attachment(&pdf, "WRONG-PASS-WORD", "subject-access.json").is_err());
    let json: serde_json::Value = serde_json::from_slice(
        &support::pdf_attachment(&pdf, &passphrase, "subject-access.json").unwrap(),
    )
    .unwrap();
    assert_eq!(json["person"]["email"], "kari@kunde.example");
    assert_eq!(json["notes"][0]["body"], "Wants a cargo bike in May.");

    // The export and the message are recorded together, neither holding the passphrase.
    let events = email_events(&v);
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["detail"]["email"], "subject_access");
    assert!(!events[0].to_string().contains(&passphrase));
}

#[test]
fn a_subject_access_email_the_server_refuses_records_no_export() {
    use lagom_core::rights::access::{ExportFormat, SubjectExportOptions};

    let dir = tempfile::tempdir().unwrap();
    let ca = make_ca(dir.path());
    let smtp = Smtp::start(dir.path(), Security::StartTls(&ca), true);
    let mut v = support::create(&dir.path().join("v"));
    v.create_person(support::person("Nils", "Nei", "nobody@rejected.invalid"))
        .unwrap();
    v.update_mail_settings(settings(smtp.port, "starttls", PASSWORD, Some(&ca)))
        .unwrap();
    support::name_the_business(&mut v);
    let all = AuditFilter {
        limit: 1000,
        ..Default::default()
    };
    let before = v.audit_events(&all).unwrap().len();
    let result = v.export_subject(
        &SubjectExportOptions {
            person: "nobody@rejected.invalid".into(),
            format: ExportFormat::Email,
            out: None,
            overwrite: false,
            request: None,
            language: None,
            confirm_unencrypted: false,
        },
        &mut lagom_core::OsEntropy,
    );
    let Err(Error::Mail { step, .. }) = result else {
        panic!("expected a mail error: {result:?}");
    };
    assert_eq!(step, MailStep::Recipient);
    assert_eq!(
        v.audit_events(&all).unwrap().len(),
        before,
        "no export event and no e-mail event"
    );
}
