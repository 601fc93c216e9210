//! The condition language of conditional rules: `deviceType in [1, 3]`, `outBoundType == 2`,
//! `busiResultPolicy != 0`, joined with `and`, `or`, `not` and parentheses.
//!
//! Conditions name sibling fields of one object by their wire names and compare them with
//! integer or string literals. An absent field (missing or `null`) equals nothing: `x == 1` and
//! `x in [1, 2]` are false when `x` is absent, and `!=` / `not in` are their exact negations, so
//! `x != 0` holds for an absent `x`. The same meaning is given to JSON Schema (`if` with
//! `required`) and to the generated validators, which is why it is written down here once.
//!
//! [`Condition`] parses with [`FromStr`] and prints with `Display`; printing then parsing gives
//! back an equal value.

use std::fmt;
use std::str::FromStr;

/// A literal a field is compared with.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Literal {
    /// An integer literal, `2`.
    Int(i64),
    /// A double-quoted string literal, `"SI"`.
    Str(String),
}

impl fmt::Display for Literal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Literal::Int(value) => write!(f, "{value}"),
            Literal::Str(value) => {
                f.write_str("\"")?;
                for ch in value.chars() {
                    match ch {
                        '"' => f.write_str("\\\"")?,
                        '\\' => f.write_str("\\\\")?,
                        other => write!(f, "{other}")?,
                    }
                }
                f.write_str("\"")
            }
        }
    }
}

/// How a comparison relates a field to its literal(s).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Comparison {
    /// `field == literal`
    Eq,
    /// `field != literal`
    Ne,
    /// `field in [a, b]`
    In,
    /// `field not in [a, b]`
    NotIn,
}

/// A parsed condition.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Condition {
    /// A field compared with one literal (`Eq`, `Ne`) or a list of them (`In`, `NotIn`).
    Compare {
        /// Wire name of the sibling field.
        field: String,
        /// The comparison.
        op: Comparison,
        /// One literal for `Eq`/`Ne`, one or more for `In`/`NotIn`.
        values: Vec<Literal>,
    },
    /// All of the parts hold (two or more, never nested `All`).
    All(Vec<Condition>),
    /// Any of the parts holds (two or more, never nested `Any`).
    Any(Vec<Condition>),
    /// The part does not hold.
    Not(Box<Condition>),
}

/// The value a field has, as far as conditions are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scalar<'a> {
    /// Missing or `null`.
    Absent,
    /// An integer.
    Int(i64),
    /// A string.
    Str(&'a str),
    /// Present, but neither an integer nor a string (or not a well-formed one).
    Other,
}

impl Scalar<'_> {
    /// Whether this value equals a literal; an absent value equals nothing.
    #[must_use]
    pub fn equals(self, literal: &Literal) -> bool {
        match (self, literal) {
            (Scalar::Int(value), Literal::Int(expected)) => value == *expected,
            (Scalar::Str(value), Literal::Str(expected)) => value == expected,
            _ => false,
        }
    }
}

