//! The HTTP server: the accept loop on a multi-threaded tokio runtime, one hyper HTTP/1.1
//! connection per client, the routing of each request (the interface's route, `/health`,
//! `/__mock/coverage`, 404 and 405 for the rest), the answer's headers, and the shutdown that
//! stops accepting and lets every request in flight finish.

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use hyper::body::Incoming;
use hyper::header::{ALLOW, CONTENT_TYPE, HeaderName, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use serde_json::{Value, json};

use crate::access_log::{Entry, Logger};
use crate::answer::{Answer, Maker, Served};
use crate::body::MockBody;
use crate::coverage::{Counts, Coverage};
use crate::fixture::Fixtures;
use crate::record::Recorder;
use crate::steer::{KEYS, Reader, Steering};
use crate::vendor::{self, ROUTE_METHOD, ROUTE_TEMPLATE};

/// The media type of every answer, as the vendor writes it.
pub const JSON_UTF8: &str = "application/json;charset=UTF-8";

/// The longest an `X-Mock-*` header value gets; longer ones end in `...`.
pub const MAX_HEADER_LEN: usize = 512;

/// How long shutdown waits for requests in flight (the longest `delay`, and some).
const DRAIN: Duration = Duration::from_secs(65);

/// The path of the health check.
pub const HEALTH: &str = "/health";
/// The path of the coverage report.
pub const COVERAGE: &str = "/__mock/coverage";

/// Everything a request's task reads.
#[derive(Debug)]
pub(crate) struct State {
    pub(crate) maker: Arc<Maker>,
    pub(crate) reader: Reader,
    pub(crate) validator: isales_contract::Validator,
    pub(crate) logger: Logger,
    pub(crate) coverage: Coverage,
    pub(crate) fixtures: Option<Arc<Fixtures>>,
    pub(crate) recorder: Option<Arc<Recorder>>,
}

/// Serves on `listener` until `shutdown` completes, then stops accepting and waits for the
/// connections' requests in flight (idle keep-alive connections are closed).
pub(crate) async fn serve(
    listener: std::net::TcpListener,
    state: Arc<State>,
    shutdown: impl Future<Output = ()>,
) -> io::Result<Counts> {
    listener.set_nonblocking(true)?;
    let listener = tokio::net::TcpListener::from_std(listener)?;
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder.timer(TokioTimer::new()).keep_alive(true);
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => {
                let stream = match accepted {
                    Ok((stream, _)) => stream,
                    Err(error) => {
                        // Out of descriptors, a reset before accept: wait a moment, go on.
                        eprintln!("accept failed: {error}");
                        tokio::time::sleep(Duration::from_millis(10)).await;
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                let state = state.clone();
                let service = hyper::service::service_fn(move |request| {
                    let state = state.clone();
                    async move { Ok::<_, Infallible>(handle(&state, request).await) }
                });
                let connection = builder.serve_connection(TokioIo::new(stream), service);
                let connection = graceful.watch(connection);
                tokio::spawn(async move {
                    // A client that goes away mid-request, or a body cut by `drop`.
                    let _ = connection.await;
                });
            }
        }
    }
    drop(listener);
    if tokio::time::timeout(DRAIN, graceful.shutdown())
        .await
        .is_err()
    {
        eprintln!(
            "shutdown: requests still in flight after {}s were abandoned",
            DRAIN.as_secs()
        );
    }
    if let Some(recorder) = &state.recorder
        && let Err(error) = recorder.finish()
    {
        eprintln!("record: the recording is incomplete: {error}");
    }
    Ok(state.coverage.snapshot())
}

/// One answer on its way: status, body, what it is, headers beyond the content type.
struct Reply {
    status: StatusCode,
    body: Bytes,
    served: Option<Served>,
    headers: Vec<(HeaderName, HeaderValue)>,
    note: Option<String>,
    drop: bool,
    delay: Option<Duration>,
}

impl Reply {
    fn json(status: StatusCode, value: &Value) -> Self {
        Reply {
            status,
            body: Bytes::from(value.to_string()),
            served: None,
            headers: Vec::new(),
            note: None,
            drop: false,
            delay: None,
        }
    }
}

async fn handle(state: &State, request: Request<Incoming>) -> Response<MockBody> {
    let start = Instant::now();
    let started = std::time::SystemTime::now();
    let method = request.method().clone();
    let path_and_query = request.uri().path_and_query().map_or_else(
        || request.uri().path().to_owned(),
        |pq| pq.as_str().to_owned(),
    );
    let reply = route(state, &request, &path_and_query).await;
    if let Some(delay) = reply.delay {
        tokio::time::sleep(delay).await;
    }
    let answered_route = reply.served.is_some();
    if let Some(served) = &reply.served {
        state.coverage.answered(served, reply.drop);
        if let Some(recorder) = &state.recorder {
            recorder.record(
                started,
                start.elapsed(),
                method.as_str(),
                &path_and_query,
                request_headers(&request),
                reply.status.as_u16(),
                &reply.body,
                reply.drop,
            );
        }
    }
    state.coverage.status(reply.status.as_u16());
    state.logger.log(&Entry {
        method: method.as_str(),
        path: &path_and_query,
        status: reply.status.as_u16(),
        served: reply.served.as_ref(),
        note: reply.note.as_deref(),
        dropped: reply.drop && answered_route,
        elapsed: start.elapsed(),
    });
    let body = if reply.drop {
        MockBody::cut(&reply.body)
    } else {
        MockBody::whole(reply.body)
    };
    let mut response = Response::new(body);
    *response.status_mut() = reply.status;
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(JSON_UTF8));
    for (name, value) in reply.headers {
        headers.insert(name, value);
    }
    if let Some(served) = &reply.served {
        for (name, value) in served_headers(served) {
            headers.insert(name, value);
        }
    }
    response
}

