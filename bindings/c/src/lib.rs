//! # libstyrkort — the C ABI of styrkort
//!
//! This crate builds `libstyrkort.so` and `libstyrkort.a`; cbindgen turns
//! it into `include/styrkort.h`. It converts and checks, nothing more: every
//! domain rule lives in the core crate. The documentation of every
//! function below is copied into the header, and is the contract with the
//! vendor: who owns what, what may be NULL, what frees what.
//!
//! Rules that hold for every exported function:
//! - A fallible function returns a [`styrkort_status`]; `STYRKORT_OK` (0) is
//!   success. Its last argument `err` may be NULL. When it is not, `*err` is
//!   set to NULL on entry and, on failure, to a new error the caller frees
//!   with `styrkort_error_free`.
//! - Nothing panics across the boundary: a panic becomes `STYRKORT_PANIC`.
//! - Strings in are pointer + length, UTF-8, need not be NUL-terminated;
//!   a NULL pointer is `STYRKORT_NULL_ARGUMENT` even when the length is 0.
//! - Strings out are NUL-terminated, owned by the caller, freed with
//!   `styrkort_string_free`; their length (without the NUL) goes to
//!   `*out_len` when `out_len` is not NULL. On failure `*out` is NULL.
//! - Threads: functions taking a handle as `const` only read it and may run
//!   concurrently; those taking it non-`const` (the Kolada apply, the
//!   `*_free` functions) need exclusive access. An engine is used by one
//!   thread at a time.
//! - Enum-like arguments (`styrkort_conflict_policy`, an assessment status)
//!   are plain integers checked on entry, so no value a caller passes is
//!   undefined behaviour.
#![deny(missing_docs)]
#![allow(non_camel_case_types)] // the C names are the public names

mod boundary;
mod engine;
mod kolada;
mod report;
mod series;
mod whatif;

use std::ffi::{c_char, c_int};
use std::ptr;

use styrkort_core::{EvalOptions, Evaluation, Model, Period, Perspective, Status};

use boundary::{
    clear_string, free_string, guard, guard_value, non_null, non_null_mut, str_arg, write_string,
    Failure,
};
pub use boundary::{styrkort_error, styrkort_status};
// Every exported function is reachable from the crate root too, so Rust
// callers of the rlib (fuzz/, the tests) see the whole C ABI in one place.
pub use engine::{
    styrkort_engine, styrkort_engine_evaluation, styrkort_engine_evaluation_json,
    styrkort_engine_free, styrkort_engine_new, styrkort_engine_set_assessment,
    styrkort_engine_set_measurement,
};
pub use kolada::{
    styrkort_conflict_policy, styrkort_model_apply_kolada_json,
    styrkort_model_evaluate_compared_json, STYRKORT_CONFLICT_POLICY_ERROR,
    STYRKORT_CONFLICT_POLICY_KEEP, STYRKORT_CONFLICT_POLICY_REPLACE,
};
pub use report::styrkort_evaluation_report_html;
pub use series::{styrkort_model_evaluate_series, styrkort_model_series_table_json};
pub use whatif::{styrkort_evaluation_what_if_json, styrkort_model_evaluate_compared};

/// A parsed model (`styrkort/1`). Made by `styrkort_model_from_json`, freed
/// by `styrkort_model_free`. The functions that take it as `const` only
/// read it: any number of threads may call them on the same model at once.
/// The one function that changes it, `styrkort_model_apply_kolada_json`
/// (it takes the model non-`const`), needs exclusive access, as do the
/// `*_free` functions: nothing else may use the model while it runs.
#[derive(Debug)]
pub struct styrkort_model {
    model: Model,
}

/// The evaluation of a model for one period. Made by
/// `styrkort_model_evaluate` (or taken from an engine with
/// `styrkort_engine_evaluation`), freed by `styrkort_evaluation_free`.
/// Immutable and independent of the model it came from (the model may be
/// freed first); any number of threads may read it at once.
#[derive(Debug)]
pub struct styrkort_evaluation {
    eval: Evaluation,
}

/// How far a goal or an indicator is reached in the period.
/// The numbers are part of the ABI and never change; 0 is never used.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum styrkort_fulfilment {
    /// `fulfilled` (*uppfyllt*), score 1.
    Fulfilled = 1,
    /// `partly_fulfilled` (*delvis uppfyllt*), score 1/2.
    PartlyFulfilled = 2,
    /// `not_fulfilled` (*ej uppfyllt*), score 0.
    NotFulfilled = 3,
    /// `no_data` (*data saknas*): something to assess, but no value.
    NoData = 4,
    /// `not_assessed` (*ej bedömt*): nothing to assess against.
    NotAssessed = 5,
}

impl From<Status> for styrkort_fulfilment {
    fn from(s: Status) -> Self {
        match s {
            Status::Fulfilled => Self::Fulfilled,
            Status::PartlyFulfilled => Self::PartlyFulfilled,
            Status::NotFulfilled => Self::NotFulfilled,
            Status::NoData => Self::NoData,
            Status::NotAssessed => Self::NotAssessed,
        }
    }
}

/// The four perspectives, in the order of the management system: the
/// index into `styrkort_balance.perspectives`. Never renumbered.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum styrkort_perspective {
    /// `citizen` (*Medborgare*, formerly *Kund*).
    Citizen = 0,
    /// `society_environment` (*Samhälle & miljö*).
    SocietyEnvironment = 1,
    /// `employees` (*Medarbetare*).
    Employees = 2,
    /// `economy` (*Ekonomi*).
    Economy = 3,
}

