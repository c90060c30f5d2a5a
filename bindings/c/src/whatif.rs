//! What-if through the C ABI: what it takes for a goal to reach a status,
//! and an evaluation handle made with comparison data (for rank targets).

use std::ffi::c_char;

use styrkort_core::Period;

use crate::boundary::{
    clear_string, guard, non_null_mut, str_arg, styrkort_error, styrkort_status, write_string,
};
use crate::kolada::compared_options;
use crate::{eval_ref, model_ref, styrkort_evaluation, styrkort_model};

/// Writes what it takes for goal `goal` to reach the status `wanted`
/// (`fulfilled` or `partly_fulfilled`) as a `styrkort-whatif/1` document
/// (pretty-printed): the goal's items to change, to what and by how much,
/// computed exactly from its rule, with the explanation.
///
/// - `evaluation`: not NULL; only read.
/// - `goal`, `goal_len`: UTF-8 goal id. Not NULL.
/// - `wanted`, `wanted_len`: UTF-8 `fulfilled` or `partly_fulfilled`. Not NULL.
/// - `out`: not NULL; receives a new string freed with `styrkort_string_free`.
/// - `out_len`: may be NULL.
///
/// Fails with `STYRKORT_UNKNOWN_ID` for a goal not in the evaluation (or
/// outside its tag) and for any other `wanted`. Thread-safe.
///
/// # Safety
/// `evaluation` is a live evaluation; each string points to its length in
/// readable bytes; `out`, `out_len`, `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn styrkort_evaluation_what_if_json(
    evaluation: *const styrkort_evaluation,
    goal: *const c_char,
    goal_len: usize,
    wanted: *const c_char,
    wanted_len: usize,
    out: *mut *mut c_char,
    out_len: *mut usize,
    err: *mut *mut styrkort_error,
) -> styrkort_status {
    // SAFETY: the pointers are as the caller guarantees.
    unsafe {
        guard(err, || {
            let out = non_null_mut(out, "out")?;
            clear_string(out, out_len);
            let eval = eval_ref(evaluation)?;
            let goal = str_arg(goal, goal_len, "goal")?;
            let wanted = str_arg(wanted, wanted_len, "wanted")?;
            let what_if = eval.what_if_named(goal, wanted)?;
            write_string(out, out_len, Some(&what_if.to_json()));
            Ok(())
        })
    }
}

/// As `styrkort_model_evaluate`, with the figures of comparable
/// municipalities (see `styrkort_model_evaluate_compared_json`), into an
/// evaluation handle: rank targets are judged, and
/// `styrkort_evaluation_what_if_json` names the value a rank needs.
///
/// - `tag`, `tag_len`: NULL for no tag (the length is then ignored).
/// - `kolada_json`, `kolada_len`: a Kolada API v3 data page. Not NULL.
/// - `evaluation_out`: not NULL; receives a new evaluation freed with
///   `styrkort_evaluation_free`, or NULL on failure.
///
/// # Safety
/// `model` is a live model; each string is NULL (where allowed) or points
/// to its length in readable bytes; `evaluation_out` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn styrkort_model_evaluate_compared(
    model: *const styrkort_model,
    period: *const c_char,
    period_len: usize,
    tag: *const c_char,
    tag_len: usize,
    kolada_json: *const c_char,
    kolada_len: usize,
    evaluation_out: *mut *mut styrkort_evaluation,
    err: *mut *mut styrkort_error,
) -> styrkort_status {
    // SAFETY: the pointers are as the caller guarantees.
    unsafe {
        guard(err, || {
            let out = non_null_mut(evaluation_out, "evaluation_out")?;
            out.write(std::ptr::null_mut());
            let model = model_ref(model)?;
            let period: Period = str_arg(period, period_len, "period")?.parse()?;
            let options = compared_options(tag, tag_len, kolada_json, kolada_len)?;
            let eval = model.evaluate_with(&period, &options)?;
            out.write(Box::into_raw(Box::new(styrkort_evaluation { eval })));
            Ok(())
        })
    }
}
