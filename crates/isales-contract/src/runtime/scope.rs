//! Where the validator is while it walks a payload: the JSON pointer so far, the string an
//! embedded document being walked stands in, and the lists violations and the spans of
//! personal values go to.
//!
//! A [`Scope`] for a child is borrowed from its parent and knows its place as a step below the
//! parent's, so generated code can write `let mut field = scope.field("ivrParam");` and never
//! manage the pointer by hand. The pointer is written out only when a violation is reported.
//!
//! A scope also says which rules JSON structure is reported under (types, duplicate and
//! undocumented keys, embedded documents): the contract's, or the neutral ones of a service's
//! own structs ([`structure::Rules`](crate::contract::structure::Rules)). A derived type sets
//! its own with [`Scope::with_structure`] when its walk begins, so its fields report its rules
//! wherever it is nested.

use std::fmt::Write as _;

use crate::contract::structure;
use crate::json::Span;
use crate::violation::Violation;

/// Room made for a payload's violations at its first one. A broken payload nearly always
/// breaks one rule or two, and the vector's own first growth (to four) asks the allocator for
/// more than a kilobyte, whose request makes glibc's malloc consolidate its free lists first:
/// 2% of the instructions of a report of one violation.
const FIRST_VIOLATIONS: usize = 2;

/// Owns what a walk produces; hands out the root [`Scope`].
#[derive(Debug, Default)]
pub struct Collector {
    violations: Vec<Violation>,
    personal: Vec<Span>,
    /// Rules whose violations are dropped as they are reported (allowed by the levels).
    allowed: Vec<String>,
}

impl Collector {
    /// An empty collector.
    #[must_use]
    pub fn new() -> Self {
        Collector::default()
    }

    /// An empty collector that drops the violations of `allowed` rules as they are reported,
    /// so that an allowed rule costs the detection of its violations and nothing more.
    #[must_use]
    pub fn allowing(allowed: impl IntoIterator<Item = impl Into<String>>) -> Self {
        Collector {
            allowed: allowed.into_iter().map(Into::into).collect(),
            ..Collector::default()
        }
    }

    /// The root scope of a walk over typed values, or over a payload's tree (whose spans,
    /// those of the documents its strings embed included, are payload offsets).
    pub fn root(&mut self) -> Scope<'_> {
        Scope {
            sink: self,
            path: Path::Root,
            embedded_in: None,
            structure: &structure::CONTRACT,
        }
    }

    /// The violations collected, in the order they were found.
    #[must_use]
    pub fn into_violations(self) -> Vec<Violation> {
        self.violations
    }

    /// The violations, and the spans of the values of personal fields (in the payload, in
    /// the order they were found) that a renderer quoting the payload must blank when masking.
    #[must_use]
    pub fn into_parts(self) -> (Vec<Violation>, Vec<Span>) {
        (self.violations, self.personal)
    }
}

/// Where a scope is: a chain of steps back to the root, each borrowed from the parent scope.
///
/// A walk enters a member or an item at every value it checks, and reports at very few of
/// them: the JSON pointer is only written out when a violation is reported.
#[derive(Debug, Clone, Copy)]
enum Path<'a> {
    Root,
    Field(&'a Path<'a>, &'a str),
    Item(&'a Path<'a>, usize),
}

impl Path<'_> {
    /// Writes the JSON pointer, its length reserved first (a pointer is written once, when a
    /// violation is reported, and growing it segment by segment reallocated it every time).
    fn write(&self, pointer: &mut String) {
        pointer.reserve(self.len());
        self.write_segments(pointer);
    }

    /// The pointer's length in bytes, escapes aside (they only make it grow once more).
    fn len(&self) -> usize {
        match self {
            Path::Root => 0,
            Path::Field(parent, name) => parent.len() + 1 + name.len(),
            Path::Item(parent, index) => parent.len() + 1 + decimal_digits(*index),
        }
    }

    fn write_segments(&self, pointer: &mut String) {
        match self {
            Path::Root => {}
            Path::Field(parent, name) => {
                parent.write_segments(pointer);
                push_segment(pointer, name);
            }
            Path::Item(parent, index) => {
                parent.write_segments(pointer);
                // Writing to a String cannot fail.
                let _ = write!(pointer, "/{index}");
            }
        }
    }
}

/// How many decimal digits `n` is written with.
fn decimal_digits(n: usize) -> usize {
    n.checked_ilog10().map_or(1, |log| log as usize + 1)
}

