//! Rust-side tests of the boundary; the C suite is `tests/run-c.sh`.

use std::ffi::{c_char, CStr};
use std::ptr;

use super::boundary::{free_string, guard, new_string, Failure};
use super::*;

fn assert_send_sync<T: Send + Sync>() {}
fn assert_send<T: Send>() {}

#[test]
fn handles_are_send_and_sync() {
    assert_send_sync::<styrkort_model>();
    assert_send_sync::<styrkort_evaluation>();
    assert_send_sync::<styrkort_error>();
    // An engine is used by one thread at a time but may move between threads.
    assert_send::<styrkort_engine>();
}

#[test]
fn status_numbers_never_change() {
    use styrkort_status as S;
    let fixed = [
        (S::STYRKORT_OK, 0),
        (S::STYRKORT_NULL_ARGUMENT, 1),
        (S::STYRKORT_INVALID_UTF8, 2),
        (S::STYRKORT_JSON, 3),
        (S::STYRKORT_PERIOD, 4),
        (S::STYRKORT_INVALID_MODEL, 5),
        (S::STYRKORT_UNKNOWN_ID, 6),
        (S::STYRKORT_OVERFLOW, 7),
        (S::STYRKORT_INDEX_OUT_OF_RANGE, 8),
        (S::STYRKORT_PANIC, 9),
        (S::STYRKORT_OTHER, 10),
        (S::STYRKORT_CONFLICT, 11),
        (S::STYRKORT_INVALID_ARGUMENT, 12),
    ];
    for (s, n) in fixed {
        assert_eq!(s as i32, n, "{s:?}");
    }
    assert_eq!(styrkort_fulfilment::Fulfilled as i32, 1);
    assert_eq!(styrkort_fulfilment::NotAssessed as i32, 5);
    assert_eq!(styrkort_perspective::Economy as i32, 3);
    assert_eq!(STYRKORT_CONFLICT_POLICY_KEEP.0, 0);
    assert_eq!(STYRKORT_CONFLICT_POLICY_REPLACE.0, 1);
    assert_eq!(STYRKORT_CONFLICT_POLICY_ERROR.0, 2);
}

#[test]
fn a_conflict_gets_its_own_code() {
    let e = styrkort_core::Error::Conflict {
        indicator: "nmi".into(),
        org: "kf".into(),
        period: "2024".into(),
        message: "m".into(),
    };
    let f = Failure::from(e);
    assert_eq!(f.code, styrkort_status::STYRKORT_CONFLICT);
    assert_eq!(
        f.message,
        "conflicting measurement of indicator \"nmi\" at org \"kf\" for 2024: m"
    );
}

#[test]
fn header_version_macros_follow_cargo() {
    let toml = include_str!("../cbindgen.toml");
    let v = env!("CARGO_PKG_VERSION");
    let mut parts = v.split('.');
    let (major, minor, patch) = (
        parts.next().unwrap(),
        parts.next().unwrap(),
        parts.next().unwrap(),
    );
    for line in [
        format!("#define STYRKORT_VERSION \"{v}\""),
        format!("#define STYRKORT_VERSION_MAJOR {major}"),
        format!("#define STYRKORT_VERSION_MINOR {minor}"),
        format!("#define STYRKORT_VERSION_PATCH {patch}"),
    ] {
        assert!(
            toml.contains(&line),
            "cbindgen.toml lacks `{line}`: update after_includes to the Cargo version"
        );
    }
    // SAFETY: a static NUL-terminated string.
    let runtime = unsafe { CStr::from_ptr(styrkort_version()) };
    assert_eq!(runtime.to_str().unwrap(), v);
}

#[test]
fn a_panic_becomes_a_status_and_an_error() {
    let mut err: *mut styrkort_error = ptr::null_mut();
    // SAFETY: `err` is writable.
    let status = unsafe { guard(&raw mut err, || -> Result<(), Failure> { panic!("boom") }) };
    assert_eq!(status, styrkort_status::STYRKORT_PANIC);
    assert!(!err.is_null());
    // SAFETY: a live error.
    unsafe {
        assert_eq!(styrkort_error_code(err), styrkort_status::STYRKORT_PANIC);
        let msg = CStr::from_ptr(styrkort_error_message(err))
            .to_str()
            .unwrap();
        assert_eq!(msg, "internal error in styrkort (please report): boom");
        styrkort_error_free(err);
    }
}

