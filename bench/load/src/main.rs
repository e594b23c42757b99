//! `ademruimte-belasting`: a constant-arrival-rate load generator for
//! `ademruimte serve` on loopback (used by `bench/load.sh`).
//!
//! Open model: request `i` is due at `start + i / rate`, whether or not
//! earlier requests have been answered; each request goes out on its own task
//! (new connections are opened when all are busy), and its latency is counted
//! from the moment it was *due*, not from when it was sent. A server stall
//! therefore shows up in the latency of every request that was due during it
//! (no coordinated omission). The time from actual send is reported beside it
//! as "service".
//!
//! Scenarios: `dossier` (GET /dossiers/{random id} with a caseworker's
//! session), `berekening` (POST /api/v1/berekeningen with a household), and
//! `gemengd` (each request one of the two, half and half).
//!
//! Usage (all flags required unless a default is shown):
//!
//! ```text
//! ademruimte-belasting --adres 127.0.0.1:8080 --gebruiker karim --wachtwoord-env ADEMRUIMTE_DEMO_WACHTWOORD
//!     --scenario dossier|berekening|gemengd [--rate 200] [--duur 60] [--opwarmen 5]
//!     [--ids 1001-11000] [--voorbeelden examples] [--datum 2026-11-01]
//!     [--server-pid PID] [--json uit.json] [--max-open 2000] [--timeout 10]
//! ```

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::Request;
use hyper::header::{CONTENT_TYPE, COOKIE, HeaderValue, SET_COOKIE};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use serde_json::{Value, json};

type HttpClient = Client<HttpConnector, Full<Bytes>>;

const SESSION_COOKIE: &str = "ademruimte_sessie";
const LOGIN_CSRF_COOKIE: &str = "ademruimte_inlog_csrf";

struct Args {
    addr: String,
    user: String,
    password: String,
    scenario: String,
    rate: u64,
    seconds: u64,
    warmup: u64,
    ids: (u64, u64),
    examples: PathBuf,
    date: String,
    server_pid: Option<u32>,
    json: Option<PathBuf>,
    max_open: usize,
    timeout: Duration,
    clk_tck: u64,
}

fn args() -> Result<Args, String> {
    let mut map = BTreeMap::new();
    let mut it = std::env::args().skip(1);
    while let Some(k) = it.next() {
        let Some(key) = k.strip_prefix("--") else { return Err(format!("unexpected argument {k}")) };
        let v = it.next().ok_or_else(|| format!("--{key} needs a value"))?;
        map.insert(key.to_owned(), v);
    }
    let get = |k: &str| map.get(k).cloned();
    let num = |k: &str, d: u64| -> Result<u64, String> {
        get(k).map_or(Ok(d), |v| v.parse().map_err(|_| format!("--{k}: not a number: {v}")))
    };
    let password = match (get("wachtwoord"), get("wachtwoord-env")) {
        (Some(p), _) => p,
        (None, Some(var)) => std::env::var(&var).map_err(|_| format!("{var} is not set"))?,
        (None, None) => return Err("--wachtwoord-env VAR or --wachtwoord is required".into()),
    };
    let ids = get("ids").unwrap_or_else(|| "1001-11000".into());
    let (lo, hi) = ids.split_once('-').ok_or("--ids must be like 1001-11000")?;
    let ids = (lo.parse().map_err(|_| "--ids: lo")?, hi.parse().map_err(|_| "--ids: hi")?);
    let scenario = get("scenario").ok_or("--scenario is required")?;
    if !["dossier", "berekening", "gemengd"].contains(&scenario.as_str()) {
        return Err(format!("--scenario: dossier, berekening or gemengd, not {scenario}"));
    }
    Ok(Args {
        addr: get("adres").ok_or("--adres is required")?,
        user: get("gebruiker").unwrap_or_else(|| "karim".into()),
        password,
        scenario,
        rate: num("rate", 200)?.max(1),
        seconds: num("duur", 60)?,
        warmup: num("opwarmen", 5)?,
        ids,
        examples: PathBuf::from(get("voorbeelden").unwrap_or_else(|| "examples".into())),
        date: get("datum").unwrap_or_else(|| "2026-11-01".into()),
        server_pid: get("server-pid").map(|p| p.parse()).transpose().map_err(|_| "--server-pid")?,
        json: get("json").map(PathBuf::from),
        max_open: usize::try_from(num("max-open", 2000)?).map_err(|_| "--max-open")?,
        timeout: Duration::from_secs(num("timeout", 10)?),
        clk_tck: num("clk-tck", 100)?.max(1),
    })
}

