//! The [`Http`] component: the HTTP API, `POST /jobs` and `GET /health`.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::extract::{Json, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use orchestrator::prelude::*;
use orchestrator::{AsyncUses, StatusHandle};
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::worker::{Rejected, Submitter, Worker};

/// The HTTP server: binds its address in `init` and serves
///
/// - `POST /jobs` (a JSON document): `202 Accepted` with `{"id": N}` once the job is queued,
///   `503` when the queue is full or the server is stopping;
/// - `GET /health`: the orchestrator's live status as JSON, `200` when it is ready, else `503`.
///
/// Its `cleanup` stops accepting connections, lets each open connection finish the request it
/// is reading or answering for up to the grace period, then cuts off what is left.
pub struct Http {
    address: SocketAddr,
    grace: Duration,
    /// What `/health` shows.
    status: StatusHandle,
    /// The server task while the component runs (a `JoinSet` aborts it if the component is
    /// dropped).
    server: JoinSet<()>,
    /// Tells the running server to stop (a new channel for each start).
    stop: watch::Sender<bool>,
    /// The address it listens on while it runs.
    bound: watch::Sender<Option<SocketAddr>>,
    /// Open connections.
    connections: Arc<AtomicUsize>,
    /// Requests received (their head read) and not answered yet.
    requests: Arc<AtomicUsize>,
}

impl Http {
    /// A server for `address` (port 0: any free port) that gives in-flight requests `grace` to
    /// finish when it stops. Its `/health` shows no orchestrator (always `503`) until
    /// [`set_status`](Self::set_status).
    #[must_use]
    pub fn new(address: SocketAddr, grace: Duration) -> Self {
        Http {
            address,
            grace,
            status: StatusHandle::detached("(no orchestrator)", &[]),
            server: JoinSet::new(),
            stop: watch::channel(false).0,
            bound: watch::channel(None).0,
            connections: Arc::default(),
            requests: Arc::default(),
        }
    }

    /// The live status `/health` shows: the orchestrator's, taken with `status_handle()`.
    pub fn set_status(&mut self, status: StatusHandle) {
        self.status = status;
    }

    /// A handle for other tasks: the bound address and the open connections.
    #[must_use]
    pub fn handle(&self) -> HttpHandle {
        HttpHandle {
            bound: self.bound.subscribe(),
            connections: self.connections.clone(),
            requests: self.requests.clone(),
        }
    }
}

impl<'a> AsyncUses<&'a Worker> for Http {
    async fn init(&mut self, worker: &'a Worker) -> Result<(), ComponentError> {
        let listener = TcpListener::bind(self.address).await?;
        let address = listener.local_addr()?;
        let (stop, stopping) = watch::channel(false);
        self.stop = stop;
        let app = Router::new()
            .route("/jobs", post(submit))
            .route("/health", get(health))
            .with_state(App { jobs: worker.submitter(), status: self.status.clone(), stopping: stopping.clone() })
            .layer(middleware::from_fn_with_state(self.requests.clone(), count_request));
        self.server.spawn(serve(listener, app, stopping, self.connections.clone()));
        self.bound.send_replace(Some(address));
        Ok(())
    }

    async fn cleanup(&mut self, _: &'a Worker) -> Result<(), ComponentError> {
        self.bound.send_replace(None);
        self.stop.send_replace(true);
        if tokio::time::timeout(self.grace, self.server.join_next()).await.is_err() {
            // past the grace period: the connections still open are closed, their requests cut off
            self.server.abort_all();
        }
        while self.server.join_next().await.is_some() {}
        Ok(())
    }
}

/// What the handlers share.
#[derive(Clone)]
struct App {
    jobs: Submitter,
    status: StatusHandle,
    stopping: watch::Receiver<bool>,
}

/// Counts the request while it is in flight, including while its body is read.
async fn count_request(State(requests): State<Arc<AtomicUsize>>, request: Request, next: Next) -> Response {
    let _counted = Counted::new(requests);
    next.run(request).await
}

async fn submit(State(app): State<App>, Json(payload): Json<Value>) -> Response {
    if *app.stopping.borrow() {
        return unavailable("the service is stopping");
    }
    match app.jobs.submit(payload.to_string()) {
        Ok(id) => (StatusCode::ACCEPTED, Json(json!({ "id": id }))).into_response(),
        Err(Rejected::Full) => unavailable("the queue is full"),
        Err(Rejected::Closed) => unavailable("the worker is gone"),
    }
}

fn unavailable(why: &str) -> Response {
    (StatusCode::SERVICE_UNAVAILABLE, [(header::RETRY_AFTER, "1")], Json(json!({ "error": why }))).into_response()
}

async fn health(State(app): State<App>) -> Response {
    let live = app.status.snapshot();
    let code = if live.ready { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    (code, Json(live)).into_response()
}

/// Accepts connections until told to stop, then waits for each open connection to finish the
/// request in flight (an idle one closes at once). Aborting this task closes every connection.
async fn serve(listener: TcpListener, app: Router, mut stop: watch::Receiver<bool>, open: Arc<AtomicUsize>) {
    let graceful = GracefulShutdown::new();
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = stop.changed() => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    let _ = stream.set_nodelay(true);
                    let service = TowerToHyperService::new(app.clone());
                    let connection = http1::Builder::new().serve_connection(TokioIo::new(stream), service);
                    let connection = graceful.watch(connection);
                    let counted = Counted::new(open.clone());
                    connections.spawn(async move {
                        let _counted = counted;
                        // a connection's error (a reset, a malformed request) ends only that connection
                        let _ = connection.await;
                    });
                }
                // out of file descriptors, for one: wait a little instead of spinning
                Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
            },
            Some(_) = connections.join_next() => {}
        }
    }
    drop(listener);
    graceful.shutdown().await;
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
    connections: Arc<AtomicUsize>,
    requests: Arc<AtomicUsize>,
}

impl HttpHandle {
    /// The address the server listens on, once it does (`None` once the component is gone).
    pub async fn local_addr(&self) -> Option<SocketAddr> {
        let mut bound = self.bound.clone();
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
}
