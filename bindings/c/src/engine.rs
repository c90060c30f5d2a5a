//! The incremental engine through the C ABI: one period's evaluation kept
//! up to date while measurements and assessments change.

use std::ffi::c_char;
use std::ptr;

use styrkort_core::{Assessment, Engine, Period, Status};

use crate::boundary::tag_options;
use crate::boundary::{
    clear_string, guard, guard_value, non_null, non_null_mut, opt_str_arg, str_arg, styrkort_error,
    styrkort_status, write_string, Failure,
};
use crate::{model_ref, styrkort_evaluation, styrkort_fulfilment, styrkort_model};

/// An incremental engine: the evaluation of one period of a model, kept up
/// to date while measurements and assessments change, recomputing only what
/// depends on each change (the result is exactly what evaluating the
/// edited model from scratch gives). Made by `styrkort_engine_new`, freed by
/// `styrkort_engine_free`. It holds its own copy of the model: the model it
/// was made from may be changed or freed.
///
/// Threads: an engine is used by one thread at a time (the caller
/// serialises every call on the same engine, including the read-only
/// ones); it may be moved to another thread between calls. Different
/// engines are independent.
#[derive(Debug)]
pub struct styrkort_engine {
    engine: Engine,
}

/// Borrows an engine handle.
unsafe fn engine_ref<'a>(p: *const styrkort_engine) -> Result<&'a Engine, Failure> {
    let p = non_null(p, "engine")?;
    // SAFETY: the caller passes a live handle from styrkort_engine_new.
    Ok(unsafe { &(*p).engine })
}

/// Borrows an engine handle for an update.
unsafe fn engine_mut<'a>(p: *mut styrkort_engine) -> Result<&'a mut Engine, Failure> {
    let p = non_null_mut(p, "engine")?;
    // SAFETY: a live handle, used by this thread only (the contract).
    Ok(unsafe { &mut (*p).engine })
}

/// Makes an engine: validates and evaluates `model` for `period`.
///
/// - `model`: not NULL; only read, and copied: it may be changed or freed
///   afterwards without affecting the engine.
/// - `period`, `period_len`: UTF-8 period kept up to date. Not NULL.
/// - `tag`, `tag_len`: UTF-8 tag narrowing the output as in
///   `styrkort_model_evaluate_tagged_json`, or `tag` NULL for no tag (the
///   length is then ignored).
/// - `engine_out`: not NULL; receives a new engine freed with
///   `styrkort_engine_free`, or NULL on failure.
///
/// Fails like `styrkort_model_evaluate_json` (`STYRKORT_PERIOD`,
/// `STYRKORT_INVALID_MODEL`). Thread-safe with respect to the model: many
/// threads may make engines from the same model at once.
///
/// # Safety
/// `model` is a live model; `period` and `tag` point to their lengths in
/// readable bytes (`tag` may be NULL); `engine_out` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn styrkort_engine_new(
    model: *const styrkort_model,
    period: *const c_char,
    period_len: usize,
    tag: *const c_char,
    tag_len: usize,
    engine_out: *mut *mut styrkort_engine,
    err: *mut *mut styrkort_error,
) -> styrkort_status {
    // SAFETY: the pointers are as the caller guarantees.
    unsafe {
        guard(err, || {
            let out = non_null_mut(engine_out, "engine_out")?;
            out.write(ptr::null_mut());
            let model = model_ref(model)?;
            let period: Period = str_arg(period, period_len, "period")?.parse()?;
            let options = tag_options(tag, tag_len)?;
            let engine = Engine::new(model, period, options)?;
            out.write(Box::into_raw(Box::new(styrkort_engine { engine })));
            Ok(())
        })
    }
}

