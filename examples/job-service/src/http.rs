//! The [`Http`] component: the HTTP API (`POST /jobs`, the health probes, `/metrics`), and
//! optionally the same probes and metrics on an admin address of their own.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use orchestrator::prelude::*;
use orchestrator::{AsyncComponent, StatusHandle};
use serde_json::json;
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinSet;

use crate::worker::Rejected;

/// What the HTTP server hands the bodies it receives to: a small interface, so that the
/// handlers do not depend on how a job is validated and reaches the database. The service's is
/// its orchestrator's client (`lib.rs`): each call runs a coordination method on the running
/// orchestrator.
pub trait Intake: Clone + Send + Sync + 'static {
    /// Validates the body as a job, queues it, and returns its id.
    fn submit(&self, body: Bytes) -> impl Future<Output = Result<i64, Rejected>> + Send;

    /// Whether a job submitted now would be accepted.
    fn ready(&self) -> impl Future<Output = Result<(), Rejected>> + Send;
}

/// How the server treats its clients.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// How long in-flight requests may finish when the server stops.
    pub grace: Duration,
    /// How long a client may take to send a request's head, and how long a kept-alive
    /// connection may stay idle between requests: then it is closed.
    pub header_timeout: Duration,
    /// How long a client may take to send a request's body: then `408`.
    pub body_timeout: Duration,
    /// Connections served at once on the API address; more wait in the listen backlog.
    pub max_connections: usize,
    /// The largest job, in bytes: more is `413`.
    pub max_payload: usize,
    /// Bytes of request bodies being read at once, at most (a body counts its declared length,
    /// or `max_payload` when it declares none): past that, `503` before the body is read.
    pub bodies_in_flight: usize,
}

/// Connections served at once on the admin address (probes and scrapes).
const ADMIN_CONNECTIONS: usize = 64;

/// The HTTP server. Its listening sockets are bound by [`bind`](Self::bind) (or, if it was not
/// called, in `init`) and kept for the component's life, so a restart serves the same port.
/// It serves
///
/// - `POST /jobs` (`content-type: application/json`, a JSON object): `202 Accepted` with
///   `{"id": N}` once the job is queued; `400` for a body that is not a JSON object, `413`
///   past the size limit, `415` for another content type, `408` for a body not sent in time,
///   `503` (with `retry-after`) when the job cannot be accepted now (the queue is full, the
///   database cannot be written, the server is stopping);
/// - `GET /health/live`: `200` unless the service is beyond recovery (liveness);
/// - `GET /health/ready`: `200` when a job posted now would be accepted and stored, else
///   `503` with the reason (readiness);
/// - `GET /health`: the orchestrator's live status and the queue's, as JSON, with the code of
///   `/health/ready`;
/// - `GET /metrics`: the Prometheus text format, once [`set_metrics`](Self::set_metrics) gave
///   a renderer (else `404`).
///
/// The admin address, if set, serves the last four only, with a connection limit of its own,
/// so that probes and scrapes get through whatever the API's clients do.
///
/// Its `cleanup` stops accepting connections, lets each open connection finish the request it
/// is reading or answering for up to the grace period, then cuts off what is left.
pub struct Http<I> {
    /// Where the bodies go: set before the start ([`set_intake`](Self::set_intake)).
    intake: Option<I>,
    address: SocketAddr,
    admin_address: Option<SocketAddr>,
    limits: Limits,
    listener: Option<std::net::TcpListener>,
    admin_listener: Option<std::net::TcpListener>,
    /// What the probes show.
    status: StatusHandle,
    metrics: Option<Render>,
    /// The server tasks while the component runs (a `JoinSet` aborts them if the component is
    /// dropped).
    server: JoinSet<()>,
    /// Tells the running servers to stop (a new channel for each start).
    stop: watch::Sender<bool>,
    /// The addresses it listens on while it runs.
    bound: watch::Sender<Option<SocketAddr>>,
    admin_bound: watch::Sender<Option<SocketAddr>>,
    /// Open connections (API and admin).
    connections: Arc<AtomicUsize>,
    /// Requests received (their head read) and not answered yet.
    requests: Arc<AtomicUsize>,
    /// Shutdown began: readiness is off and responses close their connection.
    draining: Arc<AtomicBool>,
}

