//! `spawn_app`: the real server on a free port with its own database, plus small HTTP helpers.

use actix_web::http::StatusCode;
use api::auth::jwt::JwtKeys;
use api::auth::password;
use api::config::Config;
use api::startup::Application;
use diesel::{Connection, PgConnection};
use persistence::PgPool;
use persistence::models::accounts::NewAccount;
use persistence::queries::accounts;
use persistence::test_db::TestDatabase;
use secrecy::ExposeSecret;
use serde_json::Value;
use uuid::Uuid;

pub struct TestApp {
    pub address: String,
    pub client: awc::Client,
    pub pool: PgPool,
    pub config: Config,
    /// The clock the server's rules read; tests move it through the month.
    pub clock: api::clock::Clock,
    // Dropped last: the database outlives the server's use of it within the test.
    pub db: TestDatabase,
}

/// An HTTP answer read whole.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub content_type: String,
    pub headers: awc::http::header::HeaderMap,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// Asserts a problem+json answer with this status and code, and returns its body.
    pub fn problem(&self, status: u16, code: &str) -> Value {
        assert_eq!(self.status.as_u16(), status, "body: {}", self.text());
        assert_eq!(self.content_type, "application/problem+json");
        let body = self.json();
        assert_eq!(body["code"], code, "body: {body}");
        assert_eq!(body["status"], status);
        assert_eq!(body["type"], format!("/problems/{code}"));
        assert!(body["title"].as_str().is_some_and(|t| !t.is_empty()));
        assert!(body["detail"].as_str().is_some_and(|d| !d.is_empty()));
        body
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Like [`spawn_app`], with the test configuration adjusted first (rate limits, pool size…).
pub async fn spawn_app_with(adjust: impl FnOnce(&mut Config)) -> TestApp {
    let db = TestDatabase::create().expect("test database");
    let mut config = Config::for_tests(&db.url);
    adjust(&mut config);
    // Rules see 2026-11-22 10:00 +07:00 (inside November's self-assessment window) until moved.
    let clock = api::clock::Clock::fixed("2026-11-22T03:00:00Z".parse().unwrap());
    let application = Application::build_with_clock(&config, clock.clone()).expect("application");
    let address = format!("http://127.0.0.1:{}", application.port());
    actix_web::rt::spawn(application.run_until_stopped());
    let pool =
        persistence::build_pool(&db.url, 2, std::time::Duration::from_secs(10)).expect("pool");
    TestApp {
        address,
        // Idle connections are dropped before the server's 5-second keep-alive closes them: a
        // test that waits longer (a backup, the alerts' clock) would else reuse a closed one and
        // fail with `Connect(Disconnected)`.
        client: awc::Client::builder()
            .connector(awc::Connector::new().conn_keep_alive(std::time::Duration::from_secs(2)))
            .disable_redirects()
            .finish(),
        pool,
        config,
        clock,
        db,
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// A connection of its own for the test's direct reads and writes (a plain `PgConnection`, so
    /// `.execute(&mut app.conn())` works; a second pool would add threads racing the exit).
    pub fn conn(&self) -> PgConnection {
        PgConnection::establish(&self.db.url).expect("connection")
    }

    /// [`Self::conn`] after the audit entries waiting have been linked into the trail, as every
    /// reader of the trail in the API does first: for reading `audit_log` directly.
    pub fn trail_conn(&self) -> PgConnection {
        let mut conn = self.conn();
        persistence::queries::audit::link_pending(&mut conn).expect("audit entries linked");
        conn
    }

    /// The key the server signs with, for forging tokens in tests.
    pub fn jwt(&self) -> JwtKeys {
        JwtKeys::new(
            self.config.jwt_secret.expose_secret().as_bytes(),
            self.config.access_token_ttl,
        )
    }

    /// Creates an account directly in the database.
    pub fn create_account(
        &self,
        username: &str,
        password: &str,
        must_change_password: bool,
    ) -> Uuid {
        create_account(&mut self.conn(), username, password, must_change_password)
    }

    pub async fn send(&self, request: awc::ClientRequest, body: Option<&Value>) -> Answer {
        let mut response = match body {
            Some(body) => request.send_json(body).await,
            None => request.send().await,
        }
        .expect("request sent");
        let body = response
            .body()
            .limit(10 * 1024 * 1024)
            .await
            .expect("body")
            .to_vec();
        Answer {
            status: response.status(),
            content_type: response
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned(),
            headers: response.headers().clone(),
            body,
        }
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> Answer {
        self.send(self.client.post(self.url(path)), Some(body))
            .await
    }

    pub async fn post_json_with_token(&self, path: &str, token: &str, body: Value) -> Answer {
        self.send(
            self.client.post(self.url(path)).bearer_auth(token),
            Some(&body),
        )
        .await
    }

    /// Any method, with a bearer token and an optional JSON body.
    pub async fn call(&self, method: &str, path: &str, token: &str, body: Option<Value>) -> Answer {
        let method = awc::http::Method::from_bytes(method.as_bytes()).unwrap();
        let request = self
            .client
            .request(method, self.url(path))
            .bearer_auth(token);
        self.send(request, body.as_ref()).await
    }

    pub async fn get_with_token(&self, path: &str, token: &str) -> Answer {
        self.send(self.client.get(self.url(path)).bearer_auth(token), None)
            .await
    }

    pub async fn login(&self, username: &str, password: &str) -> Answer {
        self.post_json(
            "/api/v1/auth/login",
            &serde_json::json!({"username": username, "password": password}),
        )
        .await
    }

    /// Signs in and returns the token pair (asserting success).
    pub async fn tokens(&self, username: &str, password: &str) -> (String, String) {
        let answer = self.login(username, password).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
        let body = answer.json();
        (
            body["access_token"].as_str().unwrap().to_owned(),
            body["refresh_token"].as_str().unwrap().to_owned(),
        )
    }
}

pub fn create_account(
    conn: &mut PgConnection,
    username: &str,
    password: &str,
    must_change_password: bool,
) -> Uuid {
    let hash = password::hash(password).unwrap();
    accounts::create(
        conn,
        &NewAccount {
            username,
            password_hash: &hash,
            person_id: None,
            must_change_password,
        },
        &[],
    )
    .unwrap()
    .id
}

/// Keeps an exported file with what a real reader must find in it, for `scripts/check-exports`
/// (openpyxl, pdftotext, pdftoppm), when `EXPORT_SAMPLES` names a folder (`scripts/test` sets
/// it). `expect` holds, as the checker reads them: `sheet`, `cells` (`{"A1": "text"}`),
/// `contains` (texts found anywhere), `rows` (data rows after `header_row`), `charts`,
/// `text_contains`, `pages`, `layout: "list"` and `table_rows` (PDF), `bom` (CSV).
pub fn keep_sample(name: &str, bytes: &[u8], expect: Value) {
    let Ok(folder) = std::env::var("EXPORT_SAMPLES") else {
        return;
    };
    let folder = std::path::PathBuf::from(folder);
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join(name), bytes).unwrap();
    std::fs::write(
        folder.join(format!("{name}.expect.json")),
        serde_json::to_vec_pretty(&expect).unwrap(),
    )
    .unwrap();
}
