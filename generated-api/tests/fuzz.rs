//! A seeded, bounded fuzzer over every example-registry binding and every event enum: the
//! spec's examples, mutated (byte flips, truncation, duplicate keys, nulls, deep nesting, big
//! numbers, lone surrogates, type swaps, splices), are decoded; whatever decodes must encode and
//! decode again to an equal value, and nothing may panic.
//!
//! Run by `cargo xtask fuzz` (and briefly by `cargo xtask test`), which sets `FUZZ_CASES`,
//! `FUZZ_SEED` and `FUZZ_SECONDS`; by hand:
//! `FUZZ_CASES=100000 cargo test -p generated-api --test fuzz -- --ignored --nocapture`.
//! Every case is derived from the seed and its own index alone, so a reported case is
//! reproduced by the same seed, whatever the time bound cut off.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Debug;
use std::panic::{self, AssertUnwindSafe};
use std::time::{Duration, Instant};

use codegen::load::model::{MediaType, Schema, Spec};
use generated_api::generated::events::any::*;
use generated_api::generated::registry::{RoundTrip, BINDINGS};
use generated_api::runtime::{decode_strictly, EventStatus};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

// ---------------------------------------------------------------------------------------------
// Configuration

/// The bounds of one run.
struct Config {
    cases: u64,
    seed: u64,
    time: Duration,
}

/// A number from the environment, or `default`; a malformed value stops the run with its name.
fn env_number(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(text) => text.trim().parse().unwrap_or_else(|e| panic!("{name}={text:?} is not a number: {e}")),
        Err(_) => default,
    }
}

