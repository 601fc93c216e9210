//! The forms a campaign takes, and steering the generator towards one.
//!
//! A campaign's shape hangs on a few discriminators: what places the calls (`deviceType`),
//! the skill queue's dialling mode (`skillParam.outBoundType`, which mirrors it), the
//! forecasting algorithm of predictive dialling (`predictParam.predictMethod`), the kind of
//! retry policy (one global policy in its common or its per-result form, or policies by
//! number type) and the call policy (by sequence or by round). These are the [`Dimension`]s
//! of a [`Form`]. A [`FormFilter`] fixes some of them; [`Form::of`] reads them back from a
//! generated payload, which is how a filter is confirmed rather than trusted.
//!
//! The values of every dimension come from the spec: the enumerations of the rows above, and
//! the two forms of the `retry-policy-form` rule. Only where the rows sit is written here, in
//! [`Dimensions::new`], which refuses a spec that moved them.

use std::fmt;

use isales_spec::{Enumeration, FieldType, RuleKind, Spec, TableKind};
use isales_vocabulary::{registry, wiring};
use serde_json::Value;

use crate::generate::GeneratorError;

/// One discriminator of a campaign's form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dimension {
    /// `returnObject.deviceType`: IVR or skill queue, and the mode.
    DeviceType,
    /// `returnObject.skillParam.outBoundType`: the skill queue's dialling mode.
    OutBoundType,
    /// `returnObject.skillParam.predictParam.predictMethod`: the forecasting algorithm.
    PredictMethod,
    /// `returnObject.retryPolicy`: which kind of retry policy, if any.
    RetryPolicy,
    /// `returnObject.callPolicy`: dialling by sequence or by round, if stated.
    CallPolicy,
}

impl Dimension {
    /// Every dimension, in the order forms are written.
    pub const ALL: [Dimension; 5] = [
        Dimension::DeviceType,
        Dimension::OutBoundType,
        Dimension::PredictMethod,
        Dimension::RetryPolicy,
        Dimension::CallPolicy,
    ];

    /// The name filters and descriptions use (`device-type`).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Dimension::DeviceType => "device-type",
            Dimension::OutBoundType => "out-bound-type",
            Dimension::PredictMethod => "predict-method",
            Dimension::RetryPolicy => "retry-policy",
            Dimension::CallPolicy => "call-policy",
        }
    }

    /// The dimension of a name, as [`Dimension::name`] writes it.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Dimension> {
        Dimension::ALL
            .into_iter()
            .find(|dimension| dimension.name() == name)
    }
}

impl fmt::Display for Dimension {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The kind of retry policy a campaign carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RetryForm {
    /// No `retryPolicy`.
    Absent,
    /// A global policy in its common form: days, times and interval.
    Common,
    /// A global policy in its per-result form: `resultRetry`.
    PerResult,
    /// Policies matched on the type of the number dialled: `policyJson`.
    NumberType,
}

impl RetryForm {
    /// Every kind, in the order a plan cycles through them.
    pub const ALL: [RetryForm; 4] = [
        RetryForm::Absent,
        RetryForm::Common,
        RetryForm::PerResult,
        RetryForm::NumberType,
    ];

    /// Its name in filters and descriptions.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            RetryForm::Absent => "none",
            RetryForm::Common => "common",
            RetryForm::PerResult => "per-result",
            RetryForm::NumberType => "number-type",
        }
    }
}

/// How a campaign's calls are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CallForm {
    /// No `callPolicy`.
    Absent,
    /// A call policy dialling numbers in sequence (`callType` 0 or absent).
    Sequence,
    /// A call policy dialling in rounds (`callType` 1, with `turns`).
    Round,
}

impl CallForm {
    /// Every form, in the order a plan cycles through them.
    pub const ALL: [CallForm; 3] = [CallForm::Absent, CallForm::Sequence, CallForm::Round];

    /// Its name in filters and descriptions.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            CallForm::Absent => "none",
            CallForm::Sequence => "sequence",
            CallForm::Round => "round",
        }
    }
}

