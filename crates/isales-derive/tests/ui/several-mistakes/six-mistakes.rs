// One compilation reports every mistake, each at its own tokens.
use isales_derive::Contract;

#[derive(serde::Deserialize, Contract)]
#[serde(rename_all = "camelCase")]
#[contract(required_if(when = "callType == 1", fields = ["turnz"]))]
struct CallPolicy {
    #[contract(one_of = [0, 1], colour = "red")]
    call_type: Option<i64>,
    #[contract(required_if = "callType = 1", range(min = 5, max = 1))]
    choose_type: Option<i64>,
    #[contract(length(max = 10), required_if = "call_type == 1")]
    turn_count: Option<i64>,
}

fn main() {}
