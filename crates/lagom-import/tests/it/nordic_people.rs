//! A made-up Nordic customer register with known duplicates, for measuring the duplicate
//! matcher (`tests/it/matching.rs` and `benches/duplicates.rs`, which includes this file).
//!
//! People are Norwegian, Swedish and Danish, with first and last names drawn so that the
//! common ones (Hansen, Johansson, Jensen, Nilsen; Jan, Anna, Lars) are very common; most
//! have an e-mail address (.no, .se, .dk, Gmail and others), a mobile number (+47, +46, +45),
//! an address with a real-looking postcode, some an organisation and some a customer number.
//! Everything is a pure function of the seed and the person's number: nothing is held but
//! the order of the rows, so a million rows cost a few megabytes.
//!
//! What is the same person (the truth) and what is not:
//!
//! - A duplicate is a copy of a person with faults: a slip anywhere in a name (the first
//!   letter too), first and last name swapped, a first or last name missing, another first
//!   name (a nickname, the other given name, or another) — then always with the same e-mail
//!   address or phone —, the e-mail address or phone missing, the e-mail address in other
//!   capitals or at another domain, the phone typed nationally, the street abbreviated or in
//!   capitals, the address or the organisation missing, a move to another address — then
//!   with the same e-mail or phone. Every duplicate keeps at least one of e-mail address,
//!   phone, customer number and address in common with the person.
//! - Different people: namesakes everywhere, some at the same postcode (one in 25 people is
//!   given the name of the person before), and households: two people at one address, most
//!   with one last name, always with two first names and their own e-mail and phone. Another
//!   first name at the same address with nothing else in common is another person.

#![allow(dead_code)] // Each includer uses a part.

use lagom_import::matching::OwnedRecord;

/// A small, fast generator (xorshift64*), seeded through splitmix64.
#[derive(Debug, Clone)]
pub struct Rng(u64);

fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(splitmix(seed) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in 0..1.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in 0..n (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// An index in 0..n, the first ones far likelier (about 3 % for the first of a hundred).
    pub fn skewed(&mut self, n: usize) -> usize {
        ((n as f64 * self.unit().powf(1.3)) as usize).min(n - 1)
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    pub fn pick_skewed<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.skewed(items.len())]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Country {
    Norway,
    Sweden,
    Denmark,
}

impl Country {
    pub fn code(self) -> &'static str {
        match self {
            Country::Norway => "NO",
            Country::Sweden => "SE",
            Country::Denmark => "DK",
        }
    }
}

/// Names and places of one country, most common first.
struct Lists {
    women: &'static [&'static str],
    men: &'static [&'static str],
    last: &'static [&'static str],
    streets: &'static [&'static str],
    /// City, first postcode, step, number of postcodes; biggest first.
    cities: &'static [(&'static str, u32, u32, u32)],
    mail: &'static [&'static str],
    form: &'static str,
}