/// SplitMix64: enough randomness to pick ids and bodies, reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn form_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => char::from(b).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn cookie_value(headers: &hyper::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, v)| *k == name && !v.is_empty())
        .map(|(_, v)| v.to_owned())
}

async fn call(client: &HttpClient, req: Request<Full<Bytes>>) -> Result<(u16, hyper::HeaderMap, Bytes), String> {
    let resp = client.request(req).await.map_err(|e| e.to_string())?;
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let body = resp.into_body().collect().await.map_err(|e| e.to_string())?.to_bytes();
    Ok((status, headers, body))
}

/// Logs in through the form, as a browser does (double-submit CSRF cookie
/// and hidden field), and returns the session cookie's value.
async fn login(client: &HttpClient, a: &Args) -> Result<String, String> {
    let form = Request::get(format!("http://{}/inloggen", a.addr)).body(Full::default()).map_err(|e| e.to_string())?;
    let (status, headers, body) = call(client, form).await?;
    if status != 200 {
        return Err(format!("GET /inloggen: {status}"));
    }
    let csrf_cookie = cookie_value(&headers, LOGIN_CSRF_COOKIE).ok_or("no login CSRF cookie")?;
    let html = String::from_utf8_lossy(&body);
    let marker = "name=\"csrf\" value=\"";
    let start = html.find(marker).ok_or("no csrf field in the login form")? + marker.len();
    let csrf_field = &html[start..start + html[start..].find('"').ok_or("csrf field not closed")?];
    let body = format!(
        "csrf={}&gebruikersnaam={}&wachtwoord={}",
        form_encode(csrf_field),
        form_encode(&a.user),
        form_encode(&a.password)
    );
    let post = Request::post(format!("http://{}/inloggen", a.addr))
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(COOKIE, format!("{LOGIN_CSRF_COOKIE}={csrf_cookie}"))
        .body(Full::new(Bytes::from(body)))
        .map_err(|e| e.to_string())?;
    let (status, headers, _) = call(client, post).await?;
    if status != 303 {
        return Err(format!("POST /inloggen as {}: {status} (wrong password?)", a.user));
    }
    cookie_value(&headers, SESSION_COOKIE).ok_or_else(|| "no session cookie after login".to_owned())
}

/// The calculation requests: every example household under every package.
fn calculation_bodies(a: &Args, packages: &[String]) -> Result<Vec<Bytes>, String> {
    let mut households = Vec::new();
    let dir = std::fs::read_dir(&a.examples).map_err(|e| format!("{}: {e}", a.examples.display()))?;
    let mut paths: Vec<PathBuf> = dir.filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    for p in paths.into_iter().filter(|p| p.extension().is_some_and(|x| x == "json")) {
        let text = std::fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))?;
        households.push(serde_json::from_str::<Value>(&text).map_err(|e| format!("{}: {e}", p.display()))?);
    }
    if households.is_empty() {
        return Err(format!("no example households in {}", a.examples.display()));
    }
    let mut bodies = Vec::new();
    for h in &households {
        for p in packages {
            let body = json!({ "huishouden": h, "datum": a.date, "pakket": p });
            bodies.push(Bytes::from(body.to_string()));
        }
    }
    Ok(bodies)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Dossier,
    Calculation,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Dossier => "dossier",
            Kind::Calculation => "berekening",
        }
    }
}

