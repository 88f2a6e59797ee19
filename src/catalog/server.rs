//! The reference retailer server: the catalog protocol v1
//! ([`protocol`], `docs/catalog-protocol.md`) over HTTPS, serving a
//! [`LocalCatalog`].
//!
//! Takes: a catalog, a bound [`TcpListener`], a rustls [`ServerConfig`]
//! ([`tls_config`]) and a shutdown future. Produces: HTTP/1.1 replies, every
//! JSON body of the protocol endpoints padded to a multiple of
//! [`REPLY_BUCKET_BYTES`].
//!
//! Runs on: the caller's tokio runtime, one task per connection; searches run
//! on the blocking pool. Every stage is bounded ([`ServerOptions`]): the TLS
//! handshake, the request head, the request body (a declared length over
//! [`REQUEST_BODY_BYTES`] is refused before the body is read, and no more
//! than that many bytes are ever kept), the connection's lifetime and the
//! number of connections. A closing connection says so (close_notify, FIN)
//! and briefly discards what the client still sends, so that a refusal is
//! read rather than lost to a connection reset.
//!
//! Must never: set a cookie, read a cookie, ask who the shopper is, offer TLS
//! session resumption, or log a query's terms, a request body or a client
//! address. Logs carry the method, the route (not the product id), the
//! status, sizes and durations only.
//!
//! [`protocol`]: super::protocol

use std::convert::Infallible;
use std::future::{Future, IntoFuture};
use std::net::SocketAddr;
use std::path::Path;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::body::{Body as _, Incoming};
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::ServerConfig;
use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{oneshot, watch, OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinHandle;
use tokio_rustls::TlsAcceptor;

use super::local::LocalCatalog;
use super::protocol::{
    self, CheckoutReply, ErrorCode, ProductReply, SearchReply, CHECKOUT_PATH, JSON, MAX_OFFERS,
    MAX_REPLY_BYTES, PRODUCT_PATH_PREFIX, REPLY_BUCKET_BYTES, REQUEST_BODY_BYTES, SEARCH_PATH,
    VERSION, VOCABULARY_PATH,
};
use super::{CartLine, CatalogError, Offer};

/// The largest certificate or key file [`tls_config`] reads.
const MAX_PEM_FILE_BYTES: u64 = 1024 * 1024;

/// Most request header fields a connection may send.
const MAX_REQUEST_HEADERS: usize = 32;

/// The read buffer of a connection (request line and headers must fit).
const MAX_READ_BUFFER_BYTES: usize = 16 * 1024;

/// How long a closing connection waits for the client to close its side.
const LINGER: Duration = Duration::from_secs(2);

/// Most bytes a closing connection reads (and discards) from a client that
/// keeps sending.
const MAX_LINGER_BYTES: usize = 256 * 1024;

/// Limits and timeouts of the server. [`Default`] gives the production
/// values; tests shorten them.
#[derive(Debug, Clone)]
pub struct ServerOptions {
    /// The TLS handshake must finish within this time.
    pub handshake_timeout: Duration,
    /// A request's line and headers must arrive within this time (also the
    /// idle time allowed between two requests of a kept-alive connection).
    pub header_read_timeout: Duration,
    /// A request's whole body must arrive within this time.
    pub body_timeout: Duration,
    /// A connection is asked to close after this time, and dropped a
    /// [`shutdown_grace`](Self::shutdown_grace) later.
    pub connection_lifetime: Duration,
    /// At shutdown, open connections get this long to finish.
    pub shutdown_grace: Duration,
    /// Most connections served at once; further clients wait in the
    /// listen backlog.
    pub max_connections: usize,
}

impl Default for ServerOptions {
    fn default() -> Self {
        ServerOptions {
            handshake_timeout: Duration::from_secs(10),
            header_read_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(10),
            connection_lifetime: Duration::from_secs(120),
            shutdown_grace: Duration::from_secs(5),
            max_connections: 256,
        }
    }
}

/// A server started with [`spawn`]. Call [`shutdown`](Self::shutdown), then
/// await the handle to wait until the last connection has closed. Dropping
/// the handle also stops the server.
#[derive(Debug)]
pub struct ServerHandle {
    /// Where the server listens.
    pub local_addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<Result<(), CatalogError>>,
}

impl ServerHandle {
    /// Stop accepting connections and ask the open ones to close; await the
    /// handle to wait for them.
    pub fn shutdown(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

impl IntoFuture for ServerHandle {
    type Output = Result<(), CatalogError>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send>>;

    /// Wait for the server to stop (it stops after [`ServerHandle::shutdown`]).
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            // Keep the stop sender alive while waiting: awaiting alone must
            // not stop the server.
            let _stop = self.stop;
            self.task.await.unwrap_or_else(|e| {
                Err(CatalogError::Index(format!(
                    "the catalog server task failed: {e}"
                )))
            })
        })
    }
}

