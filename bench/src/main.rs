//! The load generator of `bench/run`: `--clients` keep-alive connections, each with its own
//! signed-in people, run one scenario against the API and print one JSON line of figures
//! (throughput, latency percentiles, CPU per request of the API, of PostgreSQL and of the load
//! generator itself, the API's peak memory). The timed part of the monthly steps runs on one
//! thread driven by events ([`Events`]); the rest on threads.
//!
//! Written here rather than taken from wrk or oha because a save must carry the ETag of the
//! answer before it (`If-Match`), per client, and the clients must be real sessions: their tokens
//! are signed with the API's own [`JwtKeys`] for sessions the benchmark script inserted.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use api::auth::jwt::JwtKeys;
use awc::http::Method;
use clap::{Parser, ValueEnum};
use serde_json::{Value, json};
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Scenario {
    /// Each member of the cohort opens their month once (`GET /evaluations/mine`, first read).
    Open,
    /// `GET /evaluations/mine` again and again.
    Mine,
    /// `GET /evaluations/{id}` again and again.
    Get,
    /// `PUT /evaluations/{id}/self` with the ETag of the previous answer, again and again.
    Save,
    /// Each member of the cohort submits once (`POST /evaluations/{id}/submit`); the ETags are
    /// read first, untimed.
    Submit,
    /// Each line of `--work` decided once by its decider (`PUT /evaluations/{id}/decision`); the
    /// ETags are read first, untimed.
    Decide,
    /// `GET /units/{unit}/summary` by the unit's head.
    Summary,
    /// `POST /units/{unit}/publications` once, by the unit's head.
    Publish,
    /// Sign-ins (`POST /auth/login`) by `--clients` threads, while one more client reads its
    /// month; prints the reader's latency alone and during the sign-ins.
    Signin,
    /// `GET --path` by `--head`, `--requests` times one after another (statistics, a synchronous
    /// export); the output carries the bytes of the last answer.
    Read,
    /// `POST --path` to start an export job by `--head`, then its status every 100 ms until it
    /// has ended, then its file: one latency for the whole, `--requests` times.
    ExportJob,
    /// Prints an access token for the first member of the cohort (for curl).
    Token,
}

#[derive(Debug, Parser)]
#[command(args_override_self = true)]
struct Args {
    #[arg(long, value_enum)]
    scenario: Scenario,
    #[arg(long, default_value = "http://127.0.0.1:18090")]
    base_url: String,
    /// The API's JWT secret (the benchmark's own server).
    #[arg(long, env = "JWT_SECRET")]
    jwt_secret: String,
    /// CSV lines `account_id,session_id,username`: the cohort, in order.
    #[arg(long)]
    cohort: PathBuf,
    /// CSV lines `account_id,session_id,username,evaluation_id` for `decide`: who decides what.
    #[arg(long)]
    work: Option<PathBuf>,
    /// `account_id,session_id,username` of the unit head for `summary` and `publish`, or of the
    /// reader of `read` and `export-job`.
    #[arg(long)]
    head: Option<String>,
    /// The path (under `/api/v1`, with its query) of `read` and `export-job`.
    #[arg(long)]
    path: Option<String>,
    #[arg(long)]
    unit: Option<Uuid>,
    #[arg(long, default_value = "2026-11")]
    period: String,
    #[arg(long, default_value_t = 64)]
    clients: usize,
    /// Length of a timed scenario.
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// Requests a second offered in all by the scenarios timed on events (`open`, `mine`,
    /// `get`, `save`, `submit`, `decide`; open loop, see [`Pace`]); without it each client sends
    /// its next request as soon as it has its answer (closed loop, the highest rate the API
    /// keeps up).
    #[arg(long)]
    rate: Option<f64>,
    /// Requests of `summary`, `read` and `export-job`.
    #[arg(long, default_value_t = 50)]
    requests: usize,
    /// Password of every cohort account (`signin`).
    #[arg(long, default_value = "Bench-Password-1")]
    password: String,
    /// The API's process, for its CPU time and peak memory.
    #[arg(long)]
    api_pid: Option<u32>,
    /// A label for the output line.
    #[arg(long, default_value = "")]
    label: String,
}

#[derive(Clone)]
struct Member {
    account: Uuid,
    session: Uuid,
    username: String,
}

