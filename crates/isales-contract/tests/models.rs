//! The typed models: the page's example round-trips, and every conditional-mandatory rule of
//! the spec is caught on typed values, with its rule id and pointer.

use isales_contract::models::{
    BusiPolicy, BusiResultPolicy, CallPolicy, CallType, Campaign, CampaignStatus, ChooseType,
    DeviceType, Envelope, ExpPredictParam, Extra, IvrParam, NumberPolicyType, NumberTypePolicy,
    OffhookPredictParam, OutBoundType, PolicySetting, PolicyType, PredictMethod, PredictParam,
    PreviewParam, ResultRetry, RetryPolicy, ScheduleParam, SkillParam, Turn,
};
use isales_contract::{Contract, JsonString, Severity};

const PAGE_EXAMPLE: &str = include_str!("../../../tests/corpus/valid/page-example.json");

fn json_string<T: serde::Serialize>(value: T) -> JsonString<T> {
    JsonString::new(value).expect("serializable")
}

/// A campaign that satisfies every rule: predictive dialling with the off-hook algorithm, a
/// number-type retry policy with both policy forms, business policies, round dialling.
fn campaign() -> Campaign {
    Campaign {
        id: Some(146),
        name: Some("spring renewals".into()),
        description: Some("renewal reminders, wave 1".into()),
        status: Some(CampaignStatus::Started),
        str_begin_time: Some("2026-03-01 08:00:00".into()),
        str_end_time: Some("2026-03-31 20:00:00".into()),
        device_type: Some(DeviceType::Predicted),
        caller_no: Some("10086".into()),
        max_alerting_time: Some(30),
        schedule_param: Some(ScheduleParam {
            workday_begin_time1: Some("08:00".into()),
            workday_end_time1: Some("12:00".into()),
            workday_begin_time2: Some("13:30".into()),
            workday_end_time2: Some("17:30".into()),
            ..ScheduleParam::default()
        }),
        skill_param: Some(SkillParam {
            skill_id: Some(1),
            skill_name: Some("Voice Skill Queue".into()),
            out_bound_type: Some(OutBoundType::Predicted),
            predict_param: Some(PredictParam {
                predict_method: Some(PredictMethod::OffHookRate),
                offhook_predict_param: Some(OffhookPredictParam {
                    off_hook_rate: Some(80),
                    ..Default::default()
                }),
                ..PredictParam::default()
            }),
            ..SkillParam::default()
        }),
        call_back_url: Some("https://results.example.com/isales".into()),
        retry_policy: Some(RetryPolicy {
            retry_policy_id: Some("rp-1".into()),
            policy_type: Some(PolicyType::NumberType),
            policy_json: Some(json_string(vec![
                NumberTypePolicy {
                    data_type: Some("SI".into()),
                    type_: Some(NumberPolicyType::Common),
                    policy: Some(json_string(vec![PolicySetting {
                        retry_day: Some(2),
                        retry_times: Some(3),
                        ..PolicySetting::default()
                    }])),
                    ..NumberTypePolicy::default()
                },
                NumberTypePolicy {
                    data_type: Some("MO".into()),
                    type_: Some(NumberPolicyType::Result),
                    policy: Some(json_string(vec![PolicySetting {
                        result: Some(1),
                        call_interval: Some(600),
                        retry_number: Some(2),
                        ..PolicySetting::default()
                    }])),
                    ..NumberTypePolicy::default()
                },
            ])),
            busi_policy: Some(json_string(vec![
                BusiPolicy {
                    busi_result_code: Some("B01".into()),
                    busi_result_policy: Some(BusiResultPolicy::StopCalling),
                    ..BusiPolicy::default()
                },
                BusiPolicy {
                    busi_result_code: Some("B02".into()),
                    busi_result_policy: Some(BusiResultPolicy::CallNextNumber),
                    call_interval: Some(120),
                    ..BusiPolicy::default()
                },
            ])),
            ..RetryPolicy::default()
        }),
        call_policy: Some(CallPolicy {
            call_policy_id: Some("cp-1".into()),
            call_type: Some(CallType::Round),
            choose_type: Some(ChooseType::NumberCategory),
            turns: Some(json_string(vec![Turn {
                turn_type: Some("SI".into()),
                order_no: Some(1),
                ..Turn::default()
            }])),
            ..CallPolicy::default()
        }),
        ..Campaign::default()
    }
}