/// Start [`serve_with`] on a task of the current runtime; the handle says
/// where it listens and stops it.
pub fn spawn(
    catalog: Arc<LocalCatalog>,
    listener: TcpListener,
    tls: Arc<ServerConfig>,
    options: ServerOptions,
) -> std::io::Result<ServerHandle> {
    let local_addr = listener.local_addr()?;
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(serve_with(catalog, listener, tls, options, async move {
        // A dropped handle stops the server too.
        let _ = stopped.await;
    }));
    Ok(ServerHandle {
        local_addr,
        stop: Some(stop),
        task,
    })
}

/// Serve `catalog` on `listener` with TLS `tls` until `shutdown` resolves,
/// with the default [`ServerOptions`].
pub async fn serve(
    catalog: Arc<LocalCatalog>,
    listener: TcpListener,
    tls: Arc<ServerConfig>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), CatalogError> {
    serve_with(catalog, listener, tls, ServerOptions::default(), shutdown).await
}

/// Serve `catalog` on `listener` with TLS `tls` and the given limits until
/// `shutdown` resolves; then stop accepting, ask open connections to close
/// and wait for them at most [`ServerOptions::shutdown_grace`].
pub async fn serve_with(
    catalog: Arc<LocalCatalog>,
    listener: TcpListener,
    tls: Arc<ServerConfig>,
    options: ServerOptions,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), CatalogError> {
    let max_connections = options.max_connections.clamp(1, Semaphore::MAX_PERMITS);
    let state = Arc::new(State::new(catalog, options)?);
    let acceptor = TlsAcceptor::from(tls);
    let permits = Arc::new(Semaphore::new(max_connections));
    let (stop_connections, stop_rx) = watch::channel(false);
    tokio::pin!(shutdown);
    loop {
        // Take a slot before accepting: when all are busy, new clients wait
        // in the backlog instead of being served half-way.
        let permit = tokio::select! {
            _ = &mut shutdown => break,
            permit = permits.clone().acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
        };
        let tcp = tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((tcp, _peer)) => tcp,
                Err(e) => {
                    // Out of file descriptors and the like: back off briefly
                    // instead of spinning.
                    tracing::warn!(error = %e, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        tokio::spawn(connection(
            state.clone(),
            acceptor.clone(),
            tcp,
            stop_rx.clone(),
            permit,
        ));
    }
    drop(listener);
    let _ = stop_connections.send(true);
    let all = u32::try_from(max_connections).unwrap_or(u32::MAX);
    let grace = state.options.shutdown_grace + Duration::from_millis(100);
    if tokio::time::timeout(grace, permits.acquire_many(all))
        .await
        .is_err()
    {
        tracing::warn!("catalog server stopped with connections still open");
    } else {
        tracing::info!("catalog server stopped");
    }
    Ok(())
}

/// A TLS server config from PEM files (certificate chain and private key):
/// TLS 1.3 and 1.2, ALPN `http/1.1`, no session tickets and no session cache,
/// so no client can be recognised by resuming a session.
pub fn tls_config(cert: &Path, key: &Path) -> Result<Arc<ServerConfig>, CatalogError> {
    let load = |file: &Path, message: String| CatalogError::Load {
        source_name: file.display().to_string(),
        message,
    };
    let cert_pem = read_pem_file(cert).map_err(|m| load(cert, m))?;
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(&cert_pem)
        .collect::<Result<_, _>>()
        .map_err(|e| load(cert, format!("{} is not valid PEM: {e}", cert.display())))?;
    if chain.is_empty() {
        return Err(load(cert, format!("no certificate in {}", cert.display())));
    }
    let key_pem = read_pem_file(key).map_err(|m| load(key, m))?;
    let private_key = PrivateKeyDer::from_pem_slice(&key_pem).map_err(|e| match e {
        rustls::pki_types::pem::Error::NoItemsFound => {
            load(key, format!("no private key in {}", key.display()))
        }
        // The error of a broken key file is not echoed: it could quote key
        // material.
        _ => load(
            key,
            format!("{} does not hold a readable PEM private key", key.display()),
        ),
    })?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| load(cert, format!("TLS setup failed: {e}")))?
        .with_no_client_auth()
        .with_single_cert(chain, private_key)
        .map_err(|e| {
            load(
                cert,
                format!(
                    "the certificate {} and the key {} cannot be used together: {e}",
                    cert.display(),
                    key.display()
                ),
            )
        })?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    config.session_storage = Arc::new(rustls::server::NoServerSessionStorage {});
    config.send_tls13_tickets = 0;
    config.max_early_data_size = 0;
    Ok(Arc::new(config))
}

/// Read a small PEM file; the error names the file.
fn read_pem_file(path: &Path) -> Result<Vec<u8>, String> {
    let name = path.display();
    let metadata = std::fs::metadata(path).map_err(|e| format!("cannot read {name}: {e}"))?;
    if metadata.len() > MAX_PEM_FILE_BYTES {
        return Err(format!(
            "{name} is larger than {MAX_PEM_FILE_BYTES} bytes; it is not a PEM file"
        ));
    }
    std::fs::read(path).map_err(|e| format!("cannot read {name}: {e}"))
}

/// What every connection shares.
struct State {
    catalog: Arc<LocalCatalog>,
    /// The published vocabulary, serialised once.
    vocabulary: Bytes,
    /// A random key for cart tokens, new at every start, so a token reveals
    /// nothing and cannot be forged.
    cart_key: [u8; 32],
    options: ServerOptions,
}

impl State {
    fn new(catalog: Arc<LocalCatalog>, options: ServerOptions) -> Result<State, CatalogError> {
        let vocabulary =
            serde_json::to_vec(catalog.published_vocabulary()).map_err(|e| CatalogError::Load {
                source_name: "the published vocabulary".into(),
                message: e.to_string(),
            })?;
        let mut cart_key = [0u8; 32];
        rustls::crypto::ring::default_provider()
            .secure_random
            .fill(&mut cart_key)
            .map_err(|_| CatalogError::Load {
                source_name: "the cart key".into(),
                message: "the system random number generator failed".into(),
            })?;
        Ok(State {
            catalog,
            vocabulary: Bytes::from(vocabulary),
            cart_key,
            options,
        })
    }
}

/// Serve one connection: TLS handshake, then HTTP/1.1 until the client
/// closes, a timeout, the connection's lifetime or shutdown.
async fn connection(
    state: Arc<State>,
    acceptor: TlsAcceptor,
    tcp: TcpStream,
    mut stop: watch::Receiver<bool>,
    _permit: OwnedSemaphorePermit,
) {
    let started = Instant::now();
    let local_addr = tcp.local_addr().ok();
    let _ = tcp.set_nodelay(true);
    let options = &state.options;
    let tls = match tokio::time::timeout(options.handshake_timeout, acceptor.accept(tcp)).await {
        Ok(Ok(tls)) => tls,
        Ok(Err(e)) => {
            tracing::debug!(error = %e, "TLS handshake failed");
            return;
        }
        Err(_) => {
            tracing::debug!(
                seconds = options.handshake_timeout.as_secs_f64(),
                "TLS handshake timed out"
            );
            return;
        }
    };
    let service_state = state.clone();
    let service = hyper::service::service_fn(move |request| {
        let state = service_state.clone();
        // Boxed so that the connection is `Unpin` and its socket can be
        // taken back when HTTP is done with it.
        Box::pin(async move { Ok::<_, Infallible>(handle(&state, local_addr, request).await) })
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(options.header_read_timeout)
        .keep_alive(true)
        .max_headers(MAX_REQUEST_HEADERS)
        .max_buf_size(MAX_READ_BUFFER_BYTES);
    let mut conn = builder.serve_connection(TokioIo::new(tls), service);
    let deadline = tokio::time::sleep(options.connection_lifetime);
    tokio::pin!(deadline);
    let mut closing = false;
    let finished = loop {
        tokio::select! {
            result = std::future::poll_fn(|cx| conn.poll_without_shutdown(cx)) => break result,
            _ = &mut deadline => {
                if closing {
                    tracing::debug!("connection dropped after its grace period");
                    return;
                }
                closing = true;
                Pin::new(&mut conn).graceful_shutdown();
                deadline.as_mut().reset(tokio::time::Instant::now() + options.shutdown_grace);
            }
            _ = stop.changed(), if !closing => {
                // Shutdown (or the server is gone): finish the request in
                // flight, then close.
                closing = true;
                Pin::new(&mut conn).graceful_shutdown();
                deadline.as_mut().reset(tokio::time::Instant::now() + options.shutdown_grace);
            }
        }
    };
    match finished {
        Ok(()) => linger(conn.into_parts().io.into_inner()).await,
        Err(e) => tracing::debug!(error = %e, "connection ended with an error"),
    }
    tracing::debug!(
        ms = started.elapsed().as_millis() as u64,
        "connection closed"
    );
}

/// Close a connection the way HTTP asks: say so (TLS close_notify, TCP FIN),
/// then read and discard what the client still sends, briefly and up to a
/// bound. Closing a socket with unread input makes the kernel send a reset,
/// which can destroy the reply before the client reads it (a 413 refusing a
/// body nobody read, for example).
async fn linger(mut tls: tokio_rustls::server::TlsStream<TcpStream>) {
    let _ = tokio::time::timeout(LINGER, async {
        let _ = tls.shutdown().await;
        let (mut tcp, _) = tls.into_inner();
        let mut scratch = [0u8; 8192];
        let mut discarded = 0usize;
        while discarded < MAX_LINGER_BYTES {
            match tcp.read(&mut scratch).await {
                Ok(0) | Err(_) => break,
                Ok(n) => discarded += n,
            }
        }
    })
    .await;
}

/// The endpoints, for routing and logging (a product's id is not logged).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Route {
    Vocabulary,
    Search,
    Product,
    Checkout,
    Other,
}

impl Route {
    fn of(path: &str) -> Route {
        match path {
            VOCABULARY_PATH => Route::Vocabulary,
            SEARCH_PATH => Route::Search,
            CHECKOUT_PATH => Route::Checkout,
            p if p.starts_with(PRODUCT_PATH_PREFIX) => Route::Product,
            _ => Route::Other,
        }
    }

    /// The route as logged.
    fn name(self) -> &'static str {
        match self {
            Route::Vocabulary => VOCABULARY_PATH,
            Route::Search => SEARCH_PATH,
            Route::Product => "/v1/products/{id}",
            Route::Checkout => CHECKOUT_PATH,
            Route::Other => "(unknown)",
        }
    }

    /// The method the route takes.
    fn method(self) -> Option<Method> {
        match self {
            Route::Vocabulary | Route::Product => Some(Method::GET),
            Route::Search | Route::Checkout => Some(Method::POST),
            Route::Other => None,
        }
    }
}

/// A reply before it becomes an HTTP response.
struct Reply {
    status: StatusCode,
    body: Bytes,
    /// Close the connection after this reply (a body was left unread).
    close: bool,
    /// The `allow` header of a 405.
    allow: Option<Method>,
}

impl Reply {
    fn ok(body: Vec<u8>) -> Reply {
        Reply {
            status: StatusCode::OK,
            body: Bytes::from(body),
            close: false,
            allow: None,
        }
    }

    /// An error reply, padded like every other reply so that its size says
    /// nothing either (trailing spaces are valid JSON).
    fn error(code: ErrorCode, message: &str) -> Reply {
        let mut body = protocol::error_body(code, message);
        let size = body.len().div_ceil(REPLY_BUCKET_BYTES).max(1) * REPLY_BUCKET_BYTES;
        body.resize(size, b' ');
        Reply {
            status: StatusCode::from_u16(code.status()).unwrap_or(StatusCode::BAD_REQUEST),
            body: Bytes::from(body),
            close: false,
            allow: None,
        }
    }

    fn closing(mut self) -> Reply {
        self.close = true;
        self
    }
}

/// Answer one request and log it (method, route, status, sizes, duration).
async fn handle(
    state: &State,
    local_addr: Option<SocketAddr>,
    request: Request<Incoming>,
) -> Response<Full<Bytes>> {
    let started = Instant::now();
    let method = request.method().clone();
    let route = Route::of(request.uri().path());
    let declared = request.body().size_hint().exact();
    let reply = route_request(state, local_addr, route, request).await;
    let mut response = Response::new(Full::new(reply.body.clone()));
    *response.status_mut() = reply.status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(JSON));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if reply.close {
        headers.insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    if let Some(allow) = reply.allow {
        if let Ok(value) = HeaderValue::from_str(allow.as_str()) {
            headers.insert(header::ALLOW, value);
        }
    }
    tracing::info!(
        method = %method,
        route = route.name(),
        status = reply.status.as_u16(),
        request_bytes = declared,
        reply_bytes = reply.body.len(),
        us = started.elapsed().as_micros() as u64,
        "catalog request"
    );
    response
}

async fn route_request(
    state: &State,
    local_addr: Option<SocketAddr>,
    route: Route,
    request: Request<Incoming>,
) -> Reply {
    let Some(expected) = route.method() else {
        return Reply::error(
            ErrorCode::NotFound,
            "no such path in the catalog protocol v1",
        );
    };
    if request.method() != expected {
        let mut reply = Reply::error(
            ErrorCode::MethodNotAllowed,
            &format!("{} takes {expected}", route.name()),
        );
        reply.allow = Some(expected);
        // A body may be on its way; it is not read.
        return reply.closing();
    }
    match route {
        Route::Vocabulary => Reply::ok(state.vocabulary.to_vec()),
        Route::Product => {
            let id = &request.uri().path()[PRODUCT_PATH_PREFIX.len()..];
            product(state, id)
        }
        Route::Search => match read_body(request, state.options.body_timeout).await {
            Ok(body) => search(state, &body).await,
            Err(reply) => reply,
        },
        Route::Checkout => {
            let host = host_for_links(&request, local_addr);
            match read_body(request, state.options.body_timeout).await {
                Ok(body) => checkout(state, &body, &host),
                Err(reply) => reply,
            }
        }
        Route::Other => Reply::error(ErrorCode::NotFound, "no such path"),
    }
}

/// Read a request body of at most [`REQUEST_BODY_BYTES`]: a larger declared
/// length is refused before a byte is read, and reading stops as soon as the
/// body grows past the limit.
async fn read_body(request: Request<Incoming>, timeout: Duration) -> Result<Bytes, Reply> {
    let too_large = || {
        Reply::error(
            ErrorCode::TooLarge,
            &format!("request bodies are exactly {REQUEST_BODY_BYTES} bytes"),
        )
        .closing()
    };
    let body = request.into_body();
    if body.size_hint().lower() > REQUEST_BODY_BYTES as u64 {
        return Err(too_large());
    }
    let limited = Limited::new(body, REQUEST_BODY_BYTES);
    match tokio::time::timeout(timeout, limited.collect()).await {
        Ok(Ok(collected)) => Ok(collected.to_bytes()),
        Ok(Err(e)) if e.downcast_ref::<LengthLimitError>().is_some() => Err(too_large()),
        Ok(Err(_)) => {
            Err(Reply::error(ErrorCode::BadRequest, "the request body broke off").closing())
        }
        Err(_) => Err(Reply::error(
            ErrorCode::BadRequest,
            &format!(
                "the request body did not arrive within {:.1} s",
                timeout.as_secs_f64()
            ),
        )
        .closing()),
    }
}

fn refused(refusal: protocol::Refusal) -> Reply {
    Reply::error(refusal.code, &refusal.message)
}

async fn search(state: &State, body: &[u8]) -> Reply {
    let request = match protocol::parse_search(body) {
        Ok(request) => request,
        Err(refusal) => return refused(refusal),
    };
    let limit = (request.limit as usize).min(MAX_OFFERS);
    let catalog = state.catalog.clone();
    let found = tokio::task::spawn_blocking(move || catalog.find(&request)).await;
    let mut offers: Vec<Offer> = match found {
        Ok(Ok(offers)) => offers,
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "the catalog search failed");
            return Reply::error(ErrorCode::Internal, "the search failed");
        }
        Err(e) => {
            tracing::warn!(error = %e, "the catalog search task failed");
            return Reply::error(ErrorCode::Internal, "the search failed");
        }
    };
    // Never send what a client must refuse: invalid offers, too many, or a
    // reply over the size clients read.
    offers.retain(|offer| offer.validate().is_ok());
    offers.truncate(limit);
    loop {
        let body = protocol::padded_reply(|pad| SearchReply {
            v: VERSION,
            offers: offers.clone(),
            pad,
        });
        if (!body.is_empty() && body.len() <= MAX_REPLY_BYTES) || offers.is_empty() {
            return Reply::ok(body);
        }
        offers.pop();
    }
}