fn parse_member(line: &str) -> anyhow::Result<Member> {
    let mut fields = line.trim().split(',');
    let mut next = || {
        fields
            .next()
            .context("a cohort line needs account,session,username")
    };
    Ok(Member {
        account: next()?.parse()?,
        session: next()?.parse()?,
        username: next()?.to_owned(),
    })
}

/// One client's connection and token.
struct Client {
    agent: ureq::Agent,
    base: String,
    token: String,
}

/// What one request gave.
struct Answer {
    status: u16,
    etag: Option<String>,
    body: String,
    /// Bytes of the body (exports are not text).
    bytes: usize,
}

impl Answer {
    fn of(status: u16, etag: Option<String>, raw: &[u8]) -> Self {
        Answer {
            status,
            etag,
            bytes: raw.len(),
            body: String::from_utf8_lossy(raw).into_owned(),
        }
    }

    /// No answer (status 0): the connection failed.
    fn failed(error: String) -> Self {
        Answer {
            status: 0,
            etag: None,
            body: error,
            bytes: 0,
        }
    }
}

/// A keep-alive connection pool.
fn new_agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        // Under the API's 5-second keep-alive: a connection idle since the untimed preparation
        // of a scenario would otherwise be closed by the server as the first request goes out.
        .max_idle_age(Duration::from_secs(4))
        .build()
        .into()
}

impl Client {
    fn new(base: &str, token: String) -> Self {
        Self::sharing(new_agent(), base, token)
    }

    /// A client on `agent`'s connections (many people, few connections, as behind a proxy).
    fn sharing(agent: ureq::Agent, base: &str, token: String) -> Self {
        Self {
            agent,
            base: base.to_owned(),
            token,
        }
    }

    fn send(&self, method: &str, path: &str, etag: Option<&str>, body: Option<&Value>) -> Answer {
        let url = format!("{}/api/v1{path}", self.base);
        let builder = ureq::http::Request::builder()
            .method(method)
            .uri(&url)
            .header("Authorization", format!("Bearer {}", self.token))
            .header("Content-Type", "application/json");
        let builder = match etag {
            Some(tag) => builder.header("If-Match", tag),
            None => builder,
        };
        let bytes = body.map(|b| b.to_string().into_bytes()).unwrap_or_default();
        let result = builder
            .body(bytes)
            .map_err(|e| e.to_string())
            .and_then(|request| self.agent.run(request).map_err(|e| e.to_string()));
        match result {
            Ok(mut response) => {
                let etag = response
                    .headers()
                    .get("etag")
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned);
                let mut raw = Vec::new();
                let _ = response.body_mut().as_reader().read_to_end(&mut raw);
                Answer::of(response.status().as_u16(), etag, &raw)
            }
            Err(error) => Answer::failed(error),
        }
    }
}

/// Latencies and statuses of a run.
#[derive(Default)]
struct Tally {
    latencies_us: Vec<u64>,
    statuses: BTreeMap<u16, usize>,
    first_error: Option<String>,
}

impl Tally {
    fn record(&mut self, started: Instant, answer: &Answer, ok: u16) {
        self.latencies_us
            .push(u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX));
        *self.statuses.entry(answer.status).or_default() += 1;
        if answer.status != ok && self.first_error.is_none() {
            self.first_error = Some(format!(
                "{}: {}",
                answer.status,
                answer.body.chars().take(300).collect::<String>()
            ));
        }
    }

    fn merge(&mut self, other: Tally) {
        self.latencies_us.extend(other.latencies_us);
        for (status, n) in other.statuses {
            *self.statuses.entry(status).or_default() += n;
        }
        if self.first_error.is_none() {
            self.first_error = other.first_error;
        }
    }

    fn percentile_ms(sorted: &[u64], p: f64) -> f64 {
        if sorted.is_empty() {
            return 0.0;
        }
        let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
        sorted[rank.clamp(1, sorted.len()) - 1] as f64 / 1000.0
    }
}

/// CPU ticks (1/100 s on Linux) of a process from `/proc/<pid>/stat`.
fn cpu_ticks(pid: &str) -> u64 {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return 0;
    };
    // The command name is in parentheses and may hold spaces: count fields after it.
    let Some(after) = stat.rfind(')').map(|i| &stat[i + 2..]) else {
        return 0;
    };
    let fields: Vec<&str> = after.split_whitespace().collect();
    let field = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<u64>().ok())
            .unwrap_or(0)
    };
    field(11) + field(12) // utime, stime (fields 14 and 15 of stat)
}

