//! The client's address for the audit trail (and anything else keyed by it): the connection's
//! peer, unless the peer is a configured trusted proxy (TRUSTED_PROXIES), whose
//! `X-Forwarded-For` is then read from the right, skipping the trusted proxies themselves. A
//! header sent by anyone else is ignored, so a client cannot choose the address recorded.

use std::net::IpAddr;

use actix_web::HttpRequest;
use actix_web::http::header::HeaderName;

/// IP addresses and CIDR blocks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<(IpAddr, u8)>);

impl TrustedProxies {
    /// Reads `10.0.0.0/8`, `172.28.0.10`, `::1`, ... (blank entries are skipped).
    pub fn parse(entries: &[String]) -> Result<Self, String> {
        let mut blocks = Vec::new();
        for entry in entries.iter().map(|e| e.trim()).filter(|e| !e.is_empty()) {
            let (address, prefix) = match entry.split_once('/') {
                Some((address, prefix)) => (address, Some(prefix)),
                None => (entry, None),
            };
            let address: IpAddr = address
                .parse()
                .map_err(|_| format!("{entry:?} is not an IP address or CIDR block"))?;
            let bits = if address.is_ipv4() { 32 } else { 128 };
            let prefix = match prefix {
                None => bits,
                Some(prefix) => prefix
                    .parse::<u8>()
                    .ok()
                    .filter(|p| *p <= bits)
                    .ok_or_else(|| format!("{entry:?} has an invalid prefix length"))?,
            };
            // A v4-mapped IPv6 block is an IPv4 block.
            match (address, canonical(address)) {
                (IpAddr::V6(_), v4 @ IpAddr::V4(_)) => {
                    blocks.push((v4, prefix.saturating_sub(96)));
                }
                _ => blocks.push((address, prefix)),
            }
        }
        Ok(Self(blocks))
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.0
            .iter()
            .any(|(block, prefix)| match (canonical(*block), ip) {
                (IpAddr::V4(block), IpAddr::V4(ip)) => {
                    masked(u128::from(u32::from(block)), *prefix, 32)
                        == masked(u128::from(u32::from(ip)), *prefix, 32)
                }
                (IpAddr::V6(block), IpAddr::V6(ip)) => {
                    masked(u128::from(block), *prefix, 128) == masked(u128::from(ip), *prefix, 128)
                }
                _ => false,
            })
    }

    /// The client's address: see the module documentation.
    pub fn client_ip(&self, request: &HttpRequest) -> Option<String> {
        let peer = request.peer_addr()?.ip();
        if !self.contains(peer) {
            return Some(canonical(peer).to_string());
        }
        let forwarded = HeaderName::from_static("x-forwarded-for");
        let hops: Vec<&str> = request
            .headers()
            .get_all(forwarded)
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .map(str::trim)
            .collect();
        for hop in hops.iter().rev() {
            match hop.parse::<IpAddr>() {
                Ok(ip) if self.contains(ip) => continue,
                Ok(ip) => return Some(canonical(ip).to_string()),
                // Garbage: nothing left of it can be believed.
                Err(_) => break,
            }
        }
        Some(canonical(peer).to_string())
    }
}

/// IPv4-mapped IPv6 addresses (`::ffff:1.2.3.4`) as IPv4.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

fn masked(value: u128, prefix: u8, bits: u8) -> u128 {
    let prefix = prefix.min(bits);
    if prefix == 0 {
        return 0;
    }
    let shift = u32::from(bits - prefix);
    (value >> shift) << shift
}

/// The client's address of `request`, with the trusted proxies the app was given (none when
/// the app has no [`TrustedProxies`] data: the peer).
pub fn of(request: &HttpRequest) -> Option<String> {
    match request.app_data::<actix_web::web::Data<TrustedProxies>>() {
        Some(proxies) => proxies.client_ip(request),
        None => TrustedProxies::default().client_ip(request),
    }
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::*;

    fn proxies(entries: &[&str]) -> TrustedProxies {
        TrustedProxies::parse(&entries.iter().map(|e| e.to_string()).collect::<Vec<_>>()).unwrap()
    }

    #[test]
    fn forwarded_for_is_believed_only_from_a_trusted_peer() {
        let trusted = proxies(&["172.28.0.10", "10.0.0.0/8"]);
        let request = |peer: &str, forwarded: &str| {
            TestRequest::default()
                .peer_addr(format!("{peer}:5000").parse().unwrap())
                .insert_header(("x-forwarded-for", forwarded))
                .to_http_request()
        };
        // From the client itself: the header is its own invention.
        assert_eq!(
            trusted.client_ip(&request("203.0.113.9", "1.1.1.1")),
            Some("203.0.113.9".to_owned())
        );
        // Through the proxy: the rightmost address the proxy did not add itself.
        assert_eq!(
            trusted.client_ip(&request("172.28.0.10", "1.1.1.1, 198.51.100.7, 10.1.1.1")),
            Some("198.51.100.7".to_owned())
        );
        assert_eq!(
            trusted.client_ip(&request("172.28.0.10", "nonsense")),
            Some("172.28.0.10".to_owned())
        );
        assert!(!trusted.contains("11.0.0.1".parse().unwrap()));
        assert!(proxies(&["::ffff:10.0.0.1"]).contains("10.0.0.1".parse().unwrap()));
        assert!(TrustedProxies::parse(&["10.0.0.0/40".to_owned()]).is_err());
    }
}