fn envelope(campaign: Campaign) -> Envelope {
    Envelope {
        result_code: "0200000".into(),
        result_desc: Some(String::new()),
        return_code: "0200000".into(),
        return_desc: Some(String::new()),
        return_object: Some(campaign),
        extra: Extra::default(),
    }
}

/// The (rule, pointer) of every error-level violation.
fn errors(envelope: &Envelope) -> Vec<(&'static str, String)> {
    envelope
        .violations()
        .into_iter()
        .filter(|violation| violation.level() == Severity::Error)
        .map(|violation| (violation.rule(), violation.pointer().to_owned()))
        .collect()
}

fn expect(mutate: impl FnOnce(&mut Campaign), rule: &str, pointer: &str) {
    let mut broken = campaign();
    mutate(&mut broken);
    let found = errors(&envelope(broken));
    assert_eq!(
        found,
        [(rule, pointer.to_owned())].map(|(r, p)| (r, p)).to_vec(),
        "expected only {rule} at {pointer}"
    );
}

#[test]
fn the_page_example_round_trips() {
    let input: serde_json::Value = serde_json::from_str(PAGE_EXAMPLE).expect("the example is JSON");
    let envelope: Envelope =
        serde_json::from_str(PAGE_EXAMPLE).expect("the example fits the models");
    let campaign = envelope.return_object.as_ref().expect("a campaign");
    assert_eq!(campaign.device_type, Some(DeviceType::Predicted));
    assert_eq!(campaign.id, Some(146));
    assert_eq!(
        serde_json::to_value(&envelope).expect("serializable"),
        input
    );
}

#[test]
fn an_empty_string_where_it_means_not_set_reads_as_none_and_writes_back() {
    let text = r#"{"policyType": 1, "policyJson": "", "busiPolicy": ""}"#;
    let policy: RetryPolicy = serde_json::from_str(text).expect("a retry policy");
    assert!(policy.policy_json.is_none() && policy.busi_policy.is_none());
    let back = serde_json::to_value(&policy).expect("serializable");
    assert_eq!(back["policyJson"], "");
    assert_eq!(back["busiPolicy"], "");
    // Read as absent, the typed path reports both blanks and the policyJson they leave out.
    let mut found: Vec<(&str, String)> = policy
        .violations()
        .into_iter()
        .map(|violation| (violation.rule(), violation.pointer().to_owned()))
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            ("empty-as-absent", "/busiPolicy".to_owned()),
            ("empty-as-absent", "/policyJson".to_owned()),
            ("policy-json-required", "/policyJson".to_owned()),
        ]
    );
}

#[test]
fn embedded_documents_serialize_back_to_the_same_string() {
    let text = r#"{"policyType": 0, "resultRetry": "[{\"result\":1, \"callInterval\" :60,\"retryNumber\":2}]"}"#;
    let policy: RetryPolicy = serde_json::from_str(text).expect("a retry policy");
    let retry = policy.result_retry.as_ref().expect("resultRetry");
    assert_eq!(
        retry.value()[0],
        ResultRetry {
            result: Some(1),
            call_interval: Some(60),
            retry_number: Some(2),
            ..Default::default()
        }
    );
    let back = serde_json::to_value(&policy).expect("serializable");
    assert_eq!(
        back["resultRetry"],
        r#"[{"result":1, "callInterval" :60,"retryNumber":2}]"#
    );
}