/// CPU ticks of every `postgres` process (the server's backends live as long as the API's pool).
fn postgres_ticks() -> u64 {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return 0;
    };
    entries
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|name| name.bytes().all(|b| b.is_ascii_digit()))
        .filter(|pid| {
            std::fs::read_to_string(format!("/proc/{pid}/comm"))
                .is_ok_and(|comm| comm.trim() == "postgres")
        })
        .map(|pid| cpu_ticks(&pid))
        .sum()
}

fn status_kib(pid: u32, key: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with(key))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
}

/// CPU and memory around a run.
struct Meter {
    api_pid: Option<u32>,
    api_ticks: u64,
    pg_ticks: u64,
    /// The load generator's own: it shares the two cores with the API and PostgreSQL.
    own_ticks: u64,
}

impl Meter {
    fn start(api_pid: Option<u32>) -> Self {
        if let Some(pid) = api_pid {
            // Resets the peak resident size, so the peak is this run's.
            let _ = std::fs::write(format!("/proc/{pid}/clear_refs"), "5");
        }
        Self {
            api_pid,
            api_ticks: api_pid.map_or(0, |p| cpu_ticks(&p.to_string())),
            pg_ticks: postgres_ticks(),
            own_ticks: cpu_ticks("self"),
        }
    }

    fn finish(&self, requests: usize) -> Value {
        let per_request = |ticks: u64| {
            if requests == 0 {
                0.0
            } else {
                ticks as f64 * 10.0 / requests as f64
            }
        };
        let api = self.api_pid.map_or(0, |p| {
            cpu_ticks(&p.to_string()).saturating_sub(self.api_ticks)
        });
        let pg = postgres_ticks().saturating_sub(self.pg_ticks);
        let own = cpu_ticks("self").saturating_sub(self.own_ticks);
        json!({
            "api_cpu_ms_per_request": round(per_request(api), 3),
            "pg_cpu_ms_per_request": round(per_request(pg), 3),
            "loadgen_cpu_ms_per_request": round(per_request(own), 3),
            "api_peak_rss_mb": self.api_pid.and_then(|p| status_kib(p, "VmHWM:")).map(|k| round(k as f64 / 1024.0, 1)),
        })
    }
}

fn round(value: f64, digits: i32) -> f64 {
    let scale = 10f64.powi(digits);
    (value * scale).round() / scale
}

fn report(args: &Args, tally: &mut Tally, elapsed: Duration, meter: Value, extra: Value) {
    tally.latencies_us.sort_unstable();
    let n = tally.latencies_us.len();
    let sorted = &tally.latencies_us;
    let mut line = json!({
        "scenario": format!("{:?}", args.scenario).to_lowercase(),
        "label": args.label,
        "clients": args.clients,
        "requests": n,
        "seconds": round(elapsed.as_secs_f64(), 2),
        "rps": round(n as f64 / elapsed.as_secs_f64().max(1e-9), 1),
        "offered_rps": args.rate,
        "p50_ms": Tally::percentile_ms(sorted, 50.0),
        "p95_ms": Tally::percentile_ms(sorted, 95.0),
        "p99_ms": Tally::percentile_ms(sorted, 99.0),
        "max_ms": Tally::percentile_ms(sorted, 100.0),
        "statuses": tally.statuses.iter().map(|(k, v)| (k.to_string(), json!(v))).collect::<serde_json::Map<_, _>>(),
        "first_error": tally.first_error,
    });
    for source in [meter, extra] {
        if let (Some(line), Some(source)) = (line.as_object_mut(), source.as_object()) {
            line.extend(source.clone());
        }
    }
    println!("{line}");
}

/// The leaves of a form with points to give: each at its maximum, or one point less on odd
/// rounds, so every save changes something (deductions at 0).
/// One member's part in `mine`, `get` and `save`: their token, evaluation, last ETag and the
/// two save bodies of their form.
struct Turn {
    token: String,
    id: String,
    etag: String,
    bodies: [Value; 2],
}