fn product(state: &State, id: &str) -> Reply {
    let offer = valid_id(id)
        .then(|| state.catalog.get(id))
        .flatten()
        .filter(|offer| offer.validate().is_ok());
    match offer {
        Some(offer) => Reply::ok(protocol::padded_reply(|pad| ProductReply {
            v: VERSION,
            offer: offer.clone(),
            pad,
        })),
        None => Reply::error(ErrorCode::NotFound, "no such product"),
    }
}

fn checkout(state: &State, body: &[u8], host: &str) -> Reply {
    let request = match protocol::parse_checkout(body) {
        Ok(request) => request,
        Err(refusal) => return refused(refusal),
    };
    if request.lines.iter().any(|line| line.quantity == 0) {
        return Reply::error(ErrorCode::BadRequest, "a cart line has quantity 0");
    }
    if request
        .lines
        .iter()
        .any(|line| !valid_id(&line.id) || state.catalog.get(&line.id).is_none())
    {
        return Reply::error(ErrorCode::NotFound, "a cart line names an unknown product");
    }
    let token = cart_token(&state.cart_key, &request.lines);
    let cart_url = format!("https://{host}/cart/{token}");
    Reply::ok(protocol::padded_reply(|pad| CheckoutReply {
        v: VERSION,
        cart_url: cart_url.clone(),
        pad,
    }))
}