#[test]
fn a_panic_without_err_still_returns_a_status() {
    // SAFETY: `err` is NULL.
    let status = unsafe {
        guard(ptr::null_mut(), || -> Result<(), Failure> {
            panic!("{}", String::from("formatted"))
        })
    };
    assert_eq!(status, styrkort_status::STYRKORT_PANIC);
}

#[test]
fn strings_keep_their_length_even_with_a_nul_inside() {
    let p = new_string("a\0b");
    // SAFETY: a live string from new_string; 3 bytes + NUL.
    unsafe {
        let bytes = std::slice::from_raw_parts(p.cast::<u8>(), 4);
        assert_eq!(bytes, b"a\0b\0");
        free_string(p);
        free_string(ptr::null_mut::<c_char>());
    }
}

#[test]
fn messages_with_a_nul_are_escaped_not_cut() {
    let m = boundary::message_cstring("unknown goal id \"a\0b\"");
    assert_eq!(m.to_str().unwrap(), "unknown goal id \"a\\0b\"");
}

#[test]
fn model_round_trip_through_the_abi() {
    let json = r#"{"format": "styrkort/1",
      "organisation": [{"id": "kf", "name": "KF", "kind": "council"}]}"#;
    let mut model = ptr::null_mut();
    let mut err = ptr::null_mut();
    // SAFETY: valid pointers and lengths.
    unsafe {
        let s = styrkort_model_from_json(
            json.as_ptr().cast(),
            json.len(),
            &raw mut model,
            &raw mut err,
        );
        assert_eq!(s, styrkort_status::STYRKORT_OK);
        assert!(err.is_null());
        let mut out = ptr::null_mut();
        let mut len = 0usize;
        let s = styrkort_model_validate_json(model, &raw mut out, &raw mut len, &raw mut err);
        assert_eq!(s, styrkort_status::STYRKORT_OK);
        let text = CStr::from_ptr(out).to_str().unwrap();
        assert_eq!(text.len(), len);
        assert!(text.starts_with('['), "{text}");
        styrkort_string_free(out);
        styrkort_model_free(model);
    }
}

#[test]
fn core_errors_keep_their_message_and_get_their_code() {
    let bad = r#"{"format": "styrkort/1", "goals": [{"id": "g", "colour": 1}]}"#;
    let mut model = ptr::null_mut();
    let mut err = ptr::null_mut();
    // SAFETY: valid pointers and lengths.
    unsafe {
        let s =
            styrkort_model_from_json(bad.as_ptr().cast(), bad.len(), &raw mut model, &raw mut err);
        assert_eq!(s, styrkort_status::STYRKORT_JSON);
        assert!(model.is_null());
        let msg = CStr::from_ptr(styrkort_error_message(err))
            .to_str()
            .unwrap();
        assert!(msg.contains("goals[0]"), "{msg}");
        styrkort_error_free(err);
    }
}

/// A status and the error that came with it; frees the error.
fn status_of(s: styrkort_status, err: *mut styrkort_error) -> (styrkort_status, String) {
    // SAFETY: `err` is NULL or a live error from the library.
    unsafe {
        assert_eq!(
            styrkort_error_code(err),
            s,
            "the error's code is the status"
        );
        let message = CStr::from_ptr(styrkort_error_message(err))
            .to_str()
            .unwrap()
            .to_string();
        styrkort_error_free(err);
        (s, message)
    }
}

/// Takes a string out of the library (NULL is `None`) and frees it.
///
/// # Safety
/// `p` is NULL or a live string from the library of `len` bytes.
unsafe fn take(p: *mut c_char, len: usize) -> Option<String> {
    if p.is_null() {
        assert_eq!(len, 0);
        return None;
    }
    // SAFETY: as the caller guarantees.
    unsafe {
        let s = CStr::from_ptr(p).to_str().unwrap().to_string();
        assert_eq!(s.len(), len);
        styrkort_string_free(p);
        Some(s)
    }
}

