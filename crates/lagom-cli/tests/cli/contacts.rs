//! `lagom person contact …` and a file's phone country from the terminal: several addresses
//! and numbers per person, phones shown grouped for their country, `--country FILE=CC`.

use super::{Vault, code, error_code};

#[test]
fn a_person_gets_a_second_address_and_a_mobile_and_the_primary_moves() {
    let v = Vault::new();
    let added = v.json(&[
        "person",
        "add",
        "--first-name",
        "Märta",
        "--last-name",
        "Öberg",
        "--email",
        "marta@grossist.se",
    ]);
    let id = added["id"].as_str().unwrap().to_owned();
    let card = v.json(&[
        "person",
        "contact",
        "add",
        &id,
        "--phone",
        "+46 70 123 45 67",
        "--kind",
        "mobile",
    ]);
    // The first number is the primary; typed by hand, it is stored in E.164 all the same.
    assert_eq!(card["phone"], "+46701234567");
    let card = v.json(&[
        "person",
        "contact",
        "add",
        &id,
        "--email",
        "marta@hemma.se",
        "--kind",
        "private",
        "--primary",
    ]);
    let contacts = card["contacts"].as_array().unwrap();
    let primary_mail = contacts
        .iter()
        .find(|c| c["channel"] == "email" && c["primary"] == true)
        .unwrap();
    assert_eq!(primary_mail["value"], "marta@hemma.se");
    assert_eq!(card["email"], "marta@hemma.se");

    // The card and the list show the number grouped the Swedish way.
    let shown = v.run(&["person", "show", &id]);
    let text = String::from_utf8_lossy(&shown.stdout);
    assert!(text.contains("+46 70 123 45 67 (mobile)"), "{text}");
    assert!(text.contains("marta@hemma.se (private, primary)"), "{text}");
    let listed = v.run(&["person", "list"]);
    assert!(String::from_utf8_lossy(&listed.stdout).contains("+46 70 123 45 67"));

    // Removing the primary hands it back to the first address.
    let private = primary_mail["id"].as_str().unwrap().to_owned();
    let card = v.json(&["person", "contact", "remove", &private]);
    assert_eq!(card["email"], "marta@grossist.se");
    let bad = v.run(&["--json", "person", "contact", "kind", &private, "home"]);
    assert_eq!(error_code(&bad), "usage");
    let gone = v.run(&["--json", "person", "contact", "primary", &private]);
    assert_eq!(error_code(&gone), "not_found");
}

#[test]
fn each_file_of_an_import_reads_phones_in_its_own_country_unless_told() {
    let v = Vault::new();
    let dir = tempfile::tempdir().unwrap();
    let swedish = dir.path().join("kunder.csv");
    std::fs::write(
        &swedish,
        "Förnamn;Efternamn;E-post;Telefon\n\
         Märta;Öberg;marta@grossist.se;08-555 123 45\n\
         Lars;Nilsson;lars@bygg.se;070-123 45 67\n",
    )
    .unwrap();
    let swedish = swedish.to_str().unwrap();
    let plan = v.json(&["import", "--dry-run", swedish]);
    let file = &plan["files"][0];
    assert_eq!(file["phone_country"]["country"], "SE");
    assert_eq!(file["phone_country"]["source"], "inferred");
    let text = v.run(&["import", "--dry-run", swedish]);
    assert!(
        String::from_utf8_lossy(&text.stdout).contains("phones read as Swedish, because"),
        "{}",
        String::from_utf8_lossy(&text.stdout)
    );

    // The owner's choice for this file wins; a file not imported is refused by name.
    let chosen = v.json(&["import", "--dry-run", "--country", "kunder.csv=FI", swedish]);
    assert_eq!(chosen["files"][0]["phone_country"]["source"], "chosen");
    assert_eq!(chosen["files"][0]["phone_country"]["country"], "FI");
    let wrong = v.run(&[
        "--json",
        "import",
        "--dry-run",
        "--country",
        "other.csv=SE",
        swedish,
    ]);
    assert_eq!(code(&wrong), 2);

    v.json(&["import", swedish]);
    let people = v.json(&["person", "list"]);
    let phones: Vec<&str> = people["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["phone"].as_str().unwrap())
        .collect();
    assert_eq!(phones, ["+46701234567", "+46855512345"]);
}
