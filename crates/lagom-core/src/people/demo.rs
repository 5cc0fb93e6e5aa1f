//! Made-up people for trying Lagom out and for benchmarks: Nordic names, organisations and
//! phone numbers, the same for the same index every time.

use crate::people::{NewPerson, PersonFields, PersonStatus, Provenance};

const FIRST: &[&str] = &[
    "Åse",
    "Bjørn",
    "Kari",
    "Ola",
    "Ingrid",
    "Lars",
    "Sigrid",
    "Magnus",
    "Astrid",
    "Henrik",
    "Solveig",
    "Erik",
    "Liv",
    "Anders",
    "Ragnhild",
    "Jens",
    "Mette",
    "Søren",
    "Freja",
    "Mads",
    "Karin",
    "Johan",
    "Ebba",
    "Gustav",
    "Märta",
    "Nils",
    "Sofie",
    "Øystein",
    "Hanne",
    "Torbjørn",
    "Linnéa",
    "Björn",
    "Maja",
    "Oskar",
    "Elin",
    "Håkon",
    "Signe",
    "Rasmus",
    "Tove",
    "Jørgen",
];
const LAST: &[&str] = &[
    "Hansen",
    "Johansen",
    "Olsen",
    "Larsen",
    "Andersen",
    "Pedersen",
    "Nilsen",
    "Kristiansen",
    "Jensen",
    "Karlsen",
    "Berg",
    "Haugen",
    "Dahl",
    "Lund",
    "Kjær",
    "Sørensen",
    "Rasmussen",
    "Christensen",
    "Nielsen",
    "Møller",
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Lindström",
    "Åberg",
    "Öberg",
    "Bäckström",
    "Sjögren",
    "Dæhlie",
    "Østby",
    "Brække",
    "Fjeld",
    "Strøm",
    "Holm",
    "Vik",
    "Bakke",
    "Moe",
    "Ødegård",
];
const ORGS: &[&str] = &[
    "Fjord Rør AS",
    "Nordlys Regnskap AS",
    "Bygg & Betong AS",
    "Kystmat AS",
    "Södertälje Bygg AB",
    "Malmö Grossist AB",
    "Göteborgs Elteknik AB",
    "Aarhus Tømrer ApS",
    "Odense Vinduer ApS",
    "Køge Maleren ApS",
    "Bergen Blomster AS",
    "Tromsø Tak AS",
    "Uppsala Städ AB",
    "Nordic Kaffe AB",
];
const CITIES: &[(&str, &str, &str)] = &[
    ("Oslo", "0150", "NO"),
    ("Bergen", "5003", "NO"),
    ("Trondheim", "7011", "NO"),
    ("Tromsø", "9008", "NO"),
    ("Stockholm", "111 20", "SE"),
    ("Göteborg", "411 03", "SE"),
    ("Malmö", "211 20", "SE"),
    ("Södertälje", "151 72", "SE"),
    ("København", "1050", "DK"),
    ("Aarhus", "8000", "DK"),
    ("Odense", "5000", "DK"),
    ("Køge", "4600", "DK"),
];

fn ascii_local(s: &str) -> String {
    crate::search::index_terms([s])
        .split(' ')
        .next()
        .unwrap_or_default()
        .to_owned()
}

/// The made-up person number `i`.
pub fn person(i: u64) -> NewPerson {
    let pick = |list_len: usize, salt: u64| {
        ((i.wrapping_mul(2_654_435_761).wrapping_add(salt)) % list_len as u64) as usize
    };
    let first = FIRST[pick(FIRST.len(), 0)];
    let last = LAST[(i as usize / FIRST.len() + pick(LAST.len(), 7)) % LAST.len()];
    let (city, postcode, country) = CITIES[pick(CITIES.len(), 13)];
    let organisation = (!i.is_multiple_of(3)).then(|| ORGS[pick(ORGS.len(), 29)].to_owned());
    let d = format!("{:07}", (i * 7919) % 10_000_000);
    let phone = match country {
        "SE" => format!("+46 70 {} {} {}", &d[..3], &d[3..5], &d[5..]),
        // 26: a mobile range every number of which libphonenumber takes as valid.
        "DK" => format!("+45 26 {} {} {}", &d[1..3], &d[3..5], &d[5..]),
        _ => format!("+47 9{} {} {}", &d[..2], &d[2..4], &d[4..]),
    };
    let status = match i % 5 {
        0 | 1 => PersonStatus::Customer,
        2 => PersonStatus::Prospect,
        3 => PersonStatus::FormerCustomer,
        _ => PersonStatus::Partner,
    };
    NewPerson {
        fields: PersonFields {
            first_name: first.to_owned(),
            last_name: last.to_owned(),
            email: Some(format!(
                "{}.{}{}@example.com",
                ascii_local(first),
                ascii_local(last),
                i
            )),
            phone: Some(phone),
            title: None,
            organisation,
            status,
            tags: Vec::new(),
            address: None,
            postcode: Some(postcode.to_owned()),
            city: Some(city.to_owned()),
            country: Some(country.to_owned()),
            // Customers carry the number the business's invoicing gave them.
            customer_number: (status == PersonStatus::Customer).then(|| format!("{}", 10_000 + i)),
        },
        provenance: Provenance::default(),
        category: None,
    }
}

/// Made-up people `start..start + count`.
pub fn people(start: u64, count: u64) -> impl Iterator<Item = NewPerson> {
    (start..start + count).map(person)
}

#[cfg(test)]
mod tests {
    #[test]
    fn made_up_people_are_valid_and_stable() {
        for i in 0..500 {
            let p = super::person(i);
            assert_eq!(p, super::person(i));
            crate::people::normalise(&p.fields, None).expect("a valid person");
        }
    }
}