impl Condition {
    /// Evaluates the condition; `lookup` gives the value of a sibling field by wire name.
    pub fn eval<'a>(&self, lookup: &impl Fn(&str) -> Scalar<'a>) -> bool {
        match self {
            Condition::Compare { field, op, values } => {
                let value = lookup(field);
                let any = values.iter().any(|literal| value.equals(literal));
                match op {
                    Comparison::Eq | Comparison::In => any,
                    Comparison::Ne | Comparison::NotIn => !any,
                }
            }
            Condition::All(parts) => parts.iter().all(|part| part.eval(lookup)),
            Condition::Any(parts) => parts.iter().any(|part| part.eval(lookup)),
            Condition::Not(part) => !part.eval(lookup),
        }
    }

    /// Every comparison in the condition, in source order.
    #[must_use]
    pub fn comparisons(&self) -> Vec<(&str, Comparison, &[Literal])> {
        let mut found = Vec::new();
        self.collect_comparisons(&mut found);
        found
    }

    fn collect_comparisons<'s>(&'s self, found: &mut Vec<(&'s str, Comparison, &'s [Literal])>) {
        match self {
            Condition::Compare { field, op, values } => found.push((field, *op, values)),
            Condition::All(parts) | Condition::Any(parts) => {
                for part in parts {
                    part.collect_comparisons(found);
                }
            }
            Condition::Not(part) => part.collect_comparisons(found),
        }
    }

    /// The wire names of the fields the condition reads, in source order, without repeats.
    #[must_use]
    pub fn fields(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        for (field, _, _) in self.comparisons() {
            if !names.contains(&field) {
                names.push(field);
            }
        }
        names
    }

    fn precedence(&self) -> u8 {
        match self {
            Condition::Any(_) => 0,
            Condition::All(_) => 1,
            Condition::Not(_) => 2,
            Condition::Compare { .. } => 3,
        }
    }

    fn fmt_child(&self, child: &Condition, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if child.precedence() <= self.precedence() && child.precedence() < 2 {
            write!(f, "({child})")
        } else {
            write!(f, "{child}")
        }
    }
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Condition::Compare { field, op, values } => {
                let list = |f: &mut fmt::Formatter<'_>| -> fmt::Result {
                    f.write_str("[")?;
                    for (index, value) in values.iter().enumerate() {
                        if index > 0 {
                            f.write_str(", ")?;
                        }
                        write!(f, "{value}")?;
                    }
                    f.write_str("]")
                };
                match op {
                    Comparison::Eq => write!(f, "{field} == {}", values[0]),
                    Comparison::Ne => write!(f, "{field} != {}", values[0]),
                    Comparison::In => {
                        write!(f, "{field} in ")?;
                        list(f)
                    }
                    Comparison::NotIn => {
                        write!(f, "{field} not in ")?;
                        list(f)
                    }
                }
            }
            Condition::All(parts) | Condition::Any(parts) => {
                let joiner = if matches!(self, Condition::All(_)) {
                    " and "
                } else {
                    " or "
                };
                for (index, part) in parts.iter().enumerate() {
                    if index > 0 {
                        f.write_str(joiner)?;
                    }
                    self.fmt_child(part, f)?;
                }
                Ok(())
            }
            Condition::Not(part) => {
                f.write_str("not ")?;
                if part.precedence() < 2 {
                    write!(f, "({part})")
                } else {
                    write!(f, "{part}")
                }
            }
        }
    }
}

/// Why a condition did not parse, with the byte range of the offending text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConditionError {
    /// What was wrong, as a sentence fragment (`expected a literal after ==`).
    pub message: String,
    /// Byte offset in the condition text where the problem starts.
    pub start: usize,
    /// Byte offset where it ends (at least `start + 1` unless the text ended).
    pub end: usize,
}

impl fmt::Display for ConditionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at byte {})", self.message, self.start)
    }
}

impl std::error::Error for ConditionError {}