/// A product id as the protocol allows it: `[A-Za-z0-9._-]`, 1 to 64 bytes.
fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
}

/// An opaque token for a cart: a keyed hash of its lines. The same cart gives
/// the same token while the server runs; it carries nothing about who asked.
fn cart_token(key: &[u8; 32], lines: &[CartLine]) -> String {
    let mut hash = Sha256::new();
    hash.update(key);
    for line in lines {
        hash.update((line.id.len() as u64).to_le_bytes());
        hash.update(line.id.as_bytes());
        hash.update(line.quantity.to_le_bytes());
    }
    hash.finalize()
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The host for links back to this server: the request's `Host` when it is a
/// plain host name or address, else the address the client connected to.
fn host_for_links(request: &Request<Incoming>, local_addr: Option<SocketAddr>) -> String {
    let plain = |h: &&str| {
        !h.is_empty()
            && h.len() <= 255
            && h.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
    };
    request
        .headers()
        .get(header::HOST)
        .and_then(|value| value.to_str().ok())
        .filter(plain)
        .map(str::to_string)
        .or_else(|| local_addr.map(|addr| addr.to_string()))
        .unwrap_or_else(|| "localhost".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(id: &str, quantity: u32) -> CartLine {
        CartLine {
            id: id.into(),
            quantity,
        }
    }

    #[test]
    fn cart_tokens_are_opaque_stable_and_keyed() {
        let key = [7u8; 32];
        let a = cart_token(&key, &[line("p00001", 2)]);
        assert_eq!(a.len(), 32);
        assert!(a.bytes().all(|b| b.is_ascii_hexdigit()));
        assert!(!a.contains("p00001"));
        assert_eq!(a, cart_token(&key, &[line("p00001", 2)]));
        assert_ne!(a, cart_token(&key, &[line("p00001", 3)]));
        assert_ne!(a, cart_token(&[8u8; 32], &[line("p00001", 2)]));
        // Ids are length-prefixed, so lines cannot be re-split into others.
        assert_ne!(
            cart_token(&key, &[line("ab", 1), line("c", 1)]),
            cart_token(&key, &[line("a", 1), line("bc", 1)])
        );
    }

    #[test]
    fn routes_take_one_method_each_and_hide_product_ids_in_logs() {
        assert_eq!(Route::of("/v1/search").method(), Some(Method::POST));
        assert_eq!(Route::of("/v1/checkout").method(), Some(Method::POST));
        assert_eq!(Route::of("/v1/vocabulary").method(), Some(Method::GET));
        assert_eq!(Route::of("/v1/products/p1"), Route::Product);
        assert_eq!(Route::of("/v1/products/p1").name(), "/v1/products/{id}");
        assert_eq!(Route::of("/v2/search"), Route::Other);
        assert_eq!(Route::of("/v1/search/"), Route::Other);
    }

    #[test]
    fn error_replies_are_padded_and_still_parse() {
        let reply = Reply::error(ErrorCode::NotFound, "no such product");
        assert_eq!(reply.status, StatusCode::NOT_FOUND);
        assert_eq!(reply.body.len() % REPLY_BUCKET_BYTES, 0);
        let message = protocol::error_message(&reply.body).unwrap();
        assert!(message.starts_with("not_found"), "{message}");
    }

    #[test]
    fn product_ids_outside_the_protocol_alphabet_are_not_looked_up() {
        assert!(valid_id("p-00.1_A"));
        for bad in ["", "a/b", "a b", "%2e%2e", &"x".repeat(65)] {
            assert!(!valid_id(bad), "{bad}");
        }
    }

    #[test]
    fn missing_or_empty_tls_files_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing.pem");
        let err = tls_config(&missing, &missing).unwrap_err().to_string();
        assert!(err.contains("missing.pem"), "{err}");
        let empty = dir.path().join("empty.pem");
        std::fs::write(&empty, "not pem\n").unwrap();
        let err = tls_config(&empty, &empty).unwrap_err().to_string();
        assert!(
            err.contains("no certificate in") && err.contains("empty.pem"),
            "{err}"
        );
    }
}
