//! `cargo run --release -- decode [--min-time SECS] [--sizes small,medium,large]` (inside `benches/`):
//! decode/encode throughput of a generated `/sync` response, fully typed, for generated-api, ruma
//! and serde_json's `Value` and `IgnoredAny` (the floor), as a Markdown table.

use std::hint::black_box;
use std::time::{Duration, Instant};

use matrix_benches::cases;
use matrix_benches::sync_gen::{self, Size};

const USAGE: &str = "\
usage: matrix-benches decode [--min-time SECS] [--sizes small,medium,large]
       matrix-benches dump small|medium|large     write that generated /sync response to stdout
       matrix-benches repeat ours|ruma|value|ignored SIZE SECS   decode in a loop (for perf/callgrind)

  --min-time SECS  measure each cell for at least SECS seconds (default 1)
  --sizes LIST     which generated /sync responses to use (default: all three)";

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            std::process::ExitCode::FAILURE
        }
    }
}

struct Options {
    min_time: Duration,
    sizes: Vec<Size>,
}

fn size_named(name: &str) -> Result<Size, String> {
    match name {
        "small" => Ok(Size::Small),
        "medium" => Ok(Size::Medium),
        "large" => Ok(Size::Large),
        other => Err(format!("unknown size {other} (small, medium, large)")),
    }
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut options = Options { min_time: Duration::from_secs(1), sizes: Size::ALL.to_vec() };
    let mut rest = args;
    match rest.first().map(String::as_str) {
        Some("decode") => rest = &rest[1..],
        Some("help" | "--help" | "-h") => return Err(USAGE.to_string()),
        None => {}
        Some(other) if !other.starts_with("--") => return Err(format!("unknown command {other}\n\n{USAGE}")),
        Some(_) => {}
    }
    // `cargo bench` passes `--bench`.
    let mut i = 0;
    while i < rest.len() {
        match rest[i].as_str() {
            "--min-time" => {
                let value = rest.get(i + 1).ok_or("--min-time needs a value")?;
                let secs: f64 = value.parse().map_err(|_| format!("--min-time: not a number: {value}"))?;
                options.min_time = Duration::from_secs_f64(secs);
                i += 2;
            }
            "--sizes" => {
                let value = rest.get(i + 1).ok_or("--sizes needs a value")?;
                options.sizes = value.split(',').map(size_named).collect::<Result<_, _>>()?;
                i += 2;
            }
            "--bench" => i += 1,
            other => return Err(format!("unknown argument {other}\n\n{USAGE}")),
        }
    }
    Ok(options)
}

/// One timed run of a cell: `setup` and dropping the output are not timed.
type Timed<'a> = Box<dyn FnMut() -> Duration + 'a>;

fn timed<'a, S: 'a, O>(mut setup: impl FnMut() -> S + 'a, mut run: impl FnMut(S) -> O + 'a) -> Timed<'a> {
    Box::new(move || {
        let input = setup();
        let start = Instant::now();
        let output = black_box(run(black_box(input)));
        let elapsed = start.elapsed();
        drop(output);
        elapsed
    })
}

/// What the runs of one cell took.
#[derive(Clone, Copy)]
struct Stats {
    median: Duration,
    best: Duration,
    runs: usize,
}