impl FromStr for Condition {
    type Err = ConditionError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let tokens = tokenize(text)?;
        let mut parser = Parser {
            tokens,
            position: 0,
            text_len: text.len(),
        };
        let condition = parser.disjunction()?;
        match parser.peek() {
            None => Ok(condition),
            Some(token) => Err(parser.error_at(
                token,
                format!(
                    "unexpected {} after a complete condition",
                    token.kind.describe()
                ),
            )),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum TokenKind {
    Ident(String),
    Int(i64),
    Str(String),
    EqEq,
    NotEq,
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    And,
    Or,
    Not,
    In,
}

impl TokenKind {
    fn describe(&self) -> String {
        match self {
            TokenKind::Ident(name) => format!("field name `{name}`"),
            TokenKind::Int(value) => format!("integer `{value}`"),
            TokenKind::Str(value) => format!("string \"{value}\""),
            TokenKind::EqEq => "`==`".into(),
            TokenKind::NotEq => "`!=`".into(),
            TokenKind::LParen => "`(`".into(),
            TokenKind::RParen => "`)`".into(),
            TokenKind::LBracket => "`[`".into(),
            TokenKind::RBracket => "`]`".into(),
            TokenKind::Comma => "`,`".into(),
            TokenKind::And => "`and`".into(),
            TokenKind::Or => "`or`".into(),
            TokenKind::Not => "`not`".into(),
            TokenKind::In => "`in`".into(),
        }
    }
}

#[derive(Debug, Clone)]
struct Token {
    kind: TokenKind,
    start: usize,
    end: usize,
}

fn tokenize(text: &str) -> Result<Vec<Token>, ConditionError> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut index = 0;
    while index < bytes.len() {
        let start = index;
        let byte = bytes[index];
        let single = |kind| Token {
            kind,
            start,
            end: start + 1,
        };
        match byte {
            b' ' | b'\t' | b'\n' | b'\r' => {
                index += 1;
                continue;
            }
            b'(' => tokens.push(single(TokenKind::LParen)),
            b')' => tokens.push(single(TokenKind::RParen)),
            b'[' => tokens.push(single(TokenKind::LBracket)),
            b']' => tokens.push(single(TokenKind::RBracket)),
            b',' => tokens.push(single(TokenKind::Comma)),
            b'=' | b'!' => {
                if bytes.get(index + 1) != Some(&b'=') {
                    let found = if byte == b'=' { "`=`" } else { "`!`" };
                    return Err(ConditionError {
                        message: format!("{found} is not an operator; write `==` or `!=`"),
                        start,
                        end: start + 1,
                    });
                }
                let kind = if byte == b'=' {
                    TokenKind::EqEq
                } else {
                    TokenKind::NotEq
                };
                tokens.push(Token {
                    kind,
                    start,
                    end: start + 2,
                });
                index += 2;
                continue;
            }
            b'"' => {
                let mut value = String::new();
                index += 1;
                let mut closed = false;
                while index < bytes.len() {
                    match bytes[index] {
                        b'"' => {
                            closed = true;
                            index += 1;
                            break;
                        }
                        b'\\' if matches!(bytes.get(index + 1), Some(b'"' | b'\\')) => {
                            value.push(char::from(bytes[index + 1]));
                            index += 2;
                        }
                        _ => {
                            // Copy one whole UTF-8 character.
                            let rest = &text[index..];
                            let ch = rest.chars().next().unwrap_or('\u{fffd}');
                            value.push(ch);
                            index += ch.len_utf8();
                        }
                    }
                }
                if !closed {
                    return Err(ConditionError {
                        message: "string literal is not closed".into(),
                        start,
                        end: text.len(),
                    });
                }
                tokens.push(Token {
                    kind: TokenKind::Str(value),
                    start,
                    end: index,
                });
                continue;
            }
            b'-' | b'0'..=b'9' => {
                index += 1;
                while index < bytes.len() && bytes[index].is_ascii_digit() {
                    index += 1;
                }
                let digits = &text[start..index];
                let value = digits.parse::<i64>().map_err(|_| ConditionError {
                    message: format!("`{digits}` is not an integer that fits in 64 bits"),
                    start,
                    end: index,
                })?;
                tokens.push(Token {
                    kind: TokenKind::Int(value),
                    start,
                    end: index,
                });
                continue;
            }
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                index += 1;
                while index < bytes.len()
                    && (bytes[index].is_ascii_alphanumeric() || bytes[index] == b'_')
                {
                    index += 1;
                }
                let word = &text[start..index];
                let kind = match word {
                    "and" => TokenKind::And,
                    "or" => TokenKind::Or,
                    "not" => TokenKind::Not,
                    "in" => TokenKind::In,
                    _ => TokenKind::Ident(word.to_owned()),
                };
                tokens.push(Token {
                    kind,
                    start,
                    end: index,
                });
                continue;
            }
            _ => {
                let ch = text[start..].chars().next().unwrap_or('\u{fffd}');
                let hint = match ch {
                    '&' | '|' => "; write `and` / `or`",
                    '\'' => "; string literals take double quotes",
                    '<' | '>' => "; only `==`, `!=`, `in` and `not in` compare",
                    _ => "",
                };
                return Err(ConditionError {
                    message: format!("unexpected character `{ch}`{hint}"),
                    start,
                    end: start + ch.len_utf8(),
                });
            }
        }
        index += 1;
    }
    Ok(tokens)
}

