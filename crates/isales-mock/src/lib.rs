//! A stand-in for Huawei CC-iSales' "query the details of an outbound campaign" interface
//! (`GET /rest/isales/v1/openapi/campaigns/{vdnId}/{campaignId}`), for the integration tests of
//! a client that has no CC-iSales system at hand. `isales-contract mock` runs it.
//!
//! - **It answers like the vendor.** The route and method come from the spec's
//!   `[interface]`; the request's URL parameters and headers are checked by the contract's
//!   own request validation (Tables 1 and 2), and a broken request gets the vendor's failure
//!   envelope with a Table 21 code ([`vendor`] has the mapping). A valid request gets a
//!   campaign made by `isales-generator` and proved by the validator, the same for the same
//!   (seed, vdnId, campaignId) every time ([`answer`]).
//! - **It is steered per request**, through a `Prefer` header or the query string
//!   ([`steer`]): a form, rules to break, quirks, a failure code, the HTTP status, a delay, a
//!   connection dropped mid-body. What was served is said in ASCII `X-Mock-*` headers.
//! - **It reports what the client received**: a log line per request ([`access_log`]), and
//!   counts of forms, quirks, broken rules and codes ([`coverage`]).
//! - **It replays and records**: answers recorded earlier, validated when loaded
//!   ([`fixture`]), and every answer written to NDJSON or HAR as it is sent ([`record`]).
//!
//! ```no_run
//! use isales_mock::{Options, Server};
//!
//! let server = Server::bind("127.0.0.1:0".parse()?, Options::default())?;
//! println!("listening on http://{}", server.local_addr());
//! let coverage = server.run_until_signal()?;
//! eprint!("{coverage}");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The async runtime and the HTTP stack (tokio, hyper) live in this crate only; the contract's
//! libraries stay free of them.
#![deny(missing_docs)]

pub mod access_log;
pub mod answer;
pub mod body;
pub mod cache;
pub mod coverage;
pub mod fixture;
pub mod record;
pub mod server;
pub mod steer;
pub mod vendor;

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;

use isales_generator::{Generator, Size, Values};

pub use access_log::LogFormat;
pub use answer::Served;
pub use coverage::Counts;
pub use fixture::Fixtures;
pub use record::Recorder;

/// How many made answers the server keeps by default: a client's working set of a few
/// thousand campaigns, each with a few ways of steering, stays answered from memory (tens of
/// megabytes at most, since an answer is a couple of kilobytes).
pub const DEFAULT_CACHE_CAPACITY: usize = 16_384;

/// How the server runs.
#[derive(Debug, Clone)]
pub struct Options {
    /// The seed every answer derives from.
    pub seed: u64,
    /// How request lines are logged on standard error.
    pub log_format: LogFormat,
    /// How many made answers are kept (0 keeps none).
    pub cache_capacity: usize,
    /// Worker threads of the runtime; `None`: one per available core.
    pub workers: Option<usize>,
    /// Recorded answers to serve instead of generated ones (for requests that ask for no
    /// form, violation, quirk or code).
    pub fixtures: Option<Arc<Fixtures>>,
    /// Where every answer of the route is recorded.
    pub recorder: Option<Arc<Recorder>>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            seed: 0,
            log_format: LogFormat::Text,
            cache_capacity: DEFAULT_CACHE_CAPACITY,
            workers: None,
            fixtures: None,
            recorder: None,
        }
    }
}

/// A bound server, not yet serving: its address is known (port 0 picks a free one), so the
/// caller can announce it before the first request can arrive.
#[derive(Debug)]
pub struct Server {
    listener: std::net::TcpListener,
    address: SocketAddr,
    runtime: tokio::runtime::Runtime,
    signals: Option<Signals>,
    state: Arc<server::State>,
    stop: Stop,
}

/// The signal handlers, installed before the address is announced so that a signal sent
/// as soon as a client reads it stops the server cleanly instead of killing it.
#[cfg(unix)]
#[derive(Debug)]
struct Signals {
    terminate: tokio::signal::unix::Signal,
    interrupt: tokio::signal::unix::Signal,
}

#[cfg(not(unix))]
#[derive(Debug)]
struct Signals;

/// Stops a running server from another thread, as a signal would.
#[derive(Debug, Clone, Default)]
pub struct Stop {
    notify: Arc<tokio::sync::Notify>,
}

impl Stop {
    /// Asks the server to stop: it stops accepting and lets the requests in flight finish.
    /// Asked before the server runs, it stops at once.
    pub fn stop(&self) {
        self.notify.notify_one();
    }

    async fn stopped(&self) {
        self.notify.notified().await;
    }
}