/// The routes: what is answered to a request, before its delay.
async fn route(state: &State, request: &Request<Incoming>, path_and_query: &str) -> Reply {
    let path = request.uri().path();
    let get = request.method() == Method::GET;
    if path == HEALTH && get {
        return Reply::json(
            StatusCode::OK,
            &json!({"status": "ok", "route": format!("{ROUTE_METHOD} {ROUTE_TEMPLATE}")}),
        );
    }
    if path == COVERAGE && get {
        return Reply::json(StatusCode::OK, &state.coverage.snapshot().to_json());
    }
    if !vendor::is_route(path) {
        let mut reply = Reply::json(
            StatusCode::NOT_FOUND,
            &json!({
                "error": "no such path",
                "path": path,
                "paths": [
                    format!("{ROUTE_METHOD} {ROUTE_TEMPLATE}"),
                    format!("GET {HEALTH}"),
                    format!("GET {COVERAGE}"),
                ],
            }),
        );
        reply.note = Some("not the route".to_owned());
        return reply;
    }
    if request.method().as_str() != ROUTE_METHOD {
        let mut reply = Reply::json(
            StatusCode::METHOD_NOT_ALLOWED,
            &json!({
                "error": format!("{} is not a method of this path", request.method()),
                "path": ROUTE_TEMPLATE,
                "allow": [ROUTE_METHOD],
            }),
        );
        reply
            .headers
            .push((ALLOW, HeaderValue::from_static(ROUTE_METHOD)));
        return reply;
    }
    let prefer: Vec<String> = request
        .headers()
        .get_all("prefer")
        .iter()
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
        .collect();
    let maker = &state.maker;
    let steering = match state.reader.read(
        maker.generator(),
        prefer.iter().map(String::as_str),
        request.uri().query(),
    ) {
        Ok(steering) => steering,
        Err(problems) => {
            let note = problems
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ");
            let mut reply = Reply::json(
                StatusCode::BAD_REQUEST,
                &json!({
                    "error": "the request's steering (Prefer header or query) has keys or values the mock does not take",
                    "problems": problems.iter().map(crate::steer::Problem::to_json).collect::<Vec<_>>(),
                    "keys": KEYS,
                }),
            );
            reply.note = Some(note);
            return reply;
        }
    };
    let status = steering
        .status
        .and_then(|status| StatusCode::from_u16(status).ok())
        .unwrap_or(StatusCode::OK);
    let headers = request_headers(request);
    let (answer, note) = match vendor::check(&state.validator, path_and_query, &headers) {
        Err(refusal) => {
            let note = format!("request refused: {}", refusal.description);
            (Arc::new(maker.refusal(&refusal)), Some(note))
        }
        Ok(ids) => match campaign(state, ids, &steering).await {
            Ok(answer) => (answer, None),
            Err(error) => {
                let mut reply = Reply::json(
                    StatusCode::BAD_REQUEST,
                    &json!({
                        "error": "no answer follows the steering",
                        "problems": [{"message": error.to_string()}],
                        "keys": KEYS,
                    }),
                );
                reply.note = Some(error.to_string());
                return reply;
            }
        },
    };
    Reply {
        status,
        body: answer.body.clone(),
        served: Some(answer.served.clone()),
        headers: Vec::new(),
        note,
        drop: steering.drop,
        delay: steering.delay,
    }
}