/// Calls a function of the `out, out_len, err` shape; returns its status,
/// the string (if any) and the error message ("" on success).
fn string_out(
    f: impl FnOnce(*mut *mut c_char, *mut usize, *mut *mut styrkort_error) -> styrkort_status,
) -> (styrkort_status, Option<String>, String) {
    let mut out = ptr::null_mut();
    let mut len = usize::MAX;
    let mut err = ptr::null_mut();
    let s = f(&raw mut out, &raw mut len, &raw mut err);
    let (s, message) = status_of(s, err);
    // SAFETY: a string from the library, or NULL with length 0.
    let text = unsafe { take(out, len) };
    (s, text, message)
}

fn ok_string(
    f: impl FnOnce(*mut *mut c_char, *mut usize, *mut *mut styrkort_error) -> styrkort_status,
) -> Option<String> {
    let (s, text, message) = string_out(f);
    assert_eq!(s, styrkort_status::STYRKORT_OK, "{message}");
    text
}

fn err_call(
    f: impl FnOnce(*mut *mut styrkort_error) -> styrkort_status,
) -> (styrkort_status, String) {
    let mut err = ptr::null_mut();
    let s = f(&raw mut err);
    status_of(s, err)
}

const OK: styrkort_status = styrkort_status::STYRKORT_OK;

