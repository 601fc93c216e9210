//! `#[contract(...)]`, and the parts of `#[serde(...)]` that decide wire names, parsed into plain
//! structs.
//!
//! The entry points are [`Container::from_attrs`] and [`Field::from_attrs`]. Neither returns a
//! `Result`: an unknown key, a duplicate, a malformed value or a condition that does not parse is
//! recorded in the [`Ctxt`] with the span of the offending tokens, the key is dropped, and parsing
//! carries on with the next key, so the user sees every mistake of every attribute at once
//! (serde's `internals/attr.rs` works the same way). Checks that need more than one key (a
//! condition naming a field, `min > max`, a rule on the wrong type) live in
//! [`check`](crate::check); this module only checks what one key can say about itself.
//!
//! `#[serde(...)]` is read leniently: only `rename`, `rename_all` and `default` matter here, and
//! mistakes in serde's attributes are serde's to report.

use std::fmt::Display;
use std::str::FromStr;

use isales_spec::{Condition, ConditionError, FieldPath};
use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::meta::ParseNestedMeta;
use syn::{Attribute, Expr, Lit, LitStr, Path, Token};

use crate::case::RenameRule;
use crate::ctxt::Ctxt;
use crate::symbol::{self, Symbol};

pub use isales_vocabulary::{Provenance, Severity};

/// A textual format the runtime's `check_format` knows, with its attribute spellings
/// ([`Format::ATTRIBUTE_NAMES`]).
pub use isales_vocabulary::Format;

/// How a constraint is reported: `rule = ".."`, `severity = ".."`, `provenance = ".."`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleAttrs {
    /// The rule id.
    pub rule: Option<String>,
    /// The default level.
    pub severity: Option<Severity>,
    /// Documented or inferred.
    pub provenance: Option<Provenance>,
}

/// A value and the tokens it was written as, for error spans.
#[derive(Debug, Clone)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Its tokens.
    pub tokens: TokenStream,
}

/// `doc(table = 7, param = "5.11.4")`, or `doc(table = 4, off_page = "..")` for a field the
/// documentation does not list.
#[derive(Debug, Clone)]
pub struct Doc {
    /// The `doc` key.
    pub key: Path,
    /// Table number; on a field, defaults to the container's.
    pub table: Option<u8>,
    /// Parameter number.
    pub param: Option<String>,
    /// Where a field the documentation does not list is known from; such a field has no
    /// parameter number, and what it reports is inferred.
    pub off_page: Option<String>,
}

/// A condition as written, parsed.
#[derive(Debug, Clone)]
pub struct When {
    /// The string literal.
    pub lit: LitStr,
    /// What it says.
    pub condition: Condition,
}

/// Container `required_if(when = .., fields = [..], ..)`.
#[derive(Debug, Clone)]
pub struct PathRequirement {
    /// The `required_if` key.
    pub key: Path,
    /// The condition; `None` is always.
    pub when: Option<When>,
    /// The required fields, as paths from this object.
    pub fields: Vec<Spanned<FieldPath>>,
    /// Rule overrides.
    pub rule: RuleAttrs,
    /// Documentation row.
    pub doc: Option<Doc>,
}

/// Container `one_of_forms(when = .., forms = [[..], ..], ..)`.
#[derive(Debug, Clone)]
pub struct OneOfForms {
    /// The `one_of_forms` key.
    pub key: Path,
    /// The condition under which a complete form is needed.
    pub when: When,
    /// The alternatives, each a set of sibling wire names.
    pub forms: Vec<Vec<Spanned<String>>>,
    /// Rule overrides.
    pub rule: RuleAttrs,
    /// Documentation row.
    pub doc: Option<Doc>,
}

/// What `#[contract(...)]` says about the struct.
#[derive(Debug, Clone, Default)]
pub struct Container {
    /// `doc(table = ..)`.
    pub doc: Option<Doc>,
    /// `required_if(...)`, in order.
    pub required_if: Vec<PathRequirement>,
    /// `one_of_forms(...)`, in order.
    pub one_of_forms: Vec<OneOfForms>,
    /// `check = ..`, in order.
    pub checks: Vec<Path>,
    /// `crate = ".."`.
    pub krate: Option<Path>,
    /// `deserialize = ".."`: the contract's own reader, with what it expects for messages.
    pub deserialize: Option<LitStr>,
    /// `#[serde(rename_all = "..")]`.
    pub rename_all: Option<RenameRule>,
    /// `#[serde(default)]` on the struct.
    pub serde_default: bool,
}

/// A key that stands alone or takes rule overrides: `required`, `required(rule = ..)`, and
/// likewise `empty_as_absent` and `lone_object`.
#[derive(Debug, Clone)]
pub struct Required {
    /// The key.
    pub key: Path,
    /// Rule overrides.
    pub rule: RuleAttrs,
}

/// `required_if = ".."` or `absent_unless = ".."`, either written out in parentheses.
#[derive(Debug, Clone)]
pub struct Conditional {
    /// The key.
    pub key: Path,
    /// The condition.
    pub when: When,
    /// Rule overrides.
    pub rule: RuleAttrs,
}

/// `one_of = [..]` or `one_of(values = [..], ..)`.
#[derive(Debug, Clone)]
pub struct OneOf {
    /// The key.
    pub key: Path,
    /// The listed values.
    pub values: Vec<i64>,
    /// Rule overrides.
    pub rule: RuleAttrs,
}

/// `range(min = .., max = ..)` or `length(min = .., max = ..)`.
#[derive(Debug, Clone)]
pub struct Bounds<T> {
    /// The key.
    pub key: Path,
    /// Smallest allowed.
    pub min: Option<Spanned<T>>,
    /// Largest allowed.
    pub max: Option<Spanned<T>>,
    /// Rule overrides.
    pub rule: RuleAttrs,
}

/// `chars(forbid = "..")`.
#[derive(Debug, Clone)]
pub struct Chars {
    /// The key.
    pub key: Path,
    /// The forbidden characters.
    pub forbid: String,
    /// Rule overrides.
    pub rule: RuleAttrs,
}

/// `format = ".."` or `format(kind = "..", ..)`.
#[derive(Debug, Clone)]
pub struct FormatAttr {
    /// The key.
    pub key: Path,
    /// The format.
    pub format: Format,
    /// Rule overrides.
    pub rule: RuleAttrs,
}

/// `fixed = ".."` or `fixed(value = .., ..)`.
#[derive(Debug, Clone)]
pub struct Fixed {
    /// The key.
    pub key: Path,
    /// The only value allowed.
    pub value: String,
    /// Rule overrides.
    pub rule: RuleAttrs,
}

/// `alias = ".."` or `alias(name = .., ..)`.
#[derive(Debug, Clone)]
pub struct Alias {
    /// The key.
    pub key: Path,
    /// The other spelling.
    pub name: Spanned<String>,
    /// Rule overrides.
    pub rule: RuleAttrs,
}

/// `json_string = "Vec<Turn>"`.
#[derive(Debug, Clone)]
pub struct JsonStringAttr {
    /// The key.
    pub key: Path,
    /// The type of the embedded document.
    pub ty: syn::Type,
}

/// What `#[contract(...)]` says about one field.
#[derive(Debug, Clone, Default)]
pub struct Field {
    /// Every key written, in order (for "stands alone" checks).
    pub keys: Vec<Path>,
    /// `doc(..)`.
    pub doc: Option<Doc>,
    /// `required`.
    pub required: Option<Required>,
    /// `required_if`, in order.
    pub required_if: Vec<Conditional>,
    /// `absent_unless`.
    pub absent_unless: Option<Conditional>,
    /// `one_of`.
    pub one_of: Option<OneOf>,
    /// `range`.
    pub range: Option<Bounds<i64>>,
    /// `length`.
    pub length: Option<Bounds<usize>>,
    /// `chars`.
    pub chars: Option<Chars>,
    /// `format`.
    pub format: Option<FormatAttr>,
    /// `fixed`.
    pub fixed: Option<Fixed>,
    /// `alias`.
    pub alias: Option<Alias>,
    /// `json_string`.
    pub json_string: Option<JsonStringAttr>,
    /// `empty_as_absent`: `""` means the field is not set.
    pub empty_as_absent: Option<Required>,
    /// `lone_object`: the embedded document may be one object where the array is documented.
    pub lone_object: Option<Required>,
    /// `personal`.
    pub personal: Option<Path>,
    /// `extra`.
    pub extra: Option<Path>,
    /// `skip`.
    pub skip: Option<Path>,
    /// Field-level `rule`, `severity`, `provenance`.
    pub defaults: RuleAttrs,
    /// `#[serde(rename = "..")]` (the deserialize name).
    pub serde_rename: Option<String>,
    /// `#[serde(default)]` on the field.
    pub serde_default: bool,
}

