//! Kolada through the C ABI: applying a Kolada data page to a model, and
//! evaluating with the figures of comparable municipalities.

use std::ffi::c_char;

use styrkort_core::kolada::{self, ComparisonData, ConflictPolicy};
use styrkort_core::{EvalOptions, Period};

use crate::boundary::tag_options;
use crate::boundary::{
    clear_string, guard, non_null_mut, str_arg, styrkort_error, styrkort_status, write_string,
    Failure,
};
use crate::{model_mut, model_ref, styrkort_model};

/// What `styrkort_model_apply_kolada_json` does when the model already has
/// a measurement for the indicator, org and year whose figures differ from
/// Kolada's: one of the `STYRKORT_CONFLICT_POLICY_*` constants. The numbers
/// never change. It is an integer rather than a C enum so that any value
/// the caller passes is safe: a number that is not one of the constants is
/// `STYRKORT_INVALID_ARGUMENT`.
#[repr(transparent)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct styrkort_conflict_policy(pub u32);

/// Leave the model's measurement as it is; the report lists it under `kept`.
pub const STYRKORT_CONFLICT_POLICY_KEEP: styrkort_conflict_policy = styrkort_conflict_policy(0);
/// Overwrite it with Kolada's figures; the report lists it under `replaced`.
pub const STYRKORT_CONFLICT_POLICY_REPLACE: styrkort_conflict_policy = styrkort_conflict_policy(1);
/// Refuse: fail with `STYRKORT_CONFLICT` and change nothing.
pub const STYRKORT_CONFLICT_POLICY_ERROR: styrkort_conflict_policy = styrkort_conflict_policy(2);

impl styrkort_conflict_policy {
    fn to_core(self) -> Result<ConflictPolicy, Failure> {
        match self.0 {
            0 => Ok(ConflictPolicy::Keep),
            1 => Ok(ConflictPolicy::Replace),
            2 => Ok(ConflictPolicy::Error),
            n => Err(Failure::invalid_argument(format!(
                "argument `policy` is {n}: expected STYRKORT_CONFLICT_POLICY_KEEP (0), \
                 _REPLACE (1) or _ERROR (2)"
            ))),
        }
    }
}

/// Applies one Kolada API v3 data page (the JSON text of
/// `/data/kpi/…` or `/oudata/kpi/…`, or a bare array of rows) to the
/// model's measurements, and writes a report of what it did.
///
/// Every row is written as a year measurement into each indicator whose
/// `source.kolada` names the row's KPI and place (the same OU when the
/// source names an `ou`, else the same municipality code), at the
/// indicator's owner: `T` → `value`, `K` → `women`, `M` → `men`. Values
/// are exact decimals; `null` is missing, never zero; deleted rows and
/// values are dropped. A row without a total writes nothing. When the model
/// already has that measurement with different figures, `policy` decides
/// (see `styrkort_conflict_policy`). The call is atomic: on failure the
/// model is unchanged.
///
/// The report is a pretty-printed JSON object `{"policy", "added",
/// "replaced", "kept", "unchanged", "missing", "unmatched"}`; each list
/// holds `{"indicator", "org", "period", "kpi", "place", "old", "new"}`
/// objects (figures `{"value", "women", "men"}` as decimal strings, or
/// null), `unmatched` holds `{"kpi", "place", "period"}` for the rows no
/// indicator matched.
///
/// - `model`: not NULL; **modified**. This function needs exclusive access
///   to the model: no other function may use the same model (from any
///   thread) while it runs. Evaluations and engines made from the model
///   before are not affected.
/// - `json`, `json_len`: the UTF-8 page. Not NULL.
/// - `policy`: a `STYRKORT_CONFLICT_POLICY_*` constant.
/// - `report_json`: not NULL; receives a new string freed with
///   `styrkort_string_free`. `report_len`: may be NULL.
///
/// Fails with `STYRKORT_JSON` for a malformed page (the JSON path of the
/// row, e.g. `values[1].values[0].value`), `STYRKORT_CONFLICT` under
/// `STYRKORT_CONFLICT_POLICY_ERROR` (the message names the indicator, org
/// and period), `STYRKORT_INVALID_ARGUMENT` for an unknown policy.
///
/// # Safety
/// `model` is a live model not used by anything else during the call;
/// `json` points to `json_len` readable bytes; `report_json`, `report_len`
/// and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn styrkort_model_apply_kolada_json(
    model: *mut styrkort_model,
    json: *const c_char,
    json_len: usize,
    policy: styrkort_conflict_policy,
    report_json: *mut *mut c_char,
    report_len: *mut usize,
    err: *mut *mut styrkort_error,
) -> styrkort_status {
    // SAFETY: the pointers are as the caller guarantees.
    unsafe {
        guard(err, || {
            let out = non_null_mut(report_json, "report_json")?;
            clear_string(out, report_len);
            let model = model_mut(model)?;
            let text = str_arg(json, json_len, "json")?;
            let policy = policy.to_core()?;
            let report = model.apply_kolada_json(text, policy)?;
            write_string(out, report_len, Some(&report.to_json()));
            Ok(())
        })
    }
}

