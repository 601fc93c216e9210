use isales_derive::Contract;

#[derive(serde::Deserialize, Contract)]
#[serde(rename_all = "camelCase")]
#[contract(one_of_forms(
    when = "policyType == 0",
    forms = [["retryDay", "retryTime"], ["resultRetry"]],
))]
struct RetryPolicy {
    policy_type: Option<i64>,
    retry_day: Option<i64>,
    retry_times: Option<i64>,
    result_retry: Option<String>,
}

fn main() {}