/// Where a key is written, for messages and for the keys valid there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Position {
    Container,
    Field,
}

impl Container {
    /// Parses the container's `#[contract]` and `#[serde]` attributes.
    pub fn from_attrs(cx: &Ctxt, attrs: &[Attribute]) -> Self {
        let mut container = Container::default();
        for_each_key(cx, attrs, |meta| {
            let key = meta.path.clone();
            if key == symbol::DOC {
                let doc = parse_doc(cx, &meta)?;
                set_once(cx, &mut container.doc, &key, doc);
            } else if key == symbol::REQUIRED_IF {
                if let Some(requirement) = parse_path_requirement(cx, &meta)? {
                    container.required_if.push(requirement);
                }
            } else if key == symbol::ONE_OF_FORMS {
                if let Some(forms) = parse_one_of_forms(cx, &meta)? {
                    container.one_of_forms.push(forms);
                }
            } else if key == symbol::CHECK {
                if let Some(path) = expect_value(cx, &meta, "`check = path::to::function`")?
                    .and_then(|expr| expr_path(cx, &expr, symbol::CHECK))
                {
                    container.checks.push(path);
                }
            } else if key == symbol::CRATE {
                let path = expect_value(cx, &meta, "`crate = \"path::to::isales_contract\"`")?
                    .and_then(|expr| lit_str(cx, &expr, symbol::CRATE))
                    .and_then(|lit| match lit.parse::<Path>() {
                        Ok(path) => Some(path),
                        Err(error) => {
                            cx.error_spanned_by(&lit, format!("`crate` takes a path: {error}"));
                            None
                        }
                    });
                if let Some(path) = path {
                    set_once(cx, &mut container.krate, &key, path);
                }
            } else if key == symbol::DESERIALIZE {
                if let Some(lit) = expect_value(cx, &meta, "`deserialize = \"a ... object\"`")?
                    .and_then(|expr| lit_str(cx, &expr, symbol::DESERIALIZE))
                {
                    set_once(cx, &mut container.deserialize, &key, lit);
                }
            } else {
                unknown_key(cx, &meta, Position::Container)?;
            }
            Ok(())
        });
        for_each_serde_key(attrs, |meta| {
            if meta.path == symbol::RENAME_ALL {
                if let Some(name) = serde_name(&meta)? {
                    container.rename_all = RenameRule::from_name(&name.value());
                }
            } else if meta.path == symbol::DEFAULT {
                container.serde_default = true;
                skip_value(&meta)?;
            } else {
                skip_value(&meta)?;
            }
            Ok(())
        });
        container
    }
}

impl Field {
    /// Parses a field's `#[contract]` and `#[serde]` attributes.
    pub fn from_attrs(cx: &Ctxt, attrs: &[Attribute]) -> Self {
        let mut field = Field::default();
        for_each_key(cx, attrs, |meta| {
            let key = meta.path.clone();
            if FIELD_PARSERS.iter().any(|(symbol, _)| key == *symbol) {
                field.keys.push(key.clone());
            }
            match FIELD_PARSERS.iter().find(|(symbol, _)| key == *symbol) {
                Some((_, parse)) => parse(cx, &meta, &mut field),
                None => unknown_key(cx, &meta, Position::Field),
            }
        });
        for_each_serde_key(attrs, |meta| {
            if meta.path == symbol::RENAME {
                if let Some(name) = serde_name(&meta)? {
                    field.serde_rename = Some(name.value());
                }
            } else if meta.path == symbol::DEFAULT {
                field.serde_default = true;
                skip_value(&meta)?;
            } else {
                skip_value(&meta)?;
            }
            Ok(())
        });
        field
    }
}

/// What `#[contract(...)]` and `#[serde(...)]` say about an enum deriving `Contract`.
#[derive(Debug, Clone, Default)]
pub struct Enum {
    /// `crate = ".."`.
    pub krate: Option<Path>,
    /// `rule`, `severity`, `provenance`: how a value that is no variant is reported.
    pub rule: RuleAttrs,
    /// `#[serde(rename_all = "..")]`.
    pub rename_all: Option<RenameRule>,
}

/// The keys valid on an enum.
pub const ENUM_KEYS: &[Symbol] = &[
    symbol::CRATE,
    symbol::RULE,
    symbol::SEVERITY,
    symbol::PROVENANCE,
];

impl Enum {
    /// Parses an enum's `#[contract]` and `#[serde]` attributes.
    pub fn from_attrs(cx: &Ctxt, attrs: &[Attribute]) -> Self {
        let mut parsed = Enum::default();
        for_each_key(cx, attrs, |meta| {
            let key = meta.path.clone();
            if key == symbol::CRATE {
                let path = expect_value(cx, &meta, "`crate = \"path::to::isales_contract\"`")?
                    .and_then(|expr| lit_str(cx, &expr, symbol::CRATE))
                    .and_then(|lit| match lit.parse::<Path>() {
                        Ok(path) => Some(path),
                        Err(error) => {
                            cx.error_spanned_by(&lit, format!("`crate` takes a path: {error}"));
                            None
                        }
                    });
                if let Some(path) = path {
                    set_once(cx, &mut parsed.krate, &key, path);
                }
            } else if !parse_rule_key(cx, &meta, &mut parsed.rule)? {
                let name = key.to_token_stream().to_string().replace(' ', "");
                cx.error_spanned_by(
                    &key,
                    format!(
                        "unknown key `{name}` on an enum; expected {}",
                        symbol::list(ENUM_KEYS)
                    ),
                );
                skip_value(&meta)?;
            }
            Ok(())
        });
        for_each_serde_key(attrs, |meta| {
            if meta.path == symbol::RENAME_ALL {
                if let Some(name) = serde_name(&meta)? {
                    parsed.rename_all = RenameRule::from_name(&name.value());
                }
            } else {
                skip_value(&meta)?;
            }
            Ok(())
        });
        parsed
    }
}

/// What `#[serde(...)]` says about one variant of an enum deriving `Contract`.
#[derive(Debug, Clone, Default)]
pub struct Variant {
    /// `rename = ".."` (the deserialize name).
    pub rename: Option<String>,
    /// `alias = ".."`, in order.
    pub aliases: Vec<String>,
    /// `skip` or `skip_deserializing`: never read from JSON.
    pub skip: bool,
    /// `other`: what serde reads any unlisted value as.
    pub other: bool,
}

impl Variant {
    /// Parses a variant's attributes; `#[contract]` has no keys there.
    pub fn from_attrs(cx: &Ctxt, attrs: &[Attribute]) -> Self {
        let mut variant = Variant::default();
        for attr in attrs.iter().filter(|attr| attr.path() == symbol::CONTRACT) {
            cx.error_spanned_by(
                attr,
                "`#[contract]` goes on the enum (`rule`, `severity`, `provenance`), not on a variant",
            );
        }
        for_each_serde_key(attrs, |meta| {
            if meta.path == symbol::RENAME {
                if let Some(name) = serde_name(&meta)? {
                    variant.rename = Some(name.value());
                }
            } else if meta.path == symbol::ALIAS {
                let lit: LitStr = meta.value()?.parse()?;
                variant.aliases.push(lit.value());
            } else if meta.path == symbol::SKIP || meta.path.is_ident("skip_deserializing") {
                variant.skip = true;
                skip_value(&meta)?;
            } else if meta.path.is_ident("other") {
                variant.other = true;
            } else {
                skip_value(&meta)?;
            }
            Ok(())
        });
        variant
    }
}

