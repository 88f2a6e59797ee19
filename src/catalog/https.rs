//! The `https` adapter: a retailer speaking the hushcart catalog protocol v1
//! (`docs/catalog-protocol.md`, [`protocol`]).
//!
//! Every call opens a fresh TLS connection (rustls with the ring provider,
//! platform roots or a configured CA, TLS 1.3 preferred, session resumption
//! off, no client certificate), sends one request with the protocol's fixed
//! header set and `connection: close`, reads a bounded reply within the
//! configured time, and closes. There is no cookie store and no state
//! between calls, so two identical queries are identical on the wire apart
//! from TLS randomness.
//!
//! Before a request is sent its exact bytes are written to the
//! transparency [`Ledger`]; if that fails, nothing is sent.
//!
//! Must never: send anything the [`CatalogQuery`] does not hold, add a
//! header, keep a connection or a TLS session between calls, retry a
//! checkout, or log a request's body.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::header::{
    HeaderValue, ACCEPT, CONNECTION, CONTENT_LENGTH, CONTENT_TYPE, HOST, USER_AGENT,
};
use hyper::{Method, Request, Uri};
use hyper_util::rt::TokioIo;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;

use super::protocol::{self, MAX_REPLY_BYTES, MAX_VOCABULARY_BYTES};
use super::{
    CartLine, Catalog, CatalogError, CatalogFuture, Handoff, Offer, Offers, Sent, Vocabulary,
};
use crate::privacy::ledger::Ledger;
use crate::privacy::CatalogQuery;

/// Default time to open a connection and finish the TLS handshake.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Default time for a whole exchange, from connecting to the last reply byte.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default retries of an idempotent call after a connection failure, a
/// timeout or a server error (5xx).
pub const DEFAULT_RETRIES: u32 = 2;
/// The first pause before a retry; it doubles each time.
pub const RETRY_BACKOFF: Duration = Duration::from_millis(250);

/// How patient the adapter is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HttpsOptions {
    /// Connect plus TLS handshake.
    pub connect_timeout: Duration,
    /// The whole exchange.
    pub timeout: Duration,
    /// Retries of idempotent calls (search, product, vocabulary); never of
    /// a checkout.
    pub retries: u32,
}

impl Default for HttpsOptions {
    fn default() -> Self {
        HttpsOptions {
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            retries: DEFAULT_RETRIES,
        }
    }
}

/// A retailer's catalog over HTTPS.
pub struct HttpsCatalog {
    name: String,
    host: String,
    port: u16,
    server_name: ServerName<'static>,
    connector: TlsConnector,
    ledger: Arc<dyn Ledger>,
    options: HttpsOptions,
}

impl std::fmt::Debug for HttpsCatalog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpsCatalog")
            .field("name", &self.name)
            .field("host", &self.host)
            .field("port", &self.port)
            .finish_non_exhaustive()
    }
}