/// A form, read once for all clients.
fn form_of(client: &Client, code: i64, cache: &Mutex<BTreeMap<i64, Value>>) -> Value {
    if let Some(form) = cache.lock().ok().and_then(|c| c.get(&code).cloned()) {
        return form;
    }
    let answer = client.send("GET", &format!("/forms/{code}"), None, None);
    let form: Value = serde_json::from_str(&answer.body).unwrap_or_default();
    if let Ok(mut c) = cache.lock() {
        c.insert(code, form.clone());
    }
    form
}

/// Untimed: a member's evaluation, its ETag and the save bodies of its form.
fn prepare_turn(
    client: &Client,
    scenario: Scenario,
    mine_path: &str,
    form_cache: &Mutex<BTreeMap<i64, Value>>,
) -> Turn {
    let first = client.send("GET", mine_path, None, None);
    let view: Value = serde_json::from_str(&first.body).unwrap_or_default();
    let id = view["id"].as_str().unwrap_or_default().to_owned();
    let code = view["form_code"].as_i64().unwrap_or(0);
    let form = form_of(client, code, form_cache);
    // A month's reads after the first: the person's chain and evaluators are known (the first
    // read after a change of the organisation resolves them again).
    if scenario == Scenario::Get {
        client.send("GET", &format!("/evaluations/{id}"), None, None);
    }
    Turn {
        token: client.token.clone(),
        id,
        etag: first.etag.unwrap_or_default(),
        bodies: [scores_body(&form, 0), scores_body(&form, 1)],
    }
}

/// One request of the timed part of a scenario.
struct Request<'a> {
    method: Method,
    /// Under `/api/v1`.
    path: String,
    token: &'a str,
    etag: Option<&'a str>,
    body: Option<&'a Value>,
}

/// The timed part of a scenario runs on one thread, every client's connection driven by events
/// (`awc`), so that the load generator costs the two cores it shares with the API and
/// PostgreSQL as little as it can: threads blocked one per request, as in the untimed
/// preparation, took about as much CPU per request as the API itself.
struct Events {
    http: awc::Client,
    base: String,
}

impl Events {
    fn new(args: &Args) -> Self {
        let connector = awc::Connector::new()
            .limit(args.clients)
            // Under the API's 5-second keep-alive, as `new_agent`.
            .conn_keep_alive(Duration::from_secs(4));
        Self {
            http: awc::Client::builder()
                .connector(connector)
                .timeout(Duration::from_secs(60))
                .finish(),
            base: format!("{}/api/v1", args.base_url),
        }
    }

    async fn send(&self, request: Request<'_>) -> Answer {
        let url = format!("{}{}", self.base, request.path);
        let mut builder = self
            .http
            .request(request.method, url)
            .insert_header(("Authorization", format!("Bearer {}", request.token)));
        if let Some(tag) = request.etag {
            builder = builder.insert_header(("If-Match", tag));
        }
        let sent = match request.body {
            Some(body) => builder.send_json(body).await,
            None => builder.send().await,
        };
        match sent {
            Ok(mut response) => {
                let etag = response
                    .headers()
                    .get("etag")
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned);
                let raw = response.body().limit(64 << 20).await.unwrap_or_default();
                Answer::of(response.status().as_u16(), etag, &raw)
            }
            Err(error) => Answer::failed(error.to_string()),
        }
    }
}

/// When each request of a timed part is due. Closed loop (no `--rate`): now, as soon as a
/// client is free. Open loop: the k-th request of the run at k / rate seconds after the start,
/// and its latency counts from then, not from when a connection came free to send it, so a
/// stall counts for every request it held back (no "coordinated omission", as wrk2 measures).
struct Pace {
    started: Instant,
    rate: Option<f64>,
    issued: std::cell::Cell<u64>,
}

impl Pace {
    fn new(started: Instant, rate: Option<f64>) -> Self {
        Self {
            started,
            rate,
            issued: std::cell::Cell::new(0),
        }
    }

    /// The next request's due time, taken by the calling client.
    fn take(&self) -> Instant {
        let Some(rate) = self.rate else {
            return Instant::now();
        };
        let k = self.issued.get();
        self.issued.set(k + 1);
        self.started + Duration::from_secs_f64(k as f64 / rate)
    }

    async fn wait(due: Instant) {
        actix_web::rt::time::sleep_until(due.into()).await;
    }
}

/// What a timed part gave: its tally, its length and the meter started with it.
type Timed = (Tally, Duration, Meter);