/// Renders the metrics in the Prometheus text format.
pub type Render = Arc<dyn Fn() -> String + Send + Sync>;

impl<I: Intake> Http<I> {
    /// A server for `address` (port 0: any free port), and for the probes also on
    /// `admin_address`. Its probes show no orchestrator (never ready) until
    /// [`set_status`](Self::set_status).
    #[must_use]
    pub fn new(address: SocketAddr, admin_address: Option<SocketAddr>, limits: Limits) -> Self {
        Http {
            intake: None,
            address,
            admin_address,
            limits: Limits { max_connections: limits.max_connections.max(1), ..limits },
            listener: None,
            admin_listener: None,
            status: StatusHandle::detached("(no orchestrator)", &[]),
            metrics: None,
            server: JoinSet::new(),
            stop: watch::channel(false).0,
            bound: watch::channel(None).0,
            admin_bound: watch::channel(None).0,
            connections: Arc::default(),
            requests: Arc::default(),
            draining: Arc::default(),
        }
    }

    /// Binds the listening sockets now (if not bound yet): a port in use fails here, before
    /// anything else starts.
    ///
    /// # Errors
    /// The address cannot be bound.
    pub fn bind(&mut self) -> std::io::Result<()> {
        if self.listener.is_none() {
            self.listener = Some(std::net::TcpListener::bind(self.address)?);
        }
        if let (None, Some(admin)) = (&self.admin_listener, self.admin_address) {
            self.admin_listener = Some(std::net::TcpListener::bind(admin)?);
        }
        Ok(())
    }

    /// Where the bodies it receives go.
    pub fn set_intake(&mut self, intake: I) {
        self.intake = Some(intake);
    }

    /// The live status the probes show: the orchestrator's, taken with `status_handle()`.
    pub fn set_status(&mut self, status: StatusHandle) {
        self.status = status;
    }

    /// What `GET /metrics` answers with.
    pub fn set_metrics(&mut self, render: Render) {
        self.metrics = Some(render);
    }

    /// A handle for other tasks: the bound addresses, the open connections, the drain switch.
    #[must_use]
    pub fn handle(&self) -> HttpHandle {
        HttpHandle {
            bound: self.bound.subscribe(),
            admin_bound: self.admin_bound.subscribe(),
            connections: self.connections.clone(),
            requests: self.requests.clone(),
            draining: self.draining.clone(),
        }
    }
}

fn tokio_listener(listener: &std::net::TcpListener) -> std::io::Result<TcpListener> {
    let listener = listener.try_clone()?;
    listener.set_nonblocking(true)?;
    TcpListener::from_std(listener)
}

impl<I: Intake> AsyncComponent for Http<I> {
    async fn init(&mut self) -> Result<(), ComponentError> {
        let intake = self.intake.clone().ok_or_else(|| ComponentError::msg("no intake: call `set_intake` first"))?;
        self.bind()?;
        let (stop, stopping) = watch::channel(false);
        self.stop = stop;
        let probes = Probes {
            status: self.status.clone(),
            intake,
            draining: self.draining.clone(),
            metrics: self.metrics.clone(),
        };
        let kib = u32::try_from(self.limits.bodies_in_flight.div_ceil(1024)).unwrap_or(u32::MAX);
        let bodies = Arc::new(Semaphore::new(kib as usize));
        let context = Context { limits: self.limits, bodies, stopping: stopping.clone(), probes };
        let count = middleware::from_fn_with_state(
            Counters { requests: self.requests.clone(), draining: self.draining.clone() },
            count_request,
        );
        let api = Router::new()
            .route("/jobs", post(submit::<I>))
            .merge(probe_routes())
            .with_state(context.clone())
            .layer(count.clone());
        if let Some(listener) = &self.listener {
            let listener = tokio_listener(listener)?;
            let address = listener.local_addr()?;
            let cap = Arc::new(Semaphore::new(self.limits.max_connections));
            self.server.spawn(serve(listener, api, stopping.clone(), self.connections.clone(), self.limits, cap));
            self.bound.send_replace(Some(address));
        }
        if let Some(listener) = &self.admin_listener {
            let listener = tokio_listener(listener)?;
            let address = listener.local_addr()?;
            let admin = probe_routes().with_state(context).layer(count);
            let cap = Arc::new(Semaphore::new(ADMIN_CONNECTIONS));
            self.server.spawn(serve(listener, admin, stopping, self.connections.clone(), self.limits, cap));
            self.admin_bound.send_replace(Some(address));
        }
        Ok(())
    }

