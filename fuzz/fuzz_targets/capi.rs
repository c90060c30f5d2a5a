//! The C entry points with arbitrary bytes and lengths, called as the Rust
//! functions the C library exports (`styrkort_c`), under AddressSanitizer.
//!
//! Input: NUL-separated parts, `model \0 period \0 control \0 goal \0
//! indicator \0 org \0 value \0 kolada \0 tag`; a plain model JSON (the
//! seeds) is a whole input. Missing parts get defaults. The control bytes
//! choose, per argument, a NULL pointer, a shortened length, NULL outputs,
//! out-of-range indexes and enum values, and when the model is freed
//! (before or after its evaluation and engine are used).
//!
//! Checked on every call: never `STYRKORT_PANIC`; on success `err` stays
//! NULL and a string out is NUL-terminated UTF-8 of exactly `*out_len`
//! bytes; on failure `*out` is NULL, `*out_len` 0 and the error has the
//! returned code and a non-empty message.
#![no_main]

use std::ffi::{c_char, c_int, CStr};
use std::ptr;

use libfuzzer_sys::fuzz_target;
use styrkort_c::*;

/// Reads control bytes; 0 once they run out.
struct Control<'a>(&'a [u8]);

impl Control<'_> {
    fn byte(&mut self) -> u8 {
        match self.0.split_first() {
            Some((b, rest)) => {
                self.0 = rest;
                *b
            }
            None => 0,
        }
    }

    fn u32(&mut self) -> u32 {
        u32::from_le_bytes([self.byte(), self.byte(), self.byte(), self.byte()])
    }

    /// One chance in `n` (n ≥ 1), so most calls get good arguments.
    fn one_in(&mut self, n: u8) -> bool {
        self.byte() % n == 0 && self.byte() != 0
    }
}

/// A pointer + length argument made from `bytes`: usually all of it,
/// sometimes a NULL pointer (with any length) or a shorter length.
fn arg(c: &mut Control, bytes: &[u8]) -> (*const c_char, usize) {
    match c.byte() % 16 {
        13 => (ptr::null(), usize::from(c.byte())),
        14 => (bytes.as_ptr().cast(), bytes.len() / 2),
        15 => (bytes.as_ptr().cast(), 0),
        _ => (bytes.as_ptr().cast(), bytes.len()),
    }
}

/// Checks the status and the error of a call, then frees the error.
fn check(what: &str, status: styrkort_status, err: *mut styrkort_error) {
    assert_ne!(
        status,
        styrkort_status::STYRKORT_PANIC,
        "{what} panicked: {}",
        unsafe { message(err) }
    );
    if status == styrkort_status::STYRKORT_OK {
        assert!(err.is_null(), "{what}: OK with an error");
        return;
    }
    assert!(!err.is_null(), "{what}: {status:?} without an error");
    // SAFETY: a live error from the library.
    unsafe {
        assert_eq!(styrkort_error_code(err), status, "{what}: error code");
        assert!(!message(err).is_empty(), "{what}: empty message");
        styrkort_error_free(err);
    }
}

/// The error's message.
///
/// # Safety
/// `err` is NULL or live.
unsafe fn message(err: *const styrkort_error) -> String {
    // SAFETY: the library's messages are NUL-terminated and live with `err`.
    unsafe { CStr::from_ptr(styrkort_error_message(err)) }
        .to_str()
        .expect("messages are UTF-8")
        .to_string()
}

/// Checks a string output and returns a copy of it.
fn take_string(
    what: &str,
    status: styrkort_status,
    out: *mut c_char,
    out_len: usize,
) -> Option<String> {
    if status != styrkort_status::STYRKORT_OK {
        assert!(
            out.is_null() && out_len == 0,
            "{what}: output left on failure"
        );
        return None;
    }
    if out.is_null() {
        assert_eq!(out_len, 0, "{what}: NULL out with a length");
        return None;
    }
    // SAFETY: a live string of out_len bytes and a NUL.
    let text = unsafe {
        let bytes = std::slice::from_raw_parts(out.cast::<u8>(), out_len + 1);
        assert_eq!(bytes[out_len], 0, "{what}: not NUL-terminated at out_len");
        std::str::from_utf8(&bytes[..out_len])
            .expect("strings out are UTF-8")
            .to_string()
    };
    // SAFETY: a live string from the library, freed once.
    unsafe { styrkort_string_free(out) };
    Some(text)
}

