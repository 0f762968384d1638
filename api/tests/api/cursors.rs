//! Keyset cursors leak nothing (issue 9, item 5): paging with `limit=1` through every list, a
//! caller finds in items and cursors only what they may read; each cursor names the last item
//! of its page, and paging finds exactly what one big page holds.

use actix_web::http::StatusCode;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;

use crate::fixture::{self, PASSWORD};
use crate::helpers::{TestApp, spawn_app};

/// The lists and, for each, the item's key that the cursor must name, and the path that reads
/// one item (None when the list has no item route).
struct List {
    path: &'static str,
    /// The key of an item, as its cursor would spell it.
    item_key: fn(&Value) -> String,
    /// The key a cursor names.
    cursor_key: fn(&str) -> String,
    /// Where one item can be read.
    detail: Option<&'static str>,
}

fn id_of(item: &Value) -> String {
    item["id"].as_str().unwrap().to_owned()
}

fn people_cursor(cursor: &str) -> String {
    let text = String::from_utf8(URL_SAFE_NO_PAD.decode(cursor).unwrap()).unwrap();
    text[..36].to_owned()
}

const LISTS: [List; 4] = [
    List {
        path: "/api/v1/people?",
        item_key: id_of,
        cursor_key: people_cursor,
        detail: Some("/api/v1/people/"),
    },
    List {
        path: "/api/v1/accounts?",
        item_key: |item| item["username"].as_str().unwrap().to_owned(),
        cursor_key: str::to_owned,
        detail: None,
    },
    List {
        path: "/api/v1/evaluations?period=2026-11&",
        item_key: id_of,
        cursor_key: str::to_owned,
        detail: Some("/api/v1/evaluations/"),
    },
    List {
        path: "/api/v1/units?",
        item_key: |item| item["code"].as_str().unwrap().to_owned(),
        cursor_key: str::to_owned,
        detail: Some("/api/v1/units/"),
    },
];

async fn get(app: &TestApp, token: &str, path: &str) -> Value {
    let answer = app.get_with_token(path, token).await;
    assert_eq!(answer.status, StatusCode::OK, "{path}: {}", answer.text());
    answer.json()
}

/// Pages through `list` with `limit=1`; checks each page and returns the keys of every item.
async fn page_through(app: &TestApp, token: &str, who: &str, list: &List) -> Vec<String> {
    let mut keys = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..200 {
        let path = match &cursor {
            None => format!("{}limit=1", list.path),
            Some(c) => format!("{}limit=1&cursor={}", list.path, urlencode(c)),
        };
        let page = get(app, token, &path).await;
        let items = page["items"].as_array().unwrap();
        assert!(items.len() <= 1, "{who} {path}: {page}");
        for item in items {
            keys.push((list.item_key)(item));
            if let Some(detail) = list.detail {
                let answer = app
                    .get_with_token(&format!("{detail}{}", id_of(item)), token)
                    .await;
                assert_eq!(
                    answer.status,
                    StatusCode::OK,
                    "{who} {path}: listed but not readable: {item}"
                );
            }
        }
        match page["next_cursor"].as_str() {
            None => return keys,
            Some(next) => {
                let last = items.last().unwrap_or_else(|| {
                    panic!("{who} {path}: a cursor on an empty page names a hidden row: {page}")
                });
                assert_eq!(
                    (list.cursor_key)(next),
                    (list.item_key)(last),
                    "{who} {path}: the cursor names another row than the last returned"
                );
                cursor = Some(next.to_owned());
            }
        }
    }
    panic!("{who} {}: paging did not end", list.path);
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[actix_web::test]
async fn cursors_name_only_rows_the_caller_was_given() {
    let app = spawn_app().await;
    fixture::build(&app);
    let mut tokens = Vec::new();
    for who in ["staff.a", "lead.a", "staff.bd", "agg.q1", "ua.q2"] {
        tokens.push((who, app.tokens(who, PASSWORD).await.0));
    }
    // Evaluations of the month for the people with accounts (opened by reading one's own).
    for (who, token) in &tokens[..3] {
        let answer = app
            .get_with_token("/api/v1/evaluations/mine?period=2026-11", token)
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{who}: {}", answer.text());
    }
    for (who, token) in &tokens {
        for list in &LISTS {
            let paged = page_through(&app, token, who, list).await;
            let whole = get(&app, token, &format!("{}limit=500", list.path)).await;
            let all: Vec<String> = whole["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(list.item_key)
                .collect();
            assert_eq!(paged, all, "{who} {}", list.path);
            assert!(whole["next_cursor"].is_null(), "{who} {}", list.path);
        }
    }
}