/// A campaign for valid ids: a fixture when the server serves them and the request asks
/// for nothing a fixture cannot be, else made: from the cache; on the worker itself when the
/// request steers nothing but perhaps a failure code (such a campaign takes some tens of
/// microseconds of CPU, about what handing it to another thread and back costs); on the
/// blocking pool otherwise, since a recipe with a form, quirks or violations may try many
/// payloads before one is proved.
async fn campaign(
    state: &State,
    ids: vendor::Ids,
    steering: &Steering,
) -> Result<Arc<Answer>, isales_generator::RecipeError> {
    if let Some(fixtures) = &state.fixtures
        && steering.is_plain()
        && let Some(answer) = fixtures.pick(ids.campaign_id)
    {
        return Ok(answer);
    }
    if let Some(answer) = state.maker.cached(ids, steering) {
        return answer;
    }
    if steering.violate.is_empty() && steering.quirks.is_empty() && steering.form.is_empty() {
        return state.maker.answer(ids, steering);
    }
    let maker = state.maker.clone();
    let owned = steering.clone();
    match tokio::task::spawn_blocking(move || maker.answer(ids, &owned)).await {
        Ok(made) => made,
        // The task panicked or the runtime is going down: make it here instead.
        Err(_) => state.maker.answer(ids, steering),
    }
}

/// The request's headers as text (invalid UTF-8 replaced).
fn request_headers(request: &Request<Incoming>) -> Vec<(String, String)> {
    request
        .headers()
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_owned(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect()
}

/// The `X-Mock-*` headers describing an answer.
fn served_headers(served: &Served) -> Vec<(HeaderName, HeaderValue)> {
    let mut headers = Vec::new();
    let mut add = |name: &'static str, text: &str| {
        headers.push((HeaderName::from_static(name), header_value(text)));
    };
    if let Some(seed) = served.seed {
        add("x-mock-seed", &seed.to_string());
    }
    if let Some(index) = served.index {
        add("x-mock-index", &index.to_string());
    }
    if let Some(form) = &served.form {
        add("x-mock-form", form);
    }
    if !served.violations.is_empty() {
        add("x-mock-violations", &served.violations.join(","));
    }
    if !served.companions.is_empty() {
        add("x-mock-companions", &served.companions.join(","));
    }
    if !served.quirks.is_empty() {
        add("x-mock-quirks", &served.quirks.join(","));
    }
    if let Some(code) = &served.error_code {
        add("x-mock-error-code", code);
    }
    if let Some(fixture) = &served.fixture {
        add("x-mock-fixture", fixture);
    }
    if !served.request_rules.is_empty() {
        add("x-mock-request-violations", &served.request_rules.join(","));
    }
    headers
}

/// A header value of any text: printable ASCII kept, every other byte percent-encoded (`%`
/// too), cut at [`MAX_HEADER_LEN`] with `...`.
#[must_use]
pub fn header_value(text: &str) -> HeaderValue {
    let mut out = String::with_capacity(text.len().min(MAX_HEADER_LEN));
    for byte in text.bytes() {
        let piece = if (0x20..0x7f).contains(&byte) && byte != b'%' {
            char::from(byte).to_string()
        } else {
            format!("%{byte:02X}")
        };
        if out.len() + piece.len() > MAX_HEADER_LEN - 3 {
            out.push_str("...");
            break;
        }
        out.push_str(&piece);
    }
    HeaderValue::from_str(&out).unwrap_or_else(|_| HeaderValue::from_static(""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_values_are_short_ascii() {
        assert_eq!(header_value("a b,c=1"), "a b,c=1");
        assert_eq!(header_value("中\n%"), "%E4%B8%AD%0A%25");
        let long = header_value(&"中".repeat(1000));
        assert!(long.len() <= MAX_HEADER_LEN);
        assert!(long.to_str().is_ok_and(|text| text.ends_with("...")));
    }
}