/// The number of perspectives: the length of `styrkort_balance.perspectives`.
pub const STYRKORT_PERSPECTIVES: usize = 4;

/// The balance of one perspective of a scorecard: counts of its goals.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct styrkort_perspective_balance {
    /// Goals in the perspective.
    pub goals: usize,
    /// Distinct indicators linked from those goals.
    pub indicators: usize,
    /// Goals fulfilled.
    pub fulfilled: usize,
    /// Goals partly fulfilled.
    pub partly_fulfilled: usize,
    /// Goals not fulfilled.
    pub not_fulfilled: usize,
    /// Goals without data.
    pub no_data: usize,
    /// Goals not assessed.
    pub not_assessed: usize,
}

/// The balance of a scorecard across the four perspectives (counts only;
/// the evenness and the scores are decimals: see
/// `styrkort_evaluation_scorecard_evenness` and `styrkort_evaluation_scorecard_score`).
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct styrkort_balance {
    /// Goals in the scorecard.
    pub goals: usize,
    /// Perspectives with no goal.
    pub missing: usize,
    /// Per perspective, indexed by `styrkort_perspective`.
    pub perspectives: [styrkort_perspective_balance; STYRKORT_PERSPECTIVES],
}

static VERSION: &[u8] = concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes();

/// The version of the library, e.g. `"0.1.0"`: a static NUL-terminated
/// string that must not be freed. Compare with `STYRKORT_VERSION` to
/// check that the header matches the library at run time. Thread-safe.
#[no_mangle]
pub extern "C" fn styrkort_version() -> *const c_char {
    VERSION.as_ptr().cast()
}

/// Borrows a model handle.
unsafe fn model_ref<'a>(p: *const styrkort_model) -> Result<&'a Model, Failure> {
    let p = non_null(p, "model")?;
    // SAFETY: the caller passes a live handle from styrkort_model_from_json.
    Ok(unsafe { &(*p).model })
}

/// Borrows a model handle for a change.
unsafe fn model_mut<'a>(p: *mut styrkort_model) -> Result<&'a mut Model, Failure> {
    let p = non_null_mut(p, "model")?;
    // SAFETY: a live handle, used by nothing else during the call (the contract).
    Ok(unsafe { &mut (*p).model })
}

/// Borrows an evaluation handle.
unsafe fn eval_ref<'a>(p: *const styrkort_evaluation) -> Result<&'a Evaluation, Failure> {
    let p = non_null(p, "evaluation")?;
    // SAFETY: the caller passes a live handle from styrkort_model_evaluate.
    Ok(unsafe { &(*p).eval })
}

/// Reads a model from `styrkort/1` JSON text.
///
/// - `json`, `json_len`: the UTF-8 text (need not be NUL-terminated). Not NULL.
/// - `model_out`: not NULL; receives a new model the caller frees with
///   `styrkort_model_free`, or NULL on failure.
/// - `err`: may be NULL; see the rules at the top of this header.
///
/// The model is not validated here (`styrkort_model_validate_json` does,
/// and evaluation does itself). Returns `STYRKORT_JSON` for malformed JSON,
/// an unknown field, a wrong type or a bad decimal, with the JSON path in
/// the message; `STYRKORT_INVALID_UTF8`; `STYRKORT_NULL_ARGUMENT`.
/// Thread-safe.
///
/// # Safety
/// `json` points to `json_len` readable bytes; `model_out` and `err` are
/// NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn styrkort_model_from_json(
    json: *const c_char,
    json_len: usize,
    model_out: *mut *mut styrkort_model,
    err: *mut *mut styrkort_error,
) -> styrkort_status {
    // SAFETY: the pointers are as the caller guarantees.
    unsafe {
        guard(err, || {
            let out = non_null_mut(model_out, "model_out")?;
            out.write(ptr::null_mut());
            let text = str_arg(json, json_len, "json")?;
            let model = Model::from_json(text)?;
            out.write(Box::into_raw(Box::new(styrkort_model { model })));
            Ok(())
        })
    }
}

/// Writes the model back as `styrkort/1` JSON (pretty-printed, two-space
/// indent); reading it again gives an equal model.
///
/// - `model`: not NULL; only read.
/// - `out`: not NULL; receives a new string freed with `styrkort_string_free`.
/// - `out_len`: may be NULL; receives the length without the NUL.
///
/// Thread-safe: many threads may call this on the same model at once.
///
/// # Safety
/// `model` is a live model; `out`, `out_len`, `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn styrkort_model_to_json(
    model: *const styrkort_model,
    out: *mut *mut c_char,
    out_len: *mut usize,
    err: *mut *mut styrkort_error,
) -> styrkort_status {
    // SAFETY: the pointers are as the caller guarantees.
    unsafe {
        guard(err, || {
            let out = non_null_mut(out, "out")?;
            clear_string(out, out_len);
            let model = model_ref(model)?;
            write_string(out, out_len, Some(&model.to_json()));
            Ok(())
        })
    }
}