const NORWAY: Lists = Lists {
    women: &[
        "Anne",
        "Inger",
        "Kari",
        "Marit",
        "Ingrid",
        "Liv",
        "Eva",
        "Berit",
        "Astrid",
        "Bjørg",
        "Hilde",
        "Anna",
        "Solveig",
        "Marianne",
        "Randi",
        "Ida",
        "Nina",
        "Maria",
        "Elisabeth",
        "Kristin",
        "Silje",
        "Tone",
        "Åse",
        "Sigrid",
        "Gunn",
        "Kjersti",
        "Synnøve",
        "Ragnhild",
        "Turid",
        "Wenche",
        "Hege",
        "Heidi",
        "Camilla",
        "Ingeborg",
        "Mette",
        "Linn",
        "Tonje",
        "Kristine",
        "Cecilie",
        "Thea",
        "Nora",
        "Emma",
        "Sofie",
        "Ellinor",
        "Gro",
    ],
    men: &[
        "Jan",
        "Per",
        "Bjørn",
        "Ole",
        "Lars",
        "Kjell",
        "Knut",
        "Arne",
        "Svein",
        "Hans",
        "Thomas",
        "Geir",
        "Tor",
        "Morten",
        "Terje",
        "Odd",
        "Erik",
        "Rune",
        "Martin",
        "Andreas",
        "Trond",
        "Jon",
        "Harald",
        "Olav",
        "Øystein",
        "Torbjørn",
        "Ståle",
        "Håkon",
        "Sjur",
        "Kjetil",
        "Espen",
        "Stian",
        "Magnus",
        "Kristoffer",
        "Fredrik",
        "Alexander",
        "Johannes",
        "Sindre",
        "Eirik",
        "Vegard",
        "Tore",
        "Steinar",
        "Leif",
        "Gunnar",
        "Halvard",
    ],
    last: &[
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
        "Johnsen",
        "Pettersen",
        "Eriksen",
        "Berg",
        "Haugen",
        "Hagen",
        "Johannessen",
        "Andreassen",
        "Jacobsen",
        "Dahl",
        "Jørgensen",
        "Halvorsen",
        "Henriksen",
        "Lund",
        "Sørensen",
        "Jakobsen",
        "Moen",
        "Gundersen",
        "Iversen",
        "Strand",
        "Solberg",
        "Svendsen",
        "Eide",
        "Knutsen",
        "Martinsen",
        "Paulsen",
        "Bakken",
        "Kristoffersen",
        "Mathisen",
        "Lie",
        "Amundsen",
        "Nguyen",
        "Rasmussen",
        "Ali",
        "Lunde",
        "Solheim",
        "Berge",
        "Moe",
        "Nygård",
        "Bakke",
        "Kristensen",
        "Fredriksen",
        "Holm",
        "Lien",
        "Hauge",
        "Christensen",
        "Andresen",
        "Nielsen",
        "Knudsen",
        "Evensen",
        "Sæther",
        "Aas",
        "Myhre",
        "Hanssen",
        "Ahmed",
        "Haugland",
        "Thomassen",
        "Sivertsen",
        "Simonsen",
        "Danielsen",
        "Berntsen",
        "Sandvik",
        "Rønning",
        "Arnesen",
        "Antonsen",
        "Næss",
        "Vik",
        "Haug",
        "Ellingsen",
        "Thorsen",
        "Edvardsen",
        "Birkeland",
        "Isaksen",
        "Gulbrandsen",
        "Ruud",
        "Aasen",
        "Strøm",
        "Myklebust",
        "Tangen",
        "Ødegård",
        "Eliassen",
        "Helland",
        "Bøe",
        "Jenssen",
        "Aune",
        "Mikkelsen",
        "Tveit",
        "Brekke",
        "Abrahamsen",
        "Madsen",
        "Kjær",
        "Fjeld",
        "Hovland",
        "Bjørnstad",
        "Skjelbred",
        "Kvalheim",
        "Tjelta",
    ],
    streets: &[
        "Storgata",
        "Kirkegata",
        "Kongens gate",
        "Dronningens gate",
        "Skolegata",
        "Parkveien",
        "Kirkeveien",
        "Strandveien",
        "Skogveien",
        "Industriveien",
        "Bjørkeveien",
        "Granveien",
        "Furuveien",
        "Solbakken",
        "Åsveien",
        "Bakkegata",
        "Torggata",
        "Jernbanegata",
        "Havnegata",
        "Sjøgata",
        "Fjellveien",
        "Løkkeveien",
        "Elvegata",
        "Nedre gate",
        "Tollbugata",
        "Prinsens gate",
        "Olav Tryggvasons gate",
        "Thorvald Meyers gate",
        "Markveien",
        "Trondheimsveien",
        "Drammensveien",
        "Bygdøy allé",
        "Frognerveien",
        "Hegdehaugsveien",
        "Ullevålsveien",
        "Grønlandsleiret",
        "Maridalsveien",
        "Sognsveien",
        "Tåsenveien",
        "Eikeveien",
    ],
    cities: &[
        ("Oslo", 150, 10, 100),
        ("Bergen", 5003, 5, 40),
        ("Trondheim", 7010, 5, 30),
        ("Stavanger", 4005, 5, 25),
        ("Drammen", 3015, 5, 12),
        ("Fredrikstad", 1606, 2, 12),
        ("Kristiansand", 4608, 4, 14),
        ("Sandnes", 4306, 4, 10),
        ("Tromsø", 9008, 3, 12),
        ("Sarpsborg", 1706, 3, 8),
        ("Skien", 3705, 3, 8),
        ("Ålesund", 6002, 3, 10),
        ("Bodø", 8006, 3, 8),
        ("Tønsberg", 3110, 3, 7),
        ("Haugesund", 5521, 3, 7),
        ("Lillehammer", 2609, 3, 6),
        ("Hamar", 2315, 3, 6),
        ("Molde", 6410, 3, 5),
        ("Harstad", 9404, 3, 5),
        ("Kongsberg", 3611, 3, 5),
    ],
    mail: &[
        "online.no",
        "live.no",
        "hotmail.no",
        "getmail.no",
        "lyse.net",
        "altibox.no",
        "broadpark.no",
        "start.no",
    ],
    form: "AS",
};