    async fn cleanup(&mut self) -> Result<(), ComponentError> {
        self.bound.send_replace(None);
        self.admin_bound.send_replace(None);
        self.stop.send_replace(true);
        let all = async { while self.server.join_next().await.is_some() {} };
        if tokio::time::timeout(self.limits.grace, all).await.is_err() {
            // past the grace period: the connections still open are closed, their requests cut off
            self.server.abort_all();
        }
        while self.server.join_next().await.is_some() {}
        if self.status.snapshot().shutting_down {
            // the final shutdown: the ports close now (a restart keeps them)
            self.listener = None;
            self.admin_listener = None;
        }
        Ok(())
    }
}

fn probe_routes<I: Intake>() -> Router<Context<I>> {
    Router::new()
        .route("/health", get(health::<I>))
        .route("/health/live", get(live::<I>))
        .route("/health/ready", get(ready::<I>))
        .route("/metrics", get(metrics::<I>))
}

/// What the handlers share.
#[derive(Clone)]
struct Context<I> {
    limits: Limits,
    /// Room for request bodies being read, in KiB.
    bodies: Arc<Semaphore>,
    stopping: watch::Receiver<bool>,
    probes: Probes<I>,
}

#[derive(Clone)]
struct Probes<I> {
    status: StatusHandle,
    intake: I,
    draining: Arc<AtomicBool>,
    metrics: Option<Render>,
}

impl<I: Intake> Probes<I> {
    /// Readiness: the orchestrator is ready (not restarting, not shutting down), the server is
    /// not draining, and the intake would accept a job.
    async fn ready(&self) -> Result<(), String> {
        if self.draining.load(Ordering::Acquire) {
            return Err("the service is stopping".to_owned());
        }
        if !self.status.is_ready() {
            return Err("the service is not ready (starting, restarting or stopping)".to_owned());
        }
        self.intake.ready().await.map_err(|rejected| rejected.reason().to_owned())
    }
}

#[derive(Clone)]
struct Counters {
    requests: Arc<AtomicUsize>,
    draining: Arc<AtomicBool>,
}