/// Validates the model and writes every diagnostic (errors and warnings)
/// as a pretty-printed JSON array of `{"code", "severity", "message",
/// "subject"}` objects (`[]` when the model is clean). A model with
/// validation errors is not a failure of this function: it returns
/// `STYRKORT_OK` and the errors are in the array.
///
/// - `model`: not NULL; only read.
/// - `out`: not NULL; receives a new string freed with `styrkort_string_free`.
/// - `out_len`: may be NULL.
///
/// Thread-safe: many threads may call this on the same model at once.
///
/// # Safety
/// `model` is a live model; `out`, `out_len`, `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn styrkort_model_validate_json(
    model: *const styrkort_model,
    out: *mut *mut c_char,
    out_len: *mut usize,
    err: *mut *mut styrkort_error,
) -> styrkort_status {
    // SAFETY: the pointers are as the caller guarantees.
    unsafe {
        guard(err, || {
            let out = non_null_mut(out, "out")?;
            clear_string(out, out_len);
            let model = model_ref(model)?;
            let diagnostics = model.validate();
            let text = serde_json::to_string_pretty(&diagnostics)
                .map_err(|e| Failure::new(styrkort_status::STYRKORT_OTHER, e.to_string()))?;
            write_string(out, out_len, Some(&text));
            Ok(())
        })
    }
}

unsafe fn evaluate(
    model: *const styrkort_model,
    period: *const c_char,
    period_len: usize,
    tag: Option<(*const c_char, usize)>,
) -> Result<Evaluation, Failure> {
    // SAFETY: the pointers are as the caller guarantees.
    unsafe {
        let model = model_ref(model)?;
        let period: Period = str_arg(period, period_len, "period")?.parse()?;
        let options = match tag {
            Some((p, n)) => EvalOptions::tag(str_arg(p, n, "tag")?),
            None => EvalOptions::default(),
        };
        Ok(model.evaluate_with(&period, &options)?)
    }
}

/// Evaluates the model for a period and writes the
/// `styrkort-evaluation/1` document (pretty-printed, no trailing newline;
/// byte-identical to the Rust and Python output).
///
/// - `model`: not NULL; only read.
/// - `period`, `period_len`: UTF-8 period (`2025`, `2025T2`, `2025Q3`,
///   `2025-08`). Not NULL.
/// - `out`: not NULL; receives a new string freed with `styrkort_string_free`.
/// - `out_len`: may be NULL.
///
/// Fails with `STYRKORT_PERIOD` for a bad period and
/// `STYRKORT_INVALID_MODEL` when the model has validation errors.
/// Thread-safe: many threads may evaluate the same model at once.
///
/// # Safety
/// `model` is a live model; `period` points to `period_len` readable bytes;
/// `out`, `out_len`, `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn styrkort_model_evaluate_json(
    model: *const styrkort_model,
    period: *const c_char,
    period_len: usize,
    out: *mut *mut c_char,
    out_len: *mut usize,
    err: *mut *mut styrkort_error,
) -> styrkort_status {
    // SAFETY: the pointers are as the caller guarantees.
    unsafe {
        guard(err, || {
            let out = non_null_mut(out, "out")?;
            clear_string(out, out_len);
            let eval = evaluate(model, period, period_len, None)?;
            write_string(out, out_len, Some(&eval.to_json()));
            Ok(())
        })
    }
}

/// As `styrkort_model_evaluate_json`, with the output narrowed to the goals,
/// indicators, scorecards and plans carrying `tag` (e.g. `environment`
/// for an ISO 14001 review). Statuses are computed on the whole model.
///
/// - `tag`, `tag_len`: UTF-8 tag. Not NULL (use the untagged function for no tag).
///
/// # Safety
/// As `styrkort_model_evaluate_json`; `tag` points to `tag_len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn styrkort_model_evaluate_tagged_json(
    model: *const styrkort_model,
    period: *const c_char,
    period_len: usize,
    tag: *const c_char,
    tag_len: usize,
    out: *mut *mut c_char,
    out_len: *mut usize,
    err: *mut *mut styrkort_error,
) -> styrkort_status {
    // SAFETY: the pointers are as the caller guarantees.
    unsafe {
        guard(err, || {
            let out = non_null_mut(out, "out")?;
            clear_string(out, out_len);
            let eval = evaluate(model, period, period_len, Some((tag, tag_len)))?;
            write_string(out, out_len, Some(&eval.to_json()));
            Ok(())
        })
    }
}

/// Evaluates the model for a period into an evaluation handle, for the
/// typed accessors (`styrkort_evaluation_goal_status` …) and the dialogue brief.
///
/// - `model`: not NULL; only read. It may be freed before the evaluation.
/// - `period`, `period_len`: UTF-8 period. Not NULL.
/// - `evaluation_out`: not NULL; receives a new evaluation freed with
///   `styrkort_evaluation_free`, or NULL on failure.
///
/// Fails like `styrkort_model_evaluate_json`. Thread-safe.
///
/// # Safety
/// `model` is a live model; `period` points to `period_len` readable bytes;
/// `evaluation_out` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn styrkort_model_evaluate(
    model: *const styrkort_model,
    period: *const c_char,
    period_len: usize,
    evaluation_out: *mut *mut styrkort_evaluation,
    err: *mut *mut styrkort_error,
) -> styrkort_status {
    // SAFETY: the pointers are as the caller guarantees.
    unsafe {
        guard(err, || {
            let out = non_null_mut(evaluation_out, "evaluation_out")?;
            out.write(ptr::null_mut());
            let eval = evaluate(model, period, period_len, None)?;
            out.write(Box::into_raw(Box::new(styrkort_evaluation { eval })));
            Ok(())
        })
    }
}

