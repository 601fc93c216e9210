//! Loading the spec file: TOML to the checked [`Spec`], with every mistake of the file reported
//! at once, each naming the table and row (or rule) it is in.
//!
//! The checks, in the order they run: the TOML shape (unknown keys, wrong value types); tables
//! (numbering 1..n without gaps or repeats, kinds); rows (unique parameter numbers and names,
//! types the generator can express, constraints that fit the type, references to existing
//! object tables whose rows are numbered under the referring row); rules (unique kebab-case ids,
//! known kinds, levels and provenances, documentation references that exist, conditions that
//! parse and only name fields of their table with literals of the field's type and values of its
//! enumeration, field paths that resolve; the hand-written check a builtin rule names, and what
//! its first rule says the check reads: tables that exist, rows that resolve in each); and
//! finally that every constraint names a `field` rule and every `field` rule is used.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use isales_vocabulary::registry;

use crate::condition::{Condition, Literal};
use crate::model::{
    AbsentCase, Alias, Bounds, Check, DocRef, DocRow, EnumValue, Enumeration, ErrorCode, Field,
    FieldType, FixedValue, ForbiddenChars, Format, Interface, OneOfForms, ParamNo, Provenance,
    ReadRole, ReadRow, RequiredCase, Requirement, Row, Rule, RuleKind, RulePart, Severity, Spec,
    Table, TableKind, TableNo,
};
use crate::path::{FieldPath, Step};
use crate::raw::{
    RawBounds, RawCase, RawDocRef, RawField, RawReads, RawRequired, RawRule, RawSpec, RawTable,
};

/// Where in the spec file a mistake is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum SpecLocation {
    /// The file as a whole (TOML syntax or shape).
    File,
    /// A table, by number.
    Table(u8),
    /// A row of a table.
    Row {
        /// The table number.
        table: u8,
        /// The row's parameter number, when the page numbers it.
        param: Option<String>,
        /// The row's wire name.
        name: String,
    },
    /// A rule, by id.
    Rule(String),
}

impl fmt::Display for SpecLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SpecLocation::File => f.write_str("spec file"),
            SpecLocation::Table(table) => write!(f, "Table {table}"),
            SpecLocation::Row {
                table,
                param: Some(param),
                name,
            } => write!(f, "Table {table}, row {param} ({name})"),
            SpecLocation::Row {
                table,
                param: None,
                name,
            } => write!(f, "Table {table}, row `{name}` (not on the page)"),
            SpecLocation::Rule(id) => write!(f, "rule `{id}`"),
        }
    }
}

/// One mistake in the spec file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError {
    /// Where it is.
    pub location: SpecLocation,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// Every mistake found in a spec file (never empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecErrors(pub Vec<SpecError>);