/// The timed part of `mine`, `get` and `save`: each client takes its members in turn for
/// `--seconds`, carrying each member's last ETag into their next save.
fn timed_turns(args: &Args, mine_path: &str, turns: Vec<Vec<Turn>>) -> anyhow::Result<Timed> {
    let scenario = args.scenario;
    actix_web::rt::System::new().block_on(async move {
        let events = Events::new(args);
        let meter = Meter::start(args.api_pid);
        let started = Instant::now();
        let stop = started + Duration::from_secs(args.seconds);
        let pace = Pace::new(started, args.rate);
        let clients = turns
            .into_iter()
            .filter(|t| !t.is_empty())
            .map(|mut turns| {
                let (events, pace) = (&events, &pace);
                async move {
                    let mut tally = Tally::default();
                    let mut round = 0usize;
                    loop {
                        let due = pace.take();
                        if due >= stop {
                            break;
                        }
                        Pace::wait(due).await;
                        let n = turns.len();
                        let turn = &mut turns[round % n];
                        let request = match scenario {
                            Scenario::Mine => Request {
                                method: Method::GET,
                                path: mine_path.to_owned(),
                                token: &turn.token,
                                etag: None,
                                body: None,
                            },
                            Scenario::Get => Request {
                                method: Method::GET,
                                path: format!("/evaluations/{}", turn.id),
                                token: &turn.token,
                                etag: None,
                                body: None,
                            },
                            // A member's saves alternate two bodies, so each changes something.
                            _ => Request {
                                method: Method::PUT,
                                path: format!("/evaluations/{}/self", turn.id),
                                token: &turn.token,
                                etag: Some(&turn.etag),
                                body: Some(&turn.bodies[(round / n) % 2]),
                            },
                        };
                        let answer = events.send(request).await;
                        tally.record(due, &answer, 200);
                        if let Some(tag) = answer.etag {
                            turn.etag = tag;
                        }
                        round += 1;
                    }
                    tally
                }
            });
        let mut all = Tally::default();
        for tally in futures_util::future::join_all(clients).await {
            all.merge(tally);
        }
        Ok((all, started.elapsed(), meter))
    })
}

/// The timed part of `open`, `submit` and `decide`: each request once, `--clients` at a time.
fn timed_once(args: &Args, requests: Vec<Request<'_>>, ok: u16) -> anyhow::Result<Timed> {
    actix_web::rt::System::new().block_on(async move {
        let events = Events::new(args);
        let queue = std::cell::RefCell::new(requests.into_iter());
        let meter = Meter::start(args.api_pid);
        let started = Instant::now();
        let pace = Pace::new(started, args.rate);
        // Joined, not spawned: the requests borrow the caller's tokens and bodies.
        let clients = (0..args.clients).map(|_| async {
            let mut tally = Tally::default();
            loop {
                let Some(request) = queue.borrow_mut().next() else {
                    break;
                };
                let due = pace.take();
                Pace::wait(due).await;
                let answer = events.send(request).await;
                tally.record(due, &answer, ok);
            }
            tally
        });
        let mut all = Tally::default();
        for tally in futures_util::future::join_all(clients).await {
            all.merge(tally);
        }
        Ok((all, started.elapsed(), meter))
    })
}