/// The form of one payload: each dimension as the payload has it (`None`: the payload has no
/// such row, say no `predictMethod` outside predictive dialling, or no campaign at all).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Form {
    /// `deviceType`.
    pub device_type: Option<i64>,
    /// `skillParam.outBoundType`.
    pub out_bound_type: Option<i64>,
    /// `predictParam.predictMethod`.
    pub predict_method: Option<i64>,
    /// The retry policy's kind; `None` without a campaign.
    pub retry_policy: Option<RetryForm>,
    /// The call policy's form; `None` without a campaign.
    pub call_policy: Option<CallForm>,
}

impl Form {
    /// The form of a response body.
    #[must_use]
    pub fn of(dimensions: &Dimensions, payload: &Value) -> Form {
        let Some(campaign) = payload
            .get(wiring::envelope::RETURN_OBJECT.name)
            .filter(|campaign| campaign.is_object())
        else {
            return Form::default();
        };
        let int = |path: &[String]| at(campaign, path).and_then(Value::as_i64);
        let retry_policy = match at(campaign, &dimensions.retry_policy) {
            None => RetryForm::Absent,
            Some(policy) => {
                let present = |name: &str| policy.get(name).is_some_and(|v| !v.is_null());
                let complete =
                    |form: &[String]| !form.is_empty() && form.iter().all(|name| present(name));
                match policy.get(&dimensions.policy_type).and_then(Value::as_i64) {
                    Some(kind) if kind == dimensions.number_type => RetryForm::NumberType,
                    _ if complete(&dimensions.result_form) => RetryForm::PerResult,
                    _ if complete(&dimensions.common_form) => RetryForm::Common,
                    _ => RetryForm::Absent,
                }
            }
        };
        let call_policy = match at(campaign, &dimensions.call_policy) {
            None => CallForm::Absent,
            Some(policy) => match policy.get(&dimensions.call_type).and_then(Value::as_i64) {
                Some(kind) if kind == dimensions.round => CallForm::Round,
                _ => CallForm::Sequence,
            },
        };
        Form {
            device_type: int(&dimensions.device_type),
            out_bound_type: int(&dimensions.out_bound_type),
            predict_method: int(&dimensions.predict_method),
            retry_policy: Some(retry_policy),
            call_policy: Some(call_policy),
        }
    }

    /// Whether the form has every dimension the filter fixes.
    #[must_use]
    pub fn matches(&self, filter: &FormFilter) -> bool {
        let same = |wanted: Option<i64>, have: Option<i64>| wanted.is_none_or(|w| have == Some(w));
        same(filter.device_type, self.device_type)
            && same(filter.out_bound_type, self.out_bound_type)
            && same(filter.predict_method, self.predict_method)
            && filter
                .retry_policy
                .is_none_or(|w| self.retry_policy == Some(w))
            && filter
                .call_policy
                .is_none_or(|w| self.call_policy == Some(w))
    }

    /// The dimensions the payload has, as `(name, value)` pairs: coded rows by their code,
    /// policies by their names.
    #[must_use]
    pub fn pairs(&self) -> Vec<(Dimension, String)> {
        let mut pairs = Vec::new();
        let mut code = |dimension, value: Option<i64>| {
            if let Some(value) = value {
                pairs.push((dimension, value.to_string()));
            }
        };
        code(Dimension::DeviceType, self.device_type);
        code(Dimension::OutBoundType, self.out_bound_type);
        code(Dimension::PredictMethod, self.predict_method);
        if let Some(retry) = self.retry_policy {
            pairs.push((Dimension::RetryPolicy, retry.name().to_owned()));
        }
        if let Some(call) = self.call_policy {
            pairs.push((Dimension::CallPolicy, call.name().to_owned()));
        }
        pairs
    }
}

/// `device-type=2,out-bound-type=2,predict-method=1,retry-policy=common,call-policy=round`:
/// ASCII, short, and the syntax [`FormFilter::set`] reads back.
impl fmt::Display for Form {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, (dimension, value)) in self.pairs().into_iter().enumerate() {
            if index > 0 {
                f.write_str(",")?;
            }
            write!(f, "{dimension}={value}")?;
        }
        Ok(())
    }
}

/// The dimensions a caller fixes; the others vary from payload to payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct FormFilter {
    /// A `deviceType` code.
    pub device_type: Option<i64>,
    /// A `skillParam.outBoundType` code.
    pub out_bound_type: Option<i64>,
    /// A `predictParam.predictMethod` code.
    pub predict_method: Option<i64>,
    /// A kind of retry policy.
    pub retry_policy: Option<RetryForm>,
    /// A form of call policy.
    pub call_policy: Option<CallForm>,
}