struct Sample {
    kind: Kind,
    /// When it was due, from the start of the measured phase.
    due: Duration,
    /// From due to the last byte of the response.
    latency: Duration,
    /// From the actual send to the last byte.
    service: Duration,
    /// HTTP status; 0 for a transport error or timeout, 1 when not sent
    /// because `--max-open` requests were already open.
    status: u16,
    /// The body was the expected kind of answer.
    body_ok: bool,
    /// A dossier page that says the benefit could not be computed.
    not_computed: bool,
}

struct Shared {
    client: HttpClient,
    addr: String,
    session: String,
    bodies: Vec<Bytes>,
    open: AtomicUsize,
    max_open: usize,
    timeout: Duration,
}

async fn one(s: Arc<Shared>, kind: Kind, pick: u64, due_at: Instant, start: Instant) -> Sample {
    let sent = Instant::now();
    let req = match kind {
        Kind::Dossier => Request::get(format!("http://{}/dossiers/{pick}", s.addr))
            .header(COOKIE, HeaderValue::from_str(&format!("{SESSION_COOKIE}={}", s.session)).expect("hex"))
            .body(Full::default()),
        Kind::Calculation => Request::post(format!("http://{}/api/v1/berekeningen", s.addr))
            .header(CONTENT_TYPE, "application/json")
            .body(Full::new(s.bodies[usize::try_from(pick).expect("index") % s.bodies.len()].clone())),
    }
    .expect("a valid request");
    let result = tokio::time::timeout(s.timeout, call(&s.client, req)).await;
    let done = Instant::now();
    s.open.fetch_sub(1, Ordering::Relaxed);
    let (status, body_ok, not_computed) = match result {
        Ok(Ok((status, _, body))) => {
            let text = String::from_utf8_lossy(&body);
            match kind {
                Kind::Dossier => (
                    status,
                    text.contains("Zo is het berekend"),
                    text.contains("De bijstand kan nu niet worden berekend"),
                ),
                Kind::Calculation => (status, text.contains("\"uitkering\""), false),
            }
        }
        Ok(Err(e)) => {
            eprintln!("fout / error: {e}");
            (0, false, false)
        }
        Err(_) => (0, false, false),
    };
    Sample { kind, due: due_at - start, latency: done - due_at, service: done - sent, status, body_ok, not_computed }
}