/// As `styrkort_model_evaluate`, narrowed to `tag` (see
/// `styrkort_model_evaluate_tagged_json`). `tag` is not NULL.
///
/// # Safety
/// As `styrkort_model_evaluate`; `tag` points to `tag_len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn styrkort_model_evaluate_tagged(
    model: *const styrkort_model,
    period: *const c_char,
    period_len: usize,
    tag: *const c_char,
    tag_len: usize,
    evaluation_out: *mut *mut styrkort_evaluation,
    err: *mut *mut styrkort_error,
) -> styrkort_status {
    // SAFETY: the pointers are as the caller guarantees.
    unsafe {
        guard(err, || {
            let out = non_null_mut(evaluation_out, "evaluation_out")?;
            out.write(ptr::null_mut());
            let eval = evaluate(model, period, period_len, Some((tag, tag_len)))?;
            out.write(Box::into_raw(Box::new(styrkort_evaluation { eval })));
            Ok(())
        })
    }
}

/// Frees a model. Calling with NULL is fine. Must not be called twice, nor
/// while another thread uses the model. Evaluations made from it stay valid.
///
/// # Safety
/// `model` is NULL or a live model from `styrkort_model_from_json`.
#[no_mangle]
pub unsafe extern "C" fn styrkort_model_free(model: *mut styrkort_model) {
    if !model.is_null() {
        guard_value((), || {
            // SAFETY: a live handle made by Box::into_raw.
            drop(unsafe { Box::from_raw(model) });
        });
    }
}

/// Writes the evaluation as its `styrkort-evaluation/1` document
/// (the same text `styrkort_model_evaluate_json` gives).
///
/// - `evaluation`: not NULL; only read.
/// - `out`: not NULL; receives a new string freed with `styrkort_string_free`.
/// - `out_len`: may be NULL.
///
/// Thread-safe.
///
/// # Safety
/// `evaluation` is a live evaluation; `out`, `out_len`, `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn styrkort_evaluation_to_json(
    evaluation: *const styrkort_evaluation,
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
            write_string(out, out_len, Some(&eval.to_json()));
            Ok(())
        })
    }
}

/// Writes the assignments (*uppdrag*) the evaluation lists, as a
/// pretty-printed JSON array (the `assignments` entries of the evaluation
/// JSON): those `org` carries out, or all when `org` is NULL.
///
/// - `evaluation`: not NULL; only read.
/// - `org`, `org_len`: a UTF-8 org id, or NULL for every org.
/// - `out`: not NULL; receives a new string freed with `styrkort_string_free`.
/// - `out_len`: may be NULL.
///
/// Fails with `STYRKORT_UNKNOWN_ID` for an org not in the model. Thread-safe.
///
/// # Safety
/// `evaluation` is a live evaluation; `org` is NULL or points to `org_len`
/// readable bytes; `out`, `out_len`, `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn styrkort_evaluation_assignments_json(
    evaluation: *const styrkort_evaluation,
    org: *const c_char,
    org_len: usize,
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
            let org = if org.is_null() {
                None
            } else {
                Some(str_arg(org, org_len, "org")?)
            };
            write_string(out, out_len, Some(&eval.assignments_json(org)?));
            Ok(())
        })
    }
}

/// Writes the brief (`styrkort-dialogue/1`, pretty-printed) for a dialogue
/// between the org `upper` (say the executive board) and the org `lower`
/// (a board, office, unit or provider), narrowed to the evaluation's tag.
///
/// - `evaluation`: not NULL; only read.
/// - `upper`, `upper_len`, `lower`, `lower_len`: UTF-8 org ids. Not NULL.
/// - `out`: not NULL; receives a new string freed with `styrkort_string_free`.
/// - `out_len`: may be NULL.
///
/// Fails with `STYRKORT_UNKNOWN_ID` for an org not in the model. Thread-safe.
///
/// # Safety
/// `evaluation` is a live evaluation; each string points to its length in
/// readable bytes; `out`, `out_len`, `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn styrkort_evaluation_dialogue_json(
    evaluation: *const styrkort_evaluation,
    upper: *const c_char,
    upper_len: usize,
    lower: *const c_char,
    lower_len: usize,
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
            let upper = str_arg(upper, upper_len, "upper")?;
            let lower = str_arg(lower, lower_len, "lower")?;
            let brief = eval.dialogue(upper, lower)?;
            write_string(out, out_len, Some(&brief.to_json()));
            Ok(())
        })
    }
}

/// Writes the number of goals in the evaluation (all goals, or those
/// carrying the tag) to `*count_out`. Goals are sorted by id; use
/// `styrkort_evaluation_goal_id` to read them by index.
///
/// - `evaluation`: not NULL. `count_out`: not NULL (0 on failure).
///
/// # Safety
/// `evaluation` is a live evaluation; `count_out` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn styrkort_evaluation_goal_count(
    evaluation: *const styrkort_evaluation,
    count_out: *mut usize,
    err: *mut *mut styrkort_error,
) -> styrkort_status {
    // SAFETY: the pointers are as the caller guarantees.
    unsafe {
        guard(err, || {
            let out = non_null_mut(count_out, "count_out")?;
            out.write(0);
            out.write(eval_ref(evaluation)?.goals.len());
            Ok(())
        })
    }
}