const SWEDEN: Lists = Lists {
    women: &[
        "Anna",
        "Eva",
        "Maria",
        "Karin",
        "Kristina",
        "Lena",
        "Sara",
        "Kerstin",
        "Emma",
        "Ingrid",
        "Marie",
        "Malin",
        "Jenny",
        "Birgitta",
        "Inger",
        "Linnéa",
        "Sofia",
        "Elin",
        "Annika",
        "Monica",
        "Susanne",
        "Johanna",
        "Ulla",
        "Elisabeth",
        "Carina",
        "Margareta",
        "Helena",
        "Åsa",
        "Märta",
        "Gunilla",
        "Ebba",
        "Frida",
        "Ida",
        "Hanna",
        "Matilda",
        "Camilla",
        "Louise",
        "Charlotte",
        "Agneta",
        "Britt",
    ],
    men: &[
        "Lars", "Mikael", "Anders", "Johan", "Erik", "Per", "Karl", "Peter", "Jan", "Thomas",
        "Daniel", "Fredrik", "Hans", "Bengt", "Stefan", "Mats", "Magnus", "Andreas", "Bo", "Nils",
        "Göran", "Gustav", "Björn", "Sven", "Jonas", "Patrik", "Martin", "Mattias", "Henrik",
        "Christer", "Åke", "Ulf", "Oskar", "Axel", "Gösta", "Kjell", "Leif", "Rolf", "Tobias",
        "Viktor",
    ],
    last: &[
        "Andersson",
        "Johansson",
        "Karlsson",
        "Nilsson",
        "Eriksson",
        "Larsson",
        "Olsson",
        "Persson",
        "Svensson",
        "Gustafsson",
        "Pettersson",
        "Jonsson",
        "Jansson",
        "Hansson",
        "Bengtsson",
        "Jönsson",
        "Lindberg",
        "Jakobsson",
        "Magnusson",
        "Lindström",
        "Olofsson",
        "Lindqvist",
        "Lindgren",
        "Berg",
        "Axelsson",
        "Bergström",
        "Lundberg",
        "Lind",
        "Lundgren",
        "Lundqvist",
        "Mattsson",
        "Berglund",
        "Fredriksson",
        "Sandberg",
        "Henriksson",
        "Forsberg",
        "Sjöberg",
        "Wallin",
        "Ali",
        "Engström",
        "Mohammed",
        "Eklund",
        "Danielsson",
        "Lundin",
        "Håkansson",
        "Björk",
        "Bergman",
        "Gunnarsson",
        "Holm",
        "Wikström",
        "Samuelsson",
        "Isaksson",
        "Fransson",
        "Bergqvist",
        "Nyström",
        "Holmberg",
        "Arvidsson",
        "Löfgren",
        "Söderberg",
        "Nyberg",
        "Blomqvist",
        "Claesson",
        "Nordström",
        "Mårtensson",
        "Lundström",
        "Viklund",
        "Björklund",
        "Eliasson",
        "Pålsson",
        "Berggren",
        "Sandström",
        "Lund",
        "Nordin",
        "Ström",
        "Åberg",
        "Hermansson",
        "Ekström",
        "Holmgren",
        "Sundberg",
        "Hedlund",
        "Dahlberg",
        "Hellström",
        "Sjögren",
        "Abrahamsson",
        "Falk",
        "Öberg",
        "Andreasson",
        "Månsson",
        "Strand",
        "Ekberg",
        "Blom",
        "Sjöström",
        "Nyqvist",
    ],
    streets: &[
        "Storgatan",
        "Kungsgatan",
        "Drottninggatan",
        "Skolgatan",
        "Kyrkogatan",
        "Järnvägsgatan",
        "Nygatan",
        "Västra vägen",
        "Östra vägen",
        "Parkvägen",
        "Ringvägen",
        "Björkvägen",
        "Tallvägen",
        "Granvägen",
        "Sveavägen",
        "Hamngatan",
        "Torggatan",
        "Stationsgatan",
        "Strandvägen",
        "Industrivägen",
        "Skogsvägen",
        "Åsgatan",
        "Linnégatan",
        "Vasagatan",
        "Götgatan",
        "Hornsgatan",
        "Sankt Eriksgatan",
        "Odengatan",
        "Bergsgatan",
        "Fabriksgatan",
        "Sjögatan",
        "Södra vägen",
        "Norra vägen",
        "Trädgårdsgatan",
        "Klostergatan",
        "Smedjegatan",
        "Prästgatan",
        "Rådhusgatan",
        "Ekvägen",
        "Lindvägen",
    ],
    cities: &[
        ("Stockholm", 11120, 10, 120),
        ("Göteborg", 41101, 10, 70),
        ("Malmö", 21111, 10, 50),
        ("Uppsala", 75220, 5, 25),
        ("Västerås", 72210, 5, 18),
        ("Örebro", 70210, 5, 18),
        ("Linköping", 58220, 5, 18),
        ("Helsingborg", 25220, 5, 15),
        ("Jönköping", 55310, 5, 15),
        ("Norrköping", 60210, 5, 15),
        ("Lund", 22220, 5, 12),
        ("Umeå", 90320, 5, 12),
        ("Gävle", 80250, 5, 10),
        ("Borås", 50330, 5, 10),
        ("Södertälje", 15130, 5, 8),
        ("Eskilstuna", 63220, 5, 8),
        ("Karlstad", 65220, 5, 8),
        ("Sundsvall", 85230, 5, 8),
        ("Luleå", 97230, 5, 6),
        ("Kiruna", 98130, 5, 3),
    ],
    mail: &[
        "telia.com",
        "hotmail.se",
        "yahoo.se",
        "bredband.net",
        "spray.se",
        "live.se",
        "comhem.se",
        "bahnhof.se",
    ],
    form: "AB",
};

