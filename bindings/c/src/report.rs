//! The HTML report (`styrkort-report`) through the C ABI.

use std::ffi::c_char;

use styrkort_report::{Language, Options, ReportError};

use crate::boundary::{
    clear_string, guard, non_null_mut, opt_str_arg, styrkort_error, styrkort_status, write_string,
    Failure,
};
use crate::{eval_ref, model_ref, styrkort_evaluation, styrkort_model};

impl From<ReportError> for Failure {
    fn from(e: ReportError) -> Self {
        match e {
            ReportError::Core(e) => e.into(),
            other => Failure::unknown(other.to_string()),
        }
    }
}

/// Writes the whole report of an evaluation — the red thread, every
/// scorecard with its balance picture and sparklines, the follow-up table,
/// the validation warnings — as one self-contained HTML document (inline
/// CSS and SVG, no script, nothing fetched), for a browser or an embedding
/// web view. The same model and evaluation give the same bytes.
///
/// - `model`: not NULL; the model `evaluation` was made from. Only read.
/// - `evaluation`: not NULL; only read.
/// - `lang`, `lang_len`: `"sv"` (Swedish, the default) or `"en"`; or
///   `lang` NULL for Swedish (the length is then ignored).
/// - `out`: not NULL; receives a new UTF-8 string freed with
///   `styrkort_string_free`.
/// - `out_len`: may be NULL.
///
/// Fails with `STYRKORT_INVALID_ARGUMENT` for another language. Thread-safe.
///
/// # Safety
/// `model` and `evaluation` are live handles; `lang` is NULL or points to
/// its length in readable bytes; `out`, `out_len`, `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn styrkort_evaluation_report_html(
    model: *const styrkort_model,
    evaluation: *const styrkort_evaluation,
    lang: *const c_char,
    lang_len: usize,
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
            let eval = eval_ref(evaluation)?;
            let language = match opt_str_arg(lang, lang_len, "lang")? {
                None | Some("sv") => Language::Sv,
                Some("en") => Language::En,
                Some(other) => {
                    return Err(Failure::invalid_argument(format!(
                        "lang must be \"sv\" or \"en\", not {other:?}"
                    )))
                }
            };
            let options = Options {
                language,
                ..Options::default()
            };
            let html = styrkort_report::report_html(model, eval, options)?;
            write_string(out, out_len, Some(&html));
            Ok(())
        })
    }
}
