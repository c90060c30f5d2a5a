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