const DENMARK: Lists = Lists {
    women: &[
        "Anne",
        "Kirsten",
        "Mette",
        "Hanne",
        "Helle",
        "Susanne",
        "Lene",
        "Maria",
        "Marianne",
        "Lone",
        "Pia",
        "Bodil",
        "Karen",
        "Inge",
        "Tina",
        "Camilla",
        "Louise",
        "Charlotte",
        "Birgit",
        "Jette",
        "Lise",
        "Dorte",
        "Gitte",
        "Rikke",
        "Julie",
        "Sofie",
        "Ida",
        "Emma",
        "Katrine",
        "Signe",
        "Maja",
        "Line",
        "Britt",
        "Ulla",
        "Grethe",
        "Else",
        "Vibeke",
        "Tove",
        "Astrid",
        "Trine",
    ],
    men: &[
        "Jens",
        "Peter",
        "Niels",
        "Lars",
        "Søren",
        "Henrik",
        "Michael",
        "Anders",
        "Thomas",
        "Morten",
        "Jørgen",
        "Jesper",
        "Rasmus",
        "Mads",
        "Mikkel",
        "Christian",
        "Martin",
        "Hans",
        "Poul",
        "Jan",
        "Ole",
        "Erik",
        "Kim",
        "Per",
        "Frederik",
        "Kasper",
        "Kjeld",
        "Torben",
        "Carsten",
        "Steen",
        "Bent",
        "Flemming",
        "Finn",
        "Allan",
        "Brian",
        "Claus",
        "Bo",
        "Palle",
        "Jacob",
        "Mathias",
    ],
    last: &[
        "Nielsen",
        "Jensen",
        "Hansen",
        "Andersen",
        "Pedersen",
        "Christensen",
        "Larsen",
        "Sørensen",
        "Rasmussen",
        "Jørgensen",
        "Petersen",
        "Madsen",
        "Kristensen",
        "Olsen",
        "Thomsen",
        "Christiansen",
        "Poulsen",
        "Johansen",
        "Møller",
        "Mortensen",
        "Knudsen",
        "Jakobsen",
        "Jacobsen",
        "Mikkelsen",
        "Olesen",
        "Frederiksen",
        "Laursen",
        "Henriksen",
        "Lund",
        "Schmidt",
        "Holm",
        "Andreasen",
        "Østergaard",
        "Kjær",
        "Nissen",
        "Jeppesen",
        "Vestergaard",
        "Bertelsen",
        "Dahl",
        "Søndergaard",
        "Lauridsen",
        "Iversen",
        "Kristiansen",
        "Bach",
        "Thygesen",
        "Nørgaard",
        "Clausen",
        "Simonsen",
        "Svendsen",
        "Kjeldsen",
        "Brandt",
        "Schou",
        "Mogensen",
        "Jeppesen",
        "Winther",
        "Friis",
        "Bang",
        "Hedegaard",
        "Lindberg",
        "Toft",
        "Dalgaard",
        "Munk",
        "Juhl",
        "Lassen",
        "Skov",
        "Husted",
        "Bruun",
        "Bisgaard",
        "Høj",
        "Krogh",
    ],
    streets: &[
        "Vestergade",
        "Østergade",
        "Nørregade",
        "Søndergade",
        "Jernbanegade",
        "Hovedgaden",
        "Kirkevej",
        "Skolevej",
        "Stationsvej",
        "Industrivej",
        "Parkvej",
        "Strandvejen",
        "Skovvej",
        "Bøgevej",
        "Egevej",
        "Birkevej",
        "Møllevej",
        "Engvej",
        "Bakkevej",
        "Havnegade",
        "Torvet",
        "Algade",
        "Adelgade",
        "Kongensgade",
        "Dronningensgade",
        "Frederiksberg Allé",
        "Vesterbrogade",
        "Nørrebrogade",
        "Amagerbrogade",
        "Åboulevarden",
        "Banegårdsgade",
        "Rådhusstræde",
        "Klostergade",
        "Lindevej",
        "Rosenvej",
        "Tværgade",
        "Fælledvej",
        "Ryesgade",
        "Blegdamsvej",
        "Gammel Kongevej",
    ],
    cities: &[
        ("København", 1050, 10, 70),
        ("Aarhus", 8000, 10, 25),
        ("Odense", 5000, 10, 20),
        ("Aalborg", 9000, 10, 18),
        ("Esbjerg", 6700, 5, 8),
        ("Randers", 8900, 10, 6),
        ("Kolding", 6000, 5, 6),
        ("Horsens", 8700, 5, 5),
        ("Vejle", 7100, 5, 5),
        ("Roskilde", 4000, 5, 5),
        ("Herning", 7400, 5, 5),
        ("Silkeborg", 8600, 5, 5),
        ("Næstved", 4700, 5, 4),
        ("Fredericia", 7000, 5, 4),
        ("Viborg", 8800, 5, 4),
        ("Køge", 4600, 5, 3),
        ("Holstebro", 7500, 5, 3),
        ("Helsingør", 3000, 5, 3),
    ],
    mail: &[
        "mail.dk",
        "jubii.dk",
        "hotmail.dk",
        "live.dk",
        "email.dk",
        "stofanet.dk",
        "youmail.dk",
        "get2net.dk",
    ],
    form: "ApS",
};

/// Everyone's mail providers besides the country's.
const WORLD_MAIL: &[&str] = &[
    "gmail.com",
    "gmail.com",
    "gmail.com",
    "outlook.com",
    "icloud.com",
];

/// Words of firms' names.
const FIRM_FIRST: &[&str] = &[
    "Fjord", "Nordlys", "Berg", "Vik", "Skog", "Havn", "Sol", "Dal", "Elv", "Fjell", "Strand",
    "Nord", "Øst", "Vest", "Sør", "Kyst", "Ask", "Bjørk", "Eik", "Lyng", "Polar", "Viking",
    "Midgard", "Norrsken", "Tind",
];
const FIRM_SECOND: &[&str] = &[
    "Rør",
    "Regnskap",
    "Bygg",
    "Elektro",
    "Transport",
    "Eiendom",
    "Consult",
    "Data",
    "Design",
    "Maskin",
    "Handel",
    "Bakeri",
    "Frisør",
    "Tannlege",
    "Advokat",
    "Maling",
    "Snekker",
    "Revisjon",
    "Media",
    "Marine",
    "Fisk",
    "Service",
    "Trading",
    "Invest",
];

/// Nicknames and short forms by first name.
const NICKNAMES: &[(&str, &str)] = &[
    ("Elisabeth", "Lise"),
    ("Kristoffer", "Kris"),
    ("Alexander", "Alex"),
    ("Fredrik", "Fred"),
    ("Johannes", "Johs"),
    ("Thomas", "Tom"),
    ("Kristine", "Stine"),
    ("Katrine", "Trine"),
    ("Ingeborg", "Inge"),
    ("Mikael", "Micke"),
    ("Magnus", "Manne"),
    ("Christian", "Chris"),
    ("Charlotte", "Lotte"),
    ("Susanne", "Sanne"),
    ("Annika", "Anki"),
    ("Birgitta", "Bittan"),
    ("Margareta", "Maggan"),
    ("Andreas", "Andy"),
    ("Tobias", "Tobbe"),
    ("Camilla", "Milla"),
    ("Johanna", "Hanna"),
    ("Jørgen", "Jørn"),
    ("Torbjørn", "Tobben"),
    ("Halvard", "Halvor"),
    ("Gunnar", "Gunne"),
    ("Mathias", "Matti"),
];

/// The kinds of hash each part of a person is drawn from.
mod draw {
    pub const PERSON: u64 = 1;
    pub const NAME: u64 = 2;
    pub const HOME: u64 = 3;
    pub const HOUSEHOLD: u64 = 4;
    pub const DUPLICATE: u64 = 5;
    pub const ROWS: u64 = 6;
}

/// A person before any fault.
#[derive(Debug, Clone)]
struct Person {
    country: Country,
    first: String,
    last: String,
    emails: Vec<String>,
    phones: Vec<String>,
    /// Street, postcode, city.
    address: Option<(String, String, String)>,
    organisation: Option<String>,
    customer: Option<String>,
}