/// Sets or removes one measurement and updates the evaluation.
///
/// - `engine`: not NULL; modified.
/// - `indicator`, `indicator_len`: UTF-8 indicator id. Not NULL.
/// - `org`, `org_len`: UTF-8 org id the measurement belongs to, or `org`
///   NULL for the indicator's owner (the length is then ignored).
/// - `period`, `period_len`: UTF-8 period of the measurement (any period,
///   not only the engine's: earlier years feed `improve` targets and
///   windows). Not NULL.
/// - `value`, `value_len`: the value as a UTF-8 decimal string, read
///   exactly (`"74.1"`, `"-3"`, `"1e3"`; no spaces, no decimal comma), or
///   `value` NULL to remove the measurement (the length is then ignored;
///   removing one that does not exist is not an error).
///
/// Fails with `STYRKORT_UNKNOWN_ID` for an indicator or org not in the
/// model, `STYRKORT_PERIOD` for a bad period, `STYRKORT_INVALID_ARGUMENT`
/// for a value that is not an exact decimal (`"1,5"`, `"abc"`); these leave
/// the engine unchanged, and so does `STYRKORT_OVERFLOW` (a decimal left its
/// range while recomputing: the edit is undone). Not thread-safe: see
/// `styrkort_engine`.
///
/// # Safety
/// `engine` is a live engine used by no other thread; each string is NULL
/// (where allowed) or points to its length in readable bytes; `err` is NULL
/// or writable.
#[no_mangle]
pub unsafe extern "C" fn styrkort_engine_set_measurement(
    engine: *mut styrkort_engine,
    indicator: *const c_char,
    indicator_len: usize,
    org: *const c_char,
    org_len: usize,
    period: *const c_char,
    period_len: usize,
    value: *const c_char,
    value_len: usize,
    err: *mut *mut styrkort_error,
) -> styrkort_status {
    // SAFETY: the pointers are as the caller guarantees.
    unsafe {
        guard(err, || {
            let engine = engine_mut(engine)?;
            let indicator = str_arg(indicator, indicator_len, "indicator")?;
            let org = opt_str_arg(org, org_len, "org")?;
            let period: Period = str_arg(period, period_len, "period")?.parse()?;
            let value = opt_str_arg(value, value_len, "value")?
                .map(|v| {
                    styrkort_core::json::parse_decimal(v)
                        .map_err(|e| Failure::invalid_argument(format!("argument `value`: {e}")))
                })
                .transpose()?;
            engine.set_measurement(indicator, org, period, value)?;
            Ok(())
        })
    }
}

/// Sets or removes the manual assessment (*bedömning*) of a goal for a
/// period and updates the evaluation. The assessment's status overrides the
/// computed one; it has no comment, author or date.
///
/// - `engine`: not NULL; modified.
/// - `goal`, `goal_len`: UTF-8 goal id. Not NULL.
/// - `period`, `period_len`: UTF-8 period assessed. Not NULL.
/// - `status`: a `styrkort_fulfilment` value (1–5), or 0 to remove the
///   assessment (removing one that does not exist is not an error).
///
/// Fails with `STYRKORT_UNKNOWN_ID` for a goal not in the model,
/// `STYRKORT_PERIOD` for a bad period, `STYRKORT_INVALID_ARGUMENT` for a
/// status that is neither 0 nor a `styrkort_fulfilment` value; these leave
/// the engine unchanged, and so does `STYRKORT_OVERFLOW` (the edit is
/// undone). Not thread-safe: see `styrkort_engine`.
///
/// # Safety
/// `engine` is a live engine used by no other thread; `goal` and `period`
/// point to their lengths in readable bytes; `err` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn styrkort_engine_set_assessment(
    engine: *mut styrkort_engine,
    goal: *const c_char,
    goal_len: usize,
    period: *const c_char,
    period_len: usize,
    status: u32,
    err: *mut *mut styrkort_error,
) -> styrkort_status {
    // SAFETY: the pointers are as the caller guarantees.
    unsafe {
        guard(err, || {
            let engine = engine_mut(engine)?;
            let goal = str_arg(goal, goal_len, "goal")?;
            let period: Period = str_arg(period, period_len, "period")?.parse()?;
            // The numbers are those of `styrkort_fulfilment`, whose `From<Status>`
            // is the one mapping; 0 removes the assessment.
            let status = match status {
                0 => None,
                n => Some(
                    Status::ALL
                        .into_iter()
                        .find(|s| styrkort_fulfilment::from(*s) as u32 == n)
                        .ok_or_else(|| {
                            Failure::invalid_argument(format!(
                                "argument `status` is {n}: expected 0 (remove the assessment) \
                                 or a styrkort_fulfilment value (1 to 5)"
                            ))
                        })?,
                ),
            };
            let assessment = status.map(|status| Assessment {
                period,
                status,
                comment: None,
                author: None,
                date: None,
            });
            engine.set_assessment(goal, period, assessment)?;
            Ok(())
        })
    }
}