impl Server {
    /// Binds `address`, builds the runtime (a worker thread per available core unless
    /// [`Options::workers`] says otherwise) and prepares the generator.
    ///
    /// # Errors
    /// When the address cannot be bound or the runtime cannot be built.
    pub fn bind(address: SocketAddr, options: Options) -> io::Result<Server> {
        let listener = std::net::TcpListener::bind(address)?;
        let address = listener.local_addr()?;
        let workers = options.workers.unwrap_or_else(|| {
            std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
        });
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(workers.max(1))
            // Answers are made on the blocking pool, one per core at a time: more threads
            // would not make them faster, and every new one builds its own copy of the
            // generator's strategies and a malloc arena, which is how memory crept upwards
            // under a load of new campaigns.
            .max_blocking_threads(workers.max(1))
            .thread_keep_alive(std::time::Duration::from_secs(600))
            .thread_name("isales-mock")
            .enable_all()
            .build()?;
        // What `isales-contract generate` uses by default, so the two agree.
        let generator = Generator::embedded(Size::from_hint(3).with_values(Values::Realistic));
        let reader = steer::Reader::new(&generator);
        let maker = answer::Maker::new(Arc::new(generator), options.seed, options.cache_capacity);
        let state = Arc::new(server::State {
            maker: Arc::new(maker),
            reader,
            validator: isales_contract::Validator::default(),
            logger: access_log::Logger::new(options.log_format),
            coverage: coverage::Coverage::default(),
            fixtures: options.fixtures.clone(),
            recorder: options.recorder.clone(),
        });
        if let Some(recorder) = &options.recorder {
            recorder.set_address(address);
        }
        Ok(Server {
            listener,
            address,
            runtime,
            signals: None,
            state,
            stop: Stop::default(),
        })
    }

    /// The address it listens on.
    #[must_use]
    pub fn local_addr(&self) -> SocketAddr {
        self.address
    }

    /// A handle that stops the server once it runs.
    #[must_use]
    pub fn stop_handle(&self) -> Stop {
        self.stop.clone()
    }

    /// Installs the SIGINT and SIGTERM handlers [`Server::run_until_signal`] waits on. Call
    /// it before announcing the address, so that a client that signals as soon as it reads
    /// the address finds them in place (`run_until_signal` installs them otherwise).
    ///
    /// # Errors
    /// When a handler cannot be installed.
    pub fn catch_signals(&mut self) -> io::Result<()> {
        if self.signals.is_none() {
            let _entered = self.runtime.enter();
            self.signals = Some(Signals::install()?);
        }
        Ok(())
    }

    /// Serves until SIGINT or SIGTERM (Ctrl-C elsewhere than Unix) or its [`Stop`] handle,
    /// then stops accepting, lets the requests in flight finish and returns what the clients
    /// received.
    ///
    /// # Errors
    /// When the signal handlers cannot be installed.
    pub fn run_until_signal(mut self) -> io::Result<Counts> {
        self.catch_signals()?;
        let stop = self.stop.clone();
        let signals = self.signals.take();
        self.run(|| async move {
            match signals {
                Some(mut signals) => tokio::select! {
                    () = signals.recv() => {}
                    () = stop.stopped() => {}
                },
                None => stop.stopped().await,
            }
            Ok(())
        })
    }

    /// Serves until `shutdown` completes (it runs on the server's runtime) or the [`Stop`]
    /// handle is used, then stops as [`Server::run_until_signal`] does.
    ///
    /// # Errors
    /// When the runtime cannot be set up.
    pub fn run_until<F>(self, shutdown: F) -> io::Result<Counts>
    where
        F: Future<Output = ()> + Send + 'static,
    {
        let stop = self.stop.clone();
        self.run(|| async move {
            tokio::select! {
                () = shutdown => {}
                () = stop.stopped() => {}
            }
            Ok(())
        })
    }

    fn run<S, F>(self, shutdown: S) -> io::Result<Counts>
    where
        S: FnOnce() -> F,
        F: Future<Output = io::Result<()>>,
    {
        let Server {
            listener,
            runtime,
            state,
            ..
        } = self;
        runtime.block_on(async move {
            let waiter = async move {
                // The futures given here only end; they never fail once started.
                let _ = shutdown().await;
            };
            server::serve(listener, state, waiter).await
        })
    }
}

#[cfg(unix)]
impl Signals {
    fn install() -> io::Result<Signals> {
        use tokio::signal::unix::{SignalKind, signal};
        Ok(Signals {
            terminate: signal(SignalKind::terminate())?,
            interrupt: signal(SignalKind::interrupt())?,
        })
    }

    /// The next SIGTERM or SIGINT.
    async fn recv(&mut self) {
        tokio::select! {
            _ = self.terminate.recv() => {}
            _ = self.interrupt.recv() => {}
        }
    }
}

#[cfg(not(unix))]
impl Signals {
    fn install() -> io::Result<Signals> {
        Ok(Signals)
    }

    /// The next Ctrl-C.
    async fn recv(&mut self) {
        let _ = tokio::signal::ctrl_c().await;
    }
}