/// What was done to a duplicate's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NameFault {
    /// The name as it was.
    Kept,
    SlipInFirst,
    SlipInLast,
    Swapped,
    SwappedWithSlip,
    NoFirst,
    NoLast,
    OtherFirst,
    Capitals,
    WithoutNordicLetters,
}

impl NameFault {
    fn draw(rng: &mut Rng) -> Self {
        match rng.below(100) {
            0..30 => NameFault::Kept,
            30..45 => NameFault::SlipInFirst,
            45..60 => NameFault::SlipInLast,
            60..67 => NameFault::Swapped,
            67..72 => NameFault::SwappedWithSlip,
            72..78 => NameFault::NoFirst,
            78..82 => NameFault::NoLast,
            82..92 => NameFault::OtherFirst,
            92..96 => NameFault::Capitals,
            _ => NameFault::WithoutNordicLetters,
        }
    }
}

/// One row of the register, with the truth about it.
#[derive(Debug, Clone)]
pub struct Row {
    pub record: OwnedRecord,
    /// The person it is of: rows with one cluster are the same person.
    pub cluster: u32,
    pub country: Country,
    /// For a duplicate, what was done to its name.
    pub fault: Option<NameFault>,
}

/// A made-up register: its rows in a shuffled order, each made when asked for.
pub struct Register {
    seed: u64,
    /// Per row, its person and which copy it is (0 is the first).
    rows: Vec<(u32, u8)>,
    clusters: u32,
}

impl Register {
    /// About `rows` rows from `seed`. One person in five has one or more duplicates.
    pub fn new(rows: usize, seed: u64) -> Self {
        let mut out: Vec<(u32, u8)> = Vec::with_capacity(rows + 4);
        let mut cluster = 0u32;
        while out.len() < rows {
            let mut rng = Rng::new(hash(seed, draw::DUPLICATE, u64::from(cluster)));
            let r = rng.unit();
            let copies = if r < 0.80 {
                1
            } else if r < 0.95 {
                2
            } else if r < 0.99 {
                3
            } else {
                4
            };
            for copy in 0..copies {
                out.push((cluster, copy));
            }
            cluster += 1;
        }
        out.truncate(rows);
        let mut rng = Rng::new(hash(seed, draw::ROWS, 0));
        for i in (1..out.len()).rev() {
            let j = rng.below(i + 1);
            out.swap(i, j);
        }
        Self {
            seed,
            rows: out,
            clusters: cluster,
        }
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// The person row `i` is of.
    pub fn cluster(&self, i: usize) -> u32 {
        self.rows[i].0
    }

    /// Pairs of rows that are one person.
    pub fn true_pairs(&self) -> u64 {
        let mut sizes = vec![0u32; self.clusters as usize];
        for (c, _) in &self.rows {
            sizes[*c as usize] += 1;
        }
        sizes
            .iter()
            .map(|n| u64::from(*n) * u64::from(n.saturating_sub(1)) / 2)
            .sum()
    }

    /// Row `i`.
    pub fn row(&self, i: usize) -> Row {
        let (cluster, copy) = self.rows[i];
        let person = self.person(cluster);
        let country = person.country;
        let person = if copy == 0 {
            person
        } else {
            self.duplicate(cluster, copy, person)
        };
        Row {
            record: OwnedRecord {
                first_name: person.first,
                last_name: person.last,
                emails: person.emails,
                phones: person.phones,
                organisation: person.organisation,
                street: person.address.as_ref().map(|a| a.0.clone()),
                postcode: person.address.as_ref().map(|a| a.1.clone()),
                city: person.address.map(|a| a.2),
                customer_number: person.customer,
            },
            cluster,
            country,
            fault: (copy > 0).then(|| self.fault(cluster, copy)),
        }
    }

    /// What was done to the name of row `i`, a duplicate (`None` for the first copy).
    pub fn fault_of(&self, i: usize) -> Option<NameFault> {
        let (cluster, copy) = self.rows[i];
        (copy > 0).then(|| self.fault(cluster, copy))
    }

    fn duplicate_rng(&self, cluster: u32, copy: u8) -> Rng {
        self.rng(draw::DUPLICATE, u64::from(cluster) << 8 | u64::from(copy))
    }

    fn fault(&self, cluster: u32, copy: u8) -> NameFault {
        NameFault::draw(&mut self.duplicate_rng(cluster, copy))
    }

    /// Every row in order, numbered.
    pub fn rows(&self) -> impl Iterator<Item = (u32, Row)> + '_ {
        (0..self.len()).map(|i| (i as u32, self.row(i)))
    }

    fn rng(&self, kind: u64, n: u64) -> Rng {
        Rng::new(hash(self.seed, kind, n))
    }

    fn country(&self, cluster: u32) -> Country {
        let mut rng = self.rng(draw::PERSON, u64::from(cluster));
        match rng.unit() {
            r if r < 0.45 => Country::Norway,
            r if r < 0.80 => Country::Sweden,
            _ => Country::Denmark,
        }
    }

    /// A person's own name as drawn (before a namesake or a household changes it).
    fn drawn_name(&self, cluster: u32, country: Country) -> (String, String, bool) {
        let lists = lists(country);
        let mut rng = self.rng(draw::NAME, u64::from(cluster));
        let woman = rng.chance(0.5);
        let names = if woman { lists.women } else { lists.men };
        let mut first = rng.pick_skewed(names).to_owned();
        if rng.chance(0.08) {
            let second = rng.pick_skewed(names);
            if second != first {
                first = format!("{first} {second}");
            }
        }
        let mut last = rng.pick_skewed(lists.last).to_owned();
        if rng.chance(0.03) {
            let second = rng.pick_skewed(lists.last);
            if second != last {
                last = format!("{second} {last}");
            }
        }
        (first, last, woman)
    }

