//! The JSON Schema generator: the checked spec as one draft 2020-12 document,
//! `crates/isales-schema/query-campaign-details.schema.json`.
//!
//! [`schema`] is a pure function from [`Spec`] to the file's text; [`generate`] loads the
//! embedded spec and hands the text to [`ensure_file_contents`].
//!
//! The schema asserts the rules whose level is `error` and nothing else, so a payload our
//! validator passes at the default levels also passes the schema in any other validator.
//! Everything at `warning` level travels as annotations: `x-warnings` lists on properties and
//! definitions (each entry a `rule` id plus the constraint in JSON Schema keywords), and the
//! root `x-rule-catalog` gives every rule's level, provenance and `inSchema`: which validators
//! assert it (`asserted` by any draft 2020-12 validator, `asserted-with-content` only by one
//! whose `contentSchema` asserts, `partly-asserted`, `annotation`, `not-expressible`,
//! `not-in-schema`; [`coverage`] owns the vocabulary and derives it from where the generator
//! puts each rule). Every assertion names its rule: `x-rules` on properties, `x-rule` on
//! conditional entries. The root `description` says what a standard validator misses.
//!
//! What a condition, a required path or a string rule is in JSON Schema is
//! `isales_spec::schema`'s translation, which the models' schema (`SchemaRules`) is written with
//! too; this module decides where each fragment goes, at which level, and what the catalog says.
//!
//! Mapping, in short (the module's tests pin each piece):
//! - one `$defs` entry per table, named by its `type_name`; the root refers to the envelope;
//! - `null` means absent: optional properties allow `null`, required ones do not;
//! - conditions keep the spec's "absent equals nothing" meaning: `f == v` is
//!   `{properties: {f: {const: v}}, required: [f]}` and `!=` is its negation;
//! - JSON held in strings is checked with `contentSchema`, always beside `contentMediaType`,
//!   which 2020-12 treats as an annotation; `isales-schema` registers a keyword that asserts
//!   it, and the catalog marks the rules that live there `asserted-with-content`.

mod coverage;

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use coverage::{Beyond, Coverage, InSchema, Place};
use isales_spec::schema::{self as fragment, JSON_MEDIA_TYPE, Marks, Requirement};
use isales_spec::{
    Field, FieldPath, FieldType, Format, Provenance, Row, Rule, RuleKind, Severity, Spec, Step,
    Table, TableKind, TableNo,
};
use isales_vocabulary::{keywords, registry};

use super::{CodegenError, Mode, Outcome, ensure_file_contents, project_root, sorted_json};

/// Where the output goes, relative to the repository root.
pub(crate) const OUTPUT: &str = "crates/isales-schema/query-campaign-details.schema.json";
const SOURCE: &str = "crates/isales-spec/query-campaign-details.toml";
const SCHEMA_ID: &str =
    "https://isales-contract.invalid/schemas/query-campaign-details.schema.json";
const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

// Rules the generator wires by id: the spec declares them `builtin` (or names them in no row),
// so no row says where they apply.
const TYPE_MISMATCH: &str = registry::TYPE_MISMATCH.id;
const DUPLICATE_KEY: &str = registry::DUPLICATE_KEY.id;
const UNDOCUMENTED_FIELD: &str = registry::UNDOCUMENTED_FIELD.id;
const EMBEDDED_JSON: &str = registry::EMBEDDED_JSON.id;
const ARRAY_INSTEAD_OF_STRING: &str = registry::ARRAY_INSTEAD_OF_STRING.id;
const UNKNOWN_ERROR_CODE: &str = registry::UNKNOWN_ERROR_CODE.id;
const RETURN_OBJECT_REQUIRED: &str = registry::RETURN_OBJECT_REQUIRED.id;
const RETURN_OBJECT_ON_FAILURE: &str = registry::RETURN_OBJECT_ON_FAILURE.id;
const SINGLE_QUOTED_JSON: &str = registry::SINGLE_QUOTED_JSON.id;

/// The part of `duplicate-key` no schema states; the generator asserts the other part, both
/// spellings of an aliased field in one object, where it writes the aliases.
const DUPLICATE_KEY_BEYOND: Beyond = Beyond::NotExpressible(
    "a member name that repeats in one object: parsing keeps one of the values, so the instance \
     a schema judges has no duplicate left",
);

/// Builtin rules the generator writes no keywords for, with the reason. Every other builtin
/// rule is wired where the generator writes it (`type-mismatch` on every property,
/// `embedded-json` and `single-quoted-json` on the string form of embedded documents, the
/// envelope's `returnObject` rules, `undocumented-field`, `unknown-error-code`,
/// `array-instead-of-string` and, in part, `duplicate-key`).
const UNWRITTEN_BUILTINS: [(&str, Beyond); 11] = [
    (
        registry::MALFORMED_JSON.id,
        Beyond::NotExpressible(
            "a schema judges a parsed instance, and text that does not parse never becomes one \
             (a validator refuses it before the schema applies)",
        ),
    ),
    (
        registry::NESTING_LIMIT.id,
        Beyond::NotExpressible(
            "JSON Schema has no keyword for depth, and the limit counts undocumented members and \
             embedded documents too (parsers stop at depths of their own)",
        ),
    ),
    (
        registry::INTEGER_FORMAT.id,
        Beyond::NotExpressible(
            "JSON Schema's `integer` is a mathematical integer: `30.0`, `8.5e1` and numbers \
             beyond 64 bits qualify, and parsing forgets how a number was spelled (`-0`, `2.0`)",
        ),
    ),
    (
        registry::RESULT_CODE_MISMATCH.id,
        Beyond::NotExpressible(
            "it compares two values of one object, and draft 2020-12 has no keyword that \
             compares a value with another",
        ),
    ),
    (
        registry::CAMPAIGN_PERIOD_ORDER.id,
        Beyond::NotExpressible(
            "it compares two times of one object, and draft 2020-12 has no keyword that \
             compares a value with another",
        ),
    ),
    (
        registry::SCHEDULE_SEGMENT_ORDER.id,
        Beyond::NotExpressible(
            "it compares a window's begin and end times, and draft 2020-12 has no keyword that \
             compares a value with another",
        ),
    ),
    (
        registry::SCHEDULE_SEGMENT_OVERLAP.id,
        Beyond::NotExpressible(
            "it compares the times of several windows, and draft 2020-12 has no keyword that \
             compares a value with another",
        ),
    ),
    (
        registry::AVG_CALL_TIME_ORDER.id,
        Beyond::NotExpressible(
            "it compares two numbers of one object, and draft 2020-12 has no keyword that \
             compares a value with another",
        ),
    ),
    (
        registry::OUT_BOUND_TYPE_MISMATCH.id,
        Beyond::NotWritten(
            "both values are coded, so an `if`/`then` per deviceType could state it; the \
             generator writes none",
        ),
    ),
    (
        registry::SCHEDULE_SEGMENT_INCOMPLETE.id,
        Beyond::NotWritten(
            "an `if`/`then` per calling window (a begin time requires its end time, and the \
             reverse) could state it; the generator writes none",
        ),
    ),
    (
        registry::BUSI_CALL_INTERVAL_RANGE.id,
        Beyond::NotWritten(
            "a range under a condition on busiResultPolicy could be an `if`/`then`; the \
             generator writes none",
        ),
    ),
];