fn scores_body(form: &Value, round: usize) -> Value {
    let criteria = form["criteria"].as_array().cloned().unwrap_or_default();
    let parents: Vec<&str> = criteria
        .iter()
        .filter_map(|c| c["parent_id"].as_str())
        .collect();
    let scores: Vec<Value> = criteria
        .iter()
        .filter(|c| c["id"].as_str().is_some_and(|id| !parents.contains(&id)))
        .map(|c| {
            let max = c["max_points"]
                .as_f64()
                .or_else(|| c["max_points"].as_str().and_then(|s| s.parse().ok()))
                .unwrap_or(0.0);
            let points = match c["kind"].as_str() {
                Some("deduction") => 0.0,
                _ if round % 2 == 1 && max >= 1.0 => max - 1.0,
                _ => max,
            };
            json!({"criterion_id": c["id"], "points": points})
        })
        .collect();
    json!({"scores": scores, "comment": format!("Lần lưu {round}")})
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let keys = JwtKeys::new(args.jwt_secret.as_bytes(), Duration::from_secs(3600));
    let cohort: Vec<Member> = std::fs::read_to_string(&args.cohort)
        .with_context(|| format!("cannot read {}", args.cohort.display()))?
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(parse_member)
        .collect::<Result<_, _>>()?;
    if args.scenario == Scenario::Token {
        let first = cohort.first().context("an empty cohort")?;
        let token = keys
            .issue(first.account, first.session, chrono::Utc::now())
            .map_err(|e| anyhow::anyhow!("cannot sign a token: {e}"))?;
        println!("{token}");
        return Ok(());
    }
    if cohort.len() < args.clients {
        bail!(
            "the cohort has {} members, fewer than {} clients",
            cohort.len(),
            args.clients
        );
    }
    let token = |m: &Member| {
        keys.issue(m.account, m.session, chrono::Utc::now())
            .map_err(|e| anyhow::anyhow!("cannot sign a token: {e}"))
    };
    let client_of =
        |m: &Member| -> anyhow::Result<Client> { Ok(Client::new(&args.base_url, token(m)?)) };
    let mine_path = format!("/evaluations/mine?period={}", args.period);

    match args.scenario {
        Scenario::Open | Scenario::Submit => {
            // Every member once, handed out to the clients in order; `--clients` connections.
            let agents: Vec<ureq::Agent> = (0..args.clients).map(|_| new_agent()).collect();
            let clients: Vec<Client> = cohort
                .iter()
                .enumerate()
                .map(|(i, m)| {
                    Ok(Client::sharing(
                        agents[i % agents.len()].clone(),
                        &args.base_url,
                        token(m)?,
                    ))
                })
                .collect::<anyhow::Result<_>>()?;
            // Untimed, for a submit: each evaluation and its ETag.
            let mut etags: Vec<(String, String)> = Vec::new();
            if args.scenario == Scenario::Submit {
                for client in &clients {
                    let answer = client.send("GET", &mine_path, None, None);
                    let view: Value = serde_json::from_str(&answer.body).unwrap_or_default();
                    etags.push((
                        view["id"].as_str().unwrap_or_default().to_owned(),
                        answer.etag.unwrap_or_default(),
                    ));
                }
            }
            let requests = clients
                .iter()
                .enumerate()
                .map(|(i, client)| match etags.get(i) {
                    Some((id, etag)) => Request {
                        method: Method::POST,
                        path: format!("/evaluations/{id}/submit"),
                        token: &client.token,
                        etag: Some(etag),
                        body: None,
                    },
                    None => Request {
                        method: Method::GET,
                        path: mine_path.clone(),
                        token: &client.token,
                        etag: None,
                        body: None,
                    },
                })
                .collect();
            let (mut tally, elapsed, meter) = timed_once(&args, requests, 200)?;
            let meter = meter.finish(tally.latencies_us.len());
            report(&args, &mut tally, elapsed, meter, json!({}));
        }
        Scenario::Mine | Scenario::Get | Scenario::Save => {
            // Each client is one connection taking the cohort's members in turn (client i:
            // members i, i + clients, ...), so each person reads or saves a few times, as in a
            // month, and no history grows to hundreds of saves as it would if every client
            // saved one evaluation throughout.
            let form_cache: Mutex<BTreeMap<i64, Value>> = Mutex::new(BTreeMap::new());
            let turns: Vec<Vec<Turn>> = std::thread::scope(|s| {
                let handles: Vec<_> = (0..args.clients)
                    .map(|first| {
                        let members: Vec<&Member> =
                            cohort.iter().skip(first).step_by(args.clients).collect();
                        let (form_cache, mine_path, token) = (&form_cache, &mine_path, &token);
                        let scenario = args.scenario;
                        let base_url = &args.base_url;
                        s.spawn(move || -> anyhow::Result<Vec<Turn>> {
                            let agent = new_agent();
                            members
                                .into_iter()
                                .map(|m| {
                                    let client =
                                        Client::sharing(agent.clone(), base_url, token(m)?);
                                    Ok(prepare_turn(&client, scenario, mine_path, form_cache))
                                })
                                .collect()
                        })
                    })
                    .collect();
                handles
                    .into_iter()
                    .map(|h| {
                        h.join()
                            .map_err(|_| anyhow::anyhow!("a preparing thread panicked"))?
                    })
                    .collect::<anyhow::Result<Vec<_>>>()
            })?;
            let (mut tally, elapsed, meter) = timed_turns(&args, &mine_path, turns)?;
            let meter = meter.finish(tally.latencies_us.len());
            report(&args, &mut tally, elapsed, meter, json!({}));
        }
        Scenario::Decide => decide(&args, &client_of)?,
        Scenario::Summary | Scenario::Publish => {
            let head = parse_member(args.head.as_deref().context("--head is needed")?)?;
            let unit = args.unit.context("--unit is needed")?;
            let client = client_of(&head)?;
            let mut tally = Tally::default();
            let meter = Meter::start(args.api_pid);
            let started = Instant::now();
            if args.scenario == Scenario::Summary {
                let path = format!("/units/{unit}/summary?period={}", args.period);
                for _ in 0..args.requests {
                    let at = Instant::now();
                    let answer = client.send("GET", &path, None, None);
                    tally.record(at, &answer, 200);
                }
            } else {
                let at = Instant::now();
                let answer = client.send(
                    "POST",
                    &format!("/units/{unit}/publications"),
                    None,
                    Some(&json!({"period": args.period})),
                );
                tally.record(at, &answer, 201);
            }
            let elapsed = started.elapsed();
            let meter = meter.finish(tally.latencies_us.len());
            report(&args, &mut tally, elapsed, meter, json!({}));
        }
        Scenario::Read | Scenario::ExportJob => {
            let reader = parse_member(args.head.as_deref().context("--head is needed")?)?;
            let path = args.path.as_deref().context("--path is needed")?;
            let client = client_of(&reader)?;
            let mut tally = Tally::default();
            let mut bytes = 0;
            let meter = Meter::start(args.api_pid);
            let started = Instant::now();
            for _ in 0..args.requests {
                let at = Instant::now();
                let answer = if args.scenario == Scenario::Read {
                    client.send("GET", path, None, None)
                } else {
                    export_job(&client, path)
                };
                bytes = answer.bytes;
                tally.record(at, &answer, 200);
            }
            let elapsed = started.elapsed();
            let meter = meter.finish(tally.latencies_us.len());
            report(&args, &mut tally, elapsed, meter, json!({"bytes": bytes}));
        }
        Scenario::Signin => signin(&args, &cohort, &client_of(&cohort[0])?, &mine_path)?,
        Scenario::Token => {}
    }
    Ok(())
}