impl fmt::Display for SpecErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.0.len();
        writeln!(
            f,
            "the spec has {count} mistake{}:",
            if count == 1 { "" } else { "s" }
        )?;
        for error in &self.0 {
            writeln!(f, "  {error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for SpecErrors {}

/// Parses and checks a spec file.
///
/// # Errors
/// Every mistake found, each with its location; see the module documentation for the checks.
pub fn load(text: &str) -> Result<Spec, SpecErrors> {
    let raw: RawSpec = toml::from_str(text).map_err(|error| {
        SpecErrors(vec![SpecError {
            location: SpecLocation::File,
            message: error.to_string().trim_end().replace('\n', "\n    "),
        }])
    })?;
    let mut cx = Checker::default();
    let spec = cx.spec(raw);
    if cx.errors.is_empty() {
        Ok(spec)
    } else {
        Err(SpecErrors(cx.errors))
    }
}

#[derive(Default)]
struct Checker {
    errors: Vec<SpecError>,
    /// Rows whose `required` names only a rule: (table, wire name). Their requirement takes
    /// the rule's provenance.
    implicit_requirements: Vec<(u8, String)>,
    /// Every `[rule.reads]`: (check, rule id, what it resolved to when it did).
    reads: Vec<(String, String, Option<Reads>)>,
}

/// What a `[rule.reads]` resolved to: the check's tables and its roles.
type Reads = (Vec<TableNo>, Vec<ReadRole>);

/// The table number of a row location.
fn location_table(row: &SpecLocation) -> u8 {
    match row {
        SpecLocation::Row { table, .. } | SpecLocation::Table(table) => *table,
        SpecLocation::File | SpecLocation::Rule(_) => 0,
    }
}

impl Checker {
    fn error(&mut self, location: SpecLocation, message: impl Into<String>) {
        self.errors.push(SpecError {
            location,
            message: message.into(),
        });
    }

    fn spec(&mut self, raw: RawSpec) -> Spec {
        let interface = Interface {
            title: raw.interface.title,
            method: raw.interface.method,
            path: raw.interface.path,
            success_code: raw.interface.success_code,
            source: raw.interface.source,
        };
        let mut tables: Vec<Table> = raw
            .tables
            .into_iter()
            .map(|table| self.table(table))
            .collect();
        tables.sort_by_key(|table| table.number);
        self.table_numbering(&tables);
        self.references(&tables);
        let rule_ids: BTreeMap<String, String> = raw
            .rules
            .iter()
            .map(|rule| (rule.id.clone(), rule.kind.clone()))
            .collect();
        let mut rules = Vec::new();
        let mut seen = BTreeSet::new();
        for raw_rule in raw.rules {
            if !seen.insert(raw_rule.id.clone()) {
                self.error(
                    SpecLocation::Rule(raw_rule.id.clone()),
                    "the id is used by another rule",
                );
                continue;
            }
            if let Some(rule) = self.rule(raw_rule, &tables) {
                rules.push(rule);
            }
        }
        self.constraint_rules(&tables, &rule_ids);
        for (number, name) in std::mem::take(&mut self.implicit_requirements) {
            let field = tables
                .iter_mut()
                .filter(|table| table.number.0 == number)
                .flat_map(|table| table.fields.iter_mut())
                .find(|field| field.name == name);
            if let Some(field) = field
                && let Some(required) = &mut field.required
                && let Some(rule) = rules.iter().find(|rule| rule.id == required.rule)
            {
                required.provenance = rule.provenance;
            }
        }
        self.doc_coverage(&tables, &rules);
        let checks = self.checks(&rules);
        Spec {
            interface,
            tables,
            rules,
            checks,
        }
    }

    /// Gathers the builtin rules by the check they name; the first rule of each check (and
    /// only that one) says what the check reads, so it is said once for all of its rules.
    fn checks(&mut self, rules: &[Rule]) -> Vec<Check> {
        let mut checks: Vec<(Check, Option<String>)> = Vec::new();
        for rule in rules {
            let Some(name) = &rule.check else {
                continue;
            };
            match checks.iter_mut().find(|(check, _)| &check.name == name) {
                Some((check, _)) => check.rules.push(rule.id.clone()),
                None => checks.push((
                    Check {
                        name: name.clone(),
                        rules: vec![rule.id.clone()],
                        tables: Vec::new(),
                        roles: Vec::new(),
                    },
                    None,
                )),
            }
        }
        for (name, id, resolved) in std::mem::take(&mut self.reads) {
            let Some((check, said_by)) = checks.iter_mut().find(|(check, _)| check.name == name)
            else {
                continue;
            };
            if let Some(first) = said_by {
                let message = format!(
                    "rule `{first}` already says what check `{name}` reads; say it once, in the check's first rule"
                );
                self.error(SpecLocation::Rule(id), message);
                continue;
            }
            if check.rules.first() != Some(&id) {
                let message = format!(
                    "`[rule.reads]` of check `{name}` belongs to its first rule, `{}`",
                    check.rules[0]
                );
                self.error(SpecLocation::Rule(id.clone()), message);
            }
            if let Some((tables, roles)) = resolved {
                check.tables = tables;
                check.roles = roles;
            }
            *said_by = Some(id);
        }
        let mut done = Vec::new();
        for (check, said_by) in checks {
            if said_by.is_none() {
                let message = format!(
                    "no rule says what check `{}` reads: give its first rule a `[rule.reads]`",
                    check.name
                );
                self.error(SpecLocation::Rule(check.rules[0].clone()), message);
            }
            self.reads_are_cited(&check, rules);
            done.push(check);
        }
        done
    }

    /// Every row a check reads is cited by one of its rules (that row, or its whole table):
    /// a reader of a rule's documentation finds every row the check behind it looks at.
    fn reads_are_cited(&mut self, check: &Check, rules: &[Rule]) {
        let cited: Vec<&DocRef> = rules
            .iter()
            .filter(|rule| check.rules.contains(&rule.id))
            .flat_map(|rule| &rule.docs)
            .collect();
        for role in &check.roles {
            for row in &role.rows {
                let covered = cited.iter().any(|doc| {
                    doc.table == row.doc.table
                        && doc.row.as_ref().is_none_or(|cited| {
                            row.doc
                                .row
                                .as_ref()
                                .is_some_and(|read| read.name == cited.name)
                        })
                });
                if !covered {
                    let message = format!(
                        "check `{}` reads {} of {} (role `{}`), which none of its rules cites in `doc`",
                        check.name, row.path, row.doc.table, role.name
                    );
                    self.error(SpecLocation::Rule(check.rules[0].clone()), message);
                }
            }
        }
    }

    /// `[rule.reads]`: the tables a check runs on and, by role, the rows it reads, each
    /// resolved in every one of those tables.
    fn reads(
        &mut self,
        location: &SpecLocation,
        raw: &RawReads,
        tables: &[Table],
    ) -> Option<Reads> {
        if raw.tables.is_empty() {
            self.error(
                location.clone(),
                "`[rule.reads]` lists the tables its check runs on in `tables`",
            );
        }
        if raw.rows.is_empty() {
            self.error(
                location.clone(),
                "`[rule.reads]` names the rows its check reads in `rows`",
            );
        }
        let mut read_tables: Vec<&Table> = Vec::new();
        for number in &raw.tables {
            if read_tables.iter().any(|table| table.number.0 == *number) {
                self.error(
                    location.clone(),
                    format!("`[rule.reads]` lists Table {number} twice"),
                );
                continue;
            }
            read_tables.extend(self.case_table(location, *number, tables));
        }
        let errors_before = self.errors.len();
        let mut roles = Vec::new();
        for (role, rows) in &raw.rows {
            if !is_snake(role) {
                self.error(
                    location.clone(),
                    format!("role `{role}` is not a snake_case word (it names a constant)"),
                );
            }
            if rows.as_slice().is_empty() {
                self.error(location.clone(), format!("role `{role}` names no row"));
            }
            let mut read = Vec::new();
            for table in &read_tables {
                for text in rows.as_slice() {
                    let Some(path) = self.path(location, text, table, tables) else {
                        continue;
                    };
                    let Some((leaf_table, name)) = leaf_row(tables, table.number, &path) else {
                        continue;
                    };
                    let row = tables
                        .iter()
                        .find(|candidate| candidate.number == leaf_table)
                        .and_then(|candidate| candidate.field(&name))
                        .map(|field| field.row.clone());
                    let Some(row) = row else {
                        continue;
                    };
                    read.push(ReadRow {
                        table: table.number,
                        path,
                        doc: DocRef {
                            table: leaf_table,
                            row: Some(DocRow { name, row }),
                        },
                    });
                }
            }
            roles.push(ReadRole {
                name: role.clone(),
                rows: read,
            });
        }
        (self.errors.len() == errors_before && read_tables.len() == raw.tables.len()).then(|| {
            (
                read_tables.iter().map(|table| table.number).collect(),
                roles,
            )
        })
    }

    fn table(&mut self, raw: RawTable) -> Table {
        let location = SpecLocation::Table(raw.number);
        let kind = match raw.kind.as_str() {
            "url-params" => TableKind::UrlParams,
            "headers" => TableKind::Headers,
            "envelope" => TableKind::Envelope,
            "object" => TableKind::Object,
            "error-codes" => TableKind::ErrorCodes,
            other => {
                self.error(
                    location.clone(),
                    format!(
                        "unknown kind `{other}`; expected url-params, headers, envelope, object or error-codes"
                    ),
                );
                TableKind::Object
            }
        };
        if !is_type_name(&raw.type_name) {
            self.error(
                location.clone(),
                format!(
                    "type name `{}` is not an UpperCamelCase identifier",
                    raw.type_name
                ),
            );
        }
        if kind == TableKind::ErrorCodes {
            if !raw.fields.is_empty() {
                self.error(
                    location.clone(),
                    "an error-code table has codes, not fields",
                );
            }
        } else if !raw.codes.is_empty() {
            self.error(location.clone(), "only an error-codes table lists codes");
        }
        let number = TableNo(raw.number);
        let mut fields = Vec::new();
        let mut params = BTreeSet::new();
        let mut names = BTreeSet::new();
        for raw_field in raw.fields {
            let row = SpecLocation::Row {
                table: raw.number,
                param: raw_field.param.clone(),
                name: raw_field.name.clone(),
            };
            if let Some(param) = &raw_field.param
                && !params.insert(param.clone())
            {
                self.error(
                    row.clone(),
                    "the parameter number appears twice in this table",
                );
            }
            for name in std::iter::once(&raw_field.name)
                .chain(raw_field.aliases.iter().map(|alias| &alias.name))
            {
                if !names.insert(name.clone()) {
                    self.error(
                        row.clone(),
                        format!("the name `{name}` appears twice in this table"),
                    );
                }
            }
            fields.push(self.field(raw_field, row, kind));
        }
        let codes = self.codes(raw.number, raw.codes);
        Table {
            number,
            kind,
            type_name: raw.type_name,
            title: raw.title,
            description: raw.description,
            fields,
            codes,
        }
    }

    fn codes(&mut self, table: u8, raw: Vec<crate::raw::RawCode>) -> Vec<ErrorCode> {
        let mut seen_codes = BTreeSet::new();
        let mut seen_names = BTreeSet::new();
        let mut codes = Vec::new();
        for (index, code) in raw.into_iter().enumerate() {
            let location = SpecLocation::Row {
                table,
                param: Some(code.no.to_string()),
                name: code.code.clone(),
            };
            if usize::try_from(code.no).ok() != Some(index + 1) {
                self.error(
                    location.clone(),
                    format!("row number should be {}", index + 1),
                );
            }
            if !(code.code.len() == 7 || code.code.len() == 8)
                || !code.code.bytes().all(|byte| byte.is_ascii_digit())
            {
                self.error(
                    location.clone(),
                    "an error code is 7 or 8 digits, kept exactly",
                );
            }
            if !seen_codes.insert(code.code.clone()) {
                self.error(location.clone(), "the code appears twice");
            }
            if !is_type_name(&code.name) || !seen_names.insert(code.name.clone()) {
                self.error(
                    location.clone(),
                    format!("`{}` is not a unique UpperCamelCase name", code.name),
                );
            }
            codes.push(ErrorCode {
                no: code.no,
                code: code.code,
                name: code.name,
                description: code.description,
            });
        }
        codes
    }

    fn provenance(&mut self, location: &SpecLocation, text: &str) -> Provenance {
        Provenance::from_name(text).unwrap_or_else(|| {
            self.error(
                location.clone(),
                format!("provenance `{text}` is neither `documented` nor `inferred`"),
            );
            Provenance::Inferred
        })
    }

    fn bounds(
        &mut self,
        row: &SpecLocation,
        raw: RawBounds,
        what: &str,
        default_rule: &str,
    ) -> Bounds {
        if raw.min.is_none() && raw.max.is_none() {
            self.error(row.clone(), format!("{what} needs `min`, `max` or both"));
        }
        if let (Some(min), Some(max)) = (raw.min, raw.max)
            && min > max
        {
            self.error(row.clone(), format!("{what}: min {min} is above max {max}"));
        }
        Bounds {
            min: raw.min,
            max: raw.max,
            rule: raw.rule.unwrap_or_else(|| default_rule.to_owned()),
        }
    }

    fn field(&mut self, raw: RawField, row: SpecLocation, kind: TableKind) -> Field {
        let place = match (raw.param, raw.off_page) {
            (Some(param), None) => {
                if !is_param_no(&param) {
                    self.error(
                        row.clone(),
                        "a parameter number is digits separated by dots (`5.11.4`)",
                    );
                }
                Row::Numbered(ParamNo(param))
            }
            (None, Some(source)) => {
                if source.trim().is_empty() {
                    self.error(row.clone(), "`off_page` says where the field is known from");
                }
                Row::OffPage(source)
            }
            (Some(param), Some(_)) => {
                self.error(
                    row.clone(),
                    "a row has a parameter number (`param`) or is not on the page (`off_page`), not both",
                );
                Row::Numbered(ParamNo(param))
            }
            (None, None) => {
                self.error(
                    row.clone(),
                    "a row needs its parameter number (`param`), or `off_page` saying where a field the page does not list comes from",
                );
                Row::OffPage(String::new())
            }
        };
        let header = kind == TableKind::Headers;
        if !(is_wire_name(&raw.name) || header && is_header_name(&raw.name)) {
            self.error(row.clone(), format!("`{}` is not a wire name", raw.name));
        }
        let ty = match (raw.ty.as_str(), raw.table) {
            ("string", None) => FieldType::String,
            ("integer", None) => FieldType::Integer,
            ("object", Some(table)) => FieldType::Object(TableNo(table)),
            ("object", None) => {
                self.error(
                    row.clone(),
                    "an object row needs `table`, the table describing it",
                );
                FieldType::String
            }
            ("string" | "integer", Some(_)) => {
                self.error(
                    row.clone(),
                    "`table` is only for object rows; embedded JSON uses `embedded`",
                );
                FieldType::String
            }
            (other, _) => {
                self.error(
                    row.clone(),
                    format!(
                        "type `{other}` cannot be expressed by the generator; expected string, integer or object"
                    ),
                );
                FieldType::String
            }
        };
        let is_string = ty == FieldType::String;
        let is_integer = ty == FieldType::Integer;
        let only = |ok: bool, what: &str, needed: &str, cx: &mut Self| {
            if !ok {
                cx.error(
                    row.clone(),
                    format!("`{what}` only applies to {needed} rows"),
                );
            }
        };
        only(
            raw.embedded.is_none() || is_string,
            "embedded",
            "string",
            self,
        );
        only(
            raw.enumeration.is_none() || is_integer,
            "enum",
            "integer",
            self,
        );
        only(raw.range.is_none() || is_integer, "range", "integer", self);
        only(raw.length.is_none() || is_string, "length", "string", self);
        only(
            raw.forbidden_chars.is_none() || is_string,
            "forbidden_chars",
            "string",
            self,
        );
        only(raw.format.is_none() || is_string, "format", "string", self);
        only(raw.fixed.is_none() || is_string, "fixed", "string", self);
        only(raw.empty.is_none() || is_string, "empty", "string", self);
        only(
            raw.lone_object.is_none() || raw.embedded.is_some(),
            "lone_object",
            "embedded",
            self,
        );

        // A row of the page is documented; a field the page does not list cannot be.
        let provenance = match place {
            Row::Numbered(_) => Provenance::Documented,
            Row::OffPage(_) => Provenance::Inferred,
        };
        let required = raw.required.map(|required| match required {
            // The rule's own provenance, filled in once the rules are loaded.
            RawRequired::Rule(rule) => {
                self.implicit_requirements
                    .push((location_table(&row), raw.name.clone()));
                Requirement { rule, provenance }
            }
            RawRequired::Detailed(detailed) => Requirement {
                rule: detailed.rule,
                provenance: self.provenance(&row, &detailed.provenance),
            },
        });
        let enumeration = raw.enumeration.map(|raw_enum| {
            let provenance = self.provenance(&row, &raw_enum.provenance);
            if !is_type_name(&raw_enum.type_name) {
                self.error(row.clone(), format!("enum type name `{}` is not UpperCamelCase", raw_enum.type_name));
            }
            if raw_enum.values.is_empty() {
                self.error(row.clone(), "an enum lists at least one value");
            }
            let mut values = BTreeSet::new();
            let mut names = BTreeSet::new();
            for value in &raw_enum.values {
                if !values.insert(value.value) {
                    self.error(row.clone(), format!("enum value {} appears twice", value.value));
                }
                if !is_type_name(&value.name) || !names.insert(value.name.clone()) || value.name == "Other" {
                    self.error(
                        row.clone(),
                        format!("enum variant `{}` is not a unique UpperCamelCase name (and not `Other`)", value.name),
                    );
                }
            }
            if let Some(default) = raw_enum.default
                && !values.contains(&default)
            {
                self.error(row.clone(), format!("the default {default} is not a listed value"));
            }
            let rule = raw_enum.rule.unwrap_or_else(|| match provenance {
                Provenance::Documented => registry::ENUM_VALUE.id.to_owned(),
                Provenance::Inferred => registry::INFERRED_ENUM_VALUE.id.to_owned(),
            });
            Enumeration {
                type_name: raw_enum.type_name,
                provenance,
                rule,
                default: raw_enum.default,
                values: raw_enum
                    .values
                    .into_iter()
                    .map(|value| EnumValue { value: value.value, name: value.name, meaning: value.meaning })
                    .collect(),
            }
        });
        let range = raw
            .range
            .map(|bounds| self.bounds(&row, bounds, "range", registry::OUT_OF_RANGE.id));
        let length = raw
            .length
            .map(|bounds| self.bounds(&row, bounds, "length", registry::OUT_OF_RANGE.id));
        if let Some(Bounds { min: Some(min), .. }) = &length
            && *min < 0
        {
            self.error(row.clone(), "a length cannot be negative");
        }
        let format = raw.format.as_deref().map(|text| {
            Format::ALL
                .into_iter()
                .find(|format| format.as_str() == text)
                .unwrap_or_else(|| {
                    let known: Vec<&str> =
                        Format::ALL.iter().map(|format| format.as_str()).collect();
                    self.error(
                        row.clone(),
                        format!(
                            "format `{text}` is not known; expected one of {}",
                            known.join(", ")
                        ),
                    );
                    Format::TimeOfDay
                })
        });
        Field {
            row: place,
            name: raw.name,
            ty,
            description: raw.description,
            provenance,
            required,
            embedded: raw.embedded.map(TableNo),
            enumeration,
            range,
            length,
            forbidden_chars: raw.forbidden_chars.map(|forbidden| ForbiddenChars {
                chars: forbidden.chars,
                rule: forbidden.rule,
            }),
            format,
            fixed: raw.fixed.map(|fixed| FixedValue {
                value: fixed.value,
                rule: fixed.rule,
            }),
            aliases: raw
                .aliases
                .into_iter()
                .map(|alias| Alias {
                    name: alias.name,
                    rule: alias.rule,
                })
                .collect(),
            secret: raw.secret,
            personal: raw.personal,
            empty: raw.empty,
            lone_object: raw.lone_object,
        }
    }

    /// Tables are numbered 1..n, each once.
    fn table_numbering(&mut self, tables: &[Table]) {
        let mut seen = BTreeSet::new();
        for table in tables {
            if !seen.insert(table.number.0) {
                self.error(
                    SpecLocation::Table(table.number.0),
                    "the table number appears twice",
                );
            }
        }
        if let Some(&last) = seen.iter().next_back() {
            for missing in (1..=last).filter(|number| !seen.contains(number)) {
                self.error(
                    SpecLocation::Table(missing),
                    "missing: tables are numbered without gaps",
                );
            }
        }
        for kind in [
            TableKind::UrlParams,
            TableKind::Headers,
            TableKind::Envelope,
            TableKind::ErrorCodes,
        ] {
            let count = tables.iter().filter(|table| table.kind == kind).count();
            if count != 1 {
                self.error(
                    SpecLocation::File,
                    format!(
                        "expected exactly one `{}` table, found {count}",
                        kind.as_str()
                    ),
                );
            }
        }
    }

    /// Object and embedded rows name existing object tables, numbered under the row, and every
    /// object table is reached from exactly one row.
    fn references(&mut self, tables: &[Table]) {
        let mut referenced: BTreeMap<u8, usize> = BTreeMap::new();
        for table in tables {
            for field in &table.fields {
                let Some(target) = field.target_table() else {
                    continue;
                };
                let row = row_location(table, field);
                *referenced.entry(target.0).or_default() += 1;
                let Some(target_table) = tables.iter().find(|candidate| candidate.number == target)
                else {
                    self.error(row, format!("refers to {target}, which does not exist"));
                    continue;
                };
                if target_table.kind != TableKind::Object {
                    self.error(
                        row,
                        format!(
                            "refers to {target}, a `{}` table, not an object table",
                            target_table.kind.as_str()
                        ),
                    );
                    continue;
                }
                let Some(parent) = field.param() else {
                    self.error(
                        row,
                        "a row the page does not list cannot describe an object table",
                    );
                    continue;
                };
                // A field the page does not list has no number to check.
                for child in &target_table.fields {
                    if child
                        .param()
                        .is_some_and(|param| !param.is_child_of(parent))
                    {
                        self.error(
                            row_location(target_table, child),
                            format!(
                                "is described by row {parent} ({}) of {}, so its number should be {parent}.<n>",
                                field.name, table.number
                            ),
                        );
                    }
                }
            }
        }
        for table in tables
            .iter()
            .filter(|table| table.kind == TableKind::Object)
        {
            match referenced.get(&table.number.0).copied().unwrap_or(0) {
                1 => {}
                0 => self.error(
                    SpecLocation::Table(table.number.0),
                    "no row refers to this object table, so nothing reaches it",
                ),
                count => self.error(
                    SpecLocation::Table(table.number.0),
                    format!(
                        "{count} rows refer to this table; each object table has one parent row"
                    ),
                ),
            }
        }
    }

    /// One documentation reference of a rule: a table, or a row of it by number or (for a row
    /// the page does not number) by name.
    fn doc_ref(
        &mut self,
        location: &SpecLocation,
        raw: &RawDocRef,
        tables: &[Table],
    ) -> Option<DocRef> {
        let number = TableNo(raw.table);
        let Some(table) = tables.iter().find(|table| table.number == number) else {
            self.error(
                location.clone(),
                format!("`doc` refers to {number}, which does not exist"),
            );
            return None;
        };
        let row = match (&raw.param, &raw.field) {
            (None, None) => None,
            (Some(_), Some(_)) => {
                self.error(
                    location.clone(),
                    "a `doc` reference names its row by `param` or by `field`, not both",
                );
                return None;
            }
            (Some(param), None) => {
                let field = table
                    .fields
                    .iter()
                    .find(|field| field.param().is_some_and(|own| &own.0 == param));
                let code = table
                    .codes
                    .iter()
                    .find(|code| &code.no.to_string() == param);
                match (field, code) {
                    (Some(field), _) => Some(DocRow {
                        name: field.name.clone(),
                        row: field.row.clone(),
                    }),
                    (None, Some(code)) => Some(DocRow {
                        name: code.code.clone(),
                        row: Row::Numbered(ParamNo(param.clone())),
                    }),
                    (None, None) => {
                        self.error(
                            location.clone(),
                            format!("`doc` refers to row {param}, which {number} does not have"),
                        );
                        return None;
                    }
                }
            }
            (None, Some(name)) => match table.fields.iter().find(|field| &field.name == name) {
                Some(field) if field.param().is_some() => {
                    self.error(
                        location.clone(),
                        format!(
                            "`doc` names `{name}` by name, but the page numbers it: write `param = \"{}\"`",
                            field.row.param().map_or("", |param| param.0.as_str())
                        ),
                    );
                    return None;
                }
                Some(field) => Some(DocRow {
                    name: field.name.clone(),
                    row: field.row.clone(),
                }),
                None => {
                    self.error(
                        location.clone(),
                        format!("`doc` refers to field `{name}`, which {number} does not have"),
                    );
                    return None;
                }
            },
        };
        Some(DocRef { table: number, row })
    }

    fn rule(&mut self, raw: RawRule, tables: &[Table]) -> Option<Rule> {
        let location = SpecLocation::Rule(raw.id.clone());
        if !is_kebab(&raw.id) {
            self.error(
                location.clone(),
                "a rule id is kebab-case ASCII (`ivr-param-required`)",
            );
        }
        let severity = Severity::from_name(&raw.severity).unwrap_or_else(|| {
            self.error(
                location.clone(),
                format!(
                    "severity `{}` is neither `error` nor `warning`",
                    raw.severity
                ),
            );
            Severity::Error
        });
        let provenance = self.provenance(&location, &raw.provenance);
        let docs: Vec<DocRef> = raw
            .doc
            .as_slice()
            .iter()
            .filter_map(|doc| self.doc_ref(&location, doc, tables))
            .collect();
        if docs.is_empty() {
            self.error(
                location.clone(),
                "`doc` names at least one table or row the rule rests on",
            );
        }
        let has_shape = !raw.cases.is_empty()
            || raw.table.is_some()
            || raw.when.is_some()
            || !raw.forms.is_empty();
        let kind = match raw.kind.as_str() {
            "field" | "builtin" => {
                if has_shape {
                    self.error(
                        location.clone(),
                        format!(
                            "a `{}` rule has no cases, table, condition or forms",
                            raw.kind
                        ),
                    );
                }
                if raw.kind == "field" {
                    RuleKind::Field
                } else {
                    RuleKind::Builtin
                }
            }
            "required-if" => {
                let cases = self.required_cases(&location, &raw, tables, provenance);
                RuleKind::RequiredIf(cases)
            }
            "absent-unless" => RuleKind::AbsentUnless(self.absent_cases(&location, &raw, tables)),
            "one-of-forms" => RuleKind::OneOfForms(self.one_of_forms(&location, &raw, tables)?),
            other => {
                self.error(
                    location,
                    format!("unknown kind `{other}`; expected required-if, one-of-forms, absent-unless, field or builtin"),
                );
                return None;
            }
        };
        let parts = self.parts(&location, &raw, &kind, provenance);
        self.part_provenance(&location, &kind, &parts, provenance);
        let check = self.check(&location, &raw, &kind, tables);
        Some(Rule {
            id: raw.id,
            summary: raw.summary,
            explanation: raw.explanation,
            severity,
            provenance,
            docs,
            example: raw.example,
            kind,
            parts,
            check,
        })
    }

    /// `check` and `[rule.reads]`: only builtin rules name a hand-written check, and what it
    /// reads is said with a check's name. The reads are resolved here and gathered by check
    /// once every rule is loaded ([`Checker::checks`]).
    fn check(
        &mut self,
        location: &SpecLocation,
        raw: &RawRule,
        kind: &RuleKind,
        tables: &[Table],
    ) -> Option<String> {
        let Some(name) = &raw.check else {
            if raw.reads.is_some() {
                self.error(
                    location.clone(),
                    "`[rule.reads]` says what a hand-written check reads: name it with `check`",
                );
            }
            return None;
        };
        if !matches!(kind, RuleKind::Builtin) {
            self.error(
                location.clone(),
                "only a builtin rule names a hand-written `check`",
            );
        }
        if !is_snake(name) {
            self.error(
                location.clone(),
                format!("check `{name}` is not a snake_case name (it names a module)"),
            );
        }
        if let Some(reads) = &raw.reads {
            let resolved = self.reads(location, reads, tables);
            self.reads.push((name.clone(), raw.id.clone(), resolved));
        }
        Some(name.clone())
    }

    fn case_table<'t>(
        &mut self,
        location: &SpecLocation,
        number: u8,
        tables: &'t [Table],
    ) -> Option<&'t Table> {
        let table = tables.iter().find(|table| table.number.0 == number);
        match table {
            None => self.error(
                location.clone(),
                format!("refers to Table {number}, which does not exist"),
            ),
            Some(table) if matches!(table.kind, TableKind::ErrorCodes) => {
                self.error(
                    location.clone(),
                    format!("Table {number} has no fields to check"),
                );
            }
            Some(_) => {}
        }
        table.filter(|table| !matches!(table.kind, TableKind::ErrorCodes))
    }

    fn required_cases(
        &mut self,
        location: &SpecLocation,
        raw: &RawRule,
        tables: &[Table],
        rule_provenance: Provenance,
    ) -> Vec<RequiredCase> {
        if raw.table.is_some() || raw.when.is_some() || !raw.forms.is_empty() {
            self.error(
                location.clone(),
                "a required-if rule lists its conditions under [[rule.case]]",
            );
        }
        if raw.cases.is_empty() {
            self.error(
                location.clone(),
                "a required-if rule needs at least one [[rule.case]]",
            );
        }
        let mut cases = Vec::new();
        for case in &raw.cases {
            let Some(table) = self.case_table(location, case.table, tables) else {
                continue;
            };
            self.no_extra_keys(location, case, &["field", "unless"]);
            let when = case
                .when
                .as_deref()
                .and_then(|text| self.condition(location, text, table));
            if case.require.is_empty() {
                self.error(location.clone(), "a case requires at least one field");
            }
            let require = case
                .require
                .iter()
                .filter_map(|text| self.path(location, text, table, tables))
                .collect();
            let provenance = match &case.provenance {
                Some(text) => self.provenance(location, text),
                None => rule_provenance,
            };
            cases.push(RequiredCase {
                table: table.number,
                when,
                require,
                provenance,
            });
        }
        cases
    }

    fn absent_cases(
        &mut self,
        location: &SpecLocation,
        raw: &RawRule,
        tables: &[Table],
    ) -> Vec<AbsentCase> {
        if raw.cases.is_empty() {
            self.error(
                location.clone(),
                "an absent-unless rule needs at least one [[rule.case]]",
            );
        }
        let mut cases = Vec::new();
        for case in &raw.cases {
            let Some(table) = self.case_table(location, case.table, tables) else {
                continue;
            };
            self.no_extra_keys(location, case, &["when", "require", "provenance"]);
            let (Some(field), Some(unless)) = (&case.field, &case.unless) else {
                self.error(
                    location.clone(),
                    "an absent-unless case needs `field` and `unless`",
                );
                continue;
            };
            if table.field(field).is_none() {
                self.error(
                    location.clone(),
                    format!("field `{field}` is not a row of {}", table.number),
                );
                continue;
            }
            let Some(unless) = self.condition(location, unless, table) else {
                continue;
            };
            cases.push(AbsentCase {
                table: table.number,
                field: field.clone(),
                unless,
            });
        }
        cases
    }

    fn one_of_forms(
        &mut self,
        location: &SpecLocation,
        raw: &RawRule,
        tables: &[Table],
    ) -> Option<OneOfForms> {
        if !raw.cases.is_empty() {
            self.error(
                location.clone(),
                "a one-of-forms rule takes `table`, `when` and `forms`, not cases",
            );
        }
        let Some(number) = raw.table else {
            self.error(location.clone(), "a one-of-forms rule needs `table`");
            return None;
        };
        let table = self.case_table(location, number, tables)?;
        let Some(when) = raw.when.as_deref() else {
            self.error(location.clone(), "a one-of-forms rule needs `when`");
            return None;
        };
        let when = self.condition(location, when, table);
        if raw.forms.len() < 2 {
            self.error(
                location.clone(),
                "a one-of-forms rule lists at least two forms",
            );
        }
        let forms = raw
            .forms
            .iter()
            .map(|form| {
                form.iter()
                    .filter_map(|text| self.path(location, text, table, tables))
                    .collect()
            })
            .collect();
        Some(OneOfForms {
            table: table.number,
            when: when?,
            forms,
        })
    }

    /// `[[rule.part]]`: the requirements of a builtin rule, each with its provenance.
    fn parts(
        &mut self,
        location: &SpecLocation,
        raw: &RawRule,
        kind: &RuleKind,
        rule_provenance: Provenance,
    ) -> Vec<RulePart> {
        if raw.parts.is_empty() {
            return Vec::new();
        }
        if !matches!(kind, RuleKind::Builtin) {
            self.error(
                location.clone(),
                "only a builtin rule lists [[rule.part]]; other kinds set `provenance` on their cases or rows",
            );
        }
        let parts: Vec<RulePart> = raw
            .parts
            .iter()
            .map(|part| RulePart {
                summary: part.summary.clone(),
                provenance: self.provenance(location, &part.provenance),
            })
            .collect();
        if parts.iter().all(|part| part.provenance == rule_provenance) {
            self.error(
                location.clone(),
                "[[rule.part]] is for rules whose parts differ in provenance; every part here has the rule's",
            );
        }
        parts
    }

    /// A documented rule may have inferred parts; an inferred rule has no documented part
    /// (its own provenance would then be a lie), and a documented rule keeps one documented
    /// part at least.
    fn part_provenance(
        &mut self,
        location: &SpecLocation,
        kind: &RuleKind,
        parts: &[RulePart],
        rule_provenance: Provenance,
    ) {
        let mut provenances: Vec<Provenance> = parts.iter().map(|part| part.provenance).collect();
        if let RuleKind::RequiredIf(cases) = kind {
            provenances.extend(cases.iter().map(|case| case.provenance));
        }
        if provenances.is_empty() {
            return;
        }
        match rule_provenance {
            Provenance::Inferred if provenances.contains(&Provenance::Documented) => self.error(
                location.clone(),
                "an inferred rule has a documented part; make the rule documented and mark its inferred parts",
            ),
            Provenance::Documented if !provenances.contains(&Provenance::Documented) => {
                self.error(
                    location.clone(),
                    "every part of this documented rule is inferred; the rule is inferred",
                );
            }
            _ => {}
        }
    }

    fn no_extra_keys(&mut self, location: &SpecLocation, case: &RawCase, keys: &[&str]) {
        for key in keys {
            let set = match *key {
                "field" => case.field.is_some(),
                "unless" => case.unless.is_some(),
                "when" => case.when.is_some(),
                "require" => !case.require.is_empty(),
                "provenance" => case.provenance.is_some(),
                _ => false,
            };
            if set {
                self.error(
                    location.clone(),
                    format!("`{key}` does not belong in a case of this kind of rule"),
                );
            }
        }
    }

    /// Parses a condition and checks it against the table it reads.
    fn condition(
        &mut self,
        location: &SpecLocation,
        text: &str,
        table: &Table,
    ) -> Option<Condition> {
        let condition: Condition = match text.parse() {
            Ok(condition) => condition,
            Err(error) => {
                self.error(location.clone(), format!("condition `{text}`: {error}"));
                return None;
            }
        };
        let mut ok = true;
        for (name, _, literals) in condition.comparisons() {
            let Some(field) = table.fields.iter().find(|field| field.name == name) else {
                let known: Vec<&str> = table
                    .fields
                    .iter()
                    .map(|field| field.name.as_str())
                    .collect();
                self.error(
                    location.clone(),
                    format!(
                        "condition `{text}` names `{name}`, which is not a field of {}; its fields are {}",
                        table.number,
                        known.join(", ")
                    ),
                );
                ok = false;
                continue;
            };
            for literal in literals {
                match (field.ty, literal) {
                    (FieldType::Integer, Literal::Int(value)) => {
                        if let Some(enumeration) = &field.enumeration
                            && !enumeration.values.iter().any(|known| known.value == *value)
                        {
                            self.error(
                                location.clone(),
                                format!(
                                    "condition `{text}`: {value} is not a listed value of `{name}`"
                                ),
                            );
                            ok = false;
                        }
                    }
                    (FieldType::String, Literal::Str(_)) => {}
                    _ => {
                        self.error(
                            location.clone(),
                            format!("condition `{text}` compares `{name}` with {literal}, which is not of its type"),
                        );
                        ok = false;
                    }
                }
            }
        }
        ok.then_some(condition)
    }

    /// Parses a field path and resolves it through object and embedded rows.
    fn path(
        &mut self,
        location: &SpecLocation,
        text: &str,
        table: &Table,
        tables: &[Table],
    ) -> Option<FieldPath> {
        let path: FieldPath = match text.parse() {
            Ok(path) => path,
            Err(error) => {
                self.error(location.clone(), format!("path {error}"));
                return None;
            }
        };
        let mut current = table;
        let mut pending_items = false;
        let steps = path.steps();
        for (index, step) in steps.iter().enumerate() {
            match step {
                Step::Field(name) => {
                    let Some(field) = current.fields.iter().find(|field| &field.name == name)
                    else {
                        self.error(
                            location.clone(),
                            format!(
                                "path `{text}`: `{name}` is not a field of {}",
                                current.number
                            ),
                        );
                        return None;
                    };
                    let is_last = index + 1 == steps.len();
                    if is_last {
                        break;
                    }
                    let next_is_items = matches!(steps.get(index + 1), Some(Step::Items));
                    match (field.ty, field.embedded, next_is_items) {
                        (FieldType::Object(target), None, false)
                        | (FieldType::String, Some(target), true) => {
                            let next = tables.iter().find(|table| table.number == target)?;
                            current = next;
                            pending_items = next_is_items;
                        }
                        (FieldType::String, Some(_), false) => {
                            self.error(
                                location.clone(),
                                format!("path `{text}`: `{name}` holds an array; write `{name}[]`"),
                            );
                            return None;
                        }
                        _ => {
                            self.error(
                                location.clone(),
                                format!("path `{text}`: cannot step below `{name}`"),
                            );
                            return None;
                        }
                    }
                }
                Step::Items => {
                    if !pending_items {
                        self.error(
                            location.clone(),
                            format!("path `{text}`: `[]` follows a field that is not an array"),
                        );
                        return None;
                    }
                    pending_items = false;
                }
            }
        }
        Some(path)
    }

    /// A rule's `doc` covers every row it checks: each row whose constraint names a `field` rule,
    /// each field a case requires or wants absent, each field of a form. A row is covered by a
    /// reference to it or to its whole table. SARIF and `explain` show these references as the
    /// rule's help, so a rule that checks several rows must not cite one of them only.
    fn doc_coverage(&mut self, tables: &[Table], rules: &[Rule]) {
        for rule in rules {
            let mut rows: Vec<(TableNo, String)> = Vec::new();
            match &rule.kind {
                RuleKind::Field => {
                    for table in tables {
                        for field in &table.fields {
                            if field.names_rule(&rule.id) {
                                rows.push((table.number, field.name.clone()));
                            }
                        }
                    }
                }
                RuleKind::RequiredIf(cases) => {
                    for case in cases {
                        for path in &case.require {
                            rows.extend(leaf_row(tables, case.table, path));
                        }
                    }
                }
                RuleKind::AbsentUnless(cases) => {
                    rows.extend(cases.iter().map(|case| (case.table, case.field.clone())));
                }
                RuleKind::OneOfForms(forms) => {
                    for path in forms.forms.iter().flatten() {
                        rows.extend(leaf_row(tables, forms.table, path));
                    }
                }
                RuleKind::Builtin => {}
            }
            for (table, name) in rows {
                let covered = rule.docs.iter().any(|doc| {
                    doc.table == table && doc.row.as_ref().is_none_or(|row| row.name == name)
                });
                if !covered {
                    self.error(
                        SpecLocation::Rule(rule.id.clone()),
                        format!("checks `{name}` of {table}, which its `doc` does not cite"),
                    );
                }
            }
        }
    }

    /// Every constraint names an existing `field` rule, and every `field` rule is used.
    fn constraint_rules(&mut self, tables: &[Table], rule_kinds: &BTreeMap<String, String>) {
        let mut used = BTreeSet::new();
        for table in tables {
            for field in &table.fields {
                let row = row_location(table, field);
                let named: Vec<String> = field.constraint_rules().map(str::to_owned).collect();
                for rule in named {
                    match rule_kinds.get(&rule).map(String::as_str) {
                        Some("field") => {}
                        Some(other) => self.error(
                            row.clone(),
                            format!("names rule `{rule}`, a `{other}` rule; constraints name `field` rules"),
                        ),
                        None => self.error(row.clone(), format!("names rule `{rule}`, which is not defined")),
                    }
                    used.insert(rule);
                }
            }
        }
        for (id, kind) in rule_kinds {
            if kind == "field" && !used.contains(id) {
                self.error(
                    SpecLocation::Rule(id.clone()),
                    "no field uses this `field` rule",
                );
            }
        }
    }
}