/// Writes the id of the goal at `index` (0-based, in id order) as a new
/// string freed with `styrkort_string_free`.
///
/// - `evaluation`: not NULL. `out`: not NULL. `out_len`: may be NULL.
///
/// Fails with `STYRKORT_INDEX_OUT_OF_RANGE` when `index` is not below
/// `styrkort_evaluation_goal_count`.
///
/// # Safety
/// `evaluation` is a live evaluation; `out`, `out_len`, `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn styrkort_evaluation_goal_id(
    evaluation: *const styrkort_evaluation,
    index: usize,
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
            let goal = eval.goals.get(index).ok_or_else(|| {
                Failure::new(
                    styrkort_status::STYRKORT_INDEX_OUT_OF_RANGE,
                    format!(
                        "goal index {index} is out of range: the evaluation has {} goal(s)",
                        eval.goals.len()
                    ),
                )
            })?;
            write_string(out, out_len, Some(goal.goal.as_str()));
            Ok(())
        })
    }
}

unsafe fn goal_result<'a>(
    evaluation: *const styrkort_evaluation,
    goal: *const c_char,
    goal_len: usize,
) -> Result<&'a styrkort_core::GoalResult, Failure> {
    // SAFETY: the pointers are as the caller guarantees.
    unsafe {
        let eval = eval_ref(evaluation)?;
        let id = str_arg(goal, goal_len, "goal")?;
        eval.goal(id)
            .ok_or_else(|| Failure::unknown(format!("unknown goal id {id:?} in this evaluation")))
    }
}

/// Writes the final status of a goal (the manual assessment's when there
/// is one, else the computed one) to `*status_out`.
///
/// - `evaluation`: not NULL. `goal`, `goal_len`: UTF-8 goal id, not NULL.
/// - `status_out`: not NULL; untouched on failure.
///
/// Fails with `STYRKORT_UNKNOWN_ID` when the evaluation has no such goal
/// (not in the model, or left out by the tag).
///
/// # Safety
/// `evaluation` is a live evaluation; `goal` points to `goal_len` readable
/// bytes; `status_out` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn styrkort_evaluation_goal_status(
    evaluation: *const styrkort_evaluation,
    goal: *const c_char,
    goal_len: usize,
    status_out: *mut styrkort_fulfilment,
    err: *mut *mut styrkort_error,
) -> styrkort_status {
    // SAFETY: the pointers are as the caller guarantees.
    unsafe {
        guard(err, || {
            let out = non_null_mut(status_out, "status_out")?;
            let g = goal_result(evaluation, goal, goal_len)?;
            out.write(g.status.into());
            Ok(())
        })
    }
}

/// Writes the score of a goal (Σ w·score / Σ w over its assessed items,
/// 4 decimal places, normalised: `"0.75"`) as a new string freed with
/// `styrkort_string_free`. When no item is assessed the goal has no score:
/// the function returns `STYRKORT_OK` with `*out` NULL and `*out_len` 0.
///
/// - `evaluation`: not NULL. `goal`, `goal_len`: not NULL.
/// - `out`: not NULL. `out_len`: may be NULL.
///
/// # Safety
/// As `styrkort_evaluation_goal_status`; `out`, `out_len` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn styrkort_evaluation_goal_score(
    evaluation: *const styrkort_evaluation,
    goal: *const c_char,
    goal_len: usize,
    out: *mut *mut c_char,
    out_len: *mut usize,
    err: *mut *mut styrkort_error,
) -> styrkort_status {
    // SAFETY: the pointers are as the caller guarantees.
    unsafe {
        guard(err, || {
            let out = non_null_mut(out, "out")?;
            clear_string(out, out_len);
            let g = goal_result(evaluation, goal, goal_len)?;
            let text = g.score.map(styrkort_core::json::normalised);
            write_string(out, out_len, text.as_deref());
            Ok(())
        })
    }
}

unsafe fn indicator_result<'a>(
    evaluation: *const styrkort_evaluation,
    indicator: *const c_char,
    indicator_len: usize,
    org: *const c_char,
    org_len: usize,
) -> Result<&'a styrkort_core::IndicatorResult, Failure> {
    // SAFETY: the pointers are as the caller guarantees.
    unsafe {
        let eval = eval_ref(evaluation)?;
        let id = str_arg(indicator, indicator_len, "indicator")?;
        let org = str_arg(org, org_len, "org")?;
        eval.indicator(id, org).ok_or_else(|| {
            Failure::unknown(format!(
                "no result for indicator {id:?} at org {org:?} in this evaluation \
                 (unknown id, or the pair is neither used by a goal nor measured)"
            ))
        })
    }
}