    /// Whether people `2h` and `2h + 1` live together.
    fn household(&self, h: u32) -> bool {
        self.rng(draw::HOUSEHOLD, u64::from(h)).chance(0.12)
    }

    /// Whether a person is given the name of the one before (a namesake), and whether at the
    /// same postcode.
    fn namesake(&self, cluster: u32) -> (bool, bool) {
        let mut rng = self.rng(draw::HOUSEHOLD, u64::from(cluster) | 1 << 40);
        (cluster > 0 && rng.chance(0.04), rng.chance(0.5))
    }

    /// The name a person goes by: their own, a namesake's, or in a household their partner's
    /// last name (mostly) with a first name of their own.
    fn name(&self, cluster: u32, country: Country) -> (String, String) {
        let (first, last, woman) = self.drawn_name(cluster, country);
        if cluster % 2 == 1 && self.household(cluster / 2) {
            let (partner_first, partner_last) = self.own_name(cluster - 1, country);
            let mut rng = self.rng(draw::HOUSEHOLD, u64::from(cluster) | 1 << 41);
            let last = if rng.chance(0.8) { partner_last } else { last };
            let lists = lists(country);
            let mut first = first;
            while first == partner_first {
                first = rng
                    .pick_skewed(if woman { lists.men } else { lists.women })
                    .to_owned();
            }
            return (first, last);
        }
        self.own_name(cluster, country)
    }

    fn own_name(&self, cluster: u32, country: Country) -> (String, String) {
        match self.namesake(cluster) {
            (true, _) => {
                let (first, last, _) = self.drawn_name(cluster - 1, country);
                (first, last)
            }
            _ => {
                let (first, last, _) = self.drawn_name(cluster, country);
                (first, last)
            }
        }
    }

    /// Street, postcode and city drawn from `rng`; with `postcode` given, a street there.
    fn address(
        rng: &mut Rng,
        country: Country,
        place: Option<(String, String)>,
    ) -> (String, String, String) {
        let lists = lists(country);
        let street = rng.pick(lists.streets);
        let number = 1 + rng.skewed(180);
        let letter = if rng.chance(0.1) {
            ["A", "B", "C"][rng.below(3)]
        } else {
            ""
        };
        let (postcode, city) = place.unwrap_or_else(|| {
            let (city, first, step, count) =
                lists.cities[rng.skewed(lists.cities.len()).min(lists.cities.len() - 1)];
            let code = first + step * rng.below(count as usize) as u32;
            let postcode = match country {
                Country::Sweden => format!("{} {:02}", code / 100, code % 100),
                _ => format!("{code:04}"),
            };
            (postcode, city.to_owned())
        });
        (format!("{street} {number}{letter}"), postcode, city)
    }

    fn home(&self, cluster: u32, country: Country) -> Option<(String, String, String)> {
        let h = cluster / 2;
        if self.household(h) {
            // Both live at the partner's address (the first of the two draws it).
            let mut rng = self.rng(draw::HOME, u64::from(h) | 1 << 42);
            return Some(Self::address(&mut rng, country, None));
        }
        let mut rng = self.rng(draw::HOME, u64::from(cluster));
        if !rng.chance(0.85) {
            return None;
        }
        let place = match self.namesake(cluster) {
            (true, true) if self.country(cluster - 1) == country => self
                .home(cluster - 1, country)
                .map(|(_, postcode, city)| (postcode, city)),
            _ => None,
        };
        Some(Self::address(&mut rng, country, place))
    }

    fn person(&self, cluster: u32) -> Person {
        let country = self.country(cluster);
        let lists = lists(country);
        let (first, last) = self.name(cluster, country);
        let mut rng = self.rng(draw::PERSON, u64::from(cluster) | 1 << 43);
        let address = self.home(cluster, country);
        // About 10,000 firms per country, so that namesakes seldom work at one firm (where
        // they would share an address like jan.hansen@).
        let organisation = rng.chance(0.3).then(|| {
            format!(
                "{} {} {} {}",
                rng.pick(FIRM_FIRST),
                rng.pick(FIRM_SECOND),
                lists.cities[rng.below(lists.cities.len())].0,
                lists.form
            )
        });
        let (f, l) = (ascii(&first), ascii(&last));
        let (f, l) = (
            f.split(' ').next().unwrap_or_default().to_owned(),
            l.replace(' ', ""),
        );
        let mut emails = Vec::new();
        let has_phone = rng.chance(0.82);
        // Everyone has an e-mail address or a phone.
        if rng.chance(0.88) || !has_phone {
            let domain = if rng.chance(0.45) {
                rng.pick(WORLD_MAIL)
            } else {
                rng.pick(lists.mail)
            };
            let n = cluster;
            let mailbox = match rng.below(6) {
                0 => format!("{f}.{l}{n}"),
                1 => format!("{f}{l}{n}"),
                2 => format!("{}{l}{n}", &f[..f.len().min(1)]),
                3 => format!("{f}.{l}.{n}"),
                4 => format!("{f}_{n}"),
                _ => format!("{l}.{f}{n}"),
            };
            emails.push(format!("{mailbox}@{domain}"));
        }
        if let Some(org) = &organisation {
            let domain = format!(
                "{}.{}",
                ascii(org)
                    .rsplit_once(' ')
                    .map_or(String::new(), |(name, _)| name.replace(' ', "")),
                country.code().to_lowercase()
            );
            if rng.chance(0.03) {
                emails.push(format!("post@{domain}"));
            } else if rng.chance(0.4) {
                emails.push(format!("{f}.{l}@{domain}"));
            }
        }
        let mut phones = Vec::new();
        if has_phone {
            // Unique per person: the person's number scrambled over ten million.
            let n = (u64::from(cluster) * 2_654_435_761 % 10_000_000 + self.seed % 10_000_000)
                % 10_000_000;
            phones.push(match country {
                Country::Norway => format!("+47{}{n:07}", ["9", "4"][rng.below(2)]),
                Country::Sweden => format!("+467{}{n:07}", ["0", "2", "3", "6"][rng.below(4)]),
                Country::Denmark => format!("+45{}{n:07}", 2 + rng.below(8)),
            });
        }
        let customer = rng.chance(0.35).then(|| {
            if rng.chance(0.5) {
                format!("K-{:06}", 100_000 + cluster)
            } else {
                format!("{}", 1_000_000 + cluster)
            }
        });
        Person {
            country,
            first,
            last,
            emails,
            phones,
            address,
            organisation,
            customer,
        }
    }

