//! Many periods of one model through one call (issue 12): every month,
//! tertial and the year for a report's trend lines, sharing the work the
//! periods have in common — as evaluations
//! (`styrkort_model_evaluate_series`) or as one table of columns
//! (`styrkort_model_series_table_json`).

use std::ffi::c_char;
use std::ptr;

use styrkort_core::Period;

use crate::boundary::tag_options;
use crate::boundary::{
    clear_string, guard, non_null_mut, str_arg, styrkort_error, styrkort_status, write_string,
    Failure,
};
use crate::{model_ref, styrkort_evaluation, styrkort_model};

/// The periods of a list such as `2025-01,2025-02 2025T1`: separated by
/// commas and/or whitespace; empty items are skipped.
fn parse_periods(text: &str) -> Result<Vec<Period>, Failure> {
    text.split(|c: char| c == ',' || c.is_ascii_whitespace())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse::<Period>().map_err(Failure::from))
        .collect()
}

/// Evaluates the model for many periods through one call, sharing the
/// work common to them (one validation, one compiled model, the memo of
/// consolidated values); writes one evaluation per period, in the order
/// listed. Each is exactly what `styrkort_model_evaluate` gives for its
/// period alone (its JSON is byte-identical).
///
/// - `model`: not NULL; only read. It may be freed before the evaluations.
/// - `periods`, `periods_len`: UTF-8 list of periods separated by commas
///   and/or whitespace, e.g. `"2025-01,2025-02,2025T1,2025"`. Not NULL.
///   An empty list gives no evaluations.
/// - `tag`, `tag_len`: UTF-8 tag to narrow the output to (see
///   `styrkort_model_evaluate_tagged_json`), or NULL for none.
/// - `evaluations_out`: an array of `capacity` entries; on success its
///   first `*count_out` entries receive new evaluations, each freed with
///   `styrkort_evaluation_free`; the others are set to NULL. May be NULL
///   when `capacity` is 0.
/// - `count_out`: not NULL; the number of evaluations written (0 on
///   failure, except as below).
///
/// Fails with `STYRKORT_PERIOD` for a bad period (the message names it),
/// `STYRKORT_INVALID_MODEL` when the model has validation errors, and
/// `STYRKORT_INVALID_ARGUMENT` when the list holds more periods than
/// `capacity`: then `*count_out` is the number needed and nothing else is
/// written. On any failure no evaluation is made. Thread-safe.
///
/// # Safety
/// `model` is a live model; `periods` points to `periods_len` readable
/// bytes, `tag` (unless NULL) to `tag_len`; `evaluations_out` (unless
/// NULL) to `capacity` writable pointers; `count_out` and `err` are NULL or
/// writable.
#[no_mangle]
pub unsafe extern "C" fn styrkort_model_evaluate_series(
    model: *const styrkort_model,
    periods: *const c_char,
    periods_len: usize,
    tag: *const c_char,
    tag_len: usize,
    evaluations_out: *mut *mut styrkort_evaluation,
    capacity: usize,
    count_out: *mut usize,
    err: *mut *mut styrkort_error,
) -> styrkort_status {
    // SAFETY: the pointers are as the caller guarantees.
    unsafe {
        guard(err, || {
            let count_out = non_null_mut(count_out, "count_out")?;
            count_out.write(0);
            let slots: &mut [*mut styrkort_evaluation] = if capacity == 0 {
                &mut []
            } else {
                let out = non_null_mut(evaluations_out, "evaluations_out")?;
                std::slice::from_raw_parts_mut(out, capacity)
            };
            slots.fill(ptr::null_mut());
            let model = model_ref(model)?;
            let list = parse_periods(str_arg(periods, periods_len, "periods")?)?;
            if list.len() > capacity {
                count_out.write(list.len());
                return Err(Failure::invalid_argument(format!(
                    "argument `capacity` is {capacity}, but `periods` lists {} periods",
                    list.len()
                )));
            }
            let options = tag_options(tag, tag_len)?;
            let series = model.evaluate_series(&list, &options)?;
            for (slot, eval) in slots.iter_mut().zip(series) {
                *slot = Box::into_raw(Box::new(styrkort_evaluation { eval }));
            }
            count_out.write(list.len());
            Ok(())
        })
    }
}

/// The statuses of many periods as one table of columns (*utfallstabell*),
/// through one call that shares the compiled model and the work common to
/// the periods: writes the `styrkort-series-table/1` document, byte for
/// byte the core's `SeriesTable::to_json` (compact, no trailing newline).
///
/// The document is `{"format": "styrkort-series-table/1", "periods": [...],
/// "tag": ..., "indicator_ids": [...], "org_ids": [...], "goal_ids": [...],
/// "indicators": {...}, "goals": {...}}`. `indicators` holds one array per
/// column — `period`, `indicator`, `org`, `value`, `consolidated`,
/// `target`, `achievement`, `status`, `trend`, `arrow`, `forecast` — and
/// `goals` likewise — `period`, `goal`, `status`, `computed_status`,
/// `score`, `manual`, `forecast`; row `k` is entry `k` of every array of
/// its object. `indicator`, `org` and `goal` are codes: indexes into
/// `indicator_ids`, `org_ids` and `goal_ids` (every id of the model, in
/// model order); decimals are normalised strings, `null` when absent.
/// For each period, in the order listed, the rows are exactly the
/// indicator results and goals its evaluation reports (with `tag`, the
/// narrowed ones), in the evaluation's order.
///
/// - `model`: not NULL; only read.
/// - `periods`, `periods_len`: UTF-8 list of periods separated by commas
///   and/or whitespace, as for `styrkort_model_evaluate_series`. Not NULL.
///   An empty list gives a table without rows.
/// - `tag`, `tag_len`: UTF-8 tag to narrow the rows to, or NULL for none.
/// - `json_out`: not NULL; receives a new NUL-terminated string the caller
///   frees with `styrkort_string_free`, or NULL on failure.
///
/// Fails with `STYRKORT_PERIOD` for a bad period (the message names it),
/// `STYRKORT_INVALID_MODEL` when the model has validation errors,
/// `STYRKORT_NULL_ARGUMENT` and `STYRKORT_INVALID_UTF8` for bad arguments.
/// Thread-safe: many threads may call it on the same model at once.
///
/// # Safety
/// `model` is a live model; `periods` points to `periods_len` readable
/// bytes, `tag` (unless NULL) to `tag_len`; `json_out` is NULL or
/// writable; `err` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn styrkort_model_series_table_json(
    model: *const styrkort_model,
    periods: *const c_char,
    periods_len: usize,
    tag: *const c_char,
    tag_len: usize,
    json_out: *mut *mut c_char,
    err: *mut *mut styrkort_error,
) -> styrkort_status {
    // SAFETY: the pointers are as the caller guarantees.
    unsafe {
        guard(err, || {
            let json_out = non_null_mut(json_out, "json_out")?;
            clear_string(json_out, ptr::null_mut());
            let model = model_ref(model)?;
            let list = parse_periods(str_arg(periods, periods_len, "periods")?)?;
            let options = tag_options(tag, tag_len)?;
            let table = model.series_table(&list, &options)?;
            write_string(json_out, ptr::null_mut(), Some(&table.to_json()));
            Ok(())
        })
    }
}