/// A filter the spec has no values for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormError {
    /// `name=value` expected.
    Syntax(String),
    /// No dimension of that name.
    UnknownDimension {
        /// The name given.
        name: String,
    },
    /// A value the dimension does not take.
    UnknownValue {
        /// The dimension.
        dimension: Dimension,
        /// The value given.
        value: String,
        /// Every value it takes, as names and codes.
        valid: Vec<String>,
    },
}

impl fmt::Display for FormError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormError::Syntax(text) => {
                write!(f, "`{text}` is not DIMENSION=VALUE")
            }
            FormError::UnknownDimension { name } => {
                let names: Vec<&str> = Dimension::ALL.iter().map(|d| d.name()).collect();
                write!(
                    f,
                    "no form dimension `{name}`; the dimensions are {}",
                    names.join(", ")
                )
            }
            FormError::UnknownValue {
                dimension,
                value,
                valid,
            } => write!(
                f,
                "{dimension} has no value `{value}`; it takes {}",
                valid.join(", ")
            ),
        }
    }
}

impl std::error::Error for FormError {}

impl FormFilter {
    /// Fixes one dimension from `name=value`: a coded row takes its code or its name in
    /// kebab case (`device-type=5`, `device-type=previewed`); the policies take their names
    /// (`retry-policy=number-type`, `call-policy=round`).
    ///
    /// # Errors
    /// When the text is not `name=value`, or names a dimension or a value that does not
    /// exist; the error lists what does.
    pub fn set(&mut self, dimensions: &Dimensions, text: &str) -> Result<(), FormError> {
        let Some((name, value)) = text.split_once('=') else {
            return Err(FormError::Syntax(text.to_owned()));
        };
        let (name, value) = (name.trim(), value.trim());
        let dimension = Dimension::from_name(name).ok_or_else(|| FormError::UnknownDimension {
            name: name.to_owned(),
        })?;
        let unknown = |valid: Vec<String>| FormError::UnknownValue {
            dimension,
            value: value.to_owned(),
            valid,
        };
        match dimension {
            Dimension::RetryPolicy => {
                let form = RetryForm::ALL.into_iter().find(|f| f.name() == value);
                self.retry_policy = Some(form.ok_or_else(|| {
                    unknown(RetryForm::ALL.iter().map(|f| f.name().into()).collect())
                })?);
            }
            Dimension::CallPolicy => {
                let form = CallForm::ALL.into_iter().find(|f| f.name() == value);
                self.call_policy = Some(form.ok_or_else(|| {
                    unknown(CallForm::ALL.iter().map(|f| f.name().into()).collect())
                })?);
            }
            coded => {
                let Some(enumeration) = dimensions.enumeration(coded) else {
                    return Err(unknown(Vec::new()));
                };
                let code = enumeration
                    .values
                    .iter()
                    .find(|v| v.value.to_string() == value || kebab(&v.name) == value)
                    .map(|v| v.value)
                    .ok_or_else(|| {
                        unknown(
                            enumeration
                                .values
                                .iter()
                                .map(|v| format!("{} ({})", kebab(&v.name), v.value))
                                .collect(),
                        )
                    })?;
                match coded {
                    Dimension::DeviceType => self.device_type = Some(code),
                    Dimension::OutBoundType => self.out_bound_type = Some(code),
                    _ => self.predict_method = Some(code),
                }
            }
        }
        Ok(())
    }

    /// Whether no dimension is fixed.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        *self == FormFilter::default()
    }
}