    /// Copy `copy` of a person, with faults.
    fn duplicate(&self, cluster: u32, copy: u8, mut p: Person) -> Person {
        let original = p.clone();
        let mut rng = self.duplicate_rng(cluster, copy);
        let lists = lists(p.country);
        // Faults that need an e-mail address, phone or customer number in common to stay the
        // same person.
        let mut needs_contact = false;
        match NameFault::draw(&mut rng) {
            NameFault::Kept => {}
            NameFault::SlipInFirst => p.first = slip(&mut rng, &p.first),
            NameFault::SlipInLast => p.last = slip(&mut rng, &p.last),
            NameFault::Swapped => std::mem::swap(&mut p.first, &mut p.last),
            NameFault::SwappedWithSlip => {
                std::mem::swap(&mut p.first, &mut p.last);
                p.last = slip(&mut rng, &p.last);
            }
            NameFault::NoFirst => {
                p.first.clear();
                needs_contact = true;
            }
            NameFault::NoLast => {
                p.last.clear();
                needs_contact = true;
            }
            NameFault::OtherFirst => {
                p.first = other_first_name(&mut rng, &p.first, lists);
                needs_contact = true;
            }
            NameFault::Capitals => {
                p.first = p.first.to_uppercase();
                p.last = p.last.to_uppercase();
            }
            NameFault::WithoutNordicLetters => {
                p.first = ascii_nordic(&p.first);
                p.last = ascii_nordic(&p.last);
            }
        }
        if rng.chance(0.05) {
            p.first = slip(&mut rng, &p.first);
        }
        // Contacts.
        if rng.chance(0.3) {
            p.emails.clear();
        } else if rng.chance(0.25) {
            p.emails = p.emails.iter().map(|e| capitals(&mut rng, e)).collect();
        } else if rng.chance(0.06) {
            let domain = rng.pick(lists.mail);
            p.emails = p
                .emails
                .iter()
                .map(|e| match e.split_once('@') {
                    Some((mailbox, _)) => format!("{mailbox}@{domain}"),
                    None => e.clone(),
                })
                .collect();
        }
        if p.emails.len() > 1 && rng.chance(0.5) {
            p.emails.truncate(1);
        }
        if rng.chance(0.3) {
            p.phones.clear();
        } else if rng.chance(0.25) {
            p.phones = p.phones.iter().map(|n| national(n)).collect();
        }
        let mut moved = false;
        match rng.below(100) {
            0..20 => p.address = None,
            20..25 if p.address.is_some() => {
                let mut other = self.rng(
                    draw::HOME,
                    u64::from(cluster) << 8 | u64::from(copy) | 1 << 44,
                );
                p.address = Some(Self::address(&mut other, p.country, None));
                moved = true;
            }
            25..45 => {
                if let Some(a) = &mut p.address {
                    a.0 = street_variant(&mut rng, &a.0);
                    if rng.chance(0.3) {
                        a.2 = a.2.to_uppercase();
                    }
                }
            }
            _ => {}
        }
        if rng.chance(0.3) {
            p.customer = None;
        }
        if rng.chance(0.2) {
            p.organisation = None;
        }
        // What is kept in common decides: restore a contact when too little is.
        let common_contact = shares(&p.emails, &original.emails)
            || (!p.phones.is_empty() && !original.phones.is_empty())
            || (p.customer.is_some() && original.customer.is_some());
        let common_address = !moved && p.address.is_some() && original.address.is_some();
        if (needs_contact || moved || !common_address) && !common_contact {
            if !original.phones.is_empty() {
                p.phones = original.phones.clone();
            } else {
                p.emails = original.emails.clone();
            }
        }
        p
    }
}

fn lists(country: Country) -> &'static Lists {
    match country {
        Country::Norway => &NORWAY,
        Country::Sweden => &SWEDEN,
        Country::Denmark => &DENMARK,
    }
}

fn hash(seed: u64, kind: u64, n: u64) -> u64 {
    splitmix(splitmix(seed ^ kind.rotate_left(56)) ^ n)
}

/// Whether two lists of e-mail addresses share one, in any capitals.
fn shares(a: &[String], b: &[String]) -> bool {
    a.iter()
        .any(|x| b.iter().any(|y| x.eq_ignore_ascii_case(y)))
}

/// A name as an e-mail address spells it: lower-case ASCII.
fn ascii(text: &str) -> String {
    let mut out = String::new();
    for c in text.to_lowercase().chars() {
        match c {
            'æ' => out.push_str("ae"),
            'ø' | 'ö' => out.push('o'),
            'å' | 'ä' => out.push('a'),
            'é' => out.push('e'),
            'ü' => out.push('u'),
            c if c.is_ascii_alphanumeric() || c == ' ' => out.push(c),
            _ => {}
        }
    }
    out
}

/// A name typed without Nordic letters, as people without them type it.
fn ascii_nordic(text: &str) -> String {
    text.replace('ø', "o")
        .replace('Ø', "O")
        .replace('ö', "o")
        .replace('å', "aa")
        .replace('Å', "Aa")
        .replace('æ', "ae")
        .replace('Æ', "Ae")
        .replace('ä', "a")
}

