//! The machinery every exported function goes through: the status codes, the
//! error object, the panic boundary, argument checks and owned output strings.

use std::ffi::{c_char, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;

/// A status code returned by every fallible function. `STYRKORT_OK` (0)
/// means success; any other value means failure, and the function has set
/// `*err` (when `err` is not NULL) to an error describing it.
///
/// The numbers are part of the ABI and never change meaning. A code that is
/// retired is left here as a comment (`// 12: retired in 0.x, was …`) and
/// its number is never given to another code. New codes get the next free
/// number; callers should treat an unknown non-zero code as a failure.
///
/// cbindgen:prefix-with-name=false
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(non_camel_case_types)]
pub enum styrkort_status {
    /// Success.
    STYRKORT_OK = 0,
    /// A pointer argument that must not be NULL was NULL. The message names the argument.
    STYRKORT_NULL_ARGUMENT = 1,
    /// A string argument was not valid UTF-8. The message names the
    /// argument and the byte offset.
    STYRKORT_INVALID_UTF8 = 2,
    /// The model JSON is malformed or does not follow `styrkort/1`
    /// (unknown field, wrong type, bad decimal …). The message gives the
    /// JSON path (`goals[3].indicators[0].weight`), line and column.
    STYRKORT_JSON = 3,
    /// A period string (`2025`, `2025T2`, `2025Q3`, `2025-08`) could not be parsed.
    STYRKORT_PERIOD = 4,
    /// The model has validation errors, so it cannot be evaluated. The
    /// message lists the first of them; `styrkort_model_validate_json` gives all.
    STYRKORT_INVALID_MODEL = 5,
    /// An id (goal, org, indicator at an org …) is not in the model or the
    /// evaluation. The message names the kind and the id.
    STYRKORT_UNKNOWN_ID = 6,
    /// A sum, product or quotient left the range of a decimal (about ±7.9e28).
    STYRKORT_OVERFLOW = 7,
    /// An index was not below the number of items.
    STYRKORT_INDEX_OUT_OF_RANGE = 8,
    /// styrkort panicked (a bug in styrkort; please report it with the
    /// message). The host process is unaffected and the handles passed in
    /// are still valid.
    STYRKORT_PANIC = 9,
    /// An error of a kind this version of the C binding has no code for.
    STYRKORT_OTHER = 10,
    /// Applying external figures (Kolada) met a measurement already in the
    /// model with different figures under `STYRKORT_CONFLICT_POLICY_ERROR`.
    /// The message names the indicator, the org and the period and gives
    /// both figures; the model is unchanged.
    STYRKORT_CONFLICT = 11,
    /// An argument's value is outside its domain: a decimal string that is
    /// not an exact decimal (`1,5`, `abc`), or a number that is not one of
    /// the constants of its type (a conflict policy, an assessment status).
    /// The message names the argument and the value.
    STYRKORT_INVALID_ARGUMENT = 12,
}

/// An error: a status code and a message. Created by the library on
/// failure, owned by the caller, freed with `styrkort_error_free`.
#[allow(non_camel_case_types)]
#[derive(Debug)]
pub struct styrkort_error {
    pub(crate) code: styrkort_status,
    pub(crate) message: CString,
}

/// A failure inside an exported function, before it becomes a `styrkort_error`.
#[derive(Debug)]
pub(crate) struct Failure {
    pub(crate) code: styrkort_status,
    pub(crate) message: String,
}

impl Failure {
    pub(crate) fn new(code: styrkort_status, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }

    pub(crate) fn unknown(what: impl Into<String>) -> Self {
        Self::new(styrkort_status::STYRKORT_UNKNOWN_ID, what)
    }

    pub(crate) fn invalid_argument(what: impl Into<String>) -> Self {
        Self::new(styrkort_status::STYRKORT_INVALID_ARGUMENT, what)
    }
}

impl From<styrkort_core::Error> for Failure {
    fn from(e: styrkort_core::Error) -> Self {
        use styrkort_core::Error as E;
        let code = match &e {
            E::Json { .. } => styrkort_status::STYRKORT_JSON,
            E::Period { .. } => styrkort_status::STYRKORT_PERIOD,
            E::Invalid { .. } => styrkort_status::STYRKORT_INVALID_MODEL,
            E::UnknownId { .. } => styrkort_status::STYRKORT_UNKNOWN_ID,
            E::Overflow { .. } => styrkort_status::STYRKORT_OVERFLOW,
            E::Conflict { .. } => styrkort_status::STYRKORT_CONFLICT,
            _ => styrkort_status::STYRKORT_OTHER,
        };
        Self::new(code, e.to_string())
    }
}

/// Makes a C string of a message; an interior NUL (from an id in the
/// input) is written as `\0` so the message is never cut short.
pub(crate) fn message_cstring(message: &str) -> CString {
    let cleaned = if message.contains('\0') {
        message.replace('\0', "\\0")
    } else {
        message.to_string()
    };
    CString::new(cleaned).unwrap_or_default()
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    let what = payload
        .downcast_ref::<&str>()
        .map(ToString::to_string)
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic payload".to_string());
    format!("internal error in styrkort (please report): {what}")
}