/// The reason given for a builtin rule the generator neither wires nor lists in
/// [`UNWRITTEN_BUILTINS`]; a test keeps the committed spec from needing it.
const UNCLASSIFIED_BUILTIN: Beyond = Beyond::NotWritten(
    "a builtin rule the schema generator does not know yet: only isales-contract's validator \
     checks it",
);

/// The envelope rows that carry a code of the error-code table; the first decides success.
const CODE_FIELDS: [&str; 2] = ["resultCode", "returnCode"];

/// Regenerates (or checks) the committed schema from the embedded spec.
pub(crate) fn generate(mode: Mode) -> Result<Outcome, CodegenError> {
    let spec = isales_spec::load_embedded().map_err(CodegenError::Spec)?;
    ensure_file_contents(&project_root().join(OUTPUT), &schema(&spec), mode)
}

/// The schema file's text for `spec`.
pub(crate) fn schema(spec: &Spec) -> String {
    sorted_json::to_string(&SchemaBuilder::new(spec).root())
}

/// How the generator records a rule it writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expressed {
    /// As an `x-warnings` annotation.
    Annotation,
    /// As assertions, at the places of the definition being written.
    Asserted,
}

/// Which validators reach a table's definition.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Reach {
    /// Reached from the root through objects only: any validator applies it.
    standard: bool,
    /// Reached through a field that holds a JSON document in a string.
    content: bool,
}

struct SchemaBuilder<'s> {
    spec: &'s Spec,
    /// What the schema did with each rule so far.
    coverage: BTreeMap<String, Coverage>,
    /// Which validators reach each table's definition.
    reach: BTreeMap<TableNo, Reach>,
    /// Where assertions written now sit: the places of the definition being written.
    here: Vec<Place>,
}

/// The assertions and annotations gathered for one property or definition.
#[derive(Default)]
struct Checks {
    /// Rule ids whose constraints are asserted here.
    rules: Vec<String>,
    /// Warning-level constraints: `{"rule": id, ...keywords}`.
    warnings: Vec<Value>,
}

impl Checks {
    fn assert_rule(&mut self, rule: &str) {
        if !self.rules.iter().any(|known| known == rule) {
            self.rules.push(rule.to_owned());
        }
    }

    /// Adds `x-rules` and `x-warnings` to `schema` when they are not empty.
    fn finish(self, schema: &mut Map<String, Value>) {
        if !self.rules.is_empty() {
            schema.insert("x-rules".into(), json!(self.rules));
        }
        if !self.warnings.is_empty() {
            schema.insert("x-warnings".into(), Value::Array(self.warnings));
        }
    }
}

impl<'s> SchemaBuilder<'s> {
    fn new(spec: &'s Spec) -> Self {
        SchemaBuilder {
            spec,
            coverage: BTreeMap::new(),
            reach: reach(spec),
            here: vec![Place::Standard],
        }
    }

    /// Where assertions in `table`'s definition sit: a standard place when objects lead there
    /// from the root, a content place when a JSON document held in a string does.
    fn places_of(&self, table: &Table) -> Vec<Place> {
        let reach = self.reach.get(&table.number).copied().unwrap_or_default();
        let mut places = Vec::new();
        if reach.standard || !reach.content {
            places.push(Place::Standard);
        }
        if reach.content {
            places.push(Place::Content(table.type_name.clone()));
        }
        places
    }

    /// Where a requirement on `path` (relative to an object of `table`) sits: below the `[]`
    /// of a field that holds a JSON document, inside that document; elsewhere, where `table`
    /// sits.
    fn path_places(&self, table: &Table, path: &FieldPath) -> Vec<Place> {
        let mut current = table;
        let mut steps = path.steps().iter().peekable();
        while let Some(step) = steps.next() {
            let Step::Field(name) = step else {
                continue;
            };
            let Some(field) = current.field(name) else {
                break;
            };
            if matches!(steps.peek(), Some(Step::Items))
                && let Some(items) = field.embedded
            {
                return vec![Place::Content(type_name(self.spec, items))];
            }
            match field
                .target_table()
                .and_then(|target| self.spec.table(target))
            {
                Some(next) => current = next,
                None => break,
            }
        }
        self.places_of(table)
    }

    fn coverage(&mut self, rule: &str) -> &mut Coverage {
        self.coverage.entry(rule.to_owned()).or_default()
    }

    fn severity(&self, rule: &str) -> Option<Severity> {
        self.spec.rule(rule).map(|rule| rule.severity)
    }

    /// Whether the rule exists and is at error level (only those are asserted).
    fn is_error(&self, rule: &str) -> bool {
        self.severity(rule) == Some(Severity::Error)
    }

    /// Records an annotation, or assertions at the places of the definition being written.
    fn mark(&mut self, rule: &str, how: Expressed) {
        let places = self.here.clone();
        let coverage = self.coverage(rule);
        match how {
            Expressed::Annotation => coverage.annotate(),
            Expressed::Asserted => {
                for place in &places {
                    coverage.assert_at(place);
                }
            }
        }
    }

    /// Runs `write` with assertions sitting at `places`.
    fn at<T>(&mut self, places: Vec<Place>, write: impl FnOnce(&mut Self) -> T) -> T {
        let saved = std::mem::replace(&mut self.here, places);
        let written = write(self);
        self.here = saved;
        written
    }

    /// Asserts `keywords` on `schema` when `rule` is at error level, otherwise records them
    /// as a warning entry.
    fn constraint(
        &mut self,
        rule: &str,
        keywords: Map<String, Value>,
        schema: &mut Map<String, Value>,
        checks: &mut Checks,
    ) {
        if self.is_error(rule) {
            self.mark(rule, Expressed::Asserted);
            checks.assert_rule(rule);
            merge_assertion(schema, keywords);
        } else {
            self.mark(rule, Expressed::Annotation);
            checks.warnings.push(warning(rule, keywords));
        }
    }

    fn root(mut self) -> Value {
        let spec = self.spec;
        let mut defs = Map::new();
        for table in &spec.tables {
            let places = self.places_of(table);
            let def = self.at(places, |this| match table.kind {
                TableKind::ErrorCodes => this.error_code_def(table),
                _ => this.object_def(table),
            });
            defs.insert(table.type_name.clone(), def);
        }
        for rule in spec
            .rules
            .iter()
            .filter(|rule| rule.kind == RuleKind::Builtin)
        {
            let known = self.coverage.contains_key(&rule.id);
            let listed = UNWRITTEN_BUILTINS.iter().find(|(id, _)| *id == rule.id);
            match listed {
                Some((_, beyond)) => self.coverage(&rule.id).beyond(*beyond),
                None if !known => self.coverage(&rule.id).beyond(UNCLASSIFIED_BUILTIN),
                None => {}
            }
        }
        let catalog = self.rule_catalog();
        let envelope = spec
            .table_of_kind(TableKind::Envelope)
            .map_or("Envelope", |table| table.type_name.as_str());
        let interface = &spec.interface;
        json!({
            "$comment": format!(
                "Generated by `cargo xtask codegen`, do not edit by hand. Source: {SOURCE}"
            ),
            "$schema": DIALECT,
            "$id": SCHEMA_ID,
            "title": interface.title,
            "description": self.description(),
            "$ref": format!("#/$defs/{envelope}"),
            "$defs": defs,
            "x-interface": {
                "method": interface.method,
                "path": interface.path,
                "successCode": interface.success_code,
                "source": interface.source,
            },
            "x-rule-catalog": catalog,
        })
    }