/// The body every decimal accessor of an indicator result shares: finds the
/// result of (`indicator`, `org`) and writes the field `field` picks as a
/// normalised decimal string (`*out` NULL, `*out_len` 0 when it is absent).
///
/// # Safety
/// As `styrkort_evaluation_indicator_value`.
unsafe fn write_indicator_decimal(
    evaluation: *const styrkort_evaluation,
    (indicator, indicator_len): (*const c_char, usize),
    (org, org_len): (*const c_char, usize),
    (out, out_len): (*mut *mut c_char, *mut usize),
    err: *mut *mut styrkort_error,
    field: fn(&styrkort_core::IndicatorResult) -> Option<styrkort_core::Decimal>,
) -> styrkort_status {
    // SAFETY: the pointers are as the caller guarantees.
    unsafe {
        guard(err, || {
            let out = non_null_mut(out, "out")?;
            clear_string(out, out_len);
            let r = indicator_result(evaluation, indicator, indicator_len, org, org_len)?;
            let text = field(r).map(styrkort_core::json::normalised);
            write_string(out, out_len, text.as_deref());
            Ok(())
        })
    }
}

/// Writes the status of an indicator at an org to `*status_out`.
///
/// - `evaluation`: not NULL. `indicator`, `org` (with lengths): UTF-8 ids, not NULL.
/// - `status_out`: not NULL; untouched on failure.
///
/// Fails with `STYRKORT_UNKNOWN_ID` when the evaluation has no result for
/// the pair: it lists every (indicator, org) a goal uses or that has its own
/// measurement for the period.
///
/// # Safety
/// `evaluation` is a live evaluation; each string points to its length in
/// readable bytes; `status_out` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn styrkort_evaluation_indicator_status(
    evaluation: *const styrkort_evaluation,
    indicator: *const c_char,
    indicator_len: usize,
    org: *const c_char,
    org_len: usize,
    status_out: *mut styrkort_fulfilment,
    err: *mut *mut styrkort_error,
) -> styrkort_status {
    // SAFETY: the pointers are as the caller guarantees.
    unsafe {
        guard(err, || {
            let out = non_null_mut(status_out, "status_out")?;
            let r = indicator_result(evaluation, indicator, indicator_len, org, org_len)?;
            out.write(r.status.into());
            Ok(())
        })
    }
}

/// Writes the value of an indicator at an org for the period (own,
/// consolidated or window mean; exact, normalised: `"60"`, `"74.1"`) as a
/// new string freed with `styrkort_string_free`. When the value is missing
/// (status `no_data`) the function returns `STYRKORT_OK` with `*out` NULL
/// and `*out_len` 0: "no value" is not an error.
///
/// - `evaluation`: not NULL. `indicator`, `org`: not NULL.
/// - `out`: not NULL. `out_len`: may be NULL.
///
/// Fails like `styrkort_evaluation_indicator_status`.
///
/// # Safety
/// As `styrkort_evaluation_indicator_status`; `out`, `out_len` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn styrkort_evaluation_indicator_value(
    evaluation: *const styrkort_evaluation,
    indicator: *const c_char,
    indicator_len: usize,
    org: *const c_char,
    org_len: usize,
    out: *mut *mut c_char,
    out_len: *mut usize,
    err: *mut *mut styrkort_error,
) -> styrkort_status {
    // SAFETY: the pointers are as the caller guarantees.
    unsafe {
        write_indicator_decimal(
            evaluation,
            (indicator, indicator_len),
            (org, org_len),
            (out, out_len),
            err,
            |r| r.value,
        )
    }
}

/// Writes the target of an indicator at an org for the period (for an
/// `improve` target: the value one year earlier that must be beaten) as a
/// new decimal string freed with `styrkort_string_free`. When no target
/// applies the function returns `STYRKORT_OK` with `*out` NULL and
/// `*out_len` 0.
///
/// Arguments and failures as `styrkort_evaluation_indicator_value`.
///
/// # Safety
/// As `styrkort_evaluation_indicator_value`.
#[no_mangle]
pub unsafe extern "C" fn styrkort_evaluation_indicator_target(
    evaluation: *const styrkort_evaluation,
    indicator: *const c_char,
    indicator_len: usize,
    org: *const c_char,
    org_len: usize,
    out: *mut *mut c_char,
    out_len: *mut usize,
    err: *mut *mut styrkort_error,
) -> styrkort_status {
    // SAFETY: the pointers are as the caller guarantees.
    unsafe {
        write_indicator_decimal(
            evaluation,
            (indicator, indicator_len),
            (org, org_len),
            (out, out_len),
            err,
            |r| r.target,
        )
    }
}

/// Writes the value of an indicator at an org for the same period one
/// year earlier (*samma period föregående år*; computed like the value,
/// window included) as a new decimal string freed with
/// `styrkort_string_free`. When it is missing the function returns
/// `STYRKORT_OK` with `*out` NULL and `*out_len` 0. The JSON's `year_trend`
/// and `arrow` give the direction-aware comparison.
///
/// Arguments and failures as `styrkort_evaluation_indicator_value`.
///
/// # Safety
/// As `styrkort_evaluation_indicator_value`.
#[no_mangle]
pub unsafe extern "C" fn styrkort_evaluation_indicator_year_earlier(
    evaluation: *const styrkort_evaluation,
    indicator: *const c_char,
    indicator_len: usize,
    org: *const c_char,
    org_len: usize,
    out: *mut *mut c_char,
    out_len: *mut usize,
    err: *mut *mut styrkort_error,
) -> styrkort_status {
    // SAFETY: the pointers are as the caller guarantees.
    unsafe {
        write_indicator_decimal(
            evaluation,
            (indicator, indicator_len),
            (org, org_len),
            (out, out_len),
            err,
            |r| r.year_earlier,
        )
    }
}