/// Runs `seconds` at `rate` requests per second, all due at fixed times.
async fn run(s: &Arc<Shared>, a: &Args, seconds: u64, rng: &mut Rng) -> (Vec<Sample>, Duration) {
    let total = a.rate * seconds;
    let start = Instant::now() + Duration::from_millis(10);
    let mut handles = Vec::with_capacity(usize::try_from(total).unwrap_or(0));
    let mut refused = Vec::new();
    for i in 0..total {
        let due_at = start + Duration::from_nanos(i * 1_000_000_000 / a.rate);
        tokio::time::sleep_until(due_at.into()).await;
        let kind = match a.scenario.as_str() {
            "dossier" => Kind::Dossier,
            "berekening" => Kind::Calculation,
            _ if rng.below(2) == 0 => Kind::Dossier,
            _ => Kind::Calculation,
        };
        let pick = match kind {
            Kind::Dossier => a.ids.0 + rng.below(a.ids.1 - a.ids.0 + 1),
            Kind::Calculation => rng.next() >> 1,
        };
        if s.open.fetch_add(1, Ordering::Relaxed) >= s.max_open {
            s.open.fetch_sub(1, Ordering::Relaxed);
            refused.push(Sample {
                kind,
                due: due_at - start,
                latency: s.timeout,
                service: Duration::ZERO,
                status: 1,
                body_ok: false,
                not_computed: false,
            });
            continue;
        }
        handles.push(tokio::spawn(one(s.clone(), kind, pick, due_at, start)));
    }
    let mut samples = refused;
    for h in handles {
        if let Ok(sample) = h.await {
            samples.push(sample);
        }
    }
    (samples, start.elapsed())
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = (p * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn ms(d: Duration) -> f64 {
    (d.as_secs_f64() * 1e5).round() / 100.0
}

fn summary(samples: &[&Sample], elapsed: Duration) -> Value {
    let mut lat: Vec<Duration> = samples.iter().map(|s| s.latency).collect();
    let mut svc: Vec<Duration> = samples.iter().filter(|s| s.status > 1).map(|s| s.service).collect();
    lat.sort_unstable();
    svc.sort_unstable();
    let ok = samples.iter().filter(|s| s.status == 200 && s.body_ok).count();
    let mut statuses: BTreeMap<String, usize> = BTreeMap::new();
    for s in samples {
        let key = match s.status {
            0 => "transportfout_of_timeout".to_owned(),
            1 => "niet_verstuurd_max_open".to_owned(),
            n => n.to_string(),
        };
        *statuses.entry(key).or_default() += 1;
    }
    let mean = if lat.is_empty() { Duration::ZERO } else { lat.iter().sum::<Duration>() / lat.len() as u32 };
    json!({
        "verzoeken": samples.len(),
        "goed": ok,
        "fouten": samples.len() - ok,
        "statussen": statuses,
        "dossier_niet_berekend": samples.iter().filter(|s| s.not_computed).count(),
        "doorvoer_per_s": (ok as f64 / elapsed.as_secs_f64() * 10.0).round() / 10.0,
        "latentie_ms": {
            "p50": ms(percentile(&lat, 0.50)),
            "p90": ms(percentile(&lat, 0.90)),
            "p99": ms(percentile(&lat, 0.99)),
            "p99_9": ms(percentile(&lat, 0.999)),
            "max": ms(lat.last().copied().unwrap_or_default()),
            "gemiddeld": ms(mean),
        },
        "service_ms": {
            "p50": ms(percentile(&svc, 0.50)),
            "p99": ms(percentile(&svc, 0.99)),
            "max": ms(svc.last().copied().unwrap_or_default()),
        },
    })
}

/// Resident set size (VmRSS) of a process, in KiB.
fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// User + system CPU time of a process, in clock ticks.
fn cpu_ticks(pid: &str) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    Some(f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?)
}

/// Context switches (voluntary + involuntary) of all threads of a process:
/// each hand-over between threads (a query to a database worker thread and
/// back) costs at least two, and each waits for a CPU when the machine is busy.
fn context_switches(pid: u32) -> Option<u64> {
    let mut total = 0;
    for task in std::fs::read_dir(format!("/proc/{pid}/task")).ok()?.flatten() {
        let status = std::fs::read_to_string(task.path().join("status")).unwrap_or_default();
        for line in status.lines().filter(|l| l.contains("ctxt_switches:")) {
            total += line.split_whitespace().nth(1).and_then(|n| n.parse::<u64>().ok()).unwrap_or(0);
        }
    }
    Some(total)
}

/// Pressure stall totals in microseconds (`/proc/pressure/{cpu,io}`): time
/// in which some task waited for a CPU, some task waited for the disk, and
/// all tasks waited for the disk.
fn pressure() -> Option<[u64; 3]> {
    let total = |file: &str, kind: &str| -> Option<u64> {
        let text = std::fs::read_to_string(format!("/proc/pressure/{file}")).ok()?;
        let line = text.lines().find(|l| l.starts_with(kind))?;
        line.split_whitespace().find_map(|f| f.strip_prefix("total="))?.parse().ok()
    };
    Some([total("cpu", "some")?, total("io", "some")?, total("io", "full")?])
}

/// Busy and total CPU time of the whole machine, in clock ticks (`/proc/stat`).
fn machine_ticks() -> Option<(u64, u64)> {
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    let f: Vec<u64> = stat.lines().next()?.split_whitespace().skip(1).filter_map(|x| x.parse().ok()).collect();
    let total: u64 = f.iter().take(8).sum();
    let idle = f.get(3)? + f.get(4)?;
    Some((total - idle, total))
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> std::process::ExitCode {
    let a = match args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("ademruimte-belasting: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let mut connector = HttpConnector::new();
    connector.set_nodelay(true);
    let client: HttpClient = Client::builder(TokioExecutor::new())
        .pool_max_idle_per_host(usize::MAX)
        .pool_idle_timeout(Duration::from_secs(60))
        .build(connector);
    let session = match login(&client, &a).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("inloggen mislukt / login failed: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let packages_req = Request::get(format!("http://{}/api/v1/pakketten", a.addr)).body(Full::default());
    let packages: Vec<String> = match call(&client, packages_req.expect("valid")).await {
        Ok((200, _, body)) => serde_json::from_slice::<Value>(&body)
            .ok()
            .and_then(|v| {
                let list = v.get("pakketten").cloned().unwrap_or(v);
                list.as_array().map(|a| a.iter().filter_map(|p| p["id"].as_str().map(str::to_owned)).collect())
            })
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    let packages = if packages.is_empty() { vec!["basis".to_owned()] } else { packages };
    let bodies = match calculation_bodies(&a, &packages) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("ademruimte-belasting: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let shared = Arc::new(Shared {
        client,
        addr: a.addr.clone(),
        session,
        bodies,
        open: AtomicUsize::new(0),
        max_open: a.max_open,
        timeout: a.timeout,
    });
    let mut rng = Rng(0x5EED_0014);
    if a.warmup > 0 {
        let _ = run(&shared, &a, a.warmup, &mut rng).await;
    }
    // Memory of the server, sampled every 250 ms while measuring.
    let stop = Arc::new(AtomicUsize::new(0));
    let sampler = a.server_pid.map(|pid| {
        let stop = stop.clone();
        tokio::spawn(async move {
            let mut max = 0;
            while stop.load(Ordering::Relaxed) == 0 {
                max = max.max(rss_kib(pid).unwrap_or(0));
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
            max
        })
    });
    let server_cpu_before = a.server_pid.and_then(|p| cpu_ticks(&p.to_string()));
    let own_cpu_before = cpu_ticks("self");
    let machine_before = machine_ticks();
    let pressure_before = pressure();
    let switches_before = a.server_pid.and_then(context_switches);
    let (samples, elapsed) = run(&shared, &a, a.seconds, &mut rng).await;
    stop.store(1, Ordering::Relaxed);
    let rss_max = match sampler {
        Some(h) => h.await.ok(),
        None => None,
    };
    let rss_end = a.server_pid.and_then(rss_kib);
    let server_cpu = a.server_pid.and_then(|p| cpu_ticks(&p.to_string())).zip(server_cpu_before).map(|(x, y)| x - y);
    let own_cpu = cpu_ticks("self").zip(own_cpu_before).map(|(x, y)| x - y);
    let switches = a.server_pid.and_then(context_switches).zip(switches_before).map(|(x, y)| x - y);
    let stalls = pressure().zip(pressure_before).map(|(x, y)| [0, 1, 2].map(|i| x[i].saturating_sub(y[i]) / 1000));
    let machine = machine_ticks().zip(machine_before).map(|((b1, t1), (b0, t0))| (b1 - b0, t1 - t0));
    // CPU used by everything else on the machine meanwhile (other work disturbs the measurement).
    let others = machine.map(|(busy, _)| busy.saturating_sub(server_cpu.unwrap_or(0) + own_cpu.unwrap_or(0)));

    let all: Vec<&Sample> = samples.iter().collect();
    let mut per_kind = serde_json::Map::new();
    for kind in [Kind::Dossier, Kind::Calculation] {
        let these: Vec<&Sample> = samples.iter().filter(|s| s.kind == kind).collect();
        if !these.is_empty() {
            per_kind.insert(kind.name().to_owned(), summary(&these, elapsed));
        }
    }
    // The worst seconds: where stalls show.
    let mut seconds: BTreeMap<u64, Vec<Duration>> = BTreeMap::new();
    for s in &samples {
        seconds.entry(s.due.as_secs()).or_default().push(s.latency);
    }
    let timeline: Vec<Value> = seconds
        .into_iter()
        .map(|(sec, mut l)| {
            l.sort_unstable();
            json!({ "seconde": sec, "verzoeken": l.len(), "p99_ms": ms(percentile(&l, 0.99)), "max_ms": ms(l[l.len() - 1]) })
        })
        .collect();
    let mut worst = timeline.clone();
    worst.sort_by(|x, y| y["max_ms"].as_f64().partial_cmp(&x["max_ms"].as_f64()).unwrap_or(std::cmp::Ordering::Equal));
    worst.truncate(5);
    let tick = |t: Option<u64>| t.map(|t| (t as f64 / a.clk_tck as f64 * 100.0).round() / 100.0);
    let ok_requests = samples.iter().filter(|s| s.status == 200 && s.body_ok).count().max(1);
    let report = json!({
        "scenario": a.scenario,
        "rate_per_s": a.rate,
        "duur_s": a.seconds,
        "opwarmen_s": a.warmup,
        "ids": format!("{}-{}", a.ids.0, a.ids.1),
        "gemeten_s": (elapsed.as_secs_f64() * 100.0).round() / 100.0,
        "totaal": summary(&all, elapsed),
        "per_soort": per_kind,
        "server": {
            "rss_max_mib": rss_max.map(|k| (k as f64 / 1024.0 * 10.0).round() / 10.0),
            "rss_eind_mib": rss_end.map(|k| (k as f64 / 1024.0 * 10.0).round() / 10.0),
            "cpu_s": tick(server_cpu),
            "contextwissels_per_verzoek": switches.map(|n| (n as f64 / ok_requests as f64 * 10.0).round() / 10.0),
            "cpu_ms_per_verzoek": server_cpu.map(|t| (t as f64 / a.clk_tck as f64 * 1000.0 / ok_requests as f64 * 100.0).round() / 100.0),
        },
        "generator_cpu_s": tick(own_cpu),
        "machine": {
            "cpu_bezet_procent": machine.map(|(busy, total)| (busy as f64 / total.max(1) as f64 * 1000.0).round() / 10.0),
            "cpu_anderen_s": tick(others),
            "wachten_op_cpu_ms": stalls.map(|p| p[0]),
            "wachten_op_schijf_ms": stalls.map(|p| p[1]),
            "alles_wacht_op_schijf_ms": stalls.map(|p| p[2]),
        },
        "slechtste_seconden": worst,
    });
    let t = &report["totaal"];
    let l = &t["latentie_ms"];
    println!(
        "{:<10} {:>4}/s {:>3} s: {} verzoeken, {} fouten, {:.1}/s; latentie p50 {} p90 {} p99 {} p99.9 {} max {} ms; server RSS max {} MiB, CPU {} s, {} contextwissels/verzoek; andere processen {} s CPU; machine wachtte {} ms op CPU, {} ms geheel op schijf",
        a.scenario,
        a.rate,
        a.seconds,
        t["verzoeken"],
        t["fouten"],
        t["doorvoer_per_s"].as_f64().unwrap_or(0.0),
        l["p50"],
        l["p90"],
        l["p99"],
        l["p99_9"],
        l["max"],
        report["server"]["rss_max_mib"],
        report["server"]["cpu_s"],
        report["server"]["contextwissels_per_verzoek"],
        report["machine"]["cpu_anderen_s"],
        report["machine"]["wachten_op_cpu_ms"],
        report["machine"]["alles_wacht_op_schijf_ms"],
    );
    for (kind, s) in report["per_soort"].as_object().into_iter().flatten() {
        let l = &s["latentie_ms"];
        println!(
            "  {kind:<10} {} verzoeken, {} fouten; p50 {} p90 {} p99 {} max {} ms (service p99 {} ms){}",
            s["verzoeken"],
            s["fouten"],
            l["p50"],
            l["p90"],
            l["p99"],
            l["max"],
            s["service_ms"]["p99"],
            match s["dossier_niet_berekend"].as_u64() {
                Some(n) if n > 0 => format!("; {n} dossiers zonder berekening"),
                _ => String::new(),
            }
        );
    }
    if let Some(path) = &a.json {
        let mut full = report.clone();
        full["tijdlijn"] = Value::Array(timeline);
        if let Err(e) = std::fs::write(path, serde_json::to_string_pretty(&full).unwrap_or_default()) {
            eprintln!("{}: {e}", path.display());
        }
    }
    std::process::ExitCode::SUCCESS
}