/// Starts an export job, waits for it to end and downloads its file; the answer is the file's,
/// or the first that went wrong.
fn export_job(client: &Client, path: &str) -> Answer {
    let started = client.send("POST", path, None, None);
    if started.status != 202 && started.status != 201 {
        return started;
    }
    let Some(id) = serde_json::from_str::<Value>(&started.body)
        .ok()
        .and_then(|job| job["id"].as_str().map(str::to_owned))
    else {
        return started;
    };
    // A job that never ends is reported as its last status, not waited for forever.
    let deadline = Instant::now() + Duration::from_secs(600);
    loop {
        std::thread::sleep(Duration::from_millis(100));
        let job = client.send("GET", &format!("/exports/{id}"), None, None);
        let status = serde_json::from_str::<Value>(&job.body)
            .ok()
            .and_then(|j| j["status"].as_str().map(str::to_owned));
        match status.as_deref() {
            Some("pending" | "running") if Instant::now() < deadline => continue,
            Some("succeeded") => {
                return client.send("GET", &format!("/exports/{id}/file"), None, None);
            }
            _ => return job,
        }
    }
}

/// `--clients` threads sign in as different members (each `--requests / clients` times) while a
/// reader keeps reading its month; the reader's latency is measured alone first, for as long.
fn signin(args: &Args, cohort: &[Member], reader: &Client, mine_path: &str) -> anyhow::Result<()> {
    let read_for = |until: Instant| {
        let mut tally = Tally::default();
        while Instant::now() < until {
            let at = Instant::now();
            let answer = reader.send("GET", mine_path, None, None);
            tally.record(at, &answer, 200);
        }
        tally
    };
    let mut alone = read_for(Instant::now() + Duration::from_secs(3));
    alone.latencies_us.sort_unstable();
    let next = AtomicUsize::new(0);
    let tallies = Mutex::new(Tally::default());
    let meter = Meter::start(args.api_pid);
    let started = Instant::now();
    let mut during = Tally::default();
    std::thread::scope(|s| {
        for _ in 0..args.clients {
            let (next, tallies) = (&next, &tallies);
            s.spawn(move || {
                let client = Client::new(&args.base_url, String::new());
                let mut tally = Tally::default();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= args.requests {
                        break;
                    }
                    let member = &cohort[1 + i % (cohort.len() - 1)];
                    let at = Instant::now();
                    let answer = client.send(
                        "POST",
                        "/auth/login",
                        None,
                        Some(&json!({"username": member.username, "password": args.password})),
                    );
                    tally.record(at, &answer, 200);
                }
                if let Ok(mut all) = tallies.lock() {
                    all.merge(tally);
                }
            });
        }
        // The reader runs beside them, until the last sign-in is answered.
        while next.load(Ordering::Relaxed) < args.requests + args.clients {
            let at = Instant::now();
            let answer = reader.send("GET", mine_path, None, None);
            during.record(at, &answer, 200);
            if during.latencies_us.len() > 100_000 {
                break;
            }
        }
    });
    let elapsed = started.elapsed();
    let mut tally = tallies
        .into_inner()
        .map_err(|_| anyhow::anyhow!("poisoned"))?;
    let meter = meter.finish(tally.latencies_us.len());
    during.latencies_us.sort_unstable();
    let extra = json!({
        "reader_alone_p50_ms": Tally::percentile_ms(&alone.latencies_us, 50.0),
        "reader_alone_p99_ms": Tally::percentile_ms(&alone.latencies_us, 99.0),
        "reader_during_p50_ms": Tally::percentile_ms(&during.latencies_us, 50.0),
        "reader_during_p99_ms": Tally::percentile_ms(&during.latencies_us, 99.0),
        "reader_during_max_ms": Tally::percentile_ms(&during.latencies_us, 100.0),
        "reader_during_statuses": during.statuses.iter().map(|(k, v)| (k.to_string(), json!(v))).collect::<serde_json::Map<_, _>>(),
    });
    report(args, &mut tally, elapsed, meter, extra);
    Ok(())
}