/// Runs the cells in turns (about 25 ms each, round-robin) until every cell has at least
/// `min_time` of timed runs (and 5 runs): the machine's slow and fast moments are shared by all
/// cells, so their ratios hold even when the machine is busy.
fn interleaved(cells: &mut [Timed<'_>], min_time: Duration) -> Vec<Stats> {
    const TURN: Duration = Duration::from_millis(25);
    // Warm-up: caches, allocator, branch predictors.
    for cell in cells.iter_mut() {
        let until = Instant::now() + min_time / 10;
        loop {
            cell();
            if Instant::now() >= until {
                break;
            }
        }
    }
    let mut samples: Vec<Vec<Duration>> = vec![Vec::new(); cells.len()];
    let mut totals = vec![Duration::ZERO; cells.len()];
    loop {
        let mut done = true;
        for (i, cell) in cells.iter_mut().enumerate() {
            if (totals[i] >= min_time && samples[i].len() >= 5) || samples[i].len() >= 1_000_000 {
                continue;
            }
            done = false;
            let turn = Instant::now();
            loop {
                let elapsed = cell();
                totals[i] += elapsed;
                samples[i].push(elapsed);
                if turn.elapsed() >= TURN {
                    break;
                }
            }
        }
        if done {
            break;
        }
    }
    samples
        .into_iter()
        .map(|mut s| {
            s.sort();
            Stats { median: s[s.len() / 2], best: s[0], runs: s.len() }
        })
        .collect()
}

fn mbps(bytes: usize, time: Duration) -> f64 {
    bytes as f64 / 1e6 / time.as_secs_f64()
}

struct Row {
    name: &'static str,
    how: &'static str,
    /// Indexes into the cells.
    decode: Option<usize>,
    encode: Option<usize>,
    encode_note: &'static str,
}

fn cell(bytes: usize, stats: Option<Stats>, note: &str) -> String {
    match stats {
        Some(s) => format!("{:.0} (best {:.0}, n={})", mbps(bytes, s.median), mbps(bytes, s.best), s.runs),
        None => note.to_string(),
    }
}

/// The rooms of a generated response: how many, by room version, encrypted.
fn describe(bytes: &[u8]) -> Result<String, String> {
    let json: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    let mut versions = std::collections::BTreeMap::new();
    let (mut rooms, mut encrypted, mut state, mut timeline) = (0, 0, 0, 0);
    for room in json["rooms"]["join"].as_object().into_iter().flat_map(|m| m.values()) {
        rooms += 1;
        let events = room["state"]["events"].as_array().map(Vec::as_slice).unwrap_or_default();
        state += events.len();
        timeline += room["timeline"]["events"].as_array().map_or(0, Vec::len);
        for event in events {
            if event["type"] == "m.room.create" {
                let version = event["content"]["room_version"].as_str().unwrap_or("?").to_string();
                *versions.entry(version).or_insert(0) += 1;
            }
            encrypted += usize::from(event["type"] == "m.room.encryption");
        }
    }
    let versions: Vec<String> = versions.iter().map(|(v, n)| format!("v{v}: {n}")).collect();
    Ok(format!(
        "{rooms} joined rooms ({}; {encrypted} encrypted), {state} state and {timeline} timeline events",
        versions.join(", ")
    ))
}

fn run(args: &[String]) -> Result<(), String> {
    if let [command, size] = args {
        if command == "dump" {
            use std::io::Write;
            let bytes = sync_gen::generate(size_named(size)?);
            return std::io::stdout().write_all(&bytes).map_err(|e| format!("stdout: {e}"));
        }
    }
    if let [command, case, size, secs] = args {
        if command == "repeat" {
            let bytes = sync_gen::generate(size_named(size)?);
            let secs: f64 = secs.parse().map_err(|_| format!("not a number: {secs}"))?;
            let until = Instant::now() + Duration::from_secs_f64(secs);
            let mut runs = 0u64;
            loop {
                match case.as_str() {
                    "ours" => drop(black_box(cases::ours_decode(&bytes)?)),
                    "ruma" => drop(black_box(cases::ruma_decode(&bytes)?)),
                    "value" => {
                        drop(black_box(serde_json::from_slice::<serde_json::Value>(&bytes).map_err(|e| e.to_string())?))
                    }
                    "ignored" => drop(black_box(
                        serde_json::from_slice::<serde::de::IgnoredAny>(&bytes).map_err(|e| e.to_string())?,
                    )),
                    other => return Err(format!("unknown case {other} (ours, ruma, value, ignored)")),
                }
                runs += 1;
                if Instant::now() >= until {
                    break;
                }
            }
            println!("{runs} runs");
            return Ok(());
        }
    }
    let options = parse(args)?;
    let t = options.min_time;

    // Generate and check every input before timing anything.
    let mut inputs = Vec::new();
    println!("Checks (before timing):\n");
    for &size in &options.sizes {
        let bytes = sync_gen::generate(size);
        let ours = cases::ours_decode_strictly(&bytes)?;
        let (ruma_response, ruma_typed) = cases::ruma_decode(&bytes)?;
        let mut examples = Vec::new();
        let ours_census = cases::ours_census(&ours, &mut examples);
        let ruma_census = cases::ruma_census(&ruma_typed, &mut examples);
        let expected = cases::expected(&bytes)?;
        let round_trip = match cases::ours_round_trips(&bytes) {
            Ok(()) => "OK".to_string(),
            Err(e) => format!("FAIL ({e})"),
        };
        let ruma_round_trip = {
            let a: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| e.to_string())?;
            let b: serde_json::Value =
                serde_json::from_slice(&cases::ruma_encode(ruma_response)).map_err(|e| e.to_string())?;
            if a == b {
                "OK".to_string()
            } else {
                format!("FAIL ({})", cases::first_difference(&a, &b, "$"))
            }
        };
        println!("- {}: {} bytes, {}", size.label(), bytes.len(), describe(&bytes)?);
        println!(
            "  - input: {} events, {} redacted; {} events inside `unsigned`; {} member `prev_content`s",
            expected.events, expected.redacted, expected.nested, expected.prev_contents
        );
        println!("  - generated-api (strict): {}; {} prev_content", ours_census.line(), ours_census.prev_contents);
        println!("  - ruma: {}; {} prev_content", ruma_census.line(), ruma_census.prev_contents);
        println!("  - decode→encode gives back the input: generated-api {round_trip}, ruma {ruma_round_trip}");
        for example in &examples {
            println!("    catch-all: {example}");
        }
        cases::check_censuses(&expected, &ours_census, &ruma_census)?;
        // ruma's encode is informative only: it writes `limited: false` of a timeline as nothing.
        if round_trip != "OK" {
            return Err("generated-api's round trip failed".to_string());
        }
        inputs.push((size, bytes));
    }
    println!();

    for (size, bytes) in &inputs {
        let bytes = bytes.as_slice();
        let n = bytes.len();
        let ours_response = cases::ours_decode_response(bytes)?;
        let ours_http_response =
            generated_api::generated::client_server::sync::sync::Response::Status200(ours_response.clone());
        let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
        let ruma_response = cases::ruma_decode_response(bytes)?;

        let mut cells: Vec<Timed<'_>> = vec![
            // 0: generated-api decode, 1: encode
            timed(|| (), |()| cases::ours_decode(bytes).expect("decodes")),
            timed(|| (), |()| cases::ours_encode(&ours_response)),
            // 2: generated-api, Response200 only
            timed(|| (), |()| cases::ours_decode_response(bytes).expect("decodes")),
            // 3, 4: generated-api through http
            timed(|| cases::http_response(bytes), |r| cases::ours_decode_http(r).expect("decodes")),
            timed(|| (), |()| cases::ours_encode_http(&ours_http_response)),
            // 5: ruma, fully typed
            timed(|| (), |()| cases::ruma_decode(bytes).expect("decodes")),
            // 6, 7: ruma, Raw events
            timed(|| (), |()| cases::ruma_decode_response(bytes).expect("decodes")),
            timed(|| ruma_response.clone(), cases::ruma_encode),
            // 8, 9: Value
            timed(|| (), |()| serde_json::from_slice::<serde_json::Value>(bytes).expect("json")),
            timed(|| (), |()| serde_json::to_vec(&value).expect("serializes")),
            // 10: IgnoredAny
            timed(|| (), |()| serde_json::from_slice::<serde::de::IgnoredAny>(bytes).expect("json")),
        ];
        let stats = interleaved(&mut cells, t);
        drop(cells);
        let rows = [
            Row {
                name: "generated-api",
                how: "`from_slice::<Response200>` (to-device events and the bundles in `unsigned` included), then redacted events' `redacted_because` and member `prev_content`s from their JSON values; encode `to_vec(&Response200)`",
                decode: Some(0),
                encode: Some(1),
                encode_note: "",
            },
            Row {
                name: "generated-api, `Response200` only",
                how: "`from_slice::<Response200>` alone (redacted events' `redacted_because` and `prev_content` left JSON)",
                decode: Some(2),
                encode: None,
                encode_note: "(same as above)",
            },
            Row {
                name: "generated-api, through its HTTP layer",
                how: "`EndpointResponse::try_from_http_response(http::Response<Vec<u8>>)` (its body built untimed); encode `EndpointResponse::try_into_http_response`",
                decode: Some(3),
                encode: Some(4),
                encode_note: "",
            },
            Row {
                name: "ruma 0.17.2",
                how: "`IncomingResponseExt::try_from_http_response(http::Response<&[u8]>)`, then every `Raw` event → its event enum, then the `Raw`s inside them (`redacted_because`, `m.thread` `latest_event`)",
                decode: Some(5),
                encode: None,
                encode_note: "n/a (event enums have no `Serialize`)",
            },
            Row {
                name: "ruma 0.17.2, events left `Raw`",
                how: "`try_from_http_response` only; encode `OutgoingResponseExt::try_into_http_response` (copies the raw JSON of events; the response is cloned untimed)",
                decode: Some(6),
                encode: Some(7),
                encode_note: "",
            },
            Row {
                name: "`serde_json::Value`",
                how: "`from_slice::<Value>`, `to_vec(&Value)`",
                decode: Some(8),
                encode: Some(9),
                encode_note: "",
            },
            Row {
                name: "`IgnoredAny` (floor)",
                how: "`from_slice::<serde::de::IgnoredAny>`: parse and validate, build nothing",
                decode: Some(10),
                encode: None,
                encode_note: "—",
            },
        ];

        println!("### {} ({} bytes)\n", size.label(), n);
        println!("| decoder | decode MB/s | encode MB/s | what is timed |");
        println!("|---|---:|---:|---|");
        for row in &rows {
            println!(
                "| {} | {} | {} | {} |",
                row.name,
                cell(n, row.decode.map(|i| stats[i]), ""),
                cell(n, row.encode.map(|i| stats[i]), row.encode_note),
                row.how
            );
        }
        let ours = mbps(n, stats[0].median);
        let ruma = mbps(n, stats[5].median);
        let floor = mbps(n, stats[10].median);
        let ours_encode = mbps(n, stats[1].median);
        let value_encode = mbps(n, stats[9].median);
        println!();
        println!(
            "decode: generated-api / ruma = **{:.2}×** the throughput (target ≥ 3×); \
             generated-api takes **{:.1}×** the time of the `IgnoredAny` floor (target ≤ 4×)",
            ours / ruma,
            floor / ours,
        );
        println!(
            "encode: generated-api takes **{:.2}×** the time of `serde_json::Value` → JSON on the same input (target ≤ 2×)\n",
            value_encode / ours_encode,
        );
    }
    println!(
        "MB = 10^6 bytes of input JSON. Each cell: the median MB/s over n timed runs (≥ {:?} of runs per cell), \
         and the fastest run; the cells of one size run interleaved, in turns of 25 ms.",
        t
    );
    Ok(())
}