/// Calls a string-returning function with out/out_len/err, sometimes NULL
/// `out` (must fail with NULL_ARGUMENT) or NULL `out_len`.
fn string_call(
    c: &mut Control,
    what: &str,
    f: impl FnOnce(*mut *mut c_char, *mut usize, *mut *mut styrkort_error) -> styrkort_status,
) -> Option<String> {
    let mut out: *mut c_char = ptr::null_mut();
    let mut len = usize::MAX;
    let mut err: *mut styrkort_error = ptr::null_mut();
    match c.byte() % 32 {
        29 => {
            let s = f(ptr::null_mut(), &raw mut len, &raw mut err);
            assert_eq!(
                s,
                styrkort_status::STYRKORT_NULL_ARGUMENT,
                "{what} with out NULL"
            );
            check(what, s, err);
            None
        }
        30 => {
            let s = f(&raw mut out, ptr::null_mut(), &raw mut err);
            check(what, s, err);
            let n = if out.is_null() {
                0
            } else {
                // SAFETY: a NUL-terminated string.
                unsafe { CStr::from_ptr(out) }.to_bytes().len()
            };
            take_string(what, s, out, n)
        }
        31 => {
            // err NULL: the status alone.
            let s = f(&raw mut out, &raw mut len, ptr::null_mut());
            assert_ne!(s, styrkort_status::STYRKORT_PANIC, "{what} panicked");
            take_string(
                what,
                s,
                out,
                if s == styrkort_status::STYRKORT_OK {
                    len
                } else {
                    0
                },
            )
        }
        _ => {
            let s = f(&raw mut out, &raw mut len, &raw mut err);
            check(what, s, err);
            if s != styrkort_status::STYRKORT_OK {
                assert_eq!(len, 0, "{what}: out_len not 0 on failure");
            }
            take_string(what, s, out, len)
        }
    }
}

/// Calls a function with only an `err` output.
fn plain_call(what: &str, f: impl FnOnce(*mut *mut styrkort_error) -> styrkort_status) -> bool {
    let mut err: *mut styrkort_error = ptr::null_mut();
    let s = f(&raw mut err);
    check(what, s, err);
    s == styrkort_status::STYRKORT_OK
}

fn part<'a>(parts: &[&'a [u8]], i: usize, default: &'a [u8]) -> &'a [u8] {
    parts.get(i).copied().unwrap_or(default)
}