struct Parser {
    tokens: Vec<Token>,
    position: usize,
    text_len: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.position)
    }

    fn peek_kind(&self) -> Option<&TokenKind> {
        self.peek().map(|token| &token.kind)
    }

    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.position).cloned();
        if token.is_some() {
            self.position += 1;
        }
        token
    }

    fn error_at(&self, token: &Token, message: String) -> ConditionError {
        ConditionError {
            message,
            start: token.start,
            end: token.end,
        }
    }

    fn error_at_end(&self, message: String) -> ConditionError {
        ConditionError {
            message,
            start: self.text_len,
            end: self.text_len,
        }
    }

    fn expected(&mut self, what: &str) -> ConditionError {
        match self.peek().cloned() {
            Some(token) => self.error_at(
                &token,
                format!("expected {what}, found {}", token.kind.describe()),
            ),
            None => self.error_at_end(format!("expected {what}, found the end of the condition")),
        }
    }

    fn disjunction(&mut self) -> Result<Condition, ConditionError> {
        let mut parts = vec![self.conjunction()?];
        while self.peek_kind() == Some(&TokenKind::Or) {
            self.position += 1;
            parts.push(self.conjunction()?);
        }
        Ok(join(parts, Condition::Any))
    }

    fn conjunction(&mut self) -> Result<Condition, ConditionError> {
        let mut parts = vec![self.negation()?];
        while self.peek_kind() == Some(&TokenKind::And) {
            self.position += 1;
            parts.push(self.negation()?);
        }
        Ok(join(parts, Condition::All))
    }

    fn negation(&mut self) -> Result<Condition, ConditionError> {
        if self.peek_kind() == Some(&TokenKind::Not) {
            self.position += 1;
            let inner = self.negation()?;
            return Ok(Condition::Not(Box::new(inner)));
        }
        self.atom()
    }

    fn atom(&mut self) -> Result<Condition, ConditionError> {
        match self.peek_kind() {
            Some(TokenKind::LParen) => {
                self.position += 1;
                let inner = self.disjunction()?;
                if self.peek_kind() == Some(&TokenKind::RParen) {
                    self.position += 1;
                    Ok(inner)
                } else {
                    Err(self.expected("`)`"))
                }
            }
            Some(TokenKind::Ident(_)) => {
                let Some(Token {
                    kind: TokenKind::Ident(field),
                    ..
                }) = self.next()
                else {
                    return Err(self.expected("a field name"));
                };
                self.comparison(field)
            }
            _ => Err(self.expected("a field name, `not` or `(`")),
        }
    }

    fn comparison(&mut self, field: String) -> Result<Condition, ConditionError> {
        let op = match self.peek_kind() {
            Some(TokenKind::EqEq) => Comparison::Eq,
            Some(TokenKind::NotEq) => Comparison::Ne,
            Some(TokenKind::In) => Comparison::In,
            Some(TokenKind::Not) => {
                self.position += 1;
                if self.peek_kind() != Some(&TokenKind::In) {
                    return Err(self.expected("`in` after `not`"));
                }
                Comparison::NotIn
            }
            _ => {
                return Err(self.expected(&format!("`==`, `!=`, `in` or `not in` after `{field}`")));
            }
        };
        self.position += 1;
        let values = match op {
            Comparison::Eq | Comparison::Ne => vec![self.literal()?],
            Comparison::In | Comparison::NotIn => self.list()?,
        };
        Ok(Condition::Compare { field, op, values })
    }

    fn literal(&mut self) -> Result<Literal, ConditionError> {
        match self.peek_kind() {
            Some(TokenKind::Int(value)) => {
                let value = *value;
                self.position += 1;
                Ok(Literal::Int(value))
            }
            Some(TokenKind::Str(value)) => {
                let value = value.clone();
                self.position += 1;
                Ok(Literal::Str(value))
            }
            _ => Err(self.expected("an integer or a double-quoted string")),
        }
    }

    fn list(&mut self) -> Result<Vec<Literal>, ConditionError> {
        if self.peek_kind() != Some(&TokenKind::LBracket) {
            return Err(self.expected("`[` to open the list of values"));
        }
        self.position += 1;
        let mut values = Vec::new();
        loop {
            if self.peek_kind() == Some(&TokenKind::RBracket) && !values.is_empty() {
                self.position += 1;
                return Ok(values);
            }
            values.push(self.literal()?);
            match self.peek_kind() {
                Some(TokenKind::Comma) => self.position += 1,
                Some(TokenKind::RBracket) => {}
                _ => return Err(self.expected("`,` or `]`")),
            }
        }
    }
}