/// A position in the walk.
#[derive(Debug)]
pub struct Scope<'a> {
    sink: &'a mut Collector,
    path: Path<'a>,
    /// Where the string of the payload that holds the embedded document being walked starts,
    /// if any: only its start is reported, and a scope is built for every value walked, so
    /// it carries no more.
    embedded_in: Option<usize>,
    structure: &'static structure::Rules,
}

impl<'a> Scope<'a> {
    /// The same place, reporting JSON structure under `rules` (the rules of the type whose
    /// walk begins here).
    pub fn with_structure(&mut self, rules: &'static structure::Rules) -> Scope<'_> {
        Scope {
            sink: self.sink,
            path: self.path,
            embedded_in: self.embedded_in,
            structure: rules,
        }
    }

    /// The rules JSON structure is reported under here.
    #[must_use]
    pub fn structure(&self) -> &'static structure::Rules {
        self.structure
    }

    /// The scope of a member of the current object.
    pub fn field<'b>(&'b mut self, name: &'b str) -> Scope<'b> {
        Scope {
            sink: self.sink,
            path: Path::Field(&self.path, name),
            embedded_in: self.embedded_in,
            structure: self.structure,
        }
    }

    /// The scope of an item of the current array.
    pub fn item(&mut self, index: usize) -> Scope<'_> {
        Scope {
            sink: self.sink,
            path: Path::Item(&self.path, index),
            embedded_in: self.embedded_in,
            structure: self.structure,
        }
    }

    /// Runs `walk` at the same place, walking the document the string at `string` embeds
    /// (whose spans, like the string's, are payload offsets: the parser reads embedded
    /// documents where they stand). Violations reported inside say which string of the
    /// payload holds them, the outermost one when documents nest.
    pub fn embedded<R>(&mut self, string: Span, walk: impl FnOnce(&mut Scope<'_>) -> R) -> R {
        walk(&mut Scope {
            sink: self.sink,
            path: self.path,
            embedded_in: self.embedded_in.or(Some(string.start)),
            structure: self.structure,
        })
    }

    /// The JSON pointer of this scope.
    #[must_use]
    pub fn pointer(&self) -> String {
        let mut pointer = String::new();
        self.path.write(&mut pointer);
        pointer
    }

    /// Records a violation at this scope; `span` is in the payload.
    pub fn report(&mut self, mut violation: Violation, span: Option<Span>) {
        if self.sink.allowed.iter().any(|rule| rule == violation.rule) {
            return;
        }
        violation.pointer.clear();
        self.path.write(&mut violation.pointer);
        violation.span = span;
        violation.embedded_offset = self.embedded_in;
        if self.sink.violations.capacity() == 0 {
            self.sink.violations.reserve_exact(FIRST_VIOLATIONS);
        }
        self.sink.violations.push(violation);
    }

    /// Records that the value at `span` (in the payload) belongs to a field marked personal, so that masked output never quotes it.
    pub fn personal(&mut self, span: Span) {
        self.sink.personal.push(span);
    }

    /// Records a violation about member `name` of the current object.
    pub fn report_field(&mut self, name: &str, violation: Violation, span: Option<Span>) {
        self.field(name).report(violation, span);
    }
}

/// Appends `/segment` with RFC 6901 escaping.
fn push_segment(pointer: &mut String, segment: &str) {
    pointer.push('/');
    if segment.bytes().any(|byte| byte == b'~' || byte == b'/') {
        pointer.push_str(&segment.replace('~', "~0").replace('/', "~1"));
    } else {
        pointer.push_str(segment);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::Rule;
    use crate::violation::ViolationKind;

    #[test]
    fn child_scopes_extend_and_restore_the_pointer() {
        let mut collector = Collector::new();
        {
            let mut root = collector.root();
            {
                let mut field = root.field("returnObject");
                let mut item = field.field("a/b~c");
                let mut index = item.item(3);
                index.report(
                    Violation::new(
                        Rule::new("x", crate::Severity::Error, crate::Provenance::Documented),
                        ViolationKind::ByteOrderMark,
                    ),
                    None,
                );
            }
            root.report_field(
                "resultCode",
                Violation::new(
                    Rule::new("y", crate::Severity::Error, crate::Provenance::Documented),
                    ViolationKind::ByteOrderMark,
                ),
                None,
            );
            assert_eq!(root.pointer(), "");
        }
        let pointers: Vec<String> = collector
            .into_violations()
            .into_iter()
            .map(|v| v.pointer)
            .collect();
        assert_eq!(pointers, ["/returnObject/a~1b~0c/3", "/resultCode"]);
    }
}
