//! The language of messages: Vietnamese by default, English when the request asks for it.
//!
//! A middleware stores the request's language in a task-local, so errors rendered anywhere while
//! the request is handled speak it without every handler passing it along.

use actix_web::http::header::{ACCEPT_LANGUAGE, HeaderMap};

/// A language the API answers in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

tokio::task_local! {
    static REQUEST_LANG: Lang;
}

impl Lang {
    /// The language of the request being handled (Vietnamese outside a request).
    pub fn current() -> Lang {
        REQUEST_LANG.try_with(|lang| *lang).unwrap_or_default()
    }

    /// Picks `vi` or `en` from `Accept-Language`, honouring q-values; anything else is `vi`.
    pub fn from_headers(headers: &HeaderMap) -> Lang {
        let Some(value) = headers.get(ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()) else {
            return Lang::Vi;
        };
        let mut best: Option<(f32, Lang)> = None;
        for part in value.split(',') {
            let mut pieces = part.trim().split(';');
            let tag = pieces
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase();
            let quality = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            let lang = match tag.split('-').next() {
                Some("en") => Lang::En,
                Some("vi") => Lang::Vi,
                _ => continue,
            };
            if best.is_none_or(|(q, _)| quality > q) {
                best = Some((quality, lang));
            }
        }
        best.map_or(Lang::Vi, |(_, lang)| lang)
    }

    /// Chooses between a Vietnamese and an English text.
    pub fn pick<'a>(self, vi: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }
}

/// Runs `future` (the rest of the request) with `lang` as the request's language.
pub async fn scope<F: std::future::Future>(lang: Lang, future: F) -> F::Output {
    REQUEST_LANG.scope(lang, future).await
}

#[cfg(test)]
mod tests {
    use actix_web::http::header::HeaderValue;

    use super::*;

    fn lang_of(value: &str) -> Lang {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT_LANGUAGE, HeaderValue::from_str(value).unwrap());
        Lang::from_headers(&headers)
    }

    #[test]
    fn english_only_when_asked() {
        assert_eq!(lang_of("en"), Lang::En);
        assert_eq!(lang_of("en-US,en;q=0.9"), Lang::En);
        assert_eq!(lang_of("vi-VN,en;q=0.8"), Lang::Vi);
        assert_eq!(lang_of("fr, en;q=0.5, vi;q=0.7"), Lang::Vi);
        assert_eq!(lang_of("de"), Lang::Vi);
        assert_eq!(Lang::from_headers(&HeaderMap::new()), Lang::Vi);
    }
}