/// One model through every exported function (run under Miri in CI, see
/// `.ci/miri.sh`): good calls with results worked by hand, out-of-range
/// indexes, enum values outside their type, and the model freed while an
/// evaluation and an engine made from it are still in use.
///
/// The model (tests/fixtures/kolada/model.json), period 2024: `nmi` at `kf`
/// is 58.0 against target 60 with warning 55, so partly fulfilled (58 ≥ 55,
/// 58 < 60) and goal `kf-1` scores 0.5; goal `utbn-1` has no 2024 value
/// for `behorighet` (its only measurement is 2023), so no data, no score.
#[test]
#[allow(clippy::too_many_lines)]
fn one_model_through_every_function_freed_while_its_evaluation_and_engine_live() {
    let json = include_str!("../../../tests/fixtures/kolada/model.json");
    let page = include_str!("../../../tests/fixtures/kolada/data_page1.json");
    let group = include_str!("../../../tests/fixtures/kolada/comparison_group.json");
    let p2024 = "2024";
    let (pp, pn) = (p2024.as_ptr().cast::<c_char>(), p2024.len());
    let s = |t: &'static str| (t.as_ptr().cast::<c_char>(), t.len());

    // SAFETY: every pointer + length below is a live Rust string; every
    // handle is live until its free, which comes once.
    unsafe {
        let mut model = ptr::null_mut();
        let (st, m) = err_call(|e| {
            styrkort_model_from_json(json.as_ptr().cast(), json.len(), &raw mut model, e)
        });
        assert_eq!(st, OK, "{m}");

        // The model's own functions.
        let written = ok_string(|o, l, e| styrkort_model_to_json(model, o, l, e)).unwrap();
        let mut again = ptr::null_mut();
        assert_eq!(
            err_call(|e| styrkort_model_from_json(
                written.as_ptr().cast(),
                written.len(),
                &raw mut again,
                e
            ))
            .0,
            OK
        );
        styrkort_model_free(again);
        let diagnostics =
            ok_string(|o, l, e| styrkort_model_validate_json(model, o, l, e)).unwrap();
        assert!(diagnostics.starts_with('['), "{diagnostics}");
        let doc =
            ok_string(|o, l, e| styrkort_model_evaluate_json(model, pp, pn, o, l, e)).unwrap();
        assert!(doc.contains("\"kf-1\""));
        let (tag, tag_len) = s("no-such-tag");
        let tagged = ok_string(|o, l, e| {
            styrkort_model_evaluate_tagged_json(model, pp, pn, tag, tag_len, o, l, e)
        })
        .unwrap();
        assert!(
            !tagged.contains("\"kf-1\""),
            "the tag leaves every goal out"
        );
        let compared = ok_string(|o, l, e| {
            styrkort_model_evaluate_compared_json(
                model,
                pp,
                pn,
                ptr::null(),
                99,
                group.as_ptr().cast(),
                group.len(),
                o,
                l,
                e,
            )
        })
        .unwrap();
        assert!(compared.contains("\"rank\""), "{compared}");

        // An evaluation, a tagged one and an engine, all made before the model is freed.
        let mut eval = ptr::null_mut();
        assert_eq!(
            err_call(|e| styrkort_model_evaluate(model, pp, pn, &raw mut eval, e)).0,
            OK
        );
        let mut tagged_eval = ptr::null_mut();
        assert_eq!(
            err_call(|e| styrkort_model_evaluate_tagged(
                model,
                pp,
                pn,
                tag,
                tag_len,
                &raw mut tagged_eval,
                e
            ))
            .0,
            OK
        );
        let mut engine = ptr::null_mut();
        assert_eq!(
            err_call(|e| styrkort_engine_new(model, pp, pn, ptr::null(), 7, &raw mut engine, e)).0,
            OK
        );

        // Bad enum values for the conflict policy, then a good one (changes the model only).
        for bad in [3, 17, u32::MAX] {
            let (st, _, message) = string_out(|o, l, e| {
                styrkort_model_apply_kolada_json(
                    model,
                    page.as_ptr().cast(),
                    page.len(),
                    styrkort_conflict_policy(bad),
                    o,
                    l,
                    e,
                )
            });
            assert_eq!(st, styrkort_status::STYRKORT_INVALID_ARGUMENT);
            assert!(message.contains(&bad.to_string()), "{message}");
        }
        let report = ok_string(|o, l, e| {
            styrkort_model_apply_kolada_json(
                model,
                page.as_ptr().cast(),
                page.len(),
                STYRKORT_CONFLICT_POLICY_REPLACE,
                o,
                l,
                e,
            )
        })
        .unwrap();
        assert!(report.contains("\"added\""), "{report}");

        // Free the model: the evaluations and the engine live on.
        styrkort_model_free(model);

        // The evaluation: counts, ids by index (out of range too), statuses, values.
        let mut count = 0usize;
        assert_eq!(
            err_call(|e| styrkort_evaluation_goal_count(eval, &raw mut count, e)).0,
            OK
        );
        assert_eq!(count, 2);
        assert_eq!(
            ok_string(|o, l, e| styrkort_evaluation_goal_id(eval, 0, o, l, e)).as_deref(),
            Some("kf-1")
        );
        assert_eq!(
            ok_string(|o, l, e| styrkort_evaluation_goal_id(eval, 1, o, l, e)).as_deref(),
            Some("utbn-1")
        );
        for index in [2, 3, usize::MAX] {
            let (st, text, message) =
                string_out(|o, l, e| styrkort_evaluation_goal_id(eval, index, o, l, e));
            assert_eq!(st, styrkort_status::STYRKORT_INDEX_OUT_OF_RANGE);
            assert_eq!(text, None);
            assert!(message.contains("2 goal(s)"), "{message}");
        }
        let mut count_tagged = 9usize;
        assert_eq!(
            err_call(|e| styrkort_evaluation_goal_count(tagged_eval, &raw mut count_tagged, e)).0,
            OK
        );
        assert_eq!(count_tagged, 0);
        let (st, _, _) = string_out(|o, l, e| styrkort_evaluation_goal_id(tagged_eval, 0, o, l, e));
        assert_eq!(st, styrkort_status::STYRKORT_INDEX_OUT_OF_RANGE);

        let (kf1, kf1_len) = s("kf-1");
        let (utbn1, utbn1_len) = s("utbn-1");
        let mut status = styrkort_fulfilment::NotAssessed;
        assert_eq!(
            err_call(|e| styrkort_evaluation_goal_status(eval, kf1, kf1_len, &raw mut status, e)).0,
            OK
        );
        assert_eq!(status, styrkort_fulfilment::PartlyFulfilled);
        assert_eq!(
            ok_string(|o, l, e| styrkort_evaluation_goal_score(eval, kf1, kf1_len, o, l, e))
                .as_deref(),
            Some("0.5")
        );
        assert_eq!(
            err_call(|e| styrkort_evaluation_goal_status(
                eval,
                utbn1,
                utbn1_len,
                &raw mut status,
                e
            ))
            .0,
            OK
        );
        assert_eq!(status, styrkort_fulfilment::NoData);
        assert_eq!(
            ok_string(|o, l, e| styrkort_evaluation_goal_score(eval, utbn1, utbn1_len, o, l, e)),
            None
        );
        let (nope, nope_len) = s("nope");
        assert_eq!(
            err_call(|e| styrkort_evaluation_goal_status(eval, nope, nope_len, &raw mut status, e))
                .0,
            styrkort_status::STYRKORT_UNKNOWN_ID
        );

        let (nmi, nmi_len) = s("nmi");
        let (kf, kf_len) = s("kf");
        let (utbn, utbn_len) = s("utbn");
        assert_eq!(
            err_call(|e| styrkort_evaluation_indicator_status(
                eval,
                nmi,
                nmi_len,
                kf,
                kf_len,
                &raw mut status,
                e
            ))
            .0,
            OK
        );
        assert_eq!(status, styrkort_fulfilment::PartlyFulfilled);
        assert_eq!(
            ok_string(|o, l, e| styrkort_evaluation_indicator_value(
                eval, nmi, nmi_len, kf, kf_len, o, l, e
            ))
            .as_deref(),
            Some("58")
        );
        assert_eq!(
            ok_string(|o, l, e| styrkort_evaluation_indicator_target(
                eval, nmi, nmi_len, kf, kf_len, o, l, e
            ))
            .as_deref(),
            Some("60")
        );
        assert_eq!(
            string_out(|o, l, e| styrkort_evaluation_indicator_value(
                eval, nmi, nmi_len, nope, nope_len, o, l, e
            ))
            .0,
            styrkort_status::STYRKORT_UNKNOWN_ID
        );

        // kf's scorecard: one citizen goal, partly fulfilled; evenness
        // 1 − (|1 − 1/4| + 3·|0 − 1/4|) / (3/2) = 1 − 1.5/1.5 = 0.
        let mut balance = styrkort_balance::default();
        assert_eq!(
            err_call(|e| styrkort_evaluation_scorecard_balance(
                eval,
                kf,
                kf_len,
                &raw mut balance,
                e
            ))
            .0,
            OK
        );
        assert_eq!((balance.goals, balance.missing), (1, 3));
        let citizen = balance.perspectives[styrkort_perspective::Citizen as usize];
        assert_eq!(
            (citizen.goals, citizen.indicators, citizen.partly_fulfilled),
            (1, 1, 1)
        );
        assert_eq!(
            ok_string(|o, l, e| styrkort_evaluation_scorecard_evenness(eval, kf, kf_len, o, l, e))
                .as_deref(),
            Some("0")
        );
        assert_eq!(
            ok_string(|o, l, e| styrkort_evaluation_scorecard_score(eval, kf, kf_len, o, l, e))
                .as_deref(),
            Some("0.5")
        );
        assert_eq!(
            err_call(|e| styrkort_evaluation_scorecard_balance(
                eval,
                nope,
                nope_len,
                &raw mut balance,
                e
            ))
            .0,
            styrkort_status::STYRKORT_UNKNOWN_ID
        );
        assert_eq!(balance, styrkort_balance::default(), "zeroed on failure");
        let brief = ok_string(|o, l, e| {
            styrkort_evaluation_dialogue_json(eval, kf, kf_len, utbn, utbn_len, o, l, e)
        })
        .unwrap();
        assert!(brief.contains("\"kf-1\""), "{brief}");
        assert_eq!(
            string_out(|o, l, e| styrkort_evaluation_dialogue_json(
                eval, kf, kf_len, nope, nope_len, o, l, e
            ))
            .0,
            styrkort_status::STYRKORT_UNKNOWN_ID
        );
        let again = ok_string(|o, l, e| styrkort_evaluation_to_json(eval, o, l, e)).unwrap();
        assert_eq!(
            again, doc,
            "the handle's document is the direct one, after the model is gone"
        );

        // The engine, after the model is gone: bad status numbers, a good
        // update (nmi 61 ≥ 60: fulfilled), an assessment, a removal.
        let (g, g_len) = s("kf-1");
        for bad in [6, 99, u32::MAX] {
            let (st, message) =
                err_call(|e| styrkort_engine_set_assessment(engine, g, g_len, pp, pn, bad, e));
            assert_eq!(st, styrkort_status::STYRKORT_INVALID_ARGUMENT);
            assert!(message.contains(&bad.to_string()), "{message}");
        }
        let (v, v_len) = s("61");
        assert_eq!(
            err_call(|e| styrkort_engine_set_measurement(
                engine,
                nmi,
                nmi_len,
                ptr::null(),
                5,
                pp,
                pn,
                v,
                v_len,
                e
            ))
            .0,
            OK
        );
        let (bad_value, bad_len) = s("6,1");
        assert_eq!(
            err_call(|e| styrkort_engine_set_measurement(
                engine, nmi, nmi_len, kf, kf_len, pp, pn, bad_value, bad_len, e
            ))
            .0,
            styrkort_status::STYRKORT_INVALID_ARGUMENT
        );
        let mut snap = ptr::null_mut();
        assert_eq!(
            err_call(|e| styrkort_engine_evaluation(engine, &raw mut snap, e)).0,
            OK
        );
        assert_eq!(
            err_call(|e| styrkort_evaluation_goal_status(snap, kf1, kf1_len, &raw mut status, e)).0,
            OK
        );
        assert_eq!(status, styrkort_fulfilment::Fulfilled);
        assert_eq!(
            err_call(|e| styrkort_engine_set_assessment(
                engine,
                g,
                g_len,
                pp,
                pn,
                styrkort_fulfilment::NotFulfilled as u32,
                e
            ))
            .0,
            OK
        );
        let live = ok_string(|o, l, e| styrkort_engine_evaluation_json(engine, o, l, e)).unwrap();
        assert!(live.contains("not_fulfilled"), "the assessment shows");
        assert_eq!(
            err_call(|e| styrkort_engine_set_assessment(engine, g, g_len, pp, pn, 0, e)).0,
            OK
        );
        assert_eq!(
            err_call(|e| styrkort_engine_set_measurement(
                engine,
                nmi,
                nmi_len,
                ptr::null(),
                0,
                pp,
                pn,
                ptr::null(),
                0,
                e
            ))
            .0,
            OK
        );

        // The snapshot outlives the engine; the first evaluation is unchanged.
        styrkort_engine_free(engine);
        assert_eq!(
            err_call(|e| styrkort_evaluation_goal_status(snap, kf1, kf1_len, &raw mut status, e)).0,
            OK
        );
        assert_eq!(status, styrkort_fulfilment::Fulfilled);
        assert_eq!(
            err_call(|e| styrkort_evaluation_goal_status(eval, kf1, kf1_len, &raw mut status, e)).0,
            OK
        );
        assert_eq!(status, styrkort_fulfilment::PartlyFulfilled);
        styrkort_evaluation_free(snap);
        styrkort_evaluation_free(tagged_eval);
        styrkort_evaluation_free(eval);

        // NULL handles everywhere are statuses, and every free takes NULL.
        let mut count = 5usize;
        assert_eq!(
            err_call(|e| styrkort_evaluation_goal_count(ptr::null(), &raw mut count, e)).0,
            styrkort_status::STYRKORT_NULL_ARGUMENT
        );
        assert_eq!(count, 0, "0 on failure, as documented");
        assert_eq!(
            string_out(|o, l, e| styrkort_model_to_json(ptr::null(), o, l, e)).0,
            styrkort_status::STYRKORT_NULL_ARGUMENT
        );
        assert_eq!(
            err_call(|e| styrkort_engine_set_assessment(ptr::null_mut(), g, g_len, pp, pn, 1, e)).0,
            styrkort_status::STYRKORT_NULL_ARGUMENT
        );
        styrkort_model_free(ptr::null_mut());
        styrkort_evaluation_free(ptr::null_mut());
        styrkort_engine_free(ptr::null_mut());
        styrkort_error_free(ptr::null_mut());
        styrkort_string_free(ptr::null_mut());
        assert_eq!(styrkort_error_code(ptr::null()), OK);
        assert_eq!(
            CStr::from_ptr(styrkort_error_message(ptr::null())).to_bytes(),
            b""
        );
    }
}