fuzz_target!(|data: &[u8]| {
    let parts: Vec<&[u8]> = data.split(|b| *b == 0).collect();
    let model_json = parts[0];
    let period = part(&parts, 1, b"2025");
    let mut c = Control(part(&parts, 2, b""));
    let goal = part(&parts, 3, b"kf-1");
    let indicator = part(&parts, 4, b"nmi");
    let org = part(&parts, 5, b"kf");
    let value = part(&parts, 6, b"63.5");
    let kolada = part(&parts, 7, b"[]");
    let tag = part(&parts, 8, b"environment");

    // SAFETY (every call below): each pointer + length comes from `arg`,
    // so it is NULL or within its slice; every handle is live until freed
    // here, and every out pointer is a local.
    unsafe {
        let version = CStr::from_ptr(styrkort_version()).to_str().expect("UTF-8");
        assert!(!version.is_empty());

        let mut model: *mut styrkort_model = ptr::null_mut();
        let (json, json_len) = arg(&mut c, model_json);
        let model_out = if c.one_in(64) {
            ptr::null_mut()
        } else {
            &raw mut model
        };
        plain_call("model_from_json", |e| {
            styrkort_model_from_json(json, json_len, model_out, e)
        });

        if let Some(text) = string_call(&mut c, "model_to_json", |o, l, e| {
            styrkort_model_to_json(model, o, l, e)
        }) {
            let mut again = ptr::null_mut();
            assert!(plain_call("model_from_json (round trip)", |e| {
                styrkort_model_from_json(text.as_ptr().cast(), text.len(), &raw mut again, e)
            }));
            styrkort_model_free(again);
        }
        string_call(&mut c, "model_validate_json", |o, l, e| {
            styrkort_model_validate_json(model, o, l, e)
        });

        // One of the JSON evaluations per input (they share one path).
        let (p, p_len) = arg(&mut c, period);
        let (t, t_len) = arg(&mut c, tag);
        let (k, k_len) = arg(&mut c, kolada);
        let direct = match c.byte() % 3 {
            0 => string_call(&mut c, "model_evaluate_json", |o, l, e| {
                styrkort_model_evaluate_json(model, p, p_len, o, l, e)
            }),
            1 => {
                string_call(&mut c, "model_evaluate_tagged_json", |o, l, e| {
                    styrkort_model_evaluate_tagged_json(model, p, p_len, t, t_len, o, l, e)
                });
                None
            }
            _ => {
                string_call(&mut c, "model_evaluate_compared_json", |o, l, e| {
                    styrkort_model_evaluate_compared_json(
                        model, p, p_len, t, t_len, k, k_len, o, l, e,
                    )
                });
                None
            }
        };

        let mut eval: *mut styrkort_evaluation = ptr::null_mut();
        let eval_out = if c.one_in(64) {
            ptr::null_mut()
        } else {
            &raw mut eval
        };
        if c.one_in(8) {
            plain_call("model_evaluate_compared", |e| {
                styrkort_model_evaluate_compared(model, p, p_len, t, t_len, k, k_len, eval_out, e)
            });
        } else if c.one_in(4) {
            plain_call("model_evaluate_tagged", |e| {
                styrkort_model_evaluate_tagged(model, p, p_len, t, t_len, eval_out, e)
            });
        } else if plain_call("model_evaluate", |e| {
            styrkort_model_evaluate(model, p, p_len, eval_out, e)
        }) {
            if let Some(direct) = direct {
                let via_handle = string_call(&mut Control(&[]), "evaluation_to_json", |o, l, e| {
                    styrkort_evaluation_to_json(eval, o, l, e)
                });
                assert_eq!(via_handle.as_deref(), Some(direct.as_str()));
            }
        }

        // A series: the fuzzed period text read as a list, into an array
        // that may be too small (then only the count needed is written).
        if c.one_in(4) {
            let capacity = usize::from(c.byte() % 6);
            let mut evaluations: [*mut styrkort_evaluation; 6] = [ptr::null_mut(); 6];
            let mut count = usize::MAX;
            let (sp, sp_len) = arg(&mut c, period);
            let out = if capacity == 0 && c.one_in(2) {
                ptr::null_mut()
            } else {
                evaluations.as_mut_ptr()
            };
            let made = plain_call("model_evaluate_series", |e| {
                styrkort_model_evaluate_series(
                    model,
                    sp,
                    sp_len,
                    t,
                    t_len,
                    out,
                    capacity,
                    &raw mut count,
                    e,
                )
            });
            if made {
                assert!(count <= capacity, "series wrote past its capacity");
            }
            for ev in evaluations {
                styrkort_evaluation_free(ev);
            }
        }

        // The series table of the fuzzed period list (its JSON comes back
        // without a length: NUL-terminated, UTF-8; NULL on failure).
        if c.one_in(4) {
            let (sp, sp_len) = arg(&mut c, period);
            let mut json: *mut c_char = ptr::null_mut();
            let json_out = if c.one_in(16) {
                ptr::null_mut()
            } else {
                &raw mut json
            };
            let mut err: *mut styrkort_error = ptr::null_mut();
            let s = styrkort_model_series_table_json(
                model,
                sp,
                sp_len,
                t,
                t_len,
                json_out,
                &raw mut err,
            );
            check("model_series_table_json", s, err);
            if s == styrkort_status::STYRKORT_OK {
                assert!(!json.is_null(), "series table: OK without a document");
                CStr::from_ptr(json).to_str().expect("the table is UTF-8");
            } else {
                assert!(json.is_null(), "series table: a document on failure");
            }
            styrkort_string_free(json);
        }

        let mut engine: *mut styrkort_engine = ptr::null_mut();
        let (et, et_len) = if c.one_in(2) {
            (ptr::null(), usize::from(c.byte()))
        } else {
            (t, t_len)
        };
        plain_call("engine_new", |e| {
            styrkort_engine_new(model, p, p_len, et, et_len, &raw mut engine, e)
        });

        // Free the model now, or at the end: the evaluation and the engine
        // must not depend on it.
        let free_early = c.one_in(2);
        if free_early {
            styrkort_model_free(model);
            model = ptr::null_mut();
        } else {
            let (kj, kj_len) = arg(&mut c, kolada);
            let policy = styrkort_conflict_policy(if c.one_in(4) {
                c.u32()
            } else {
                u32::from(c.byte() % 3)
            });
            string_call(&mut c, "model_apply_kolada_json", |o, l, e| {
                styrkort_model_apply_kolada_json(model, kj, kj_len, policy, o, l, e)
            });
        }

        // The engine.
        let (ind, ind_len) = arg(&mut c, indicator);
        let (o, o_len) = if c.one_in(3) {
            (ptr::null(), usize::from(c.byte()))
        } else {
            arg(&mut c, org)
        };
        let (v, v_len) = if c.one_in(4) {
            (ptr::null(), usize::from(c.byte()))
        } else {
            arg(&mut c, value)
        };
        let (mp, mp_len) = arg(&mut c, period);
        plain_call("engine_set_measurement", |e| {
            styrkort_engine_set_measurement(engine, ind, ind_len, o, o_len, mp, mp_len, v, v_len, e)
        });
        let (g, g_len) = arg(&mut c, goal);
        let status = if c.one_in(4) {
            c.u32()
        } else {
            u32::from(c.byte() % 7)
        };
        plain_call("engine_set_assessment", |e| {
            styrkort_engine_set_assessment(engine, g, g_len, mp, mp_len, status, e)
        });
        string_call(&mut c, "engine_evaluation_json", |out, l, e| {
            styrkort_engine_evaluation_json(engine, out, l, e)
        });
        let mut snapshot: *mut styrkort_evaluation = ptr::null_mut();
        plain_call("engine_evaluation", |e| {
            styrkort_engine_evaluation(engine, &raw mut snapshot, e)
        });
        if c.one_in(2) {
            styrkort_engine_free(engine);
            engine = ptr::null_mut();
        }

        // The accessors, on the evaluation or the engine's snapshot.
        for ev in [eval, snapshot] {
            let mut count = usize::MAX;
            let counted = plain_call("evaluation_goal_count", |e| {
                styrkort_evaluation_goal_count(ev, &raw mut count, e)
            });
            if !counted {
                assert_eq!(count, 0, "count_out is 0 on failure");
                count = 0;
            }
            let index = match c.byte() % 4 {
                0 => 0,
                1 => count,
                2 => usize::MAX,
                _ => usize::from(c.byte()),
            };
            let id = string_call(&mut c, "evaluation_goal_id", |out, l, e| {
                styrkort_evaluation_goal_id(ev, index, out, l, e)
            });
            if index >= count {
                assert!(id.is_none());
            }
            // A goal id from the evaluation, or the fuzzed one.
            let gid = id.map_or_else(|| goal.to_vec(), String::into_bytes);
            let (g, g_len) = arg(&mut c, &gid);
            let mut st = styrkort_fulfilment::NoData;
            plain_call("evaluation_goal_status", |e| {
                styrkort_evaluation_goal_status(ev, g, g_len, &raw mut st, e)
            });
            string_call(&mut c, "evaluation_goal_score", |out, l, e| {
                styrkort_evaluation_goal_score(ev, g, g_len, out, l, e)
            });
            let (o, o_len) = arg(&mut c, org);
            plain_call("evaluation_indicator_status", |e| {
                styrkort_evaluation_indicator_status(ev, ind, ind_len, o, o_len, &raw mut st, e)
            });
            string_call(&mut c, "evaluation_indicator_value", |out, l, e| {
                styrkort_evaluation_indicator_value(ev, ind, ind_len, o, o_len, out, l, e)
            });
            string_call(&mut c, "evaluation_indicator_target", |out, l, e| {
                styrkort_evaluation_indicator_target(ev, ind, ind_len, o, o_len, out, l, e)
            });
            let mut balance = styrkort_balance::default();
            plain_call("evaluation_scorecard_balance", |e| {
                styrkort_evaluation_scorecard_balance(ev, o, o_len, &raw mut balance, e)
            });
            string_call(&mut c, "evaluation_scorecard_evenness", |out, l, e| {
                styrkort_evaluation_scorecard_evenness(ev, o, o_len, out, l, e)
            });
            string_call(&mut c, "evaluation_scorecard_score", |out, l, e| {
                styrkort_evaluation_scorecard_score(ev, o, o_len, out, l, e)
            });
            let (lo, lo_len) = arg(&mut c, goal);
            string_call(&mut c, "evaluation_dialogue_json", |out, l, e| {
                styrkort_evaluation_dialogue_json(ev, o, o_len, lo, lo_len, out, l, e)
            });
            let mut flag: c_int = -1;
            plain_call("evaluation_goal_forecast", |e| {
                styrkort_evaluation_goal_forecast(ev, g, g_len, &raw mut flag, e)
            });
            plain_call("evaluation_indicator_forecast", |e| {
                styrkort_evaluation_indicator_forecast(ev, ind, ind_len, o, o_len, &raw mut flag, e)
            });
            string_call(&mut c, "evaluation_indicator_year_earlier", |out, l, e| {
                styrkort_evaluation_indicator_year_earlier(ev, ind, ind_len, o, o_len, out, l, e)
            });
            string_call(&mut c, "evaluation_indicator_year_change", |out, l, e| {
                styrkort_evaluation_indicator_year_change(ev, ind, ind_len, o, o_len, out, l, e)
            });
            let (ao, ao_len) = if c.one_in(3) {
                (ptr::null(), 0)
            } else {
                (o, o_len)
            };
            string_call(&mut c, "evaluation_assignments_json", |out, l, e| {
                styrkort_evaluation_assignments_json(ev, ao, ao_len, out, l, e)
            });
            let wanted: &[u8] = match c.byte() % 3 {
                0 => b"fulfilled",
                1 => b"partly_fulfilled",
                _ => tag,
            };
            let (w, w_len) = arg(&mut c, wanted);
            string_call(&mut c, "evaluation_what_if_json", |out, l, e| {
                styrkort_evaluation_what_if_json(ev, g, g_len, w, w_len, out, l, e)
            });
            if c.one_in(16) {
                // The whole report is costly: now and then, and with the
                // model when it is still alive (NULL: an error, not a crash).
                let (lang, lang_len) = arg(&mut c, tag);
                string_call(&mut c, "evaluation_report_html", |out, l, e| {
                    styrkort_evaluation_report_html(model, ev, lang, lang_len, out, l, e)
                });
            }
        }

        styrkort_evaluation_free(snapshot);
        styrkort_evaluation_free(eval);
        styrkort_engine_free(engine);
        styrkort_model_free(model);
        styrkort_string_free(ptr::null_mut());
        styrkort_error_free(ptr::null_mut());
    }
});