type FieldParser = fn(&Ctxt, &ParseNestedMeta<'_>, &mut Field) -> syn::Result<()>;

/// One parser per field key; `Field::from_attrs` dispatches through this table.
const FIELD_PARSERS: &[(Symbol, FieldParser)] = &[
    (symbol::DOC, |cx, meta, field| {
        let doc = parse_doc(cx, meta)?;
        set_once(cx, &mut field.doc, &meta.path, doc);
        Ok(())
    }),
    (symbol::REQUIRED, |cx, meta, field| {
        let required = parse_flag_with_rule(cx, meta, symbol::REQUIRED)?;
        set_once(cx, &mut field.required, &meta.path, required);
        Ok(())
    }),
    (symbol::EMPTY_AS_ABSENT, |cx, meta, field| {
        let flag = parse_flag_with_rule(cx, meta, symbol::EMPTY_AS_ABSENT)?;
        set_once(cx, &mut field.empty_as_absent, &meta.path, flag);
        Ok(())
    }),
    (symbol::LONE_OBJECT, |cx, meta, field| {
        let flag = parse_flag_with_rule(cx, meta, symbol::LONE_OBJECT)?;
        set_once(cx, &mut field.lone_object, &meta.path, flag);
        Ok(())
    }),
    (symbol::REQUIRED_IF, |cx, meta, field| {
        if let Some(conditional) = parse_conditional(cx, meta)? {
            field.required_if.push(conditional);
        }
        Ok(())
    }),
    (symbol::ABSENT_UNLESS, |cx, meta, field| {
        if let Some(conditional) = parse_conditional(cx, meta)? {
            set_once(cx, &mut field.absent_unless, &meta.path, conditional);
        }
        Ok(())
    }),
    (symbol::ONE_OF, |cx, meta, field| {
        let (values, rule) = value_or_nested(
            cx,
            meta,
            (symbol::ONE_OF, "the listed values: `one_of = [1, 2]`"),
            (symbol::VALUES, "`values = [..]`"),
            int_list,
        )?;
        if let Some(values) = values {
            let one_of = OneOf {
                key: meta.path.clone(),
                values,
                rule,
            };
            set_once(cx, &mut field.one_of, &meta.path, one_of);
        }
        Ok(())
    }),
    (symbol::RANGE, |cx, meta, field| {
        if let Some(bounds) = parse_bounds::<i64>(cx, meta, symbol::RANGE)? {
            set_once(cx, &mut field.range, &meta.path, bounds);
        }
        Ok(())
    }),
    (symbol::LENGTH, |cx, meta, field| {
        if let Some(bounds) = parse_bounds::<usize>(cx, meta, symbol::LENGTH)? {
            set_once(cx, &mut field.length, &meta.path, bounds);
        }
        Ok(())
    }),
    (symbol::CHARS, |cx, meta, field| {
        if !meta.input.peek(syn::token::Paren) {
            skip_value(meta)?;
            cx.error_spanned_by(&meta.path, "`chars` takes a list: `chars(forbid = \"<>\")`");
            return Ok(());
        }
        let mut rule = RuleAttrs::default();
        let mut forbid = None;
        let before = cx.error_count();
        meta.parse_nested_meta(|inner| {
            if inner.path == symbol::FORBID {
                let expr: Expr = inner.value()?.parse()?;
                match lit_str(cx, &expr, symbol::FORBID) {
                    Some(lit) if lit.value().is_empty() => {
                        cx.error_spanned_by(&lit, "`forbid` lists no characters");
                    }
                    Some(lit) => set_once(cx, &mut forbid, &inner.path, lit.value()),
                    None => {}
                }
            } else if !parse_rule_key(cx, &inner, &mut rule)? {
                unknown_inner(cx, &inner, symbol::CHARS, &[&[symbol::FORBID], RULE_KEYS])?;
            }
            Ok(())
        })?;
        match forbid {
            Some(forbid) => {
                let chars = Chars {
                    key: meta.path.clone(),
                    forbid,
                    rule,
                };
                set_once(cx, &mut field.chars, &meta.path, chars);
            }
            None if cx.error_count() == before => {
                cx.error_spanned_by(&meta.path, "`chars(...)` needs `forbid = \"..\"`");
            }
            None => {}
        }
        Ok(())
    }),
    (symbol::FORMAT, |cx, meta, field| {
        let (format, rule) = value_or_nested(
            cx,
            meta,
            (symbol::FORMAT, "a format: `format = \"time_of_day\"`"),
            (symbol::KIND, "`kind = \"..\"`"),
            |cx, expr, key| {
                lit_str(cx, expr, key)
                    .and_then(|lit| one_of_names(cx, &lit, &Format::ATTRIBUTE_NAMES, "format"))
            },
        )?;
        if let Some(format) = format {
            let attr = FormatAttr {
                key: meta.path.clone(),
                format,
                rule,
            };
            set_once(cx, &mut field.format, &meta.path, attr);
        }
        Ok(())
    }),
    (symbol::FIXED, |cx, meta, field| {
        let (value, rule) = value_or_nested(
            cx,
            meta,
            (symbol::FIXED, "a value: `fixed = \"the only value\"`"),
            (symbol::VALUE, "`value = \"..\"`"),
            |cx, expr, key| lit_str(cx, expr, key).map(|lit| lit.value()),
        )?;
        if let Some(value) = value {
            let fixed = Fixed {
                key: meta.path.clone(),
                value,
                rule,
            };
            set_once(cx, &mut field.fixed, &meta.path, fixed);
        }
        Ok(())
    }),
    (symbol::ALIAS, |cx, meta, field| {
        let (name, rule) = value_or_nested(
            cx,
            meta,
            (symbol::ALIAS, "a value: `alias = \"otherSpelling\"`"),
            (symbol::NAME, "`name = \"..\"`"),
            lit_str,
        )?;
        if let Some(lit) = name {
            let alias = Alias {
                key: meta.path.clone(),
                name: Spanned {
                    value: lit.value(),
                    tokens: lit.to_token_stream(),
                },
                rule,
            };
            set_once(cx, &mut field.alias, &meta.path, alias);
        }
        Ok(())
    }),
    (symbol::JSON_STRING, |cx, meta, field| {
        let Some(lit) = expect_value(cx, meta, "`json_string = \"Vec<Item>\"`")?
            .and_then(|expr| lit_str(cx, &expr, symbol::JSON_STRING))
        else {
            return Ok(());
        };
        match lit.parse::<syn::Type>() {
            Ok(ty) => {
                let attr = JsonStringAttr {
                    key: meta.path.clone(),
                    ty,
                };
                set_once(cx, &mut field.json_string, &meta.path, attr);
            }
            Err(error) => cx.error_spanned_by(
                &lit,
                format!("`json_string` takes the Rust type of the document: {error}"),
            ),
        }
        Ok(())
    }),
    (symbol::PERSONAL, |cx, meta, field| {
        expect_flag(cx, meta, "`personal`")?;
        set_once(cx, &mut field.personal, &meta.path, meta.path.clone());
        Ok(())
    }),
    (symbol::EXTRA, |cx, meta, field| {
        expect_flag(cx, meta, "`extra`")?;
        set_once(cx, &mut field.extra, &meta.path, meta.path.clone());
        Ok(())
    }),
    (symbol::SKIP, |cx, meta, field| {
        expect_flag(cx, meta, "`skip`")?;
        set_once(cx, &mut field.skip, &meta.path, meta.path.clone());
        Ok(())
    }),
    (symbol::RULE, |cx, meta, field| {
        parse_rule_key(cx, meta, &mut field.defaults).map(drop)
    }),
    (symbol::SEVERITY, |cx, meta, field| {
        parse_rule_key(cx, meta, &mut field.defaults).map(drop)
    }),
    (symbol::PROVENANCE, |cx, meta, field| {
        parse_rule_key(cx, meta, &mut field.defaults).map(drop)
    }),
];

/// A key written alone (`required`) or with rule overrides (`required(rule = "..")`).
fn parse_flag_with_rule(
    cx: &Ctxt,
    meta: &ParseNestedMeta<'_>,
    key: Symbol,
) -> syn::Result<Required> {
    let rule = if meta.input.peek(syn::token::Paren) {
        let mut rule = RuleAttrs::default();
        meta.parse_nested_meta(|inner| {
            if !parse_rule_key(cx, &inner, &mut rule)? {
                unknown_inner(cx, &inner, key, &[RULE_KEYS])?;
            }
            Ok(())
        })?;
        rule
    } else {
        expect_flag(cx, meta, &format!("`{key}` or `{key}(rule = \"..\")`"))?;
        RuleAttrs::default()
    };
    Ok(Required {
        key: meta.path.clone(),
        rule,
    })
}

/// `rule`, `severity`, `provenance`: valid inside every constraint that has parentheses.
const RULE_KEYS: &[Symbol] = &[symbol::RULE, symbol::SEVERITY, symbol::PROVENANCE];

/// Calls `each` for every key of every `#[contract(...)]`; a syntax error that stops one
/// attribute is recorded and the next attribute is still read.
fn for_each_key(
    cx: &Ctxt,
    attrs: &[Attribute],
    mut each: impl FnMut(ParseNestedMeta<'_>) -> syn::Result<()>,
) {
    for attr in attrs {
        if attr.path() != symbol::CONTRACT {
            continue;
        }
        if let Err(error) = attr.parse_nested_meta(&mut each) {
            cx.syn_error(error);
        }
    }
}

/// Calls `each` for every key of every `#[serde(...)]`, ignoring errors (serde reports them).
fn for_each_serde_key(
    attrs: &[Attribute],
    mut each: impl FnMut(ParseNestedMeta<'_>) -> syn::Result<()>,
) {
    for attr in attrs {
        if attr.path() == symbol::SERDE {
            // Serde owns its attribute's syntax and reports its own mistakes.
            let _ = attr.parse_nested_meta(&mut each);
        }
    }
}

/// `rename = "x"` or `rename(deserialize = "x", ..)`: the name payloads use.
fn serde_name(meta: &ParseNestedMeta<'_>) -> syn::Result<Option<LitStr>> {
    if meta.input.peek(Token![=]) {
        return meta.value()?.parse().map(Some);
    }
    let mut name = None;
    meta.parse_nested_meta(|inner| {
        if inner.path == symbol::DESERIALIZE {
            name = Some(inner.value()?.parse()?);
        } else {
            skip_value(&inner)?;
        }
        Ok(())
    })?;
    Ok(name)
}

/// Consumes whatever value a key has: `= expr`, `(...)` or nothing.
fn skip_value(meta: &ParseNestedMeta<'_>) -> syn::Result<()> {
    if meta.input.peek(Token![=]) {
        meta.value()?.parse::<Expr>()?;
    } else if meta.input.peek(syn::token::Paren) {
        let content;
        syn::parenthesized!(content in meta.input);
        content.parse::<TokenStream>()?;
    }
    Ok(())
}

/// Records a duplicate key, or stores the value.
fn set_once<T>(cx: &Ctxt, slot: &mut Option<T>, key: &Path, value: T) {
    if slot.is_some() {
        cx.error_spanned_by(
            key,
            format!("duplicate `{}`: give it once", key.to_token_stream()),
        );
    } else {
        *slot = Some(value);
    }
}

/// Records an unknown key at the top level of `#[contract(...)]` and skips its value.
fn unknown_key(cx: &Ctxt, meta: &ParseNestedMeta<'_>, position: Position) -> syn::Result<()> {
    let name = meta.path.to_token_stream().to_string().replace(' ', "");
    let message = match position {
        Position::Container if symbol::FIELD_KEYS.iter().any(|key| name == key.0) => {
            format!("`{name}` goes on a field, not on the struct")
        }
        Position::Field if symbol::CONTAINER_KEYS.iter().any(|key| name == key.0) => {
            format!("`{name}` goes on the struct, not on a field")
        }
        Position::Container => format!(
            "unknown key `{name}` on the struct; expected {}",
            symbol::list(symbol::CONTAINER_KEYS)
        ),
        Position::Field => format!(
            "unknown key `{name}` on a field; expected {}",
            symbol::list(symbol::FIELD_KEYS)
        ),
    };
    cx.error_spanned_by(&meta.path, message);
    skip_value(meta)
}

/// Records an unknown key inside `outer(...)` and skips its value.
fn unknown_inner(
    cx: &Ctxt,
    meta: &ParseNestedMeta<'_>,
    outer: Symbol,
    valid: &[&[Symbol]],
) -> syn::Result<()> {
    let valid: Vec<Symbol> = valid.concat();
    let name = meta.path.to_token_stream().to_string().replace(' ', "");
    let mut message = format!(
        "unknown key `{name}` in `{outer}(...)`; expected {}",
        symbol::list(&valid)
    );
    if outer == symbol::REQUIRED_IF && meta.path == symbol::FIELDS {
        message.push_str(
            "\n(`fields` belongs to the struct's `required_if`; on a field, the field itself is the one required)",
        );
    }
    cx.error_spanned_by(&meta.path, message);
    skip_value(meta)
}

/// Parses `rule`, `severity` or `provenance` into `rule`; `false` when the key is another.
fn parse_rule_key(
    cx: &Ctxt,
    meta: &ParseNestedMeta<'_>,
    rule: &mut RuleAttrs,
) -> syn::Result<bool> {
    let key = &meta.path;
    if *key == symbol::RULE {
        if let Some(lit) = expect_value(cx, meta, "`rule = \"rule-id\"`")?
            .and_then(|expr| lit_str(cx, &expr, symbol::RULE))
        {
            let id = lit.value();
            let misspelt = isales_vocabulary::RuleId::ALL
                .into_iter()
                .map(isales_vocabulary::RuleId::as_str)
                .find(|known| *known != id && crate::check::similar(known, &id));
            if let Some(known) = misspelt {
                // A service's own rule may have any id, but one a letter or two away from a
                // rule of the contract is a typo of it, which would report at the wrong level.
                cx.error_spanned_by(
                    &lit,
                    format!("`{id}` is not a rule of the contract; did you mean `{known}`?"),
                );
            } else if is_kebab_case(&id) {
                set_once(cx, &mut rule.rule, key, id);
            } else {
                cx.error_spanned_by(
                    &lit,
                    format!("rule ids are stable kebab-case names (`out-of-range`), not `{id}`"),
                );
            }
        }
    } else if *key == symbol::SEVERITY {
        if let Some(lit) = expect_value(cx, meta, "`severity = \"error\"`")?
            .and_then(|expr| lit_str(cx, &expr, symbol::SEVERITY))
        {
            let levels = Severity::ALL.map(|level| (level.as_str(), level));
            if let Some(severity) = one_of_names(cx, &lit, &levels, "severity") {
                set_once(cx, &mut rule.severity, key, severity);
            }
        }
    } else if *key == symbol::PROVENANCE {
        if let Some(lit) = expect_value(cx, meta, "`provenance = \"documented\"`")?
            .and_then(|expr| lit_str(cx, &expr, symbol::PROVENANCE))
        {
            let kinds = Provenance::ALL.map(|provenance| (provenance.as_str(), provenance));
            if let Some(provenance) = one_of_names(cx, &lit, &kinds, "provenance") {
                set_once(cx, &mut rule.provenance, key, provenance);
            }
        }
    } else {
        return Ok(false);
    }
    Ok(true)
}

fn is_kebab_case(id: &str) -> bool {
    id.split('-').all(|part| {
        !part.is_empty()
            && part
                .bytes()
                .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit())
    }) && id.starts_with(|ch: char| ch.is_ascii_lowercase())
}

/// The value named by `lit` among `names`, or an error listing them.
fn one_of_names<T: Copy>(cx: &Ctxt, lit: &LitStr, names: &[(&str, T)], what: &str) -> Option<T> {
    let text = lit.value();
    if let Some((_, value)) = names.iter().find(|(name, _)| *name == text) {
        return Some(*value);
    }
    let listed: Vec<String> = names
        .iter()
        .map(|(name, _)| format!("\"{name}\""))
        .collect();
    cx.error_spanned_by(
        lit,
        format!(
            "unknown {what} \"{text}\"; expected one of {}",
            listed.join(", ")
        ),
    );
    None
}

/// `doc(table = .., param = ..)` or `doc(table = .., off_page = ..)`.
fn parse_doc(cx: &Ctxt, meta: &ParseNestedMeta<'_>) -> syn::Result<Doc> {
    let mut doc = Doc {
        key: meta.path.clone(),
        table: None,
        param: None,
        off_page: None,
    };
    if !meta.input.peek(syn::token::Paren) {
        skip_value(meta)?;
        cx.error_spanned_by(
            &meta.path,
            "`doc` takes a list: `doc(table = 7, param = \"5.11.4\")`",
        );
        return Ok(doc);
    }
    meta.parse_nested_meta(|inner| {
        if inner.path == symbol::TABLE {
            let expr: Expr = inner.value()?.parse()?;
            if let Some(table) = int::<u8>(cx, &expr, "a table number from 1 to 255") {
                set_once(cx, &mut doc.table, &inner.path, table.value);
            }
        } else if inner.path == symbol::PARAM || inner.path == symbol::OFF_PAGE {
            let key = if inner.path == symbol::PARAM {
                symbol::PARAM
            } else {
                symbol::OFF_PAGE
            };
            let expr: Expr = inner.value()?.parse()?;
            if let Some(lit) = lit_str(cx, &expr, key) {
                let other = if key == symbol::PARAM {
                    doc.off_page.is_some()
                } else {
                    doc.param.is_some()
                };
                if other {
                    cx.error_spanned_by(
                        &inner.path,
                        "`param` and `off_page` exclude each other: a row the documentation numbers is on the page",
                    );
                } else if key == symbol::PARAM {
                    set_once(cx, &mut doc.param, &inner.path, lit.value());
                } else {
                    set_once(cx, &mut doc.off_page, &inner.path, lit.value());
                }
            }
        } else {
            unknown_inner(
                cx,
                &inner,
                symbol::DOC,
                &[&[symbol::TABLE, symbol::PARAM, symbol::OFF_PAGE]],
            )?;
        }
        Ok(())
    })?;
    Ok(doc)
}

/// Field `required_if = ".."` / `absent_unless = ".."`, or the long form in parentheses.
fn parse_conditional(cx: &Ctxt, meta: &ParseNestedMeta<'_>) -> syn::Result<Option<Conditional>> {
    let key = meta.path.clone();
    let name = if key == symbol::REQUIRED_IF {
        symbol::REQUIRED_IF
    } else {
        symbol::ABSENT_UNLESS
    };
    let mut rule = RuleAttrs::default();
    let when = if meta.input.peek(Token![=]) {
        let expr: Expr = meta.value()?.parse()?;
        lit_str(cx, &expr, name).and_then(|lit| parse_when(cx, lit))
    } else if meta.input.peek(syn::token::Paren) {
        let mut when = None;
        let mut seen_when = false;
        let before = cx.error_count();
        meta.parse_nested_meta(|inner| {
            if inner.path == symbol::WHEN {
                let expr: Expr = inner.value()?.parse()?;
                if seen_when {
                    cx.error_spanned_by(&inner.path, "duplicate `when`: give it once");
                }
                seen_when = true;
                when = lit_str(cx, &expr, symbol::WHEN).and_then(|lit| parse_when(cx, lit));
            } else if !parse_rule_key(cx, &inner, &mut rule)? {
                unknown_inner(cx, &inner, name, &[&[symbol::WHEN], RULE_KEYS])?;
            }
            Ok(())
        })?;
        if !seen_when && cx.error_count() == before {
            cx.error_spanned_by(&key, format!("`{name}(...)` needs `when = \"..\"`"));
        }
        when
    } else {
        cx.error_spanned_by(
            &key,
            format!("`{name}` takes a condition: `{name} = \"deviceType in [1, 3]\"`"),
        );
        None
    };
    Ok(when.map(|when| Conditional { key, when, rule }))
}

/// Container `required_if(when = .., fields = [..], rule, severity, provenance, doc(..))`.
fn parse_path_requirement(
    cx: &Ctxt,
    meta: &ParseNestedMeta<'_>,
) -> syn::Result<Option<PathRequirement>> {
    if !meta.input.peek(syn::token::Paren) {
        skip_value(meta)?;
        cx.error_spanned_by(
            &meta.path,
            "on the struct, `required_if` takes a list: `required_if(when = \"..\", fields = [\"a[].b\"])`",
        );
        return Ok(None);
    }
    let mut requirement = PathRequirement {
        key: meta.path.clone(),
        when: None,
        fields: Vec::new(),
        rule: RuleAttrs::default(),
        doc: None,
    };
    let mut seen_fields = false;
    let mut valid = true;
    let before = cx.error_count();
    meta.parse_nested_meta(|inner| {
        if inner.path == symbol::WHEN {
            let expr: Expr = inner.value()?.parse()?;
            match lit_str(cx, &expr, symbol::WHEN).and_then(|lit| parse_when(cx, lit)) {
                Some(when) => set_once(cx, &mut requirement.when, &inner.path, when),
                None => valid = false,
            }
        } else if inner.path == symbol::FIELDS {
            let expr: Expr = inner.value()?.parse()?;
            if seen_fields {
                cx.error_spanned_by(&inner.path, "duplicate `fields`: give it once");
            }
            seen_fields = true;
            for lit in str_list(cx, &expr, symbol::FIELDS).unwrap_or_default() {
                match lit.value().parse::<FieldPath>() {
                    Ok(path) => requirement.fields.push(Spanned {
                        value: path,
                        tokens: lit.to_token_stream(),
                    }),
                    Err(error) => cx.error_spanned_by(&lit, format!("invalid path: {error}")),
                }
            }
        } else if inner.path == symbol::DOC {
            let doc = parse_doc(cx, &inner)?;
            set_once(cx, &mut requirement.doc, &inner.path, doc);
        } else if !parse_rule_key(cx, &inner, &mut requirement.rule)? {
            unknown_inner(
                cx,
                &inner,
                symbol::REQUIRED_IF,
                &[&[symbol::WHEN, symbol::FIELDS], RULE_KEYS, &[symbol::DOC]],
            )?;
        }
        Ok(())
    })?;
    if !seen_fields && cx.error_count() == before {
        cx.error_spanned_by(
            &meta.path,
            "`required_if(...)` on the struct needs `fields = [..]`",
        );
    }
    Ok((valid && !requirement.fields.is_empty()).then_some(requirement))
}

/// `one_of_forms(when = .., forms = [[..], ..], rule, severity, provenance, doc(..))`.
fn parse_one_of_forms(cx: &Ctxt, meta: &ParseNestedMeta<'_>) -> syn::Result<Option<OneOfForms>> {
    if !meta.input.peek(syn::token::Paren) {
        skip_value(meta)?;
        cx.error_spanned_by(
            &meta.path,
            "`one_of_forms` takes a list: `one_of_forms(when = \"..\", forms = [[\"a\", \"b\"], [\"c\"]])`",
        );
        return Ok(None);
    }
    let mut when = None;
    let mut parsed_forms = Vec::new();
    let mut rule = RuleAttrs::default();
    let mut doc = None;
    let mut seen_when = false;
    let mut seen_forms = false;
    let mut valid = true;
    let before = cx.error_count();
    meta.parse_nested_meta(|inner| {
        if inner.path == symbol::WHEN {
            let expr: Expr = inner.value()?.parse()?;
            if seen_when {
                cx.error_spanned_by(&inner.path, "duplicate `when`: give it once");
            }
            seen_when = true;
            when = lit_str(cx, &expr, symbol::WHEN).and_then(|lit| parse_when(cx, lit));
            valid &= when.is_some();
        } else if inner.path == symbol::FORMS {
            let expr: Expr = inner.value()?.parse()?;
            if seen_forms {
                cx.error_spanned_by(&inner.path, "duplicate `forms`: give it once");
            }
            seen_forms = true;
            match parse_forms(cx, &expr) {
                Some(forms) => parsed_forms = forms,
                None => valid = false,
            }
        } else if inner.path == symbol::DOC {
            let parsed = parse_doc(cx, &inner)?;
            set_once(cx, &mut doc, &inner.path, parsed);
        } else if !parse_rule_key(cx, &inner, &mut rule)? {
            unknown_inner(
                cx,
                &inner,
                symbol::ONE_OF_FORMS,
                &[&[symbol::WHEN, symbol::FORMS], RULE_KEYS, &[symbol::DOC]],
            )?;
        }
        Ok(())
    })?;
    let clean = cx.error_count() == before;
    if !seen_when && clean {
        cx.error_spanned_by(
            &meta.path,
            "`one_of_forms(...)` needs `when = \"..\"`: the condition under which a complete form is needed",
        );
    }
    if !seen_forms && clean {
        cx.error_spanned_by(&meta.path, "`one_of_forms(...)` needs `forms = [[..], ..]`");
    }
    Ok(match when {
        Some(when) if valid && seen_forms => Some(OneOfForms {
            key: meta.path.clone(),
            when,
            forms: parsed_forms,
            rule,
            doc,
        }),
        _ => None,
    })
}

/// `[["a", "b"], ["c"]]`: two or more non-empty forms.
fn parse_forms(cx: &Ctxt, expr: &Expr) -> Option<Vec<Vec<Spanned<String>>>> {
    let Expr::Array(outer) = ungroup(expr) else {
        cx.error_spanned_by(
            expr,
            "`forms` takes a list of lists of field names: `[[\"a\", \"b\"], [\"c\"]]`",
        );
        return None;
    };
    if outer.elems.len() < 2 {
        cx.error_spanned_by(
            expr,
            "`forms` needs at least two alternatives; for one, use `required_if`",
        );
        return None;
    }
    let mut forms = Vec::new();
    let mut valid = true;
    for form in &outer.elems {
        match str_list(cx, form, symbol::FORMS) {
            Some(names) if names.is_empty() => {
                cx.error_spanned_by(form, "a form lists at least one field");
                valid = false;
            }
            Some(names) => forms.push(
                names
                    .into_iter()
                    .map(|lit| Spanned {
                        value: lit.value(),
                        tokens: lit.to_token_stream(),
                    })
                    .collect(),
            ),
            None => valid = false,
        }
    }
    valid.then_some(forms)
}

/// `range(min = .., max = .., ..)` and `length(min = .., max = .., ..)`.
fn parse_bounds<T: FromStr + Copy>(
    cx: &Ctxt,
    meta: &ParseNestedMeta<'_>,
    name: Symbol,
) -> syn::Result<Option<Bounds<T>>>
where
    T::Err: Display,
{
    if !meta.input.peek(syn::token::Paren) {
        skip_value(meta)?;
        cx.error_spanned_by(
            &meta.path,
            format!("`{name}` takes bounds: `{name}(min = 1, max = 100)`"),
        );
        return Ok(None);
    }
    let what = if name == symbol::LENGTH {
        "a number of characters (0 or more)"
    } else {
        "an integer"
    };
    let mut bounds = Bounds {
        key: meta.path.clone(),
        min: None,
        max: None,
        rule: RuleAttrs::default(),
    };
    let before = cx.error_count();
    meta.parse_nested_meta(|inner| {
        if inner.path == symbol::MIN || inner.path == symbol::MAX {
            let expr: Expr = inner.value()?.parse()?;
            if let Some(value) = int::<T>(cx, &expr, what) {
                let slot = if inner.path == symbol::MIN {
                    &mut bounds.min
                } else {
                    &mut bounds.max
                };
                set_once(cx, slot, &inner.path, value);
            }
        } else if !parse_rule_key(cx, &inner, &mut bounds.rule)? {
            unknown_inner(cx, &inner, name, &[&[symbol::MIN, symbol::MAX], RULE_KEYS])?;
        }
        Ok(())
    })?;
    if bounds.min.is_none() && bounds.max.is_none() {
        if cx.error_count() > before {
            // A malformed bound or an unknown key in the list is already reported.
            return Ok(None);
        }
        cx.error_spanned_by(
            &meta.path,
            format!("`{name}(...)` needs `min`, `max` or both"),
        );
        return Ok(None);
    }
    Ok(Some(bounds))
}

/// A flag key: nothing may follow it.
fn expect_flag(cx: &Ctxt, meta: &ParseNestedMeta<'_>, form: &str) -> syn::Result<()> {
    if meta.input.peek(Token![=]) || meta.input.peek(syn::token::Paren) {
        cx.error_spanned_by(
            &meta.path,
            format!(
                "`{}` takes no value: write {form}",
                meta.path.to_token_stream()
            ),
        );
        skip_value(meta)?;
    }
    Ok(())
}

/// A constraint written `key = value` or `key(main = value, rule = .., severity = ..,
/// provenance = ..)`: its value (read by `read`) and the rule keys of the nested form. `key`
/// and `main` come with the form to show when they are missing. Mistakes are collected in
/// `cx`; a nested form without its main key is one of them.
fn value_or_nested<T>(
    cx: &Ctxt,
    meta: &ParseNestedMeta<'_>,
    (key, shorthand): (Symbol, &str),
    (main, needs): (Symbol, &str),
    read: impl Fn(&Ctxt, &Expr, Symbol) -> Option<T>,
) -> syn::Result<(Option<T>, RuleAttrs)> {
    let mut rule = RuleAttrs::default();
    if meta.input.peek(Token![=]) {
        let expr: Expr = meta.value()?.parse()?;
        return Ok((read(cx, &expr, key), rule));
    }
    if !meta.input.peek(syn::token::Paren) {
        cx.error_spanned_by(&meta.path, format!("`{key}` takes {shorthand}"));
        skip_value(meta)?;
        return Ok((None, rule));
    }
    let mut value = None;
    let before = cx.error_count();
    meta.parse_nested_meta(|inner| {
        if inner.path == main {
            let expr: Expr = inner.value()?.parse()?;
            if let Some(parsed) = read(cx, &expr, main) {
                set_once(cx, &mut value, &inner.path, parsed);
            }
        } else if !parse_rule_key(cx, &inner, &mut rule)? {
            unknown_inner(cx, &inner, key, &[&[main], RULE_KEYS])?;
        }
        Ok(())
    })?;
    if value.is_none() && cx.error_count() == before {
        cx.error_spanned_by(&meta.path, format!("`{key}(...)` needs {needs}"));
    }
    Ok((value, rule))
}

/// `key = expr`, or an error naming the expected form (the value is skipped either way).
fn expect_value(cx: &Ctxt, meta: &ParseNestedMeta<'_>, form: &str) -> syn::Result<Option<Expr>> {
    if meta.input.peek(Token![=]) {
        return meta.value()?.parse().map(Some);
    }
    cx.error_spanned_by(
        &meta.path,
        format!("`{}` takes a value: {form}", meta.path.to_token_stream()),
    );
    skip_value(meta)?;
    Ok(None)
}

fn parse_when(cx: &Ctxt, lit: LitStr) -> Option<When> {
    match lit.value().parse::<Condition>() {
        Ok(condition) => Some(When { lit, condition }),
        Err(error) => {
            cx.error_spanned_by(&lit, describe_condition_error(&lit.value(), &error));
            None
        }
    }
}

/// The parser's message, then the condition with a caret under the offending text.
#[must_use]
pub fn describe_condition_error(text: &str, error: &ConditionError) -> String {
    let before = text.get(..error.start).unwrap_or(text).chars().count();
    let width = text
        .get(error.start..error.end.max(error.start))
        .map_or(1, |part| part.chars().count().max(1));
    format!(
        "invalid condition: {}\n  {text}\n  {}{}",
        error.message,
        " ".repeat(before),
        "^".repeat(width)
    )
}

/// The expression inside invisible groups: `macro_rules!` passes `$value:literal` and
/// `$value:expr` fragments wrapped in them.
fn ungroup(mut expr: &Expr) -> &Expr {
    while let Expr::Group(group) = expr {
        expr = &group.expr;
    }
    expr
}

fn lit_str(cx: &Ctxt, expr: &Expr, key: Symbol) -> Option<LitStr> {
    if let Expr::Lit(syn::ExprLit {
        lit: Lit::Str(lit), ..
    }) = ungroup(expr)
    {
        return Some(lit.clone());
    }
    cx.error_spanned_by(
        expr,
        format!("`{key}` takes a string literal, such as `{key} = \"..\"`"),
    );
    None
}

fn expr_path(cx: &Ctxt, expr: &Expr, key: Symbol) -> Option<Path> {
    if let Expr::Path(syn::ExprPath {
        qself: None, path, ..
    }) = ungroup(expr)
    {
        return Some(path.clone());
    }
    cx.error_spanned_by(
        expr,
        format!("`{key}` takes the path of a function: `{key} = path::to::function`"),
    );
    None
}

/// An integer literal, negative ones included, parsed as `T`.
fn int<T: FromStr>(cx: &Ctxt, expr: &Expr, what: &str) -> Option<Spanned<T>>
where
    T::Err: Display,
{
    let (negative, lit) = match ungroup(expr) {
        Expr::Lit(syn::ExprLit {
            lit: Lit::Int(lit), ..
        }) => (false, lit),
        Expr::Unary(syn::ExprUnary {
            op: syn::UnOp::Neg(_),
            expr: inner,
            ..
        }) => match ungroup(inner) {
            Expr::Lit(syn::ExprLit {
                lit: Lit::Int(lit), ..
            }) => (true, lit),
            _ => {
                cx.error_spanned_by(expr, format!("expected {what}"));
                return None;
            }
        },
        _ => {
            cx.error_spanned_by(expr, format!("expected {what}"));
            return None;
        }
    };
    let digits = if negative {
        format!("-{}", lit.base10_digits())
    } else {
        lit.base10_digits().to_owned()
    };
    match digits.parse::<T>() {
        Ok(value) => Some(Spanned {
            value,
            tokens: expr.to_token_stream(),
        }),
        Err(error) => {
            cx.error_spanned_by(expr, format!("expected {what}: {error}"));
            None
        }
    }
}

/// `[1, 2, -3]`, at least one value, no repeats.
fn int_list(cx: &Ctxt, expr: &Expr, key: Symbol) -> Option<Vec<i64>> {
    let Expr::Array(array) = ungroup(expr) else {
        cx.error_spanned_by(
            expr,
            format!("`{key}` takes a list of integers: `{key} = [1, 2]`"),
        );
        return None;
    };
    if array.elems.is_empty() {
        cx.error_spanned_by(expr, format!("`{key}` lists no values"));
        return None;
    }
    let mut values = Vec::new();
    let mut valid = true;
    for element in &array.elems {
        match int::<i64>(cx, element, "an integer") {
            Some(value) if values.contains(&value.value) => {
                cx.error_spanned_by(element, format!("{} is listed twice", value.value));
            }
            Some(value) => values.push(value.value),
            None => valid = false,
        }
    }
    valid.then_some(values)
}

/// `["a", "b"]`.
fn str_list(cx: &Ctxt, expr: &Expr, key: Symbol) -> Option<Vec<LitStr>> {
    let Expr::Array(array) = ungroup(expr) else {
        cx.error_spanned_by(
            expr,
            format!("`{key}` takes a list of strings: `[\"a\", \"b\"]`"),
        );
        return None;
    };
    let mut strings = Vec::new();
    let mut valid = true;
    for element in &array.elems {
        match lit_str(cx, element, key) {
            Some(lit) => strings.push(lit),
            None => valid = false,
        }
    }
    valid.then_some(strings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use syn::parse_quote;

    fn errors(cx: Ctxt) -> Vec<String> {
        match cx.check() {
            Ok(()) => Vec::new(),
            Err(error) => error.into_iter().map(|error| error.to_string()).collect(),
        }
    }

    fn field(attrs: &[Attribute]) -> (Field, Vec<String>) {
        let cx = Ctxt::new();
        let field = Field::from_attrs(&cx, attrs);
        (field, errors(cx))
    }

    fn container(attrs: &[Attribute]) -> (Container, Vec<String>) {
        let cx = Ctxt::new();
        let container = Container::from_attrs(&cx, attrs);
        (container, errors(cx))
    }

    #[test]
    fn parses_every_field_key() {
        let (field, errors) = field(&[
            parse_quote!(#[contract(doc(table = 7, param = "5.11.4"), required(rule = "must-have"))]),
            parse_quote!(#[contract(required_if = "deviceType in [1, 3]")]),
            parse_quote!(#[contract(required_if(when = "a == 1", rule = "x-y", severity = "warning", provenance = "inferred"))]),
            parse_quote!(#[contract(absent_unless = "a != 2", one_of = [2, 3, -4])]),
            parse_quote!(#[contract(range(min = -5, max = 9999), length(max = 100))]),
            parse_quote!(#[contract(chars(forbid = "<>", rule = "no-brackets"), format = "http_url")]),
            parse_quote!(#[contract(fixed(value = "v", severity = "warning"), alias = "other")]),
            parse_quote!(#[contract(json_string = "Vec<Turn>", personal)]),
            parse_quote!(#[contract(rule = "field-rule", severity = "error", provenance = "documented")]),
            parse_quote!(#[serde(rename = "wireName", default)]),
        ]);
        assert_eq!(errors, Vec::<String>::new());
        let doc = field.doc.expect("doc");
        assert_eq!((doc.table, doc.param.as_deref()), (Some(7), Some("5.11.4")));
        assert_eq!(
            field.required.expect("required").rule.rule.as_deref(),
            Some("must-have")
        );
        assert_eq!(field.required_if.len(), 2);
        assert_eq!(
            field.required_if[0].when.condition.to_string(),
            "deviceType in [1, 3]"
        );
        assert_eq!(
            field.required_if[1].rule,
            RuleAttrs {
                rule: Some("x-y".into()),
                severity: Some(Severity::Warning),
                provenance: Some(Provenance::Inferred),
            }
        );
        assert_eq!(
            field.absent_unless.expect("absent_unless").when.lit.value(),
            "a != 2"
        );
        assert_eq!(field.one_of.expect("one_of").values, [2, 3, -4]);
        let range = field.range.expect("range");
        assert_eq!(
            (range.min.map(|b| b.value), range.max.map(|b| b.value)),
            (Some(-5), Some(9999))
        );
        let length = field.length.expect("length");
        assert_eq!(
            (length.min.map(|b| b.value), length.max.map(|b| b.value)),
            (None, Some(100))
        );
        assert_eq!(field.chars.expect("chars").forbid, "<>");
        assert_eq!(field.format.expect("format").format, Format::HttpUrl);
        let fixed = field.fixed.expect("fixed");
        assert_eq!(
            (fixed.value.as_str(), fixed.rule.severity),
            ("v", Some(Severity::Warning))
        );
        assert_eq!(field.alias.expect("alias").name.value, "other");
        let json = field.json_string.expect("json_string");
        assert_eq!(json.ty.to_token_stream().to_string(), "Vec < Turn >");
        assert!(field.personal.is_some() && field.extra.is_none() && field.skip.is_none());
        assert_eq!(field.defaults.rule.as_deref(), Some("field-rule"));
        assert_eq!(field.serde_rename.as_deref(), Some("wireName"));
        assert!(field.serde_default);
        assert_eq!(field.keys.len(), 17);
    }

    #[test]
    fn parses_every_container_key() {
        let (container, errors) = container(&[
            parse_quote!(#[contract(doc(table = 16), crate = "crate", check = crate::rules::x)]),
            parse_quote!(#[contract(required_if(when = "chooseType == 0", fields = ["turns[].turnType", "x"], rule = "turn-fields", doc(table = 17, param = "5.14.4.1")))]),
            parse_quote!(#[contract(required_if(fields = ["always"]))]),
            parse_quote!(#[contract(one_of_forms(when = "policyType == 0", forms = [["a", "b"], ["c"]], rule = "retry-policy-form"))]),
            parse_quote!(#[contract(check = other)]),
            parse_quote!(#[serde(rename_all = "camelCase", deny_unknown_fields)]),
        ]);
        assert_eq!(errors, Vec::<String>::new());
        assert_eq!(container.doc.expect("doc").table, Some(16));
        assert_eq!(
            container
                .krate
                .expect("crate")
                .to_token_stream()
                .to_string(),
            "crate"
        );
        assert_eq!(container.checks.len(), 2);
        assert_eq!(container.required_if.len(), 2);
        let turns = &container.required_if[0];
        let paths: Vec<String> = turns.fields.iter().map(|p| p.value.to_string()).collect();
        assert_eq!(paths, ["turns[].turnType", "x"]);
        assert_eq!(
            turns.doc.as_ref().and_then(|d| d.param.as_deref()),
            Some("5.14.4.1")
        );
        assert!(container.required_if[1].when.is_none());
        let forms = &container.one_of_forms[0];
        let names: Vec<Vec<&str>> = forms
            .forms
            .iter()
            .map(|form| form.iter().map(|name| name.value.as_str()).collect())
            .collect();
        assert_eq!(names, [vec!["a", "b"], vec!["c"]]);
        assert_eq!(container.rename_all, Some(RenameRule::Camel));
        assert!(!container.serde_default);
    }

    #[test]
    fn reports_every_mistake_and_keeps_going() {
        let (field, errors) = field(&[parse_quote!(#[contract(
            rnage(min = 1),
            one_of_forms(when = "a == 1"),
            range(min = "1"),
            format = "date",
            one_of = [],
            severity = "fatal",
            rule = "Not Kebab",
            required_if = "a = 1",
            personal = true,
            length(min = -1),
            alias = "x",
            alias = "y",
            doc(table = 300),
            json_string = "Vec<",
            chars(forbid = "<", rule = "ivr-param-requird"),
        )])]);
        assert_eq!(errors.len(), 14, "{errors:#?}");
        let expected_fragments = [
            "unknown key `rnage` on a field; expected `doc`, `required`",
            "`one_of_forms` goes on the struct, not on a field",
            "expected an integer",
            "unknown format \"date\"; expected one of \"time_of_day\", \"hh_mm\", \"datetime\"",
            "`one_of` lists no values",
            "unknown severity \"fatal\"; expected one of \"error\", \"warning\"",
            "rule ids are stable kebab-case names",
            "invalid condition: `=` is not an operator; write `==` or `!=`\n  a = 1\n    ^",
            "`personal` takes no value",
            "expected a number of characters (0 or more): invalid digit",
            "duplicate `alias`: give it once",
            "expected a table number from 1 to 255: number too large",
            "`json_string` takes the Rust type of the document",
            "`ivr-param-requird` is not a rule of the contract; did you mean `ivr-param-required`?",
        ];
        for fragment in expected_fragments {
            assert!(
                errors.iter().any(|error| error.contains(fragment)),
                "no error contains {fragment:?}: {errors:#?}"
            );
        }
        assert_eq!(field.alias.expect("first alias kept").name.value, "x");
    }

    #[test]
    fn container_mistakes_name_the_valid_keys() {
        let (_, errors) = container(&[parse_quote!(#[contract(
            range(min = 1),
            colour = "red",
            required_if = "a == 1",
            required_if(when = "a == 1"),
            one_of_forms(when = "a == 1", forms = [["a"]]),
            required_if(fields = ["a[]"], bogus = 1),
            check = "not_a_path",
        )])]);
        let expected = [
            "`range` goes on a field, not on the struct",
            "unknown key `colour` on the struct; expected `doc`, `required_if`, `one_of_forms`, `check`, `crate` or `deserialize`",
            "on the struct, `required_if` takes a list",
            "`required_if(...)` on the struct needs `fields = [..]`",
            "`forms` needs at least two alternatives",
            "invalid path: `a[]`: a path must end with a field name",
            "unknown key `bogus` in `required_if(...)`; expected `when`, `fields`, `rule`, `severity`, `provenance` or `doc`",
            "`check` takes the path of a function",
        ];
        assert_eq!(errors.len(), expected.len(), "{errors:#?}");
        for (error, fragment) in errors.iter().zip(expected) {
            assert!(error.contains(fragment), "{error:?} lacks {fragment:?}");
        }
    }

    #[test]
    fn a_list_with_its_own_mistake_gets_no_follow_up_error() {
        let (_, errors) = field(&[parse_quote!(#[contract(
            range(minimum = 1),
            chars(forbd = "<>"),
            one_of(value = [1]),
            required_if(wen = "a == 1"),
            alias(nme = "x"),
            fixed(values = "x"),
        )])]);
        assert_eq!(errors.len(), 6, "{errors:#?}");
        assert!(
            errors.iter().all(|error| error.starts_with("unknown key")),
            "{errors:#?}"
        );
        let (_, errors) = field(&[parse_quote!(#[contract(range(rule = "r"), chars(rule = "r"))])]);
        assert_eq!(
            errors,
            [
                "`range(...)` needs `min`, `max` or both",
                "`chars(...)` needs `forbid = \"..\"`"
            ]
        );
    }

    #[test]
    fn field_required_if_points_at_the_struct_form_for_paths() {
        let (_, errors) =
            field(&[parse_quote!(#[contract(required_if(when = "a == 1", fields = ["x"]))])]);
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].contains("`fields` belongs to the struct's `required_if`"),
            "{}",
            errors[0]
        );
    }

    #[test]
    fn a_format_takes_a_long_form_with_its_rule() {
        let (parsed, errors) = field(&[parse_quote!(#[contract(format(
            kind = "http_url",
            rule = "hook-url",
            severity = "warning",
            provenance = "inferred",
        ))])]);
        assert_eq!(errors, Vec::<String>::new());
        let format = parsed.format.expect("format");
        assert_eq!(format.format, Format::HttpUrl);
        assert_eq!(
            format.rule,
            RuleAttrs {
                rule: Some("hook-url".into()),
                severity: Some(Severity::Warning),
                provenance: Some(Provenance::Inferred),
            }
        );
        let (_, errors) = field(&[parse_quote!(#[contract(
            format(rule = "x"),
            format(kind = "date"),
            format(knd = "locale"),
        )])]);
        assert_eq!(
            errors,
            [
                "`format(...)` needs `kind = \"..\"`",
                "unknown format \"date\"; expected one of \"time_of_day\", \"hh_mm\", \"datetime\", \"http_url\", \"dial_string\", \"locale\"",
                "unknown key `knd` in `format(...)`; expected `kind`, `rule`, `severity` or `provenance`",
            ]
        );
    }

    #[test]
    fn enums_read_their_keys_and_serde_names() {
        let cx = Ctxt::new();
        let parsed = Enum::from_attrs(
            &cx,
            &[
                parse_quote!(#[contract(rule = "colour", severity = "warning", crate = "x")]),
                parse_quote!(#[serde(rename_all = "snake_case")]),
                parse_quote!(#[contract(range(min = 1))]),
            ],
        );
        let variant = Variant::from_attrs(
            &cx,
            &[parse_quote!(#[serde(rename = "dark-red", alias = "maroon", alias = "wine")])],
        );
        let other = Variant::from_attrs(&cx, &[parse_quote!(#[serde(other)])]);
        assert_eq!(
            errors(cx),
            [
                "unknown key `range` on an enum; expected `crate`, `rule`, `severity` or `provenance`"
            ]
        );
        assert_eq!(parsed.rule.rule.as_deref(), Some("colour"));
        assert_eq!(parsed.rename_all, Some(RenameRule::Snake));
        assert!(parsed.krate.is_some());
        assert_eq!(variant.rename.as_deref(), Some("dark-red"));
        assert_eq!(variant.aliases, ["maroon", "wine"]);
        assert!(other.other && !other.skip);
    }

    #[test]
    fn reads_serde_names_leniently() {
        let (field, errors) = field(&[
            parse_quote!(#[serde(skip_serializing_if = "Option::is_none")]),
            parse_quote!(#[serde(rename(serialize = "out", deserialize = "in"))]),
            parse_quote!(#[serde(with = "x", bound(deserialize = "T: X"))]),
        ]);
        assert!(errors.is_empty());
        assert_eq!(field.serde_rename.as_deref(), Some("in"));
        assert!(!field.serde_default);
    }

    #[test]
    fn values_from_macro_rules_fragments_are_ungrouped() {
        // `macro_rules!` hands `$x:literal` and `$x:expr` over in invisible groups.
        let group = |tokens: TokenStream| {
            proc_macro2::Group::new(proc_macro2::Delimiter::None, tokens).into_token_stream()
        };
        let condition = group(quote::quote!("a == 1"));
        let values = group(quote::quote!([1, -2]));
        let (field, errors) =
            field(&[parse_quote!(#[contract(required_if = #condition, one_of = #values)])]);
        assert_eq!(errors, Vec::<String>::new());
        assert_eq!(field.required_if.len(), 1);
        assert_eq!(field.one_of.expect("one_of").values, [1, -2]);
    }

    #[test]
    fn carets_point_at_the_offending_text() {
        let error = "deviceType in 1".parse::<Condition>().expect_err("bad");
        assert_eq!(
            describe_condition_error("deviceType in 1", &error),
            format!(
                "invalid condition: {}\n  deviceType in 1\n                ^",
                error.message
            )
        );
    }
}