#[test]
fn unknown_codes_are_kept() {
    let campaign: Campaign = serde_json::from_str(r#"{"status": 1, "deviceType": 9}"#)
        .expect("unknown codes deserialize");
    assert_eq!(campaign.status, Some(CampaignStatus::Other(1)));
    assert_eq!(campaign.device_type, Some(DeviceType::Other(9)));
    assert_eq!(
        serde_json::to_value(&campaign).expect("serializable"),
        serde_json::json!({"status": 1, "deviceType": 9})
    );
}

#[test]
fn a_campaign_satisfying_every_rule_has_no_violation() {
    let violations = envelope(campaign()).violations();
    assert!(violations.is_empty(), "{violations:#?}");
}

#[test]
fn ivr_param_is_required_for_ivr_devices() {
    for device in [DeviceType::IntelligentIvr, DeviceType::AutomaticIvr] {
        expect(
            |c| {
                c.device_type = Some(device);
                c.skill_param = None;
            },
            "ivr-param-required",
            "/returnObject/ivrParam",
        );
    }
}

#[test]
fn skill_param_is_required_for_skill_queue_devices() {
    for device in [
        DeviceType::Predicted,
        DeviceType::Previewed,
        DeviceType::Preempted,
    ] {
        expect(
            |c| {
                c.device_type = Some(device);
                c.skill_param = None;
                c.ivr_param = Some(IvrParam {
                    device_sign: Some("1001".into()),
                    ..Default::default()
                });
            },
            "skill-param-required",
            "/returnObject/skillParam",
        );
    }
}

fn skill(c: &mut Campaign) -> &mut SkillParam {
    c.skill_param.as_mut().expect("skill campaign")
}

#[test]
fn predict_param_is_required_for_predictive_dialling() {
    expect(
        |c| skill(c).predict_param = None,
        "predict-param-required",
        "/returnObject/skillParam/predictParam",
    );
}

#[test]
fn preview_param_is_required_for_preview_dialling() {
    expect(
        |c| {
            c.device_type = Some(DeviceType::Previewed);
            let skill = skill(c);
            skill.out_bound_type = Some(OutBoundType::Previewed);
            skill.predict_param = None;
        },
        "preview-param-required",
        "/returnObject/skillParam/previewParam",
    );
}

#[test]
fn preview_param_fields_are_positive() {
    expect(
        |c| {
            c.device_type = Some(DeviceType::Previewed);
            let skill = skill(c);
            skill.out_bound_type = Some(OutBoundType::Previewed);
            skill.predict_param = None;
            skill.preview_param = Some(PreviewParam {
                fail_interval: 0,
                ob_call_count: 1,
                auto_call_time: 5,
                extra: Extra::default(),
            });
        },
        "out-of-range",
        "/returnObject/skillParam/previewParam/failInterval",
    );
}

#[test]
fn each_prediction_algorithm_needs_its_settings() {
    let cases = [
        (PredictMethod::Empirical, "expPredictParam"),
        (PredictMethod::AgentUsage, "agentPredictParam"),
        (PredictMethod::CompletionRate, "connectPredictParam"),
        (PredictMethod::OffHookRate, "offhookPredictParam"),
    ];
    for (method, field) in cases {
        expect(
            |c| {
                let predict = skill(c).predict_param.as_mut().expect("predictParam");
                predict.predict_method = Some(method);
                predict.offhook_predict_param = None;
            },
            "predict-algorithm-param-required",
            &format!("/returnObject/skillParam/predictParam/{field}"),
        );
    }
    // The right settings object satisfies the rule.
    let mut fine = campaign();
    let predict = skill(&mut fine)
        .predict_param
        .as_mut()
        .expect("predictParam");
    predict.predict_method = Some(PredictMethod::Empirical);
    predict.offhook_predict_param = None;
    predict.exp_predict_param = Some(ExpPredictParam {
        max_avg_call_time: Some(300),
        mim_avg_call_time: Some(30),
        ..Default::default()
    });
    assert_eq!(errors(&envelope(fine)), []);
}

fn retry(c: &mut Campaign) -> &mut RetryPolicy {
    c.retry_policy.as_mut().expect("retry policy")
}

#[test]
fn a_global_policy_needs_one_complete_form() {
    let global = |c: &mut Campaign| {
        let retry = retry(c);
        retry.policy_type = Some(PolicyType::Global);
        retry.policy_json = None;
    };
    expect(
        |c| {
            global(c);
            retry(c).retry_day = Some(2);
        },
        "retry-policy-form",
        "/returnObject/retryPolicy",
    );
    let mut common = campaign();
    global(&mut common);
    let policy = retry(&mut common);
    (policy.retry_day, policy.retry_times, policy.call_interval) = (Some(2), Some(3), Some(600));
    assert_eq!(errors(&envelope(common)), []);
}

#[test]
fn result_retry_entries_need_their_three_fields() {
    for (entry, field) in [
        (
            ResultRetry {
                call_interval: Some(60),
                retry_number: Some(1),
                ..Default::default()
            },
            "result",
        ),
        (
            ResultRetry {
                result: Some(1),
                retry_number: Some(1),
                ..Default::default()
            },
            "callInterval",
        ),
        (
            ResultRetry {
                result: Some(1),
                call_interval: Some(60),
                ..Default::default()
            },
            "retryNumber",
        ),
    ] {
        expect(
            |c| {
                let retry = retry(c);
                retry.policy_type = Some(PolicyType::Global);
                retry.policy_json = None;
                retry.result_retry = Some(json_string(vec![entry]));
            },
            "result-retry-fields",
            &format!("/returnObject/retryPolicy/resultRetry/0/{field}"),
        );
    }
}

#[test]
fn a_number_type_policy_needs_policy_json() {
    expect(
        |c| retry(c).policy_json = None,
        "policy-json-required",
        "/returnObject/retryPolicy/policyJson",
    );
}

#[test]
fn number_policies_need_the_settings_of_their_type() {
    let replace = |items: Vec<NumberTypePolicy>| {
        move |c: &mut Campaign| retry(c).policy_json = Some(json_string(items))
    };
    expect(
        replace(vec![NumberTypePolicy {
            type_: Some(NumberPolicyType::Common),
            policy: Some(json_string(vec![PolicySetting {
                retry_day: Some(2),
                ..Default::default()
            }])),
            ..Default::default()
        }]),
        "number-policy-fields",
        "/returnObject/retryPolicy/policyJson/0/policy/0/retryTimes",
    );
    expect(
        replace(vec![NumberTypePolicy {
            type_: Some(NumberPolicyType::Result),
            policy: Some(json_string(vec![PolicySetting {
                result: Some(1),
                retry_number: Some(2),
                ..Default::default()
            }])),
            ..Default::default()
        }]),
        "number-policy-fields",
        "/returnObject/retryPolicy/policyJson/0/policy/0/callInterval",
    );
}

fn call(c: &mut Campaign) -> &mut CallPolicy {
    c.call_policy.as_mut().expect("call policy")
}

#[test]
fn round_dialling_needs_choose_type_and_turns() {
    expect(
        |c| call(c).choose_type = None,
        "round-call-fields",
        "/returnObject/callPolicy/chooseType",
    );
}

#[test]
fn rounds_need_the_field_their_round_mode_reads() {
    expect(
        |c| {
            call(c).turns = Some(json_string(vec![Turn {
                order_no: Some(1),
                ..Turn::default()
            }]))
        },
        "turn-fields",
        "/returnObject/callPolicy/turns/0/turnType",
    );
    expect(
        |c| call(c).choose_type = Some(ChooseType::NumberSequence),
        "turn-fields",
        "/returnObject/callPolicy/turns/0/turnOrder",
    );
}

#[test]
fn business_policies_need_a_code_and_an_interval_unless_calling_stops() {
    expect(
        |c| {
            retry(c).busi_policy = Some(json_string(vec![BusiPolicy {
                busi_result_policy: Some(BusiResultPolicy::StopCalling),
                ..Default::default()
            }]))
        },
        "busi-policy-fields",
        "/returnObject/retryPolicy/busiPolicy/0/busiResultCode",
    );
    expect(
        |c| {
            retry(c).busi_policy = Some(json_string(vec![BusiPolicy {
                busi_result_code: Some("B03".into()),
                busi_result_policy: Some(BusiResultPolicy::CallCurrentNumber),
                ..Default::default()
            }]));
        },
        "busi-policy-fields",
        "/returnObject/retryPolicy/busiPolicy/0/callInterval",
    );
}
