//! The UI's TypeScript types, generated from the command table's Rust types with `ts-rs`:
//! every command's argument and result type with every type they use, and a map from
//! command name to both, so that the UI's `call()` is typed by command name. The file is
//! committed (`ui/src/lib/api/generated.ts`); a test (`tests/it/api.rs`) fails when it
//! differs from what this generates.
//!
//! How Rust becomes TypeScript: chrono's dates and times, uuids and paths are strings (as
//! serde writes them); 64-bit integers are `number`, which is exact up to 2^53: they are
//! counts, sizes in bytes, sequence numbers and amounts in minor units, none of which comes
//! near that.

use std::any::TypeId;
use std::collections::{BTreeMap, HashMap};

use ts_rs::{Config, TS, TypeVisitor};

/// Where the generated file lives, from the workspace root.
pub const GENERATED_FILE: &str = "ui/src/lib/api/generated.ts";

/// How types are written: 64-bit integers as `number` (see above).
pub(super) fn config() -> Config {
    Config::new().with_large_int("number")
}

/// The declarations found so far, by TypeScript name, and which Rust type each came from.
pub(super) struct Declarations<'a> {
    cfg: &'a Config,
    seen: HashMap<TypeId, String>,
    by_name: BTreeMap<String, (TypeId, String)>,
    clashes: Vec<String>,
}

impl TypeVisitor for Declarations<'_> {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        let id = TypeId::of::<T>();
        if self.seen.contains_key(&id) {
            return;
        }
        self.seen.insert(id, std::any::type_name::<T>().to_owned());
        // Only declared types have a file of their own; wrappers (Vec, Option, maps) and
        // primitives are written inline where they are used.
        if T::output_path().is_some() {
            let name = T::ident(self.cfg);
            let docs = T::docs().unwrap_or_default();
            let decl = format!("{docs}export {}", T::decl(self.cfg));
            // A type that stands in for another (serde_json's Value for ts-rs's JsonValue)
            // declares the same thing under the same name: that is no clash.
            if let Some((other, earlier)) = self.by_name.get(&name)
                && *other != id
                && *earlier != decl
            {
                self.clashes.push(format!(
                    "{name}: {} and {}",
                    self.seen.get(other).cloned().unwrap_or_default(),
                    std::any::type_name::<T>()
                ));
            }
            self.by_name.insert(name, (id, decl));
        }
        T::visit_dependencies(self);
        T::visit_generics(self);
    }
}

impl<'a> Declarations<'a> {
    /// No declarations yet.
    pub(super) fn new(cfg: &'a Config) -> Self {
        Self {
            cfg,
            seen: HashMap::new(),
            by_name: BTreeMap::new(),
            clashes: Vec::new(),
        }
    }

    /// Adds a type and every type it uses.
    pub(super) fn add<T: TS + 'static + ?Sized>(&mut self) {
        self.visit::<T>();
    }
}

/// The file: every declaration in name order, then the map from command name to its
/// argument and result types. Panics on two Rust types that would share a TypeScript name,
/// which only a developer meets (the test that checks the file runs this).
pub(super) fn render(d: Declarations<'_>, commands: &[(&str, String, String)]) -> String {
    assert!(
        d.clashes.is_empty(),
        "two types share a TypeScript name; rename one with #[ts(rename = ...)]:\n{}",
        d.clashes.join("\n")
    );
    let mut out = String::from(
        "// Generated from the Rust types of lagom-core's command table by ts-rs. Do not edit:\n\
         // run `LAGOM_WRITE_TS=1 cargo test -p lagom-core generated_types` to write it again.\n\n",
    );
    for (_, decl) in d.by_name.values() {
        out.push_str(decl);
        out.push_str("\n\n");
    }
    out.push_str(
        "/** Every command of the table by name, with the type of its arguments and of its result. */\n\
         export type Commands = {\n",
    );
    for (name, args, result) in commands {
        out.push_str(&format!(
            "  \"{name}\": {{ args: {args}; result: {result} }};\n"
        ));
    }
    out.push_str("};\n\n/** A command's name. */\nexport type CommandName = keyof Commands;\n\n");
    out.push_str(&crate::words::typescript());
    out
}
