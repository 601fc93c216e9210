//! The response body: whole, or cut short for `drop` (the headers promise the whole length,
//! part of the bytes follow, then the connection is closed), which is how a client meets a
//! peer that died mid-answer.

use std::future::Future as _;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http_body::{Frame, SizeHint};

/// How long a cut body waits after its part before failing, so the part is flushed to the
/// client before the connection goes.
const LINGER: Duration = Duration::from_millis(50);

/// A body of the mock's answers.
#[derive(Debug)]
pub enum MockBody {
    /// The whole body (taken when sent).
    Whole(Option<Bytes>),
    /// A body cut short: `part` is sent, then the body fails and the connection closes.
    Cut {
        /// What is still to send of the part.
        part: Option<Bytes>,
        /// The length the headers announce.
        total: u64,
        /// The pause before failing, started once the part is sent.
        linger: Option<Pin<Box<tokio::time::Sleep>>>,
    },
}

impl MockBody {
    /// A whole body.
    #[must_use]
    pub fn whole(bytes: impl Into<Bytes>) -> Self {
        MockBody::Whole(Some(bytes.into()))
    }

    /// The first half of `bytes` (at least one byte short of it), announced whole.
    #[must_use]
    pub fn cut(bytes: &Bytes) -> Self {
        let keep = (bytes.len() / 2).min(bytes.len().saturating_sub(1));
        MockBody::Cut {
            part: Some(bytes.slice(..keep)),
            total: bytes.len() as u64,
            linger: None,
        }
    }
}

/// The error a cut body ends with; hyper closes the connection on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the answer was dropped on purpose (drop)")
    }
}

impl std::error::Error for Dropped {}

impl http_body::Body for MockBody {
    type Data = Bytes;
    type Error = Dropped;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Dropped>>> {
        match self.get_mut() {
            MockBody::Whole(bytes) => Poll::Ready(bytes.take().map(|b| Ok(Frame::data(b)))),
            MockBody::Cut { part, linger, .. } => {
                if let Some(part) = part.take().filter(|part| !part.is_empty()) {
                    return Poll::Ready(Some(Ok(Frame::data(part))));
                }
                let sleep = linger.get_or_insert_with(|| Box::pin(tokio::time::sleep(LINGER)));
                match sleep.as_mut().poll(cx) {
                    Poll::Ready(()) => Poll::Ready(Some(Err(Dropped))),
                    Poll::Pending => Poll::Pending,
                }
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(self, MockBody::Whole(None))
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            MockBody::Whole(bytes) => {
                SizeHint::with_exact(bytes.as_ref().map_or(0, |b| b.len() as u64))
            }
            MockBody::Cut { total, .. } => SizeHint::with_exact(*total),
        }
    }
}