/// Counts the request while it is in flight, including while its body is read; once shutdown
/// began, asks the client to close the connection after the response, so that clients move
/// off the server while it still answers.
async fn count_request(State(counters): State<Counters>, request: Request, next: Next) -> Response {
    let _counted = Counted::new(counters.requests);
    let mut response = next.run(request).await;
    if counters.draining.load(Ordering::Acquire) {
        response.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    response
}

async fn submit<I: Intake>(State(context): State<Context<I>>, request: Request) -> Response {
    if *context.stopping.borrow() {
        return unavailable("the service is stopping");
    }
    let json = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|mime| {
            let mime = mime.trim();
            mime.eq_ignore_ascii_case("application/json")
                || mime.get(mime.len().saturating_sub(5)..).is_some_and(|tail| tail.eq_ignore_ascii_case("+json"))
        });
    if !json {
        return error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "the body must be `content-type: application/json`");
    }
    let limit = context.limits.max_payload;
    let declared = request.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit as u64) {
        return too_large(limit);
    }
    let size = declared.map_or(limit, |length| usize::try_from(length).unwrap_or(limit));
    let kib = u32::try_from(size.div_ceil(1024).max(1)).unwrap_or(u32::MAX);
    let Ok(_room) = context.bodies.clone().try_acquire_many_owned(kib) else {
        let busy = unavailable("too many request bodies are being read");
        return discard(request.into_body(), &context.limits, busy).await;
    };
    let body = request.into_body();
    let bytes = match tokio::time::timeout(context.limits.body_timeout, axum::body::to_bytes(body, limit)).await {
        Err(_) => return error(StatusCode::REQUEST_TIMEOUT, "the body was not sent in time"),
        Ok(Err(failure)) if is_length_limit(&failure) => return too_large(limit),
        Ok(Err(_)) => return error(StatusCode::BAD_REQUEST, "the body could not be read"),
        Ok(Ok(bytes)) => bytes,
    };
    match context.probes.intake.submit(bytes).await {
        Ok(id) => (StatusCode::ACCEPTED, axum::Json(json!({ "id": id }))).into_response(),
        Err(Rejected::Invalid(why)) => error(StatusCode::BAD_REQUEST, &why),
        Err(Rejected::Failed(why)) => error(StatusCode::INTERNAL_SERVER_ERROR, &why),
        Err(rejected) => unavailable(rejected.reason()),
    }
}

/// Reads `body` to its end without keeping it (at most `max_payload` bytes, within the body
/// timeout), then answers `answer`; `413` or `408` if the body is too large or too slow.
async fn discard(body: Body, limits: &Limits, answer: Response) -> Response {
    use http_body_util::BodyExt;
    let mut body = body;
    let mut read = 0usize;
    let drain = async {
        while let Some(frame) = body.frame().await {
            let Ok(frame) = frame else { return Err(StatusCode::BAD_REQUEST) };
            read += frame.data_ref().map_or(0, |data| data.len());
            if read > limits.max_payload {
                return Err(StatusCode::PAYLOAD_TOO_LARGE);
            }
        }
        Ok(())
    };
    match tokio::time::timeout(limits.body_timeout, drain).await {
        Ok(Ok(())) => answer,
        Ok(Err(StatusCode::PAYLOAD_TOO_LARGE)) => too_large(limits.max_payload),
        Ok(Err(_)) => error(StatusCode::BAD_REQUEST, "the body could not be read"),
        Err(_) => error(StatusCode::REQUEST_TIMEOUT, "the body was not sent in time"),
    }
}

fn is_length_limit(error: &axum::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(error) = source {
        if error.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        source = error.source();
    }
    false
}

fn too_large(limit: usize) -> Response {
    error(StatusCode::PAYLOAD_TOO_LARGE, &format!("the body is larger than {limit} bytes"))
}

fn error(code: StatusCode, why: &str) -> Response {
    (code, axum::Json(json!({ "error": why }))).into_response()
}

fn unavailable(why: &str) -> Response {
    let mut response = error(StatusCode::SERVICE_UNAVAILABLE, why);
    response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    response
}

async fn live<I: Intake>(State(context): State<Context<I>>) -> Response {
    if context.probes.status.is_live() {
        (StatusCode::OK, "live\n").into_response()
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "not live: supervision gave up or the start failed\n").into_response()
    }
}

async fn ready<I: Intake>(State(context): State<Context<I>>) -> Response {
    match context.probes.ready().await {
        Ok(()) => (StatusCode::OK, "ready\n").into_response(),
        Err(why) => (StatusCode::SERVICE_UNAVAILABLE, format!("not ready: {why}\n")).into_response(),
    }
}