/// The panic boundary. Clears `*err` (when `err` is not NULL), runs `body`
/// and turns its failure or panic into a status code and, when `err` is not
/// NULL, a new error in `*err`.
///
/// # Safety
/// `err` is NULL or valid for a write of one pointer.
pub(crate) unsafe fn guard(
    err: *mut *mut styrkort_error,
    body: impl FnOnce() -> Result<(), Failure>,
) -> styrkort_status {
    if !err.is_null() {
        // SAFETY: the caller guarantees `err` is writable when not NULL.
        unsafe { err.write(ptr::null_mut()) };
    }
    let failure = match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => return styrkort_status::STYRKORT_OK,
        Ok(Err(f)) => f,
        Err(payload) => Failure::new(styrkort_status::STYRKORT_PANIC, panic_message(&*payload)),
    };
    let code = failure.code;
    if !err.is_null() {
        // Building the error allocates; a panic here (it cannot, short of
        // an allocation failure, which aborts) must not escape either.
        let made = catch_unwind(AssertUnwindSafe(|| {
            Box::into_raw(Box::new(styrkort_error {
                code,
                message: message_cstring(&failure.message),
            }))
        }));
        if let Ok(e) = made {
            // SAFETY: as above.
            unsafe { err.write(e) };
        }
    }
    code
}

/// A panic boundary for functions that cannot report failure: returns
/// `fallback` on panic.
pub(crate) fn guard_value<T>(fallback: T, body: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or(fallback)
}

/// Checks a pointer argument.
pub(crate) fn non_null<T>(p: *const T, name: &str) -> Result<*const T, Failure> {
    if p.is_null() {
        Err(Failure::new(
            styrkort_status::STYRKORT_NULL_ARGUMENT,
            format!("argument `{name}` is NULL"),
        ))
    } else {
        Ok(p)
    }
}

/// Checks an output pointer argument.
pub(crate) fn non_null_mut<T>(p: *mut T, name: &str) -> Result<*mut T, Failure> {
    non_null(p.cast_const(), name).map(<*const T>::cast_mut)
}

/// Borrows a pointer + length string argument as UTF-8.
///
/// # Safety
/// When not NULL, `p` points to `len` readable bytes that outlive `'a`.
pub(crate) unsafe fn str_arg<'a>(
    p: *const c_char,
    len: usize,
    name: &str,
) -> Result<&'a str, Failure> {
    let p = non_null(p, name)?;
    // SAFETY: non-NULL, and the caller guarantees `len` readable bytes.
    let bytes = unsafe { std::slice::from_raw_parts(p.cast::<u8>(), len) };
    std::str::from_utf8(bytes).map_err(|e| {
        Failure::new(
            styrkort_status::STYRKORT_INVALID_UTF8,
            format!("argument `{name}` is not valid UTF-8: {e}"),
        )
    })
}

/// Borrows an optional pointer + length string argument: NULL is `None`
/// (whatever the length), anything else must be UTF-8.
///
/// # Safety
/// As for [`str_arg`].
pub(crate) unsafe fn opt_str_arg<'a>(
    p: *const c_char,
    len: usize,
    name: &str,
) -> Result<Option<&'a str>, Failure> {
    if p.is_null() {
        return Ok(None);
    }
    // SAFETY: as the caller guarantees.
    unsafe { str_arg(p, len, name) }.map(Some)
}

/// The evaluation options of an optional tag argument (NULL: no tag).
///
/// # Safety
/// As for [`str_arg`].
pub(crate) unsafe fn tag_options(
    tag: *const c_char,
    tag_len: usize,
) -> Result<styrkort_core::EvalOptions, Failure> {
    // SAFETY: as the caller guarantees.
    Ok(match unsafe { opt_str_arg(tag, tag_len, "tag") }? {
        Some(t) => styrkort_core::EvalOptions::tag(t),
        None => styrkort_core::EvalOptions::default(),
    })
}

/// Bytes in front of every output string: its length, so that
/// `styrkort_string_free` can give back exactly what was allocated even if
/// the text holds a NUL.
const HEADER: usize = std::mem::size_of::<usize>();

/// Copies `s` into a new NUL-terminated buffer owned by the caller.
pub(crate) fn new_string(s: &str) -> *mut c_char {
    let len = s.len();
    let mut v = Vec::with_capacity(HEADER + len + 1);
    v.extend_from_slice(&len.to_ne_bytes());
    v.extend_from_slice(s.as_bytes());
    v.push(0);
    let base = Box::into_raw(v.into_boxed_slice()).cast::<u8>();
    // SAFETY: the buffer is HEADER + len + 1 bytes long.
    unsafe { base.add(HEADER).cast::<c_char>() }
}

/// Frees a string made by [`new_string`].
///
/// # Safety
/// `p` is NULL or came from [`new_string`] and was not freed before.
pub(crate) unsafe fn free_string(p: *mut c_char) {
    if p.is_null() {
        return;
    }
    // SAFETY: `p` is HEADER bytes into a buffer made by `new_string`, whose
    // first HEADER bytes hold the text length.
    unsafe {
        let base = p.cast::<u8>().sub(HEADER);
        let len = base.cast::<usize>().read_unaligned();
        let slice = ptr::slice_from_raw_parts_mut(base, HEADER + len + 1);
        drop(Box::from_raw(slice));
    }
}

/// Writes an owned copy of `s` (or NULL for `None`) to `out` and its length
/// (0 for `None`) to `out_len` when not NULL.
///
/// # Safety
/// `out` is valid for a write; `out_len` is NULL or valid for a write.
pub(crate) unsafe fn write_string(out: *mut *mut c_char, out_len: *mut usize, s: Option<&str>) {
    let (p, n) = match s {
        Some(s) => (new_string(s), s.len()),
        None => (ptr::null_mut(), 0),
    };
    // SAFETY: guaranteed by the caller.
    unsafe {
        out.write(p);
        if !out_len.is_null() {
            out_len.write(n);
        }
    }
}

/// Clears a string output pair on entry, so it is NULL / 0 on failure.
///
/// # Safety
/// As for [`write_string`].
pub(crate) unsafe fn clear_string(out: *mut *mut c_char, out_len: *mut usize) {
    // SAFETY: guaranteed by the caller.
    unsafe { write_string(out, out_len, None) }
}