/// `IntelligentIvr` → `intelligent-ivr`.
fn kebab(name: &str) -> String {
    let mut out = String::new();
    for (index, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if index > 0 {
                out.push('-');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The value at a path of member names below `value`, unless absent or `null`.
fn at<'v>(value: &'v Value, path: &[String]) -> Option<&'v Value> {
    path.iter()
        .try_fold(value, |value, name| value.get(name))
        .filter(|value| !value.is_null())
}

/// Where the dimensions sit in a spec, and the values they take: read once from the spec.
#[derive(Debug, Clone)]
pub struct Dimensions {
    /// Paths from the campaign (Table 4) to each coded row.
    pub(crate) device_type: Vec<String>,
    pub(crate) out_bound_type: Vec<String>,
    pub(crate) predict_method: Vec<String>,
    /// The retry policy and its rows.
    pub(crate) retry_policy: Vec<String>,
    pub(crate) policy_type: String,
    pub(crate) global: i64,
    pub(crate) number_type: i64,
    pub(crate) common_form: Vec<String>,
    pub(crate) result_form: Vec<String>,
    /// The call policy and its rows.
    pub(crate) call_policy: Vec<String>,
    pub(crate) call_type: String,
    pub(crate) sequence: i64,
    pub(crate) round: i64,
    enumerations: [Enumeration; 3],
}

/// Where the rows outside the wiring sit, from the campaign: the forecasting algorithm, the
/// retry policy with its kind, and the call policy with its order.
const PREDICT_METHOD: &str = "skillParam.predictParam.predictMethod";
const RETRY_POLICY: &str = "retryPolicy";
const POLICY_TYPE: &str = "policyType";
const CALL_POLICY: &str = "callPolicy";
const CALL_TYPE: &str = "callType";

impl Dimensions {
    /// Reads the dimensions from `spec`.
    ///
    /// # Errors
    /// When a row is not where this module expects it, is not coded, or lacks a value a
    /// form needs (`policyType`'s global and number-type codes, `callType`'s sequence and
    /// round codes, the two forms of `retry-policy-form`).
    pub fn new(spec: &Spec) -> Result<Dimensions, GeneratorError> {
        let mut problems = Vec::new();
        let campaign = spec
            .table_of_kind(TableKind::Envelope)
            .and_then(|envelope| envelope.field(wiring::envelope::RETURN_OBJECT.name))
            .and_then(|field| match field.ty {
                FieldType::Object(table) => Some(table),
                _ => None,
            });
        let split = |path: &str| -> Vec<String> { path.split('.').map(str::to_owned).collect() };
        // The field at the end of a path of object rows from the campaign.
        let field = |path: &[String]| {
            let mut table = spec.table(campaign?)?;
            let (last, init) = path.split_last()?;
            for name in init {
                match table.field(name)?.ty {
                    FieldType::Object(child) => table = spec.table(child)?,
                    _ => return None,
                }
            }
            table.field(last)
        };
        let coded = |path: &[String], problems: &mut Vec<String>| match field(path)
            .and_then(|field| field.enumeration.clone())
        {
            Some(enumeration) => enumeration,
            None => {
                problems.push(format!(
                    "the form dimension `{}` is not a coded row of the campaign",
                    path.join(".")
                ));
                Enumeration {
                    type_name: String::new(),
                    provenance: isales_vocabulary::Provenance::Documented,
                    rule: String::new(),
                    default: None,
                    values: Vec::new(),
                }
            }
        };
        let device_type = split(wiring::out_bound_type::DEVICE_TYPE.path);
        let out_bound_type = split(wiring::out_bound_type::OUT_BOUND_TYPE.path);
        let predict_method = split(PREDICT_METHOD);
        let enumerations = [
            coded(&device_type, &mut problems),
            coded(&out_bound_type, &mut problems),
            coded(&predict_method, &mut problems),
        ];
        let retry_policy = split(RETRY_POLICY);
        let call_policy = split(CALL_POLICY);
        let policy_type = coded(&[RETRY_POLICY.into(), POLICY_TYPE.into()], &mut problems);
        let call_type = coded(&[CALL_POLICY.into(), CALL_TYPE.into()], &mut problems);
        let mut code = |enumeration: &Enumeration, name: &str| {
            let value = enumeration.values.iter().find(|v| v.name == name);
            if value.is_none() && !enumeration.values.is_empty() {
                problems.push(format!("{} has no value {name}", enumeration.type_name));
            }
            value.map_or(0, |v| v.value)
        };
        let global = code(&policy_type, "Global");
        let number_type = code(&policy_type, "NumberType");
        let sequence = code(&call_type, "Sequence");
        let round = code(&call_type, "Round");
        let forms = spec
            .rule(registry::RETRY_POLICY_FORM.id)
            .and_then(|rule| match &rule.kind {
                RuleKind::OneOfForms(forms) if forms.forms.len() == 2 => Some(&forms.forms),
                _ => None,
            });
        let form = |index: usize| -> Vec<String> {
            forms.map_or_else(Vec::new, |forms| {
                forms[index]
                    .iter()
                    .map(|path| path.head().to_owned())
                    .collect()
            })
        };
        if forms.is_none() {
            problems.push(format!(
                "{} is not a rule of two forms (common, per result)",
                registry::RETRY_POLICY_FORM.id
            ));
        }
        let dimensions = Dimensions {
            device_type,
            out_bound_type,
            predict_method,
            retry_policy,
            policy_type: POLICY_TYPE.into(),
            global,
            number_type,
            common_form: form(0),
            result_form: form(1),
            call_policy,
            call_type: CALL_TYPE.into(),
            sequence,
            round,
            enumerations,
        };
        if problems.is_empty() {
            Ok(dimensions)
        } else {
            Err(GeneratorError { problems })
        }
    }

    /// The listed values of a coded dimension; `None` for the policies
    /// ([`Dimension::RetryPolicy`], [`Dimension::CallPolicy`]), which are not coded rows.
    #[must_use]
    pub fn enumeration(&self, dimension: Dimension) -> Option<&Enumeration> {
        match dimension {
            Dimension::DeviceType => Some(&self.enumerations[0]),
            Dimension::OutBoundType => Some(&self.enumerations[1]),
            Dimension::PredictMethod => Some(&self.enumerations[2]),
            Dimension::RetryPolicy | Dimension::CallPolicy => None,
        }
    }

    /// The values of a coded dimension, in page order (none for the policies).
    pub(crate) fn codes(&self, dimension: Dimension) -> Vec<i64> {
        self.enumeration(dimension)
            .map(|enumeration| enumeration.values.iter().map(|v| v.value).collect())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dimensions() -> Dimensions {
        Dimensions::new(&isales_spec::load_embedded().expect("the spec loads")).expect("forms")
    }

    #[test]
    fn filters_take_codes_and_names_and_refuse_the_rest() {
        let dimensions = dimensions();
        let mut filter = FormFilter::default();
        filter
            .set(&dimensions, "device-type=previewed")
            .expect("a name");
        filter.set(&dimensions, "predict-method=3").expect("a code");
        filter
            .set(&dimensions, "retry-policy=number-type")
            .expect("a kind");
        filter
            .set(&dimensions, "call-policy=round")
            .expect("a form");
        assert_eq!(filter.device_type, Some(5));
        assert_eq!(filter.predict_method, Some(3));
        assert_eq!(filter.retry_policy, Some(RetryForm::NumberType));
        assert_eq!(filter.call_policy, Some(CallForm::Round));
        let error = filter
            .set(&dimensions, "device-type=4")
            .expect_err("no such device type");
        assert_eq!(
            error.to_string(),
            "device-type has no value `4`; it takes intelligent-ivr (1), predicted (2), \
             automatic-ivr (3), previewed (5), preempted (6)"
        );
        assert!(matches!(
            filter.set(&dimensions, "colour=red"),
            Err(FormError::UnknownDimension { .. })
        ));
        assert!(matches!(
            filter.set(&dimensions, "round"),
            Err(FormError::Syntax(_))
        ));
    }

    #[test]
    fn forms_are_read_back_from_payloads() {
        let dimensions = dimensions();
        let payload = serde_json::json!({"returnObject": {
            "deviceType": 2,
            "skillParam": {"outBoundType": 2, "predictParam": {"predictMethod": 3}},
            "retryPolicy": {"policyType": 0, "resultRetry": "[]"},
            "callPolicy": {"callType": 1},
        }});
        let form = Form::of(&dimensions, &payload);
        assert_eq!(
            form.to_string(),
            "device-type=2,out-bound-type=2,predict-method=3,retry-policy=per-result,call-policy=round"
        );
        let mut filter = FormFilter::default();
        filter.set(&dimensions, "predict-method=3").expect("a code");
        assert!(form.matches(&filter));
        filter
            .set(&dimensions, "call-policy=sequence")
            .expect("a form");
        assert!(!form.matches(&filter));
        assert_eq!(
            Form::of(&dimensions, &serde_json::json!({})),
            Form::default()
        );
    }
}