async fn health<I: Intake>(State(context): State<Context<I>>) -> Response {
    let probes = &context.probes;
    let mut live = serde_json::to_value(probes.status.snapshot()).unwrap_or_default();
    let ready = probes.ready().await;
    live["ready"] = json!(ready.is_ok());
    if let Err(why) = &ready {
        live["not_ready"] = json!(why);
    }
    let code = if ready.is_ok() { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    (code, axum::Json(live)).into_response()
}

async fn metrics<I: Intake>(State(context): State<Context<I>>) -> Response {
    match &context.probes.metrics {
        Some(render) => {
            let mut response = Response::new(Body::from(render()));
            response
                .headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"));
            response
        }
        None => error(StatusCode::NOT_FOUND, "no metrics recorder is installed"),
    }
}

/// Accepts connections until told to stop, at most `cap` at once, then waits for each open
/// connection to finish the request in flight (an idle one closes at once). Aborting this task
/// closes every connection.
async fn serve(
    listener: TcpListener,
    app: Router,
    mut stop: watch::Receiver<bool>,
    open: Arc<AtomicUsize>,
    limits: Limits,
    cap: Arc<Semaphore>,
) {
    let graceful = GracefulShutdown::new();
    let mut connections = JoinSet::new();
    let mut builder = http1::Builder::new();
    builder.timer(TokioTimer::new()).header_read_timeout(limits.header_timeout);
    loop {
        tokio::select! {
            _ = stop.changed() => break,
            Some(_) = connections.join_next() => {}
            accepted = accept(&listener, &cap) => match accepted {
                Ok((stream, permit)) => {
                    let _ = stream.set_nodelay(true);
                    let service = TowerToHyperService::new(app.clone());
                    let connection = builder.serve_connection(TokioIo::new(stream), service);
                    let connection = graceful.watch(connection);
                    let counted = Counted::new(open.clone());
                    connections.spawn(async move {
                        let _held = (counted, permit);
                        // a connection's error (a reset, a timeout, a malformed request) ends only
                        // that connection
                        let _ = connection.await;
                    });
                }
                // out of file descriptors, for one: wait a little instead of spinning
                Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
            },
        }
    }
    drop(listener);
    graceful.shutdown().await;
}

/// A connection, once a place is free for it.
async fn accept(
    listener: &TcpListener,
    cap: &Arc<Semaphore>,
) -> std::io::Result<(tokio::net::TcpStream, tokio::sync::OwnedSemaphorePermit)> {
    let permit = cap.clone().acquire_owned().await.map_err(std::io::Error::other)?;
    let (stream, _) = listener.accept().await?;
    Ok((stream, permit))
}

/// Counts one (a connection, a request) until dropped.
struct Counted(Arc<AtomicUsize>);

impl Counted {
    fn new(open: Arc<AtomicUsize>) -> Self {
        open.fetch_add(1, Ordering::SeqCst);
        Counted(open)
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// An [`Http`]'s view for other tasks. Cheap to clone.
#[derive(Clone)]
pub struct HttpHandle {
    bound: watch::Receiver<Option<SocketAddr>>,
    admin_bound: watch::Receiver<Option<SocketAddr>>,
    connections: Arc<AtomicUsize>,
    requests: Arc<AtomicUsize>,
    draining: Arc<AtomicBool>,
}

impl HttpHandle {
    /// The address the server listens on, once it does (`None` once the component is gone).
    pub async fn local_addr(&self) -> Option<SocketAddr> {
        let mut bound = self.bound.clone();
        bound.wait_for(Option::is_some).await.ok().and_then(|address| *address)
    }

    /// The admin address the server listens on, once it does.
    pub async fn admin_addr(&self) -> Option<SocketAddr> {
        let mut bound = self.admin_bound.clone();
        bound.wait_for(Option::is_some).await.ok().and_then(|address| *address)
    }

    /// The connections open now.
    #[must_use]
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    /// The requests in flight now: received, not answered.
    #[must_use]
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }

    /// Shutdown begins: readiness goes off and each response asks its client to close the
    /// connection; jobs are still accepted until the server stops.
    pub fn drain(&self) {
        self.draining.store(true, Ordering::Release);
    }
}