/// Writes the engine's current evaluation as its `styrkort-evaluation/1`
/// document: byte for byte what `styrkort_model_evaluate_json` (or the
/// tagged variant) gives for a model holding the same measurements and
/// assessments.
///
/// - `engine`: not NULL; only read.
/// - `out`: not NULL; receives a new string freed with `styrkort_string_free`.
/// - `out_len`: may be NULL.
///
/// Not thread-safe: see `styrkort_engine`.
///
/// # Safety
/// `engine` is a live engine used by no other thread; `out`, `out_len`,
/// `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn styrkort_engine_evaluation_json(
    engine: *const styrkort_engine,
    out: *mut *mut c_char,
    out_len: *mut usize,
    err: *mut *mut styrkort_error,
) -> styrkort_status {
    // SAFETY: the pointers are as the caller guarantees.
    unsafe {
        guard(err, || {
            let out = non_null_mut(out, "out")?;
            clear_string(out, out_len);
            let engine = engine_ref(engine)?;
            write_string(out, out_len, Some(&engine.evaluation().to_json()));
            Ok(())
        })
    }
}

/// Takes a snapshot of the engine's current evaluation as an evaluation
/// handle, for the typed accessors (`styrkort_evaluation_goal_status` …)
/// and the dialogue brief. The snapshot does not follow later updates and
/// is independent of the engine (either may be freed first; it may be
/// read from any number of threads).
///
/// - `engine`: not NULL; only read.
/// - `evaluation_out`: not NULL; receives a new evaluation freed with
///   `styrkort_evaluation_free`, or NULL on failure.
///
/// Not thread-safe with respect to the engine: see `styrkort_engine`.
///
/// # Safety
/// `engine` is a live engine used by no other thread; `evaluation_out` and
/// `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn styrkort_engine_evaluation(
    engine: *const styrkort_engine,
    evaluation_out: *mut *mut styrkort_evaluation,
    err: *mut *mut styrkort_error,
) -> styrkort_status {
    // SAFETY: the pointers are as the caller guarantees.
    unsafe {
        guard(err, || {
            let out = non_null_mut(evaluation_out, "evaluation_out")?;
            out.write(ptr::null_mut());
            let eval = engine_ref(engine)?.evaluation().clone();
            out.write(Box::into_raw(Box::new(styrkort_evaluation { eval })));
            Ok(())
        })
    }
}

/// Frees an engine. Calling with NULL is fine. Must not be called twice.
/// Evaluations taken from it with `styrkort_engine_evaluation` stay valid.
///
/// # Safety
/// `engine` is NULL or a live engine from `styrkort_engine_new`, used by
/// no other thread.
#[no_mangle]
pub unsafe extern "C" fn styrkort_engine_free(engine: *mut styrkort_engine) {
    if !engine.is_null() {
        guard_value((), || {
            // SAFETY: a live handle made by Box::into_raw.
            drop(unsafe { Box::from_raw(engine) });
        });
    }
}