    fn rule_catalog(&self) -> Value {
        let mut catalog = Map::new();
        let unknown = Coverage::default();
        for rule in &self.spec.rules {
            let mut entry = json_map(json!({
                "level": rule.severity.as_str(),
                "provenance": rule.provenance.as_str(),
                "kind": rule.kind.as_str(),
                "doc": rule.docs.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "),
                "summary": rule.summary,
            }));
            // A documented rule's requirements that are our reading, named.
            let inferred: Vec<String> = super::catalog::applies_to(self.spec, rule)
                .into_iter()
                .filter(|(_, provenance)| {
                    *provenance == Provenance::Inferred && rule.provenance != Provenance::Inferred
                })
                .map(|(text, _)| text)
                .collect();
            if !inferred.is_empty() {
                entry.insert("inferredParts".into(), json!(inferred));
            }
            self.coverage
                .get(&rule.id)
                .unwrap_or(&unknown)
                .entry(&mut entry);
            catalog.insert(rule.id.clone(), Value::Object(entry));
        }
        Value::Object(catalog)
    }

    /// The rules a standard validator misses, by classification, in spec order.
    fn missed_by_standard(&self, in_schema: InSchema, errors_only: bool) -> Vec<&'s str> {
        let spec = self.spec;
        spec.rules
            .iter()
            .filter(|rule| !errors_only || rule.severity == Severity::Error)
            .filter(|rule| {
                self.coverage
                    .get(&rule.id)
                    .is_some_and(|coverage| coverage.in_schema() == in_schema)
            })
            .map(|rule| rule.id.as_str())
            .collect()
    }

    /// The root's description: what the schema is, what a standard validator misses and how
    /// to have it checked, and the catalog's vocabulary.
    fn description(&self) -> String {
        let interface = &self.spec.interface;
        let list = |ids: Vec<&str>| {
            ids.iter()
                .map(|id| format!("`{id}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let embedded: Vec<String> = self
            .spec
            .tables
            .iter()
            .flat_map(|table| &table.fields)
            .filter(|field| field.embedded.is_some())
            .map(|field| format!("`{}`", field.name))
            .collect();
        let vocabulary: Vec<String> = InSchema::ALL
            .iter()
            .map(|value| format!("`{}`: {}", value.as_str(), value.meaning()))
            .collect();
        format!(
            "The response body of `{method} {path}`. The schema asserts the contract's \
             error-level rules only; warning-level rules travel as `x-warnings` annotations and \
             `x-rule-catalog` lists every rule with its level, its provenance (`documented` \
             by the page or `inferred`, our reading) and, for a documented rule with parts of \
             our reading, those parts in `inferredParts`. `$defs` also describes the URL \
             parameters and request headers, for checking captured requests.\n\n\
             What a standard draft 2020-12 validator misses: `contentSchema` is an annotation \
             there, so the JSON documents held in the strings {embedded} go unchecked (rules \
             {with_content} entirely, and the embedded part of {partly}); and no schema can \
             state all of {beyond} (each entry's `notExpressible` says what and why). To have the embedded documents \
             checked, use a validator whose `contentSchema` asserts: the Rust crate \
             `isales-schema` registers one for the `jsonschema` crate, and an ajv keyword that \
             parses the string and validates it against the `contentSchema` does the same. To \
             have every rule checked, warnings included, use isales-contract's validator.\n\n\
             Each `x-rule-catalog` entry's `inSchema` is one of: {vocabulary}.",
            method = interface.method,
            path = interface.path,
            embedded = embedded.join(", "),
            with_content = list(self.missed_by_standard(InSchema::AssertedWithContent, true)),
            partly = list(
                self.missed_by_standard(InSchema::PartlyAsserted, true)
                    .into_iter()
                    .filter(|id| self.coverage.get(*id).is_some_and(Coverage::has_content))
                    .collect()
            ),
            beyond = list(
                self.spec
                    .rules
                    .iter()
                    .filter(|rule| rule.severity == Severity::Error)
                    .filter(|rule| {
                        self.coverage.get(&rule.id).is_some_and(|coverage| {
                            coverage.in_schema() == InSchema::NotExpressible
                                || coverage.has_beyond()
                        })
                    })
                    .map(|rule| rule.id.as_str())
                    .collect()
            ),
            vocabulary = vocabulary.join("; "),
        )
    }

    /// Table 21: a string definition that documents the codes; unknown codes are a warning.
    fn error_code_def(&mut self, table: &Table) -> Value {
        let success = &self.spec.interface.success_code;
        let codes: Map<String, Value> = table
            .codes
            .iter()
            .map(|code| (code.code.clone(), json!(code.description)))
            .collect();
        let mut known = vec![json!(success)];
        known.extend(table.codes.iter().map(|code| json!(code.code)));
        let level = self
            .severity(UNKNOWN_ERROR_CODE)
            .unwrap_or(Severity::Warning);
        let mut def = json_map(json!({
            "type": "string",
            "title": table.title,
            "description": table.description,
            "x-table": table.number.0,
            "x-rule": UNKNOWN_ERROR_CODE,
            "x-level": level.as_str(),
            "x-success-code": success,
            "x-codes": codes,
            "examples": known,
        }));
        if level == Severity::Error {
            self.mark(UNKNOWN_ERROR_CODE, Expressed::Asserted);
            def.insert("enum".into(), json!(known));
        } else {
            self.mark(UNKNOWN_ERROR_CODE, Expressed::Annotation);
        }
        self.mark(TYPE_MISMATCH, Expressed::Asserted);
        Value::Object(def)
    }

    /// Tables of rows: URL parameters, headers, the envelope and the response objects.
    fn object_def(&mut self, table: &Table) -> Value {
        let mut def = json_map(json!({
            "type": "object",
            "title": table.title,
            "description": table.description,
            "x-table": table.number.0,
        }));
        let mut properties = Map::new();
        let mut required = Vec::new();
        let mut all_of = Vec::new();
        let mut def_checks = Checks::default();
        for field in &table.fields {
            let is_required = match field.required.as_ref().map(|required| &required.rule) {
                Some(rule) if self.is_error(rule) => {
                    self.mark(rule, Expressed::Asserted);
                    required.push(json!(field.name));
                    true
                }
                Some(rule) => {
                    self.mark(rule, Expressed::Annotation);
                    let steps = [Step::Field(field.name.clone())];
                    let requirement = self.requirement(table.number, [&steps[..]]);
                    def_checks
                        .warnings
                        .push(warning(rule, json_map(requirement)));
                    false
                }
                None => false,
            };
            properties.insert(
                field.name.clone(),
                Value::Object(self.property(table, field, is_required)),
            );
            for alias in &field.aliases {
                let mut schema = self.property(table, field, false);
                schema.insert("title".into(), json!(alias.name));
                schema.insert("deprecated".into(), json!(true));
                schema.insert("x-alias-of".into(), json!(field.name));
                let mut checks = Checks::default();
                if self.is_error(&alias.rule) {
                    // The other spelling is refused outright; null still means absent.
                    self.mark(&alias.rule, Expressed::Asserted);
                    checks.assert_rule(&alias.rule);
                    schema = json_map(json!({
                        "type": "null",
                        "title": alias.name,
                        "x-alias-of": field.name,
                    }));
                } else {
                    self.mark(&alias.rule, Expressed::Annotation);
                    checks.warnings.push(warning(&alias.rule, Map::new()));
                }
                append_checks(&mut schema, checks);
                properties.insert(alias.name.clone(), Value::Object(schema));

                let both = json_map(json!({"not": {"required": [field.name, alias.name]}}));
                self.conditional(DUPLICATE_KEY, both, &mut all_of, &mut def_checks);
                if self.is_error(DUPLICATE_KEY) && self.here.contains(&Place::Standard) {
                    // Both spellings of one field are what the schema can say of
                    // `duplicate-key`; a key written twice is beyond it.
                    let part = format!(
                        "an object that spells a field both ways (`{}` and `{}`)",
                        field.name, alias.name
                    );
                    let coverage = self.coverage(DUPLICATE_KEY);
                    coverage.assert_part(part);
                    coverage.beyond(DUPLICATE_KEY_BEYOND);
                }
            }
        }
        for rule in &self.spec.rules {
            self.table_rule(rule, table.number, &mut all_of, &mut def_checks);
        }
        if table.kind == TableKind::Envelope {
            self.envelope_rules(table, &mut all_of, &mut def_checks);
        }
        match table.kind {
            TableKind::Headers => {
                def.insert(
                    "$comment".into(),
                    json!(
                        "Header names are spelled as the page does; HTTP compares them without \
                         regard to case, so normalise captured names to these spellings first. \
                         Other headers are allowed."
                    ),
                );
            }
            TableKind::UrlParams => {
                def.insert(
                    "$comment".into(),
                    json!(
                        "The path segments of the request URL, converted to integers before \
                         validating."
                    ),
                );
            }
            _ => {
                let level = self
                    .severity(UNDOCUMENTED_FIELD)
                    .unwrap_or(Severity::Warning);
                def.insert("x-undocumented-field".into(), json!(level.as_str()));
                if level == Severity::Error {
                    self.mark(UNDOCUMENTED_FIELD, Expressed::Asserted);
                    def.insert("additionalProperties".into(), json!(false));
                } else {
                    self.mark(UNDOCUMENTED_FIELD, Expressed::Annotation);
                }
            }
        }
        def.insert("properties".into(), Value::Object(properties));
        if !required.is_empty() {
            def.insert("required".into(), Value::Array(required));
        }
        if !all_of.is_empty() {
            def.insert("allOf".into(), Value::Array(all_of));
        }
        if !def_checks.warnings.is_empty() {
            def.insert("x-warnings".into(), Value::Array(def_checks.warnings));
        }
        Value::Object(def)
    }

    /// Records a definition-level rule: an `allOf` entry tagged with `x-rule` at error level,
    /// a `x-warnings` entry otherwise.
    fn conditional(
        &mut self,
        rule: &str,
        schema: Map<String, Value>,
        all_of: &mut Vec<Value>,
        checks: &mut Checks,
    ) {
        if self.is_error(rule) {
            self.mark(rule, Expressed::Asserted);
            let mut entry = schema;
            entry.insert("x-rule".into(), json!(rule));
            all_of.push(Value::Object(entry));
        } else {
            self.mark(rule, Expressed::Annotation);
            checks.warnings.push(warning(rule, schema));
        }
    }

    /// The requirement of `paths` on an object of `table`, knowing what each row they name
    /// says of `""` and of lone objects.
    fn requirement<'p>(
        &self,
        table: TableNo,
        paths: impl IntoIterator<Item = &'p [Step]>,
    ) -> Value {
        let spec = self.spec;
        Requirement::of(paths, |names| row_marks(spec, table, names)).render()
    }

    /// Where requirements on `paths` of an object of table `number` sit.
    fn paths_places(&self, number: TableNo, paths: &[FieldPath]) -> Vec<Place> {
        let Some(table) = self.spec.table(number) else {
            return self.here.clone();
        };
        let mut places: Vec<Place> = Vec::new();
        for place in paths.iter().flat_map(|path| self.path_places(table, path)) {
            if !places.contains(&place) {
                places.push(place);
            }
        }
        places
    }

    /// The cases of a conditional rule that apply to objects of `table`.
    fn table_rule(
        &mut self,
        rule: &Rule,
        table: TableNo,
        all_of: &mut Vec<Value>,
        checks: &mut Checks,
    ) {
        match &rule.kind {
            RuleKind::RequiredIf(cases) => {
                for case in cases.iter().filter(|case| case.table == table) {
                    let then = self.requirement(table, case.require.iter().map(FieldPath::steps));
                    let schema = json_map(fragment::when(case.when.as_ref(), then));
                    let places = self.paths_places(table, &case.require);
                    self.at(places, |this| {
                        this.conditional(&rule.id, schema, all_of, checks);
                    });
                }
            }
            RuleKind::OneOfForms(forms) if forms.table == table => {
                let any_of = forms
                    .forms
                    .iter()
                    .map(|form| self.requirement(table, form.iter().map(FieldPath::steps)));
                let schema = json_map(fragment::one_of_forms(&forms.when, any_of));
                let paths: Vec<FieldPath> = forms.forms.iter().flatten().cloned().collect();
                let places = self.paths_places(table, &paths);
                self.at(places, |this| {
                    this.conditional(&rule.id, schema, all_of, checks);
                });
            }
            RuleKind::AbsentUnless(cases) => {
                for case in cases.iter().filter(|case| case.table == table) {
                    let schema = json_map(fragment::absent_unless(&case.field, &case.unless));
                    self.conditional(&rule.id, schema, all_of, checks);
                }
            }
            RuleKind::OneOfForms(_) | RuleKind::Field | RuleKind::Builtin => {}
        }
    }

    /// The envelope's builtin rules that JSON Schema can express: `returnObject` on success
    /// (and its absence on failure).
    fn envelope_rules(&mut self, table: &Table, all_of: &mut Vec<Value>, checks: &mut Checks) {
        let result_code = CODE_FIELDS[0];
        let Some(return_object) = table
            .fields
            .iter()
            .find(|field| matches!(field.ty, FieldType::Object(_)))
        else {
            return;
        };
        if table.field(result_code).is_none() {
            return;
        }
        let success = json!({
            "properties": {result_code: {"const": self.spec.interface.success_code}},
            "required": [result_code],
        });
        let name = return_object.name.as_str();
        if self.spec.rule(RETURN_OBJECT_REQUIRED).is_some() {
            let schema = json_map(json!({
                "if": success,
                "then": {"required": [name], "properties": {name: {"type": "object"}}},
            }));
            self.conditional(RETURN_OBJECT_REQUIRED, schema, all_of, checks);
        }
        if self.spec.rule(RETURN_OBJECT_ON_FAILURE).is_some() {
            let schema = json_map(json!({
                "if": {"not": success},
                "then": {"properties": {name: {"type": "null"}}},
            }));
            self.conditional(RETURN_OBJECT_ON_FAILURE, schema, all_of, checks);
        }
    }

    /// The schema of one row.
    fn property(&mut self, table: &Table, field: &Field, required: bool) -> Map<String, Value> {
        let mut checks = Checks::default();
        self.mark(TYPE_MISMATCH, Expressed::Asserted);
        checks.assert_rule(TYPE_MISMATCH);
        if required && let Some(required) = &field.required {
            checks.assert_rule(&required.rule);
        }
        let nullable = !required;
        let error_codes = self.spec.table_of_kind(TableKind::ErrorCodes);
        let mut schema = match (field.ty, field.embedded, error_codes) {
            (FieldType::String, Some(items), _) => self.embedded(
                &type_name(self.spec, items),
                nullable,
                field.lone_object.as_deref(),
            ),
            (FieldType::String, None, Some(codes))
                if table.kind == TableKind::Envelope
                    && CODE_FIELDS.contains(&field.name.as_str()) =>
            {
                reference(&codes.type_name, nullable)
            }
            (FieldType::String, _, _) => json_map(json!({"type": scalar_type("string", nullable)})),
            (FieldType::Integer, _, _) => {
                json_map(json!({"type": scalar_type("integer", nullable)}))
            }
            (FieldType::Object(target), _, _) => reference(&type_name(self.spec, target), nullable),
        };
        schema.insert("title".into(), json!(field.name));
        schema.insert("description".into(), json!(field.description));
        match &field.row {
            Row::Numbered(param) => schema.insert("x-param".into(), json!(param.0)),
            Row::OffPage(source) => schema.insert("x-not-on-page".into(), json!(source)),
        };
        schema.insert("x-table".into(), json!(table.number.0));
        if field.provenance == Provenance::Inferred {
            schema.insert("x-provenance".into(), json!(Provenance::Inferred.as_str()));
        }
        if field.secret {
            schema.insert("x-secret".into(), json!(true));
        }
        if field.personal {
            schema.insert("x-personal".into(), json!(true));
        }

        if let Some(enumeration) = &field.enumeration {
            let mut values: Vec<Value> = enumeration
                .values
                .iter()
                .map(|value| json!(value.value))
                .collect();
            let meanings: Map<String, Value> = enumeration
                .values
                .iter()
                .map(|value| (value.value.to_string(), json!(value.meaning)))
                .collect();
            schema.insert("x-enum-meanings".into(), Value::Object(meanings));
            if let Some(default) = enumeration.default {
                schema.insert("default".into(), json!(default));
            }
            if self.is_error(&enumeration.rule) && nullable {
                values.push(Value::Null);
            }
            let keywords = json_map(json!({"enum": values}));
            self.constraint(&enumeration.rule, keywords, &mut schema, &mut checks);
        }
        if let Some(range) = &field.range {
            let keywords = json_map(fragment::range(range.min, range.max));
            self.constraint(&range.rule, keywords, &mut schema, &mut checks);
        }
        if let Some(length) = &field.length {
            let keywords = json_map(fragment::length(length.min, length.max));
            self.constraint(&length.rule, keywords, &mut schema, &mut checks);
        }
        if let Some(forbidden) = &field.forbidden_chars {
            let keywords = json_map(fragment::forbidden_chars(&forbidden.chars));
            self.constraint(&forbidden.rule, keywords, &mut schema, &mut checks);
        }
        if let Some(format) = field.format {
            self.format(format, &mut schema, &mut checks);
        }
        if let Some(fixed) = &field.fixed {
            schema.insert("examples".into(), json!([fixed.value]));
            let keywords = json_map(fragment::fixed_value(&fixed.value));
            self.constraint(&fixed.rule, keywords, &mut schema, &mut checks);
        }
        append_checks(&mut schema, checks);
        if let Some(rule) = &field.empty {
            self.blank_as_absent(rule, &mut schema);
        }
        schema
    }

    /// `""` is allowed beside what the row's schema asserts (`if: {const: ""}`, `else`: the
    /// row's schema), and annotated with the rule that reports it: the empty string means
    /// "not set" there.
    fn blank_as_absent(&mut self, rule: &str, schema: &mut Map<String, Value>) {
        let (annotations, assertions): (Map<String, Value>, Map<String, Value>) =
            std::mem::take(schema)
                .into_iter()
                .partition(|(key, _)| keywords::ANNOTATIONS.contains(&key.as_str()));
        *schema = annotations;
        if self.is_error(rule) {
            // At error level `""` is refused like any other value the row's schema refuses.
            self.mark(rule, Expressed::Asserted);
            schema.extend(assertions);
            return;
        }
        // `if`/`else` rather than `anyOf`: a value that is not `""` gets the errors of the
        // row's own schema alone, not those of the `""` alternative too.
        self.mark(rule, Expressed::Annotation);
        schema.insert("if".into(), json!({"const": ""}));
        schema.insert(
            "then".into(),
            json!({"x-warnings": [warning(rule, Map::new())]}),
        );
        schema.insert("else".into(), Value::Object(assertions));
    }

    /// A format: each of its patterns goes with the rule a value failing it breaks (asserted
    /// at error level); its other rules judge finer points only our validator sees, and are
    /// listed by id.
    fn format(&mut self, format: Format, schema: &mut Map<String, Value>, checks: &mut Checks) {
        schema.insert("x-format".into(), json!(format.as_str()));
        for (rule, pattern) in format.patterns() {
            let keywords = json_map(fragment::pattern(pattern));
            self.constraint(rule.id, keywords, schema, checks);
        }
        let patterned = |rule: &str| format.patterns().iter().any(|(with, _)| with.id == rule);
        for rule in format
            .rules()
            .iter()
            .map(|rule| rule.id)
            .filter(|rule| !patterned(rule))
        {
            if !self.is_error(rule) {
                self.mark(rule, Expressed::Annotation);
                checks.warnings.push(warning(rule, Map::new()));
            }
        }
    }

    /// A string that holds a JSON array of `items` objects; a real array is a warning.
    fn embedded(
        &mut self,
        items: &str,
        nullable: bool,
        lone_object: Option<&str>,
    ) -> Map<String, Value> {
        let array_of_items = json!({"type": "array", "items": {"$ref": def_ref(items)}});
        // One object where the array is documented is read as its only item (a warning).
        let document = match lone_object {
            Some(rule) if !self.is_error(rule) => {
                self.mark(rule, Expressed::Annotation);
                json!({"anyOf": [
                    array_of_items.clone(),
                    {"$ref": def_ref(items), "x-warnings": [warning(rule, Map::new())]},
                ]})
            }
            _ => array_of_items.clone(),
        };
        let mut string_form = json_map(json!({
            "type": "string",
            "contentMediaType": JSON_MEDIA_TYPE,
        }));
        let mut checks = Checks::default();
        // The document's checks sit inside `contentSchema`, where only a validator whose
        // `contentSchema` asserts goes; a document in single quotes does not parse there, so
        // such a validator refuses `single-quoted-json` too.
        self.at(vec![Place::Content(items.to_owned())], |this| {
            this.constraint(
                EMBEDDED_JSON,
                json_map(json!({"contentSchema": document})),
                &mut string_form,
                &mut checks,
            );
            if this.is_error(EMBEDDED_JSON) && this.is_error(SINGLE_QUOTED_JSON) {
                this.mark(SINGLE_QUOTED_JSON, Expressed::Asserted);
            }
        });
        checks.finish(&mut string_form);
        let mut branches = vec![Value::Object(string_form)];
        if !self.is_error(ARRAY_INSTEAD_OF_STRING) {
            let mut array_form = json_map(array_of_items);
            self.mark(ARRAY_INSTEAD_OF_STRING, Expressed::Annotation);
            array_form.insert(
                "x-warnings".into(),
                json!([warning(ARRAY_INSTEAD_OF_STRING, Map::new())]),
            );
            branches.push(Value::Object(array_form));
        } else {
            self.mark(ARRAY_INSTEAD_OF_STRING, Expressed::Asserted);
        }
        if nullable {
            branches.push(json!({"type": "null"}));
        }
        json_map(json!({"anyOf": branches}))
    }
}

/// Adds the checks' `x-rules` and `x-warnings`, keeping entries already there.
fn append_checks(schema: &mut Map<String, Value>, checks: Checks) {
    let mut existing = Checks::default();
    if let Some(Value::Array(rules)) = schema.remove("x-rules") {
        existing.rules = rules
            .into_iter()
            .filter_map(|rule| rule.as_str().map(str::to_owned))
            .collect();
    }
    if let Some(Value::Array(warnings)) = schema.remove("x-warnings") {
        existing.warnings = warnings;
    }
    for rule in checks.rules {
        existing.assert_rule(&rule);
    }
    existing.warnings.extend(checks.warnings);
    existing.finish(schema);
}

/// Adds assertion keywords; a keyword already present (two patterns) goes into `allOf`.
fn merge_assertion(schema: &mut Map<String, Value>, keywords: Map<String, Value>) {
    for (keyword, value) in keywords {
        if schema.contains_key(&keyword) {
            let mut extra = Map::new();
            extra.insert(keyword, value);
            match schema
                .entry("allOf")
                .or_insert_with(|| Value::Array(Vec::new()))
            {
                Value::Array(entries) => entries.push(Value::Object(extra)),
                other => *other = json!([other.clone(), extra]),
            }
        } else {
            schema.insert(keyword, value);
        }
    }
}

/// A warning entry: `{"rule": id, ...keywords}`.
fn warning(rule: &str, keywords: Map<String, Value>) -> Value {
    let mut entry = keywords;
    entry.insert("rule".into(), json!(rule));
    Value::Object(entry)
}

/// Which validators reach each table's definition: the request's tables, the envelope and the
/// error codes are roots; an object field passes its reach on, a field holding a JSON document
/// in a string passes on a content reach only.
fn reach(spec: &Spec) -> BTreeMap<TableNo, Reach> {
    let mut reach: BTreeMap<TableNo, Reach> = BTreeMap::new();
    for table in &spec.tables {
        let root = table.kind != TableKind::Object;
        reach.insert(
            table.number,
            Reach {
                standard: root,
                content: false,
            },
        );
    }
    loop {
        let mut changed = false;
        for table in &spec.tables {
            let from = reach.get(&table.number).copied().unwrap_or_default();
            for field in &table.fields {
                let passed = match (field.ty, field.embedded) {
                    (FieldType::Object(target), _) => Some((target, from)),
                    (_, Some(target)) => Some((
                        target,
                        Reach {
                            standard: false,
                            content: from.standard || from.content,
                        },
                    )),
                    _ => None,
                };
                if let Some((target, passed)) = passed {
                    let entry = reach.entry(target).or_default();
                    let merged = Reach {
                        standard: entry.standard || passed.standard,
                        content: entry.content || passed.content,
                    };
                    changed |= merged != *entry;
                    *entry = merged;
                }
            }
        }
        if !changed {
            return reach;
        }
    }
}

/// What the row at the end of `names` (walked from `table` through the tables the fields
/// hold) says of `""` and of lone objects.
fn row_marks(spec: &Spec, table: TableNo, names: &[&str]) -> Marks {
    let mut current = spec.table(table);
    let mut row = None;
    for name in names {
        row = current.and_then(|table| table.field(name));
        current = row
            .and_then(Field::target_table)
            .and_then(|target| spec.table(target));
    }
    row.map_or_else(Marks::default, |row| Marks {
        blank_as_absent: row.empty.is_some(),
        lone_object: row.lone_object.is_some(),
    })
}

fn json_map(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

fn def_ref(type_name: &str) -> String {
    format!("#/$defs/{type_name}")
}

fn type_name(spec: &Spec, table: TableNo) -> String {
    spec.table(table).map_or_else(
        || format!("Table{}", table.0),
        |table| table.type_name.clone(),
    )
}

fn scalar_type(name: &str, nullable: bool) -> Value {
    if nullable {
        json!([name, "null"])
    } else {
        json!(name)
    }
}

/// A reference to a definition; `null` is allowed beside it when the row is optional.
fn reference(type_name: &str, nullable: bool) -> Map<String, Value> {
    if nullable {
        json_map(json!({"anyOf": [{"$ref": def_ref(type_name)}, {"type": "null"}]}))
    } else {
        json_map(json!({"$ref": def_ref(type_name)}))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codegen::RERUN;

    fn spec_from(text: &str) -> Spec {
        match isales_spec::load(text) {
            Ok(spec) => spec,
            Err(errors) => panic!("{errors}"),
        }
    }

    fn generated(text: &str) -> Value {
        serde_json::from_str(&schema(&spec_from(text))).expect("the generator writes JSON")
    }

    fn pointer<'v>(value: &'v Value, pointer: &str) -> &'v Value {
        value
            .pointer(pointer)
            .unwrap_or_else(|| panic!("no {pointer} in the schema"))
    }

    /// The freshness test: `cargo test` fails while the committed schema is stale.
    #[test]
    fn committed_schema_is_up_to_date() {
        if let Err(error) = generate(Mode::Check) {
            panic!("{error}");
        }
    }

    #[test]
    fn a_spec_edit_without_regenerating_fails_the_check_with_the_changed_line() {
        let original = "range = { min = 1, max = 9999 }";
        assert!(
            isales_spec::SPEC_TOML.contains(original),
            "the spec changed"
        );
        let edited = isales_spec::SPEC_TOML.replacen(original, "range = { min = 1, max = 999 }", 1);
        let text = schema(&spec_from(&edited));
        let error = ensure_file_contents(&project_root().join(OUTPUT), &text, Mode::Check)
            .expect_err("the committed file no longer matches");
        let message = error.to_string();
        assert!(message.contains(&format!("{OUTPUT} is stale")), "{message}");
        assert!(message.contains(&format!("Run `{RERUN}`")), "{message}");
        let changed: Vec<String> = message
            .lines()
            .filter(|line| {
                (line.starts_with('-') || line.starts_with('+'))
                    && !line.starts_with("---")
                    && !line.starts_with("+++")
            })
            .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect();
        assert_eq!(
            changed,
            ["- \"maximum\": 9999,", "+ \"maximum\": 999,"],
            "{message}"
        );
    }

    #[test]
    fn output_is_deterministic_and_starts_with_the_header() {
        let spec = spec_from(isales_spec::SPEC_TOML);
        let first = schema(&spec);
        assert_eq!(first, schema(&spec));
        assert!(
            first.starts_with(
                "{\n  \"$comment\": \"Generated by `cargo xtask codegen`, do not edit by hand. \
                 Source: crates/isales-spec/query-campaign-details.toml\",\n"
            ),
            "{}",
            &first[..200]
        );
        assert!(first.ends_with("}\n"));
        let reparsed: Value = serde_json::from_str(&first).expect("JSON");
        assert_eq!(sorted_json::to_string(&reparsed), first);
    }

    #[test]
    fn every_table_is_a_definition_and_the_root_refers_to_the_envelope() {
        let schema = generated(isales_spec::SPEC_TOML);
        assert_eq!(pointer(&schema, "/$ref"), "#/$defs/Envelope");
        assert_eq!(pointer(&schema, "/$schema"), DIALECT);
        let spec = spec_from(isales_spec::SPEC_TOML);
        for table in &spec.tables {
            let def = pointer(&schema, &format!("/$defs/{}", table.type_name));
            assert_eq!(def["x-table"], json!(table.number.0), "{}", table.type_name);
        }
        assert_eq!(
            pointer(&schema, "/$defs/Envelope/properties/resultCode/$ref"),
            "#/$defs/ErrorCode"
        );
        assert_eq!(
            pointer(&schema, "/$defs/Envelope/required"),
            &json!(["resultCode", "returnCode"])
        );
        let codes = pointer(&schema, "/$defs/ErrorCode/x-codes");
        assert!(codes.get("0200001").is_some() && codes.get("02000001").is_some());
        assert!(pointer(&schema, "/$defs/ErrorCode").get("enum").is_none());
    }

    #[test]
    fn optional_rows_allow_null_and_required_rows_do_not() {
        let schema = generated(isales_spec::SPEC_TOML);
        assert_eq!(
            pointer(&schema, "/$defs/Campaign/properties/maxAlertingTime/type"),
            &json!(["integer", "null"])
        );
        assert_eq!(
            pointer(&schema, "/$defs/PreviewParam/properties/failInterval/type"),
            "integer"
        );
        assert_eq!(
            pointer(&schema, "/$defs/Campaign/properties/ivrParam/anyOf"),
            &json!([{"$ref": "#/$defs/IvrParam"}, {"type": "null"}])
        );
    }

    #[test]
    fn levels_decide_between_assertion_and_annotation() {
        let schema = generated(isales_spec::SPEC_TOML);
        // Error level: asserted, rule named.
        let status = pointer(&schema, "/$defs/Campaign/properties/status");
        assert_eq!(status["enum"], json!([2, 3, 4, null]));
        assert_eq!(status["x-rules"], json!(["type-mismatch", "enum-value"]));
        assert_eq!(status["x-enum-meanings"]["2"], "dialling is running");
        // Warning level: annotation only.
        let alerting = pointer(&schema, "/$defs/Campaign/properties/maxAlertingTime");
        assert!(alerting.get("minimum").is_none());
        assert_eq!(
            alerting["x-warnings"],
            json!([{"rule": "max-alerting-time-range", "minimum": 5, "maximum": 120}])
        );
        let device = pointer(&schema, "/$defs/Campaign/properties/deviceType");
        assert!(device.get("enum").is_none());
        assert_eq!(
            device["x-warnings"],
            json!([{"rule": "inferred-enum-value", "enum": [1, 2, 3, 5, 6]}])
        );

        // Raising a rule to error in the spec moves its constraint into the assertions.
        let raised = isales_spec::SPEC_TOML.replacen(
            "id = \"max-alerting-time-range\"\nkind = \"field\"\nseverity = \"warning\"",
            "id = \"max-alerting-time-range\"\nkind = \"field\"\nseverity = \"error\"",
            1,
        );
        assert_ne!(raised, isales_spec::SPEC_TOML);
        let schema = generated(&raised);
        let alerting = pointer(&schema, "/$defs/Campaign/properties/maxAlertingTime");
        assert_eq!(
            (&alerting["minimum"], &alerting["maximum"]),
            (&json!(5), &json!(120))
        );
        assert!(alerting.get("x-warnings").is_none());
        assert_eq!(
            pointer(&schema, "/x-rule-catalog/max-alerting-time-range/inSchema"),
            "asserted"
        );
    }

    #[test]
    fn formats_fixed_values_and_forbidden_characters() {
        let schema = generated(isales_spec::SPEC_TOML);
        assert_eq!(
            pointer(
                &schema,
                "/$defs/ScheduleParam/properties/workdayBeginTime1/else/pattern"
            ),
            Format::TimeOfDay.patterns()[0].1
        );
        // The page's own example, `2018-12-01`, fails the canonical pattern: that pattern is
        // the one `datetime-lenient` (what the validator reports for it) carries.
        let begin = pointer(
            &schema,
            "/$defs/Campaign/properties/strBeginTime/x-warnings",
        );
        assert_eq!(
            begin,
            &json!([
                {"rule": "datetime-format", "pattern": Format::DateTime.patterns()[0].1},
                {"rule": "datetime-lenient", "pattern": Format::DateTime.patterns()[1].1},
            ])
        );
        let content_type = pointer(&schema, "/$defs/RequestHeaders/properties/Content-Type");
        assert_eq!(
            content_type["pattern"],
            "^[ \\t]*[aA][pP][pP][lL][iI][cC][aA][tT][iI][oO][nN]/[jJ][sS][oO][nN][ \\t]*;[ \\t]*\
             [cC][hH][aA][rR][sS][eE][tT][ \\t]*=[ \\t]*([uU][tT][fF]-8|\"[uU][tT][fF]-8\")[ \\t]*$"
        );
        assert_eq!(
            content_type["x-rules"],
            json!(["type-mismatch", "required-field", "content-type-header"])
        );
        let description = pointer(&schema, "/$defs/Campaign/properties/description/x-warnings");
        assert_eq!(
            description[1],
            json!({"rule": "description-characters", "pattern": "^[^\"\\[\\]=;<>]*$"})
        );
    }

    #[test]
    fn conditional_rules_become_tagged_if_then_entries() {
        let schema = generated(isales_spec::SPEC_TOML);
        let campaign = pointer(&schema, "/$defs/Campaign/allOf");
        assert!(
            campaign.as_array().expect("allOf").contains(&json!({
                "if": {"properties": {"deviceType": {"enum": [1, 3]}}, "required": ["deviceType"]},
                "then": {"required": ["ivrParam"], "properties": {"ivrParam": {"not": {"type": "null"}}}},
                "x-rule": "ivr-param-required",
            })),
            "{campaign:#}"
        );
        // An unconditional case is the requirement itself.
        assert_eq!(
            pointer(&schema, "/$defs/ResultRetry/allOf/0/required"),
            &json!(["result", "callInterval", "retryNumber"])
        );
        let retry = pointer(&schema, "/$defs/RetryPolicy/allOf");
        let form = retry
            .as_array()
            .and_then(|entries| entries.iter().find(|e| e["x-rule"] == "retry-policy-form"))
            .expect("retry-policy-form entry");
        assert_eq!(form["then"]["anyOf"][1]["required"], json!(["resultRetry"]));
        // Warning-level conditional rules are annotations on the definition.
        let warnings = pointer(&schema, "/$defs/Campaign/x-warnings");
        assert!(
            warnings
                .as_array()
                .expect("x-warnings")
                .iter()
                .any(|w| w["rule"] == "unexpected-sub-object"
                    && w["then"] == json!({"properties": {"ivrParam": {"type": "null"}}}))
        );
        assert!(
            pointer(&schema, "/$defs/Campaign")
                .get("required")
                .is_none()
        );
    }

    #[test]
    fn aliases_are_deprecated_warnings_and_both_spellings_are_refused() {
        let schema = generated(isales_spec::SPEC_TOML);
        let alias = pointer(&schema, "/$defs/ExpPredictParam/properties/minAvgCallTime");
        assert_eq!(alias["deprecated"], true);
        assert_eq!(alias["type"], json!(["integer", "null"]));
        assert_eq!(
            alias["x-warnings"],
            json!([{"rule": "min-avg-call-time-alias"}])
        );
        assert_eq!(
            pointer(&schema, "/$defs/ExpPredictParam/allOf/0"),
            &json!({
                "not": {"required": ["mimAvgCallTime", "minAvgCallTime"]},
                "x-rule": "duplicate-key",
            })
        );
    }

    #[test]
    fn embedded_strings_carry_content_schema_and_tolerate_arrays() {
        let schema = generated(isales_spec::SPEC_TOML);
        let turns = pointer(&schema, "/$defs/CallPolicy/properties/turns/else/anyOf");
        let items = json!({"type": "array", "items": {"$ref": "#/$defs/Turn"}});
        assert_eq!(
            turns,
            &json!([
                {
                    "type": "string",
                    "contentMediaType": "application/json",
                    "contentSchema": items,
                    "x-rules": ["embedded-json"],
                },
                {
                    "type": "array",
                    "items": {"$ref": "#/$defs/Turn"},
                    "x-warnings": [{"rule": "array-instead-of-string"}],
                },
                {"type": "null"},
            ])
        );
    }

    /// Every schema object under `value` that holds `contentSchema`, by JSON pointer.
    fn content_schemas<'v>(value: &'v Value, at: String, found: &mut Vec<(String, &'v Value)>) {
        match value {
            Value::Object(map) => {
                if map.contains_key("contentSchema") {
                    found.push((at.clone(), value));
                }
                for (key, child) in map {
                    content_schemas(child, format!("{at}/{key}"), found);
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate() {
                    content_schemas(child, format!("{at}/{index}"), found);
                }
            }
            _ => {}
        }
    }

    #[test]
    fn every_content_schema_sits_beside_its_media_type() {
        let schema = generated(isales_spec::SPEC_TOML);
        let mut found = Vec::new();
        content_schemas(&schema, String::new(), &mut found);
        // The string forms of the five embedded fields, and the `then` clauses that require
        // fields below their items.
        assert!(
            found.iter().any(|(at, _)| at.contains("/then/")),
            "no contentSchema inside a conditional: {found:?}"
        );
        let lonely: Vec<&String> = found
            .iter()
            .filter(|(_, object)| object["contentMediaType"] != JSON_MEDIA_TYPE)
            .map(|(at, _)| at)
            .collect();
        assert!(
            lonely.is_empty(),
            "contentSchema without contentMediaType at {lonely:?}"
        );
    }

    #[test]
    fn the_envelope_requires_the_campaign_on_success() {
        let schema = generated(isales_spec::SPEC_TOML);
        assert_eq!(
            pointer(&schema, "/$defs/Envelope/allOf/0"),
            &json!({
                "if": {"properties": {"resultCode": {"const": "0200000"}}, "required": ["resultCode"]},
                "then": {"required": ["returnObject"], "properties": {"returnObject": {"type": "object"}}},
                "x-rule": "return-object-required",
            })
        );
        assert_eq!(
            pointer(&schema, "/x-rule-catalog/return-object-on-failure/inSchema"),
            "annotation"
        );
        assert_eq!(
            pointer(&schema, "/x-rule-catalog/schedule-segment-order/inSchema"),
            "not-expressible"
        );
    }

    #[test]
    fn the_catalog_says_which_validators_assert_each_rule() {
        let schema = generated(isales_spec::SPEC_TOML);
        let entry = |rule: &str| pointer(&schema, &format!("/x-rule-catalog/{rule}")).clone();
        // In definitions any validator reaches.
        assert_eq!(entry("round-call-fields")["inSchema"], "asserted");
        assert!(entry("round-call-fields").get("withContent").is_none());
        // In tables reached only through a string that holds a JSON document, or below the
        // `[]` of such a field.
        for (rule, defs) in [
            ("result-retry-fields", json!(["ResultRetry"])),
            ("busi-policy-fields", json!(["BusiPolicy"])),
            ("turn-fields", json!(["Turn"])),
            (
                "number-policy-fields",
                json!(["NumberTypePolicy", "PolicySetting"]),
            ),
        ] {
            assert_eq!(entry(rule)["inSchema"], "asserted-with-content", "{rule}");
            assert_eq!(entry(rule)["withContent"], defs, "{rule}");
        }
        assert_eq!(entry("embedded-json")["inSchema"], "asserted-with-content");
        // Both.
        let enum_value = entry("enum-value");
        assert_eq!(enum_value["inSchema"], "partly-asserted");
        assert_eq!(enum_value["withContent"], json!(["BusiPolicy"]));
        assert!(enum_value.get("notExpressible").is_none());
        // A part no keyword states.
        let duplicate = entry("duplicate-key");
        assert_eq!(duplicate["inSchema"], "partly-asserted");
        assert_eq!(
            duplicate["partly"],
            "an object that spells a field both ways (`mimAvgCallTime` and `minAvgCallTime`)"
        );
        assert!(duplicate["notExpressible"].is_string());
        assert_eq!(entry("integer-format")["inSchema"], "not-expressible");
        assert_eq!(
            entry("busi-call-interval-range")["inSchema"],
            "not-in-schema"
        );
        assert_eq!(entry("callback-url")["inSchema"], "annotation");
        // Every entry uses the vocabulary, which the description explains.
        let description = pointer(&schema, "/description").as_str().expect("text");
        for value in InSchema::ALL {
            assert!(description.contains(&format!("`{}`: ", value.as_str())));
        }
        let values: Vec<&str> = InSchema::ALL.iter().map(|value| value.as_str()).collect();
        for (rule, entry) in pointer(&schema, "/x-rule-catalog")
            .as_object()
            .expect("catalog")
        {
            let in_schema = entry["inSchema"].as_str().unwrap_or_default();
            assert!(values.contains(&in_schema), "{rule}: {in_schema}");
            assert_ne!(
                entry.get("notInSchema"),
                Some(&json!(match UNCLASSIFIED_BUILTIN {
                    Beyond::NotWritten(reason) | Beyond::NotExpressible(reason) => reason,
                })),
                "{rule}: a builtin rule the generator does not know; wire it or list it in \
                 UNWRITTEN_BUILTINS"
            );
        }
    }

    #[test]
    fn a_new_rule_classifies_itself_by_the_tables_it_applies_to() {
        let rule = |id: &str, table: u8, field: &str| {
            format!(
                "\n[[rule]]\nid = \"{id}\"\nkind = \"required-if\"\nseverity = \"error\"\n\
                 provenance = \"inferred\"\ndoc = {{ table = {table} }}\nsummary = \"A test rule.\"\n\
                 explanation = \"For the test.\"\n\n[[rule.case]]\ntable = {table}\n\
                 require = [\"{field}\"]\n"
            )
        };
        let text = format!(
            "{}{}{}",
            isales_spec::SPEC_TOML,
            rule("test-embedded", 15, "result"),
            rule("test-top-level", 4, "name")
        );
        let schema = generated(&text);
        assert_eq!(
            pointer(&schema, "/x-rule-catalog/test-embedded/inSchema"),
            "asserted-with-content"
        );
        assert_eq!(
            pointer(&schema, "/x-rule-catalog/test-top-level/inSchema"),
            "asserted"
        );
    }
}