/// The table and row a field path from `table` ends at (`policy[].retryDay` of Table 19 ends
/// at Table 20's `retryDay`).
fn leaf_row(tables: &[Table], table: TableNo, path: &FieldPath) -> Option<(TableNo, String)> {
    let mut current = tables.iter().find(|candidate| candidate.number == table)?;
    let mut leaf = None;
    for step in path.steps() {
        let Step::Field(name) = step else {
            continue;
        };
        if let Some(number) = leaf.take().and_then(|field: &Field| field.target_table()) {
            current = tables.iter().find(|candidate| candidate.number == number)?;
        }
        leaf = Some(current.field(name)?);
    }
    leaf.map(|field| (current.number, field.name.clone()))
}

fn row_location(table: &Table, field: &Field) -> SpecLocation {
    SpecLocation::Row {
        table: table.number.0,
        param: field.param().map(|param| param.0.clone()),
        name: field.name.clone(),
    }
}

fn is_param_no(text: &str) -> bool {
    !text.is_empty()
        && text
            .split('.')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
}

fn is_wire_name(text: &str) -> bool {
    text.chars()
        .next()
        .is_some_and(|first| first.is_ascii_lowercase())
        && text.chars().all(|ch| ch.is_ascii_alphanumeric())
}

fn is_header_name(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || ch == '-')
}

fn is_type_name(text: &str) -> bool {
    text.chars()
        .next()
        .is_some_and(|first| first.is_ascii_uppercase())
        && text.chars().all(|ch| ch.is_ascii_alphanumeric())
}

fn is_snake(text: &str) -> bool {
    text.chars()
        .next()
        .is_some_and(|first| first.is_ascii_lowercase())
        && !text.ends_with('_')
        && !text.contains("__")
        && text
            .chars()
            .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_')
}

fn is_kebab(text: &str) -> bool {
    !text.is_empty()
        && !text.starts_with('-')
        && !text.ends_with('-')
        && !text.contains("--")
        && text
            .chars()
            .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-')
}