/// Writes the change of an indicator at an org against the same period one
/// year earlier (value − year-earlier value, exact, normalised: `"-0.2"`)
/// as a new string freed with `styrkort_string_free`; `*out` NULL and
/// `*out_len` 0 (and `STYRKORT_OK`) when either value is missing.
///
/// Arguments and failures as `styrkort_evaluation_indicator_value`.
///
/// # Safety
/// As `styrkort_evaluation_indicator_value`.
#[no_mangle]
pub unsafe extern "C" fn styrkort_evaluation_indicator_year_change(
    evaluation: *const styrkort_evaluation,
    indicator: *const c_char,
    indicator_len: usize,
    org: *const c_char,
    org_len: usize,
    out: *mut *mut c_char,
    out_len: *mut usize,
    err: *mut *mut styrkort_error,
) -> styrkort_status {
    // SAFETY: the pointers are as the caller guarantees.
    unsafe {
        write_indicator_decimal(
            evaluation,
            (indicator, indicator_len),
            (org, org_len),
            (out, out_len),
            err,
            |r| r.year_change,
        )
    }
}

/// Writes 1 to `*forecast_out` when the value of an indicator at an org
/// (and so its status) rests on a forecast (*prognos*), else 0.
///
/// - `evaluation`: not NULL. `indicator`, `org` (with lengths): not NULL.
/// - `forecast_out`: not NULL; untouched on failure.
///
/// Fails like `styrkort_evaluation_indicator_status`.
///
/// # Safety
/// As `styrkort_evaluation_indicator_status`; `forecast_out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn styrkort_evaluation_indicator_forecast(
    evaluation: *const styrkort_evaluation,
    indicator: *const c_char,
    indicator_len: usize,
    org: *const c_char,
    org_len: usize,
    forecast_out: *mut c_int,
    err: *mut *mut styrkort_error,
) -> styrkort_status {
    // SAFETY: the pointers are as the caller guarantees.
    unsafe {
        guard(err, || {
            let out = non_null_mut(forecast_out, "forecast_out")?;
            let r = indicator_result(evaluation, indicator, indicator_len, org, org_len)?;
            out.write(c_int::from(r.forecast));
            Ok(())
        })
    }
}

/// Writes 1 to `*forecast_out` when the final status of a goal rests on a
/// forecast (*prognos*: not a manual assessment, and an assessed item rests
/// on one, along the red thread), else 0.
///
/// - `evaluation`: not NULL. `goal`, `goal_len`: UTF-8 goal id, not NULL.
/// - `forecast_out`: not NULL; untouched on failure.
///
/// Fails like `styrkort_evaluation_goal_status`.
///
/// # Safety
/// As `styrkort_evaluation_goal_status`; `forecast_out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn styrkort_evaluation_goal_forecast(
    evaluation: *const styrkort_evaluation,
    goal: *const c_char,
    goal_len: usize,
    forecast_out: *mut c_int,
    err: *mut *mut styrkort_error,
) -> styrkort_status {
    // SAFETY: the pointers are as the caller guarantees.
    unsafe {
        guard(err, || {
            let out = non_null_mut(forecast_out, "forecast_out")?;
            let g = goal_result(evaluation, goal, goal_len)?;
            out.write(c_int::from(g.forecast));
            Ok(())
        })
    }
}

unsafe fn scorecard<'a>(
    evaluation: *const styrkort_evaluation,
    org: *const c_char,
    org_len: usize,
) -> Result<&'a styrkort_core::Scorecard, Failure> {
    // SAFETY: the pointers are as the caller guarantees.
    unsafe {
        let eval = eval_ref(evaluation)?;
        let org = str_arg(org, org_len, "org")?;
        eval.scorecard(org).ok_or_else(|| {
            Failure::unknown(format!("no scorecard for org {org:?} in this evaluation"))
        })
    }
}

/// Writes the balance counts of an org's scorecard (*styrkort*) to `*balance_out`.
///
/// - `evaluation`: not NULL. `org`, `org_len`: UTF-8 org id, not NULL.
/// - `balance_out`: not NULL; zeroed on entry.
///
/// Fails with `STYRKORT_UNKNOWN_ID` when the evaluation has no scorecard
/// for the org (unknown org).
///
/// # Safety
/// `evaluation` is a live evaluation; `org` points to `org_len` readable
/// bytes; `balance_out` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn styrkort_evaluation_scorecard_balance(
    evaluation: *const styrkort_evaluation,
    org: *const c_char,
    org_len: usize,
    balance_out: *mut styrkort_balance,
    err: *mut *mut styrkort_error,
) -> styrkort_status {
    // SAFETY: the pointers are as the caller guarantees.
    unsafe {
        guard(err, || {
            let out = non_null_mut(balance_out, "balance_out")?;
            out.write(styrkort_balance::default());
            let card = scorecard(evaluation, org, org_len)?;
            let b = &card.balance;
            let mut balance = styrkort_balance {
                goals: b.goals,
                missing: b.missing.len(),
                ..styrkort_balance::default()
            };
            for (slot, p) in balance.perspectives.iter_mut().zip(Perspective::ALL) {
                let pb = b.perspective(p);
                *slot = styrkort_perspective_balance {
                    goals: pb.goals,
                    indicators: pb.indicators,
                    fulfilled: pb.fulfilled,
                    partly_fulfilled: pb.partly_fulfilled,
                    not_fulfilled: pb.not_fulfilled,
                    no_data: pb.no_data,
                    not_assessed: pb.not_assessed,
                };
            }
            out.write(balance);
            Ok(())
        })
    }
}