/// Builds an `All`/`Any` from parts, flattening nested ones of the same kind so that
/// `a and (b and c)` and `a and b and c` are the same value (and print the same).
fn join(parts: Vec<Condition>, make: fn(Vec<Condition>) -> Condition) -> Condition {
    if parts.len() == 1 {
        return parts
            .into_iter()
            .next()
            .unwrap_or(Condition::All(Vec::new()));
    }
    let same = |part: &Condition| {
        matches!(
            (make(Vec::new()), part),
            (Condition::All(_), Condition::All(_)) | (Condition::Any(_), Condition::Any(_))
        )
    };
    let mut flat = Vec::new();
    for part in parts {
        if same(&part) {
            match part {
                Condition::All(inner) | Condition::Any(inner) => flat.extend(inner),
                other => flat.push(other),
            }
        } else {
            flat.push(part);
        }
    }
    make(flat)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Condition {
        match text.parse() {
            Ok(condition) => condition,
            Err(error) => panic!("`{text}` did not parse: {error}"),
        }
    }

    fn lookup<'a>(pairs: &'a [(&'a str, Scalar<'a>)]) -> impl Fn(&str) -> Scalar<'a> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(key, _)| *key == name)
                .map_or(Scalar::Absent, |(_, value)| *value)
        }
    }

    #[test]
    fn parses_the_forms_the_spec_uses() {
        let cases = [
            ("deviceType in [1, 3]", "deviceType in [1, 3]"),
            ("outBoundType == 2", "outBoundType == 2"),
            ("busiResultPolicy != 0", "busiResultPolicy != 0"),
            ("a not in [1,2,]", "a not in [1, 2]"),
            (
                "a == 1 and (b == 2 or c == \"x\")",
                "a == 1 and (b == 2 or c == \"x\")",
            ),
            (
                "(a == 1 and b == 2) and c == 3",
                "a == 1 and b == 2 and c == 3",
            ),
            ("not (a == 1 or b == 2)", "not (a == 1 or b == 2)"),
            ("not a == 1", "not a == 1"),
            ("a == -5", "a == -5"),
            ("a == \"q\\\"uote\"", "a == \"q\\\"uote\""),
        ];
        for (text, printed) in cases {
            let condition = parse(text);
            assert_eq!(condition.to_string(), printed, "display of `{text}`");
            assert_eq!(parse(printed), condition, "round trip of `{text}`");
        }
    }

    #[test]
    fn precedence_is_not_then_and_then_or() {
        let condition = parse("a == 1 or b == 2 and not c == 3");
        let Condition::Any(parts) = &condition else {
            panic!("expected `or` at the top: {condition:?}")
        };
        assert_eq!(parts.len(), 2);
        assert!(
            matches!(&parts[1], Condition::All(inner) if matches!(inner[1], Condition::Not(_)))
        );
    }

    #[test]
    fn rejects_malformed_text_with_a_location() {
        let cases = [
            ("", 0, "expected a field name"),
            ("deviceType = 1", 11, "is not an operator"),
            ("deviceType in 1", 14, "expected `[`"),
            ("deviceType in []", 15, "expected an integer"),
            ("a == 1 &&", 7, "write `and`"),
            ("a == 'x'", 5, "double quotes"),
            ("a == 1 b == 2", 7, "unexpected field name `b`"),
            ("(a == 1", 7, "expected `)`"),
            ("a == 99999999999999999999", 5, "fits in 64 bits"),
            ("a > 1", 2, "only `==`"),
            ("a not == 1", 6, "expected `in` after `not`"),
            ("a == \"open", 5, "not closed"),
        ];
        for (text, start, fragment) in cases {
            let error = text.parse::<Condition>().expect_err(text);
            assert_eq!(
                error.start, start,
                "start of the error in `{text}`: {error}"
            );
            assert!(
                error.message.contains(fragment),
                "`{text}` gave `{}`",
                error.message
            );
        }
    }

    #[test]
    fn absent_fields_equal_nothing() {
        let none = lookup(&[]);
        assert!(!parse("a == 1").eval(&none));
        assert!(!parse("a in [1, 2]").eval(&none));
        assert!(parse("a != 1").eval(&none));
        assert!(parse("a not in [1]").eval(&none));

        let other = lookup(&[("a", Scalar::Other)]);
        assert!(!parse("a == 1").eval(&other));
        assert!(parse("a != 1").eval(&other));
    }

    #[test]
    fn evaluates_comparisons_and_connectives() {
        let facts = [("deviceType", Scalar::Int(3)), ("kind", Scalar::Str("SI"))];
        let facts = lookup(&facts);
        assert!(parse("deviceType in [1, 3]").eval(&facts));
        assert!(!parse("deviceType in [2, 5, 6]").eval(&facts));
        assert!(parse("deviceType == 3 and kind == \"SI\"").eval(&facts));
        assert!(!parse("deviceType == 3 and kind == \"MO\"").eval(&facts));
        assert!(parse("deviceType == 1 or kind == \"SI\"").eval(&facts));
        assert!(
            !parse("deviceType == \"3\"").eval(&facts),
            "types never coerce"
        );
        assert!(parse("not deviceType == 1").eval(&facts));
    }

    #[test]
    fn lists_fields_once_in_order() {
        let condition = parse("b == 1 or (a == 2 and b != 3)");
        assert_eq!(condition.fields(), ["b", "a"]);
    }
}