/// The client TLS configuration of the protocol: ring provider, TLS 1.3 and
/// 1.2 (1.3 preferred), the given roots, no client certificate, no session
/// resumption, ALPN http/1.1.
pub fn client_tls_config(ca_file: Option<&Path>) -> Result<Arc<rustls::ClientConfig>, String> {
    let mut roots = rustls::RootCertStore::empty();
    match ca_file {
        Some(path) => {
            let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(path)
                .map_err(|e| format!("cannot read the CA file {}: {e}", path.display()))?
                .collect::<Result<_, _>>()
                .map_err(|e| format!("the CA file {} is not valid PEM: {e}", path.display()))?;
            if certs.is_empty() {
                return Err(format!("no certificate in the CA file {}", path.display()));
            }
            for cert in certs {
                roots.add(cert).map_err(|e| {
                    format!(
                        "the CA file {} holds an unusable certificate: {e}",
                        path.display()
                    )
                })?;
            }
        }
        None => {
            let found = rustls_native_certs::load_native_certs();
            let (added, _) = roots.add_parsable_certificates(found.certs);
            if added == 0 {
                return Err(
                    "no trusted root certificates on this system: install the platform's CA \
                     certificates or set ca_file for the retailer"
                        .to_string(),
                );
            }
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS setup failed: {e}"))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    config.resumption = rustls::client::Resumption::disabled();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    config.enable_early_data = false;
    Ok(Arc::new(config))
}

/// One request of the protocol, before it is sent.
struct Call {
    method: Method,
    path: String,
    body: Option<Vec<u8>>,
    max_reply: usize,
    idempotent: bool,
}

/// A finished exchange.
struct Reply {
    status: u16,
    body: Bytes,
}

impl HttpsCatalog {
    /// A retailer at `url` (`https://host[:port]`, no path), trusting
    /// `ca_file` or the platform roots, recording into `ledger`.
    pub fn new(
        name: &str,
        url: &str,
        ca_file: Option<&Path>,
        ledger: Arc<dyn Ledger>,
        options: HttpsOptions,
    ) -> Result<HttpsCatalog, CatalogError> {
        let bad = |message: String| CatalogError::Connect {
            retailer: name.to_string(),
            message,
        };
        let uri: Uri = url
            .parse()
            .map_err(|_| bad(format!("{url} is not a URL")))?;
        if uri.scheme_str() != Some("https") {
            return Err(bad(format!("{url} is not an https URL")));
        }
        if !matches!(uri.path(), "" | "/") || uri.query().is_some() {
            return Err(bad(format!(
                "{url} has a path; give only https://host[:port]"
            )));
        }
        let host = uri
            .host()
            .ok_or_else(|| bad(format!("{url} has no host")))?
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_string();
        let port = uri.port_u16().unwrap_or(443);
        let server_name = ServerName::try_from(host.clone())
            .map_err(|_| bad(format!("{host} is not a valid server name")))?;
        let tls = client_tls_config(ca_file).map_err(bad)?;
        Ok(HttpsCatalog {
            name: name.to_string(),
            host,
            port,
            server_name,
            connector: TlsConnector::from(tls),
            ledger,
            options,
        })
    }

    /// The Host header value.
    fn host_header(&self) -> String {
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        if self.port == 443 {
            host
        } else {
            format!("{host}:{}", self.port)
        }
    }

    /// The request, with the protocol's fixed header set in a fixed order.
    fn request(&self, call: &Call) -> Result<Request<Full<Bytes>>, CatalogError> {
        let mut builder = Request::builder()
            .method(call.method.clone())
            .uri(call.path.as_str())
            .header(HOST, self.host_header())
            .header(USER_AGENT, HeaderValue::from_static(protocol::USER_AGENT))
            .header(ACCEPT, HeaderValue::from_static(protocol::JSON));
        if let Some(body) = &call.body {
            builder = builder
                .header(CONTENT_TYPE, HeaderValue::from_static(protocol::JSON))
                .header(CONTENT_LENGTH, body.len());
        }
        builder
            .header(CONNECTION, HeaderValue::from_static("close"))
            .body(Full::new(Bytes::from(
                call.body.clone().unwrap_or_default(),
            )))
            .map_err(|e| CatalogError::Connect {
                retailer: self.name.clone(),
                message: format!("cannot build the request: {e}"),
            })
    }

    /// The exact bytes hyper writes for `request` (HTTP/1.1, lower-case
    /// header names in insertion order, then the body). The capture-server
    /// tests check that this is what arrives.
    fn render(request: &Request<Full<Bytes>>, body: Option<&[u8]>) -> Vec<u8> {
        let mut out = format!("{} {} HTTP/1.1\r\n", request.method(), request.uri()).into_bytes();
        for (name, value) in request.headers() {
            out.extend_from_slice(name.as_str().as_bytes());
            out.extend_from_slice(b": ");
            out.extend_from_slice(value.as_bytes());
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(body.unwrap_or_default());
        out
    }

    /// Run `call`, retrying idempotent calls; every attempt is recorded in
    /// the ledger and returned in `sent`.
    async fn call(&self, call: Call, sent: &mut Vec<Sent>) -> Result<Reply, CatalogError> {
        let attempts = if call.idempotent {
            self.options.retries + 1
        } else {
            1
        };
        let mut pause = RETRY_BACKOFF;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let result = self.once(&call, sent).await;
            let retryable = match &result {
                Err(CatalogError::Connect { .. } | CatalogError::Timeout { .. }) => true,
                Ok(reply) => reply.status >= 500,
                Err(_) => false,
            };
            if !retryable || attempt >= attempts {
                return result;
            }
            tracing::info!(retailer = %self.name, attempt, "retrying a catalog call");
            tokio::time::sleep(pause).await;
            pause *= 2;
        }
    }

    /// One attempt: record, connect, send, read, record the reply size.
    async fn once(&self, call: &Call, sent: &mut Vec<Sent>) -> Result<Reply, CatalogError> {
        let request = self.request(call)?;
        let bytes = Self::render(&request, call.body.as_deref());
        let receipt = self
            .ledger
            .record_request(&self.name, &bytes)
            .map_err(|e| CatalogError::Ledger(e.to_string()))?;
        sent.push(Sent {
            retailer: self.name.clone(),
            request: String::from_utf8_lossy(&bytes).into_owned(),
            reply_bytes: 0,
        });
        let timeout = self.options.timeout;
        let result =
            match tokio::time::timeout(timeout, self.exchange(request, call.max_reply)).await {
                Ok(result) => result,
                Err(_) => Err(CatalogError::Timeout {
                    retailer: self.name.clone(),
                    seconds: timeout.as_secs_f64(),
                }),
            };
        if let Ok(reply) = &result {
            let size = reply.body.len() as u64;
            if let Some(last) = sent.last_mut() {
                last.reply_bytes = size;
            }
            if let Err(e) = self.ledger.record_reply(&receipt, size) {
                tracing::warn!(error = %e, "the ledger could not record a reply size");
            }
        }
        result
    }

    async fn exchange(
        &self,
        request: Request<Full<Bytes>>,
        max_reply: usize,
    ) -> Result<Reply, CatalogError> {
        let connect_error = |message: String| CatalogError::Connect {
            retailer: self.name.clone(),
            message,
        };
        let connect = async {
            let tcp = TcpStream::connect((self.host.as_str(), self.port))
                .await
                .map_err(|e| connect_error(format!("{e}")))?;
            tcp.set_nodelay(true).ok();
            self.connector
                .connect(self.server_name.clone(), tcp)
                .await
                .map_err(|e| connect_error(format!("TLS handshake failed: {e}")))
        };
        let tls = tokio::time::timeout(self.options.connect_timeout, connect)
            .await
            .map_err(|_| CatalogError::Timeout {
                retailer: self.name.clone(),
                seconds: self.options.connect_timeout.as_secs_f64(),
            })??;
        let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(tls))
            .await
            .map_err(|e| connect_error(format!("HTTP setup failed: {e}")))?;
        // The connection task ends when the exchange does (connection: close)
        // or when this future is dropped by the timeout.
        let driver = tokio::spawn(async move {
            let _ = connection.await;
        });
        let _abort = AbortOnDrop(driver);
        let response = sender
            .send_request(request)
            .await
            .map_err(|e| connect_error(format!("the request failed: {e}")))?;
        let status = response.status().as_u16();
        if let Some(length) = response
            .headers()
            .get(CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok())
        {
            if length > max_reply as u64 {
                return Err(self.bad_reply(format!(
                    "the reply would be {length} bytes, more than the {max_reply} allowed"
                )));
            }
        }
        let body = Limited::new(response.into_body(), max_reply)
            .collect()
            .await
            .map_err(|e| {
                if e.downcast_ref::<http_body_util::LengthLimitError>()
                    .is_some()
                {
                    self.bad_reply(format!(
                        "the reply is larger than the {max_reply} bytes allowed"
                    ))
                } else {
                    connect_error(format!("the reply was cut off: {e}"))
                }
            })?
            .to_bytes();
        Ok(Reply { status, body })
    }

    fn bad_reply(&self, message: String) -> CatalogError {
        CatalogError::BadReply {
            retailer: self.name.clone(),
            message,
        }
    }

    /// A non-200 reply as an error, with the protocol's code if present.
    fn status_error(&self, reply: &Reply) -> CatalogError {
        CatalogError::Status {
            retailer: self.name.clone(),
            status: reply.status,
            message: protocol::error_message(&reply.body)
                .unwrap_or_else(|| "no protocol error body".to_string()),
        }
    }

    async fn search_inner(&self, query: &CatalogQuery) -> Result<Offers, CatalogError> {
        let mut sent = Vec::new();
        let call = Call {
            method: Method::POST,
            path: protocol::SEARCH_PATH.to_string(),
            body: Some(protocol::search_body(query)),
            max_reply: MAX_REPLY_BYTES,
            idempotent: true,
        };
        let reply = self.call(call, &mut sent).await?;
        if reply.status != 200 {
            return Err(self.status_error(&reply));
        }
        let offers = protocol::parse_search_reply(&reply.body).map_err(|m| self.bad_reply(m))?;
        Ok(Offers { offers, sent })
    }
}

/// Stops the connection task when the exchange ends or is abandoned.
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl Catalog for HttpsCatalog {
    fn name(&self) -> &str {
        &self.name
    }

    fn search<'a>(&'a self, query: &'a CatalogQuery) -> CatalogFuture<'a, Offers> {
        Box::pin(self.search_inner(query))
    }

    fn product<'a>(&'a self, id: &'a str) -> CatalogFuture<'a, Option<Offer>> {
        Box::pin(async move {
            if id.is_empty()
                || id.len() > 64
                || !id
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
            {
                return Err(CatalogError::NotAllowed(
                    "a product id must be 1 to 64 characters of [A-Za-z0-9._-]".to_string(),
                ));
            }
            let mut sent = Vec::new();
            let call = Call {
                method: Method::GET,
                path: format!("{}{id}", protocol::PRODUCT_PATH_PREFIX),
                body: None,
                max_reply: MAX_REPLY_BYTES,
                idempotent: true,
            };
            let reply = self.call(call, &mut sent).await?;
            match reply.status {
                200 => protocol::parse_product_reply(&reply.body)
                    .map(Some)
                    .map_err(|m| self.bad_reply(m)),
                404 => Ok(None),
                _ => Err(self.status_error(&reply)),
            }
        })
    }

    fn vocabulary(&self) -> CatalogFuture<'_, Vocabulary> {
        Box::pin(async move {
            let mut sent = Vec::new();
            let call = Call {
                method: Method::GET,
                path: protocol::VOCABULARY_PATH.to_string(),
                body: None,
                max_reply: MAX_VOCABULARY_BYTES,
                idempotent: true,
            };
            let reply = self.call(call, &mut sent).await?;
            if reply.status != 200 {
                return Err(self.status_error(&reply));
            }
            protocol::parse_vocabulary_reply(&reply.body).map_err(|m| self.bad_reply(m))
        })
    }

    fn checkout<'a>(&'a self, lines: &'a [CartLine]) -> CatalogFuture<'a, Handoff> {
        Box::pin(async move {
            let body = protocol::checkout_body(lines).ok_or_else(|| {
                CatalogError::NotAllowed(format!(
                    "a checkout holds at most {} lines",
                    protocol::MAX_CART_LINES
                ))
            })?;
            let mut sent = Vec::new();
            let call = Call {
                method: Method::POST,
                path: protocol::CHECKOUT_PATH.to_string(),
                body: Some(body),
                max_reply: MAX_REPLY_BYTES,
                idempotent: false,
            };
            let reply = self.call(call, &mut sent).await?;
            if reply.status != 200 {
                return Err(self.status_error(&reply));
            }
            let cart_url =
                protocol::parse_checkout_reply(&reply.body).map_err(|m| self.bad_reply(m))?;
            Ok(Handoff { cart_url, sent })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::privacy::ledger::MemoryLedger;

    /// A self-signed certificate for localhost, written as `ca.pem` in `dir`.
    fn self_signed_ca(dir: &tempfile::TempDir) -> std::path::PathBuf {
        let ca = dir.path().join("ca.pem");
        let key = rcgen::KeyPair::generate().unwrap();
        let cert = rcgen::CertificateParams::new(vec!["localhost".to_string()])
            .unwrap()
            .self_signed(&key)
            .unwrap();
        std::fs::write(&ca, cert.pem()).unwrap();
        ca
    }

    fn catalog(url: &str) -> Result<HttpsCatalog, CatalogError> {
        let dir = tempfile::tempdir().unwrap();
        let ca = self_signed_ca(&dir);
        HttpsCatalog::new(
            "acme",
            url,
            Some(&ca),
            Arc::new(MemoryLedger::default()),
            HttpsOptions::default(),
        )
    }

    #[test]
    fn only_plain_https_base_urls_are_accepted() {
        for bad in [
            "http://localhost:8443",
            "localhost:8443",
            "https://localhost/v1",
            "https://localhost/?id=1",
            "https://",
            "not a url",
        ] {
            assert!(catalog(bad).is_err(), "{bad}");
        }
        assert!(catalog("https://localhost:8443").is_ok());
        assert!(catalog("https://localhost/").is_ok());
    }

    #[test]
    fn the_request_carries_the_fixed_header_set_only() {
        let c = catalog("https://localhost:8443").unwrap();
        let body = vec![b' '; protocol::REQUEST_BODY_BYTES];
        let call = Call {
            method: Method::POST,
            path: protocol::SEARCH_PATH.into(),
            body: Some(body.clone()),
            max_reply: 10,
            idempotent: true,
        };
        let request = c.request(&call).unwrap();
        let text = String::from_utf8(HttpsCatalog::render(&request, Some(&body))).unwrap();
        let head = text.split("\r\n\r\n").next().unwrap();
        assert_eq!(
            head,
            format!(
                "POST /v1/search HTTP/1.1\r\nhost: localhost:8443\r\nuser-agent: {}\r\n\
                 accept: application/json\r\ncontent-type: application/json\r\n\
                 content-length: 1024\r\nconnection: close",
                protocol::USER_AGENT
            )
        );
    }

    #[test]
    fn a_missing_or_empty_ca_file_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("none.pem");
        let err = client_tls_config(Some(&missing)).unwrap_err();
        assert!(err.contains("none.pem"), "{err}");
        let empty = dir.path().join("empty.pem");
        std::fs::write(&empty, b"not pem at all").unwrap();
        let err = client_tls_config(Some(&empty)).unwrap_err();
        assert!(err.contains("no certificate"), "{err}");
    }

    #[test]
    fn resumption_is_disabled() {
        let dir = tempfile::tempdir().unwrap();
        let ca = self_signed_ca(&dir);
        let config = client_tls_config(Some(&ca)).unwrap();
        assert!(
            format!("{:?}", config.resumption).contains("Disabled")
                || format!("{:?}", config.resumption).contains("disabled"),
            "{:?}",
            config.resumption
        );
        assert!(!config.enable_early_data);
    }
}