/// Writes the evenness of an org's scorecard across the perspectives
/// (`1 − Σ|n_p/N − 1/4| / (3/2)`, 4 places, normalised: `"0.6667"`; 1 is
/// perfectly even, `"0"` for no goals) as a new string freed with
/// `styrkort_string_free`.
///
/// Arguments and failures as `styrkort_evaluation_scorecard_balance`, with
/// `out` not NULL and `out_len` possibly NULL.
///
/// # Safety
/// As `styrkort_evaluation_scorecard_balance`; `out`, `out_len` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn styrkort_evaluation_scorecard_evenness(
    evaluation: *const styrkort_evaluation,
    org: *const c_char,
    org_len: usize,
    out: *mut *mut c_char,
    out_len: *mut usize,
    err: *mut *mut styrkort_error,
) -> styrkort_status {
    // SAFETY: the pointers are as the caller guarantees.
    unsafe {
        guard(err, || {
            let out = non_null_mut(out, "out")?;
            clear_string(out, out_len);
            let card = scorecard(evaluation, org, org_len)?;
            let text = styrkort_core::json::normalised(card.balance.evenness);
            write_string(out, out_len, Some(&text));
            Ok(())
        })
    }
}

/// Writes the score of an org's scorecard (the mean status score of its
/// assessed goals, 4 places, normalised) as a new string freed with
/// `styrkort_string_free`. When no goal is assessed it returns
/// `STYRKORT_OK` with `*out` NULL and `*out_len` 0.
///
/// Arguments and failures as `styrkort_evaluation_scorecard_evenness`.
///
/// # Safety
/// As `styrkort_evaluation_scorecard_evenness`.
#[no_mangle]
pub unsafe extern "C" fn styrkort_evaluation_scorecard_score(
    evaluation: *const styrkort_evaluation,
    org: *const c_char,
    org_len: usize,
    out: *mut *mut c_char,
    out_len: *mut usize,
    err: *mut *mut styrkort_error,
) -> styrkort_status {
    // SAFETY: the pointers are as the caller guarantees.
    unsafe {
        guard(err, || {
            let out = non_null_mut(out, "out")?;
            clear_string(out, out_len);
            let card = scorecard(evaluation, org, org_len)?;
            let text = card.balance.score.map(styrkort_core::json::normalised);
            write_string(out, out_len, text.as_deref());
            Ok(())
        })
    }
}

/// Frees an evaluation. Calling with NULL is fine. Must not be called
/// twice, nor while another thread uses the evaluation.
///
/// # Safety
/// `evaluation` is NULL or a live evaluation from `styrkort_model_evaluate`.
#[no_mangle]
pub unsafe extern "C" fn styrkort_evaluation_free(evaluation: *mut styrkort_evaluation) {
    if !evaluation.is_null() {
        guard_value((), || {
            // SAFETY: a live handle made by Box::into_raw.
            drop(unsafe { Box::from_raw(evaluation) });
        });
    }
}

/// The message of an error: what went wrong and where (the JSON path, the
/// id, the period, the argument). A NUL-terminated UTF-8 string owned by
/// the error: valid until `styrkort_error_free`, not to be freed by itself.
/// For NULL it returns a static empty string.
///
/// # Safety
/// `err` is NULL or a live error.
#[no_mangle]
pub unsafe extern "C" fn styrkort_error_message(err: *const styrkort_error) -> *const c_char {
    if err.is_null() {
        return c"".as_ptr();
    }
    // SAFETY: a live error.
    unsafe { (*err).message.as_ptr() }
}

/// The status code of an error (never `STYRKORT_OK` for a real error);
/// `STYRKORT_OK` for NULL, i.e. "no error".
///
/// # Safety
/// `err` is NULL or a live error.
#[no_mangle]
pub unsafe extern "C" fn styrkort_error_code(err: *const styrkort_error) -> styrkort_status {
    if err.is_null() {
        return styrkort_status::STYRKORT_OK;
    }
    // SAFETY: a live error.
    unsafe { (*err).code }
}

/// Frees an error. Calling with NULL is fine. Must not be called twice.
///
/// # Safety
/// `err` is NULL or a live error that this library made.
#[no_mangle]
pub unsafe extern "C" fn styrkort_error_free(err: *mut styrkort_error) {
    if !err.is_null() {
        guard_value((), || {
            // SAFETY: a live error made by Box::into_raw.
            drop(unsafe { Box::from_raw(err) });
        });
    }
}

/// Frees a string this library returned through an `out` argument.
/// Calling with NULL is fine. Must not be called twice, and must not be
/// given a string from anywhere else (`styrkort_version` and
/// `styrkort_error_message` return strings that are not to be freed).
///
/// # Safety
/// `s` is NULL or a live string from this library's `out` arguments.
#[no_mangle]
pub unsafe extern "C" fn styrkort_string_free(s: *mut c_char) {
    guard_value((), || {
        // SAFETY: as the caller guarantees.
        unsafe { free_string(s) }
    });
}

#[cfg(test)]
mod tests;