/// `styrkort_model_series_table_json` writes the core's document byte for
/// byte (untagged and tagged), and on a failure leaves `*json_out` NULL.
#[test]
fn series_table_json_is_the_cores_document() {
    let json = r#"{"format": "styrkort/1",
      "organisation": [{"id": "kf", "name": "KF", "kind": "council"}],
      "indicators": [{"id": "nmi", "name": "NMI", "owner": "kf",
        "targets": [{"period": "2025", "value": "61"}],
        "measurements": [{"period": "2025-01", "value": "60"},
                         {"period": "2025-02", "value": "62"}]}],
      "goals": [{"id": "kf-1", "title": "T", "level": "council",
        "perspective": "citizen", "owner": "kf", "tags": ["t"],
        "indicators": [{"indicator": "nmi"}]}]}"#;
    let core = Model::from_json(json).unwrap().compile().unwrap();
    let periods = "2025-01, 2025-02";
    let list: Vec<Period> = vec!["2025-01".parse().unwrap(), "2025-02".parse().unwrap()];
    let call = |model: *const styrkort_model, periods: &str, tag: Option<&str>| {
        let mut out = ptr::null_mut::<c_char>();
        let (st, message) = err_call(|e| {
            // SAFETY: live strings and handle, a writable `out`.
            unsafe {
                styrkort_model_series_table_json(
                    model,
                    periods.as_ptr().cast(),
                    periods.len(),
                    tag.map_or(ptr::null(), |t| t.as_ptr().cast()),
                    tag.map_or(0, str::len),
                    &raw mut out,
                    e,
                )
            }
        });
        // SAFETY: a string from the library, or NULL.
        let text = unsafe {
            let len = if out.is_null() { 0 } else { c_len(out) };
            take(out, len)
        };
        (st, text, message)
    };
    let mut model = ptr::null_mut();
    // SAFETY: valid pointers and lengths; the model is freed once, at the end.
    unsafe {
        assert_eq!(
            err_call(|e| styrkort_model_from_json(
                json.as_ptr().cast(),
                json.len(),
                &raw mut model,
                e
            ))
            .0,
            OK
        );
    }
    for tag in [None, Some("t"), Some("none")] {
        let options = tag.map_or_else(EvalOptions::default, EvalOptions::tag);
        let want = core.series_table(&list, &options).unwrap().to_json();
        let (st, got, message) = call(model, periods, tag);
        assert_eq!(st, OK, "{message}");
        assert_eq!(got.as_deref(), Some(want.as_str()));
    }
    let (st, got, message) = call(model, "2025-01,2025-00", None);
    assert_eq!(st, styrkort_status::STYRKORT_PERIOD);
    assert!(got.is_none() && message.contains("2025-00"), "{message}");
    let (st, got, message) = call(ptr::null(), periods, None);
    assert_eq!(st, styrkort_status::STYRKORT_NULL_ARGUMENT);
    assert!(got.is_none() && message.contains("`model`"), "{message}");
    // SAFETY: the live model, freed once.
    unsafe { styrkort_model_free(model) };
}

/// The length of a NUL-terminated string from the library.
///
/// # Safety
/// `p` is a live NUL-terminated string.
unsafe fn c_len(p: *const c_char) -> usize {
    // SAFETY: as the caller guarantees.
    unsafe { CStr::from_ptr(p).to_bytes().len() }
}