/// The evaluation options of the compared evaluations: an optional tag
/// and the comparison group read from a Kolada data page.
///
/// # Safety
/// `tag` is NULL or points to `tag_len` readable bytes; `kolada_json`
/// points to `kolada_len` readable bytes (NULL is an error).
pub(crate) unsafe fn compared_options(
    tag: *const c_char,
    tag_len: usize,
    kolada_json: *const c_char,
    kolada_len: usize,
) -> Result<EvalOptions, Failure> {
    // SAFETY: as the caller guarantees.
    let options = unsafe { tag_options(tag, tag_len) }?;
    // SAFETY: as the caller guarantees.
    let text = unsafe { str_arg(kolada_json, kolada_len, "kolada_json") }?;
    let rows = kolada::parse_data(text)?.rows;
    Ok(options.with_comparison(ComparisonData::from_rows(&rows)))
}

/// As `styrkort_model_evaluate_json`, with the figures of comparable
/// municipalities (*jämförelsekommuner*): every indicator whose
/// `source.kolada` names a municipality then carries a `comparison` object
/// at its owner in year periods (`municipality`, `value`, `direction`,
/// `rank` (1 = best), `group_size`, `lower_quartile`, `median`,
/// `upper_quartile`, `best`, `worst`, `best_quartile`, `worst_quartile`).
///
/// - `model`: not NULL; only read.
/// - `period`, `period_len`: UTF-8 period. Not NULL.
/// - `tag`, `tag_len`: UTF-8 tag narrowing the output as in
///   `styrkort_model_evaluate_tagged_json`, or `tag` NULL for no tag (the
///   length is then ignored).
/// - `kolada_json`, `kolada_len`: a Kolada API v3 data page (or a bare
///   array of rows) with the group's values. Not NULL. The group is every
///   municipality in it with a total: the nation (`0000`), regions
///   (`00xx`), group averages (`G…`), OU rows and `null` values are left out.
/// - `out`: not NULL; receives a new string freed with `styrkort_string_free`.
/// - `out_len`: may be NULL.
///
/// Fails like `styrkort_model_evaluate_json`, and with `STYRKORT_JSON` for
/// a malformed Kolada page. Thread-safe: many threads may call this on the
/// same model at once.
///
/// # Safety
/// `model` is a live model; each string is NULL (where allowed) or points
/// to its length in readable bytes; `out`, `out_len`, `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn styrkort_model_evaluate_compared_json(
    model: *const styrkort_model,
    period: *const c_char,
    period_len: usize,
    tag: *const c_char,
    tag_len: usize,
    kolada_json: *const c_char,
    kolada_len: usize,
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
            let period: Period = str_arg(period, period_len, "period")?.parse()?;
            let options = compared_options(tag, tag_len, kolada_json, kolada_len)?;
            let eval = model.evaluate_with(&period, &options)?;
            write_string(out, out_len, Some(&eval.to_json()));
            Ok(())
        })
    }
}