/// Deciders decide the evaluations of `--work`, each once, handed out to the clients in order.
fn decide(
    args: &Args,
    client_of: &dyn Fn(&Member) -> anyhow::Result<Client>,
) -> anyhow::Result<()> {
    let path = args.work.as_ref().context("--work is needed")?;
    let mut deciders: BTreeMap<Uuid, Client> = BTreeMap::new();
    let mut work = Vec::new();
    for line in std::fs::read_to_string(path)?
        .lines()
        .filter(|l| !l.trim().is_empty())
    {
        let (member, evaluation) = line
            .rsplit_once(',')
            .context("a work line needs an evaluation")?;
        let member = parse_member(member)?;
        if let std::collections::btree_map::Entry::Vacant(slot) = deciders.entry(member.account) {
            slot.insert(client_of(&member)?);
        }
        work.push((member.account, evaluation.trim().to_owned()));
    }
    // Untimed: each evaluation's ETag and form.
    let forms: Mutex<BTreeMap<i64, Value>> = Mutex::new(BTreeMap::new());
    let prepared: Mutex<Vec<(usize, String, Value)>> = Mutex::new(Vec::new());
    let next = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..args.clients {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some((decider, id)) = work.get(i) else {
                        break;
                    };
                    let client = &deciders[decider];
                    let answer = client.send("GET", &format!("/evaluations/{id}"), None, None);
                    let view: Value = serde_json::from_str(&answer.body).unwrap_or_default();
                    let code = view["form_code"].as_i64().unwrap_or(0);
                    let form = form_of(client, code, &forms);
                    if let Ok(mut p) = prepared.lock() {
                        p.push((i, answer.etag.unwrap_or_default(), scores_body(&form, i)));
                    }
                }
            });
        }
    });
    let prepared = prepared
        .into_inner()
        .map_err(|_| anyhow::anyhow!("poisoned"))?;
    let requests = prepared
        .iter()
        .map(|(w, etag, body)| {
            let (decider, id) = &work[*w];
            Request {
                method: Method::PUT,
                path: format!("/evaluations/{id}/decision"),
                token: &deciders[decider].token,
                etag: Some(etag),
                body: Some(body),
            }
        })
        .collect();
    let (mut tally, elapsed, meter) = timed_once(args, requests, 200)?;
    let meter = meter.finish(tally.latencies_us.len());
    report(args, &mut tally, elapsed, meter, json!({}));
    Ok(())
}