/// One typing slip anywhere in `text`, the first letter included: a letter replaced, left
/// out, doubled or swapped with the next.
fn slip(rng: &mut Rng, text: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    if chars.len() < 2 {
        return text.to_owned();
    }
    let at = rng.below(chars.len());
    const LETTERS: &[char] = &[
        'a', 'e', 'i', 'o', 'u', 'n', 'r', 's', 't', 'l', 'k', 'm', 'd', 'g', 'h', 'j', 'b', 'v',
        'p', 'ø', 'å',
    ];
    match rng.below(4) {
        0 => {
            let mut c = LETTERS[rng.below(LETTERS.len())];
            if chars[at].is_uppercase() {
                c = c.to_uppercase().next().unwrap_or(c);
            }
            chars[at] = c;
        }
        1 => {
            chars.remove(at);
        }
        2 => chars.insert(at, chars[at].to_lowercase().next().unwrap_or(chars[at])),
        _ => {
            let at = at.min(chars.len() - 2);
            chars.swap(at, at + 1);
        }
    }
    chars.into_iter().collect()
}

/// A nickname, the other given name, or another name.
fn other_first_name(rng: &mut Rng, first: &str, lists: &Lists) -> String {
    if let Some((_, nick)) = NICKNAMES.iter().find(|(full, _)| *full == first) {
        return (*nick).to_owned();
    }
    if let Some((_, second)) = first.split_once(' ') {
        return second.to_owned();
    }
    loop {
        let names = if rng.chance(0.5) {
            lists.women
        } else {
            lists.men
        };
        let other = rng.pick(names);
        if other != first {
            return other.to_owned();
        }
    }
}

/// An e-mail address in other capitals (Kari.Hansen@Gmail.com, or all upper case).
fn capitals(rng: &mut Rng, email: &str) -> String {
    if rng.chance(0.3) {
        return email.to_uppercase();
    }
    let mut out = String::new();
    let mut start = true;
    for c in email.chars() {
        out.extend(if start {
            c.to_uppercase().collect::<Vec<_>>()
        } else {
            vec![c]
        });
        start = matches!(c, '.' | '@' | '_');
    }
    out
}

/// A phone number as typed at home: "912 34 567", "070-123 45 67", "12 34 56 78".
fn national(e164: &str) -> String {
    if let Some(n) = e164.strip_prefix("+47") {
        format!("{} {} {}", &n[..3], &n[3..5], &n[5..])
    } else if let Some(n) = e164.strip_prefix("+46") {
        format!("0{}-{} {} {}", &n[..2], &n[2..5], &n[5..7], &n[7..])
    } else if let Some(n) = e164.strip_prefix("+45") {
        format!("{} {} {} {}", &n[..2], &n[2..4], &n[4..6], &n[6..])
    } else {
        e164.to_owned()
    }
}

/// A street written another way: abbreviated (Storgt., Parkvn.), in capitals, or with a
/// space before the house's letter.
fn street_variant(rng: &mut Rng, street: &str) -> String {
    match rng.below(3) {
        0 => {
            for (long, short) in [("gata ", "gt. "), ("gate ", "gt. "), ("veien ", "vn. ")] {
                if street.contains(long) {
                    return street.replacen(long, short, 1);
                }
            }
            street.to_uppercase()
        }
        1 => street.to_uppercase(),
        _ => match street.char_indices().last() {
            Some((i, c)) if c.is_ascii_uppercase() => format!("{} {}", &street[..i], c),
            _ => street.to_lowercase(),
        },
    }
}

/// How proposed pairs compare with the truth.
#[derive(Debug, Clone, Default)]
pub struct Quality {
    /// Pairs proposed.
    pub proposed: u64,
    /// Of those, pairs of one person.
    pub correct: u64,
    /// Pairs of one person in the register.
    pub true_pairs: u64,
    /// Per kind of name fault (or "two duplicates" for a pair of two faulty copies): pairs
    /// found and pairs there are.
    pub by_fault: std::collections::BTreeMap<String, (u64, u64)>,
}

impl Quality {
    pub fn precision(&self) -> f64 {
        if self.proposed == 0 {
            1.0
        } else {
            self.correct as f64 / self.proposed as f64
        }
    }

    pub fn recall(&self) -> f64 {
        if self.true_pairs == 0 {
            1.0
        } else {
            self.correct as f64 / self.true_pairs as f64
        }
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// The quality of `proposed` pairs of rows (each pair once, in any order).
pub fn quality(register: &Register, proposed: impl IntoIterator<Item = (u32, u32)>) -> Quality {
    let mut q = Quality {
        true_pairs: register.true_pairs(),
        ..Quality::default()
    };
    let mut found = std::collections::HashSet::new();
    for (a, b) in proposed {
        q.proposed += 1;
        if register.cluster(a as usize) == register.cluster(b as usize)
            && found.insert((a.min(b), a.max(b)))
        {
            q.correct += 1;
        }
    }
    let mut order: Vec<u32> = (0..register.len() as u32).collect();
    order.sort_unstable_by_key(|i| register.cluster(*i as usize));
    for group in
        order.chunk_by(|a, b| register.cluster(*a as usize) == register.cluster(*b as usize))
    {
        for (x, a) in group.iter().enumerate() {
            for b in &group[x + 1..] {
                let label = match (
                    register.fault_of(*a as usize),
                    register.fault_of(*b as usize),
                ) {
                    (None, Some(f)) | (Some(f), None) => format!("{f:?}"),
                    _ => "two duplicates".to_owned(),
                };
                let entry = q.by_fault.entry(label).or_default();
                entry.1 += 1;
                if found.contains(&(*a.min(b), *a.max(b))) {
                    entry.0 += 1;
                }
            }
        }
    }
    q
}