impl Config {
    fn from_env() -> Config {
        Config {
            cases: env_number("FUZZ_CASES", 2_000),
            seed: env_number("FUZZ_SEED", 1),
            time: Duration::from_secs(env_number("FUZZ_SECONDS", 10)),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// A deterministic random source (SplitMix64): no dependency, and the same on every platform.

struct Rng(u64);

impl Rng {
    /// The generator of case `index` under `seed`: cases are independent of each other.
    fn for_case(seed: u64, index: u64) -> Rng {
        let mut rng = Rng(seed ^ index.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        rng.next();
        rng
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with probability `percent`/100.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

// ---------------------------------------------------------------------------------------------
// The tree the mutator works on: like a JSON value, but objects may repeat keys and scalars are
// kept as their JSON text, so it can hold what `serde_json::Value` cannot (`1e400`, `"\ud800"`).

#[derive(Clone, Debug)]
enum Node {
    /// A scalar's JSON text.
    Scalar(String),
    Array(Vec<Node>),
    /// Keys as JSON string texts (quoted, escaped).
    Object(Vec<(String, Node)>),
}

impl Node {
    fn from_value(value: &Value) -> Node {
        match value {
            Value::Array(items) => Node::Array(items.iter().map(Node::from_value).collect()),
            Value::Object(fields) => {
                Node::Object(fields.iter().map(|(k, v)| (quoted(k), Node::from_value(v))).collect())
            }
            scalar => Node::Scalar(scalar.to_string()),
        }
    }

    fn write(&self, out: &mut String) {
        match self {
            Node::Scalar(text) => out.push_str(text),
            Node::Array(items) => {
                out.push('[');
                for (index, item) in items.iter().enumerate() {
                    if index > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Node::Object(fields) => {
                out.push('{');
                for (index, (key, value)) in fields.iter().enumerate() {
                    if index > 0 {
                        out.push(',');
                    }
                    out.push_str(key);
                    out.push(':');
                    value.write(out);
                }
                out.push('}');
            }
        }
    }

    /// The number of nodes, this one included.
    fn count(&self) -> usize {
        1 + match self {
            Node::Scalar(_) => 0,
            Node::Array(items) => items.iter().map(Node::count).sum(),
            Node::Object(fields) => fields.iter().map(|(_, v)| v.count()).sum(),
        }
    }

    /// The node at depth-first position `index` (0 is this one).
    fn at(&mut self, index: usize) -> &mut Node {
        let mut index = index;
        self.find(&mut index).expect("index below count()")
    }

    fn find(&mut self, index: &mut usize) -> Option<&mut Node> {
        if *index == 0 {
            return Some(self);
        }
        *index -= 1;
        let children: Vec<&mut Node> = match self {
            Node::Scalar(_) => Vec::new(),
            Node::Array(items) => items.iter_mut().collect(),
            Node::Object(fields) => fields.iter_mut().map(|(_, v)| v).collect(),
        };
        for child in children {
            let size = child.count();
            if *index < size {
                return child.find(index);
            }
            *index -= size;
        }
        None
    }
}

fn quoted(text: &str) -> String {
    Value::String(text.to_string()).to_string()
}

// ---------------------------------------------------------------------------------------------
// The mutator

/// Numbers at and beyond the limits of i64, u64, f64 and Matrix's canonical JSON.
const NUMBERS: &[&str] = &[
    "0",
    "-0",
    "-1",
    "9007199254740991",
    "9007199254740992",
    "-9007199254740993",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "18446744073709551615",
    "18446744073709551616",
    "118446744073709551615",
    "1.1844674407370955e+20",
    "1e308",
    "1.7976931348623157e308",
    "1e400",
    "-1e400",
    "5e-324",
    "1e-400",
    "0.1",
    "1.5",
    "1E2",
    "123456789012345678901234567890123456789012345678901234567890",
];

/// Strings with escapes and characters decoders get wrong: lone and paired surrogates, NUL,
/// controls, bidi overrides, dots and separators.
const STRINGS: &[&str] = &[
    r#""""#,
    r#""\ud800""#,
    r#""\udc00""#,
    r#""a\ud800b""#,
    r#""\ud83d\ude00""#,
    r#""\ud83d""#,
    r#""\u0000""#,
    r#""\u202e""#,
    r#""\\""#,
    r#"".""#,
    r#""..""#,
    r#""/""#,
    r#""m.room.message""#,
    r#""m.room.member""#,
    r#""m.typing""#,
    r#""@alice:example.org""#,
    r#""!room:example.org""#,
    r#""$event""#,
    r#""mxc://example.org/media""#,
    "\"\u{FFFF}\u{10FFFF}\"",
];

/// Values of every JSON type, for type swaps.
const SWAPS: &[&str] = &["null", "true", "false", "0", "1.5", "\"x\"", "[]", "{}", "[null]", "{\"a\":null}"];

/// Depths around serde_json's recursion limit (128), and beyond it (the tree code here is
/// recursive, so not so far that three nestings in one case strain the test thread's stack).
const DEPTHS: &[usize] = &[16, 126, 127, 128, 129, 600];

/// Text fragments spliced into the serialized input.
const FRAGMENTS: &[&str] =
    &[",", ":", "}", "]", "{", "[", "\"", "\\", "\\u", "\u{0}", "null", "\"type\":\"m.x\"", "\u{FEFF}"];

/// Mutates `input` (a corpus value) into a JSON text, possibly invalid. `corpus` feeds splices.
fn mutate(rng: &mut Rng, input: &Value, corpus: &[Value]) -> String {
    let mut tree = Node::from_value(input);
    let structural = if rng.chance(10) { 0 } else { 1 + rng.below(3) };
    for _ in 0..structural {
        mutate_tree(rng, &mut tree, corpus);
    }
    let mut text = String::new();
    tree.write(&mut text);
    if rng.chance(30) {
        text = mutate_bytes(rng, text);
    }
    text
}

fn mutate_tree(rng: &mut Rng, tree: &mut Node, corpus: &[Value]) {
    let index = rng.below(tree.count());
    let node = tree.at(index);
    match rng.below(11) {
        0 => *node = Node::Scalar("null".into()),
        1 => *node = Node::Scalar(rng.pick(SWAPS).to_string()),
        2 => *node = Node::Scalar(rng.pick(NUMBERS).to_string()),
        3 => *node = Node::Scalar(rng.pick(STRINGS).to_string()),
        4 => nest(rng, node),
        5 => duplicate_key(rng, node),
        6 => remove_member(rng, node),
        7 => add_member(rng, node),
        8 => *node = Node::from_value(rng.pick(corpus)),
        9 => retype(rng, node),
        _ => *node = Node::Scalar(quoted(&"x".repeat(1 + rng.below(70_000)))),
    }
}

/// Wraps the node in many arrays or single-key objects.
fn nest(rng: &mut Rng, node: &mut Node) {
    let depth = *rng.pick(DEPTHS);
    let as_object = rng.chance(50);
    let mut wrapped = std::mem::replace(node, Node::Scalar("null".into()));
    for _ in 0..depth {
        wrapped = if as_object { Node::Object(vec![(quoted("a"), wrapped)]) } else { Node::Array(vec![wrapped]) };
    }
    *node = wrapped;
}

/// Repeats a member of an object (same key, the same or another value) at a random place, or
/// an element of an array.
fn duplicate_key(rng: &mut Rng, node: &mut Node) {
    match node {
        Node::Object(fields) if !fields.is_empty() => {
            let (key, value) = fields[rng.below(fields.len())].clone();
            let value = if rng.chance(50) { value } else { Node::Scalar(rng.pick(SWAPS).to_string()) };
            let at = rng.below(fields.len() + 1);
            fields.insert(at, (key, value));
        }
        Node::Array(items) if !items.is_empty() => {
            let item = items[rng.below(items.len())].clone();
            items.push(item);
        }
        _ => {}
    }
}

fn remove_member(rng: &mut Rng, node: &mut Node) {
    match node {
        Node::Object(fields) if !fields.is_empty() => {
            fields.remove(rng.below(fields.len()));
        }
        Node::Array(items) if !items.is_empty() => {
            items.remove(rng.below(items.len()));
        }
        _ => {}
    }
}

fn add_member(rng: &mut Rng, node: &mut Node) {
    let value = Node::Scalar(rng.pick(SWAPS).to_string());
    match node {
        Node::Object(fields) => {
            let key = if rng.chance(50) { quoted("org.example.extra") } else { rng.pick(STRINGS).to_string() };
            fields.push((key, value));
        }
        Node::Array(items) => items.push(value),
        Node::Scalar(_) => {}
    }
}

/// Points an event at another type: the `type` (or `edu_type`) member becomes a known type of
/// some enum, so the typed decoders see content that is not theirs.
fn retype(rng: &mut Rng, node: &mut Node) {
    let Node::Object(fields) = node else { return };
    let known = EVENT_ENUMS.iter().flat_map(|e| (e.types)()).copied();
    let all: Vec<&str> = known.chain(["org.example.unknown", ""]).collect();
    for (key, value) in fields.iter_mut() {
        if key == "\"type\"" || key == "\"edu_type\"" {
            let chosen = rng.pick::<&str>(&all);
            *value = Node::Scalar(quoted(chosen));
        }
    }
}

/// Byte-level damage to the text: a flipped bit, a truncation, a spliced fragment, a cut or
/// repeated range. Invalid UTF-8 is replaced (the decoders take `&str`).
fn mutate_bytes(rng: &mut Rng, text: String) -> String {
    let mut bytes = text.into_bytes();
    if bytes.is_empty() {
        return String::new();
    }
    let at = rng.below(bytes.len());
    match rng.below(5) {
        0 => bytes[at] ^= 1 << rng.below(8),
        1 => bytes.truncate(at),
        2 => {
            let fragment = rng.pick(FRAGMENTS).as_bytes();
            bytes.splice(at..at, fragment.iter().copied());
        }
        3 => {
            let end = (at + 1 + rng.below(16)).min(bytes.len());
            bytes.drain(at..end);
        }
        _ => {
            let end = (at + 1 + rng.below(64)).min(bytes.len());
            let range = bytes[at..end].to_vec();
            bytes.splice(at..at, range);
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

// ---------------------------------------------------------------------------------------------
// What is fuzzed

/// One event enum: its name, its known types, and the decode → encode → decode check.
struct EventEnum {
    name: &'static str,
    types: fn() -> &'static [&'static str],
    check: fn(&str) -> Verdict,
}

macro_rules! event_enum {
    ($name:ident) => {
        EventEnum {
            name: stringify!($name),
            types: || $name::EVENT_TYPES,
            check: |text| check_event::<$name>(text, |event| event.decode_status()),
        }
    };
}

const EVENT_ENUMS: &[EventEnum] = &[
    event_enum!(AnyTimelineEvent),
    event_enum!(AnySyncTimelineEvent),
    event_enum!(AnyStateEvent),
    event_enum!(AnySyncStateEvent),
    event_enum!(AnyStrippedStateEvent),
    event_enum!(AnyGlobalAccountDataEvent),
    event_enum!(AnyRoomAccountDataEvent),
    event_enum!(AnyEphemeralEvent),
    event_enum!(AnyToDeviceEvent),
    event_enum!(AnyEdu),
];

/// What one decode came to.
enum Verdict {
    /// The input was refused with an error (the expected fate of most mutants).
    Refused,
    /// It decoded, and its encoding decoded to an equal value.
    RoundTripped,
    /// It decoded, but its encoding did not come back equal (or did not decode).
    Broken(String),
}

/// An event enum, both ways it decodes: strictly (as validators and the example registry do),
/// where whatever decodes must round-trip and convert with `to_value`; and leniently (the
/// default), where whatever decodes must round-trip, and must convert with `to_value` too unless
/// it was kept as invalid (an invalid event is kept as received, whatever it holds).
fn check_event<T: DeserializeOwned + Serialize + PartialEq + Debug>(
    text: &str,
    status: fn(&T) -> EventStatus,
) -> Verdict {
    let strict = decode_strictly(|| serde_json::from_str::<T>(text));
    let lenient = serde_json::from_str::<T>(text);
    let strict_verdict = match strict {
        Ok(first) => round_trip(first, true, true),
        Err(_) => Verdict::Refused,
    };
    let lenient_verdict = match lenient {
        Ok(first) => {
            let must_hold = status(&first) != EventStatus::Invalid;
            round_trip(first, must_hold, false)
        }
        Err(_) => Verdict::Refused,
    };
    match (strict_verdict, lenient_verdict) {
        (Verdict::Broken(why), _) => Verdict::Broken(format!("strict: {why}")),
        (_, Verdict::Broken(why)) => Verdict::Broken(format!("lenient: {why}")),
        (Verdict::RoundTripped, _) | (_, Verdict::RoundTripped) => Verdict::RoundTripped,
        _ => Verdict::Refused,
    }
}

/// Encodes a decoded value and decodes the encoding (strictly if `strict`, the mode it was
/// decoded in), which must be equal; with `to_value`, converting it to a `serde_json::Value`
/// must work too.
fn round_trip<T: DeserializeOwned + Serialize + PartialEq + Debug>(first: T, to_value: bool, strict: bool) -> Verdict {
    let encoded = match serde_json::to_string(&first) {
        Ok(encoded) => encoded,
        Err(e) => return Verdict::Broken(format!("decoded, but does not encode: {e}")),
    };
    if to_value && let Err(e) = serde_json::to_value(&first) {
        return Verdict::Broken(format!("decoded, but `to_value` fails: {e}"));
    }
    let decode = || serde_json::from_str::<T>(&encoded);
    let again = if strict { decode_strictly(decode) } else { decode() };
    match again {
        Ok(second) if second == first => Verdict::RoundTripped,
        Ok(second) => Verdict::Broken(format!("changed: {first:?} became {second:?}")),
        Err(e) => Verdict::Broken(format!("its encoding {encoded:.200} does not decode: {e}")),
    }
}

/// A registry binding's round trip (decode, encode to a `Value`), run twice: the second pass,
/// on the first one's output, must give the same value.
fn check_binding(round_trip: RoundTrip, text: &str) -> Verdict {
    let Ok(first) = round_trip(text) else { return Verdict::Refused };
    match round_trip(&first.to_string()) {
        Ok(second) if second == first => Verdict::RoundTripped,
        Ok(second) => Verdict::Broken(format!("changed: {first:.200} became {second:.200}")),
        Err(e) => Verdict::Broken(format!("its encoding {first:.200} does not decode: {e}")),
    }
}

/// Something fuzzed, with the corpus entries it starts from.
struct Target {
    name: String,
    run: Run,
    /// Indices into the corpus of its own examples (empty: any corpus entry).
    seeds: Vec<usize>,
}

enum Run {
    Binding(RoundTrip),
    Event(fn(&str) -> Verdict),
}

impl Target {
    fn check(&self, text: &str) -> Verdict {
        match self.run {
            Run::Binding(round_trip) => check_binding(round_trip, text),
            Run::Event(check) => check(text),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The corpus: the spec's examples, by the registry key (or event enum) they belong to.

#[derive(Default)]
struct Corpus {
    values: Vec<Value>,
    by_key: BTreeMap<String, Vec<usize>>,
}

impl Corpus {
    fn add(&mut self, key: String, value: Value) {
        self.by_key.entry(key).or_default().push(self.values.len());
        self.values.push(value);
    }
}

fn media_examples(media: &MediaType, key: &str, corpus: &mut Corpus) {
    let schema_example = media.schema.as_ref().and_then(|s| s.example.clone());
    let values = media.examples.iter().map(|e| e.value.clone()).chain(media.example.clone()).chain(schema_example);
    values.for_each(|value| corpus.add(key.to_string(), value));
}

fn schema_examples(schema: &Schema, seen: &mut BTreeSet<String>, corpus: &mut Corpus) {
    let location = schema.location.to_string();
    if !seen.insert(location.clone()) {
        return;
    }
    for value in schema.example.iter().chain(&schema.examples) {
        corpus.add(format!("schema:{location}"), value.clone());
    }
    let children = schema
        .properties
        .values()
        .chain(schema.pattern_properties.values())
        .chain(schema.items.as_deref())
        .chain(&schema.one_of)
        .chain(&schema.any_of);
    children.for_each(|child| schema_examples(child, seen, corpus));
}

fn collect_corpus(spec: &Spec) -> Corpus {
    let mut corpus = Corpus::default();
    let mut seen = BTreeSet::new();
    for op in spec.documents.iter().flat_map(|d| &d.operations) {
        let prefix = format!("{:?}/{}", op.api, op.operation_id);
        for media in op.request_body.iter().flat_map(|b| &b.content) {
            media_examples(media, &format!("request:{prefix}"), &mut corpus);
            media.schema.iter().for_each(|s| schema_examples(s, &mut seen, &mut corpus));
        }
        for response in &op.responses {
            for media in &response.content {
                media_examples(media, &format!("response:{prefix}/{}", response.status), &mut corpus);
                media.schema.iter().for_each(|s| schema_examples(s, &mut seen, &mut corpus));
            }
        }
        for param in &op.parameters {
            schema_examples(&param.schema, &mut seen, &mut corpus);
            if let Some(value) = param.example.clone().or_else(|| param.schema.example.clone()) {
                corpus.add(format!("parameter:{prefix}/{}", param.name), value);
            }
        }
    }
    for file in &spec.schema_files {
        schema_examples(&file.schema, &mut seen, &mut corpus);
        file.components.values().for_each(|s| schema_examples(s, &mut seen, &mut corpus));
    }
    // An example no enum takes (no schema, unclassified) has no binding to fuzz; the example
    // tests count it as a failure.
    for example in spec.event_examples.iter().filter(|e| e.is_whole_event()) {
        if let Ok(name) = common::event_example_enum(spec, example) {
            corpus.add(format!("enum:{name}"), example.value.clone());
        }
    }
    corpus
}

/// Every binding and every event enum, each with its own examples as seeds. EDUs have no
/// event examples: the EDU enum starts from every example that has an `edu_type`.
fn targets(corpus: &Corpus) -> Vec<Target> {
    let seeds_of = |key: &str| corpus.by_key.get(key).cloned().unwrap_or_default();
    let mut targets: Vec<Target> = BINDINGS
        .iter()
        .map(|(key, round_trip)| Target { name: key.to_string(), run: Run::Binding(*round_trip), seeds: seeds_of(key) })
        .collect();
    for event_enum in EVENT_ENUMS {
        let mut seeds = seeds_of(&format!("enum:{}", event_enum.name));
        if event_enum.name == "AnyEdu" {
            seeds = (0..corpus.values.len()).filter(|i| corpus.values[*i].get("edu_type").is_some()).collect();
        }
        targets.push(Target { name: event_enum.name.to_string(), run: Run::Event(event_enum.check), seeds });
    }
    targets
}

// ---------------------------------------------------------------------------------------------
// The run

/// A case that panicked or broke its round trip.
struct Finding {
    case: u64,
    target: String,
    what: String,
    input: String,
}

#[derive(Default)]
struct Tally {
    cases: u64,
    refused: u64,
    round_tripped: u64,
    panics: Vec<Finding>,
    broken: Vec<Finding>,
}

/// The input of case `index`: one of the target's seeds (or any corpus entry), mutated.
fn case_input(rng: &mut Rng, target: &Target, corpus: &Corpus) -> String {
    let from_own = !target.seeds.is_empty() && rng.chance(85);
    let seed = if from_own { &corpus.values[*rng.pick(&target.seeds)] } else { rng.pick(&corpus.values) };
    mutate(rng, seed, &corpus.values)
}

fn run_case(index: u64, target: &Target, input: String, tally: &mut Tally) {
    let finding = |what: String| Finding { case: index, target: target.name.clone(), what, input: input.clone() };
    match panic::catch_unwind(AssertUnwindSafe(|| target.check(&input))) {
        Ok(Verdict::Refused) => tally.refused += 1,
        Ok(Verdict::RoundTripped) => tally.round_tripped += 1,
        Ok(Verdict::Broken(why)) => tally.broken.push(finding(why)),
        Err(payload) => {
            let message = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "a panic without a message".into());
            tally.panics.push(finding(format!("panicked: {message}")));
        }
    }
    tally.cases += 1;
}

/// The target of case `index`: even cases go round-robin over the bindings, odd ones over the
/// event enums, so the ten enums get half the cases instead of ten in 1,700, and every target is
/// reached within the first `2 × bindings` cases.
fn schedule<'t>(bindings: &[&'t Target], enums: &[&'t Target], index: u64) -> &'t Target {
    let pool = if index % 2 == 1 { enums } else { bindings };
    pool[((index / 2) % pool.len() as u64) as usize]
}

fn fuzz(config: &Config, targets: &[Target], corpus: &Corpus) -> Tally {
    let mut tally = Tally::default();
    let (enums, bindings): (Vec<&Target>, Vec<&Target>) = targets.iter().partition(|t| matches!(t.run, Run::Event(_)));
    let started = Instant::now();
    // The panics are caught and reported with their input; the default hook's output would
    // only bury that report.
    let hook = panic::take_hook();
    panic::set_hook(Box::new(|_| {}));
    for index in 0..config.cases {
        if started.elapsed() >= config.time {
            break;
        }
        let target = schedule(&bindings, &enums, index);
        let mut rng = Rng::for_case(config.seed, index);
        let input = case_input(&mut rng, target, corpus);
        run_case(index, target, input, &mut tally);
    }
    panic::set_hook(hook);
    tally
}

fn report(kind: &str, findings: &[Finding]) {
    for finding in findings.iter().take(20) {
        let input: String = finding.input.chars().take(600).collect();
        println!("  {kind} case {} {}: {}", finding.case, finding.target, finding.what);
        println!("    input ({} bytes): {input}", finding.input.len());
    }
}

#[test]
#[ignore = "bounded by FUZZ_CASES/FUZZ_SEED/FUZZ_SECONDS: run by `cargo xtask fuzz` and `cargo xtask test`"]
fn fuzz_every_binding_and_event_enum() {
    let config = Config::from_env();
    let spec = common::spec();
    let corpus = collect_corpus(&spec);
    let targets = targets(&corpus);
    let started = Instant::now();
    let tally = fuzz(&config, &targets, &corpus);
    let seconds = started.elapsed().as_secs_f64();
    let seeded = targets.iter().filter(|t| !t.seeds.is_empty()).count();
    println!(
        "fuzz: {} cases, {} panics, {} failures of round trip or to_value (seed {}, {seconds:.1}s; {} targets: {} bindings, {} \
         event enums, {seeded} with their own examples; corpus {}; {} refused, {} decoded and round-tripped)",
        tally.cases,
        tally.panics.len(),
        tally.broken.len(),
        config.seed,
        targets.len(),
        BINDINGS.len(),
        EVENT_ENUMS.len(),
        corpus.values.len(),
        tally.refused,
        tally.round_tripped
    );
    report("PANIC", &tally.panics);
    report("BROKEN", &tally.broken);
    assert!(tally.cases > 0, "no case ran");
    assert!(tally.panics.is_empty() && tally.broken.is_empty());
}
