//! Link settings of the shared library (`libstyrkort.so`) only; the static
//! library and the rlib are untouched.
//!
//! - SONAME `libstyrkort.so.<major>`: programs record that name, so a later
//!   compatible `libstyrkort.so.0.x.y` replaces this one without relinking,
//!   and an incompatible major version can be installed beside it.
//!   `bindings/c/install.sh` makes the usual links.
//! - Release builds drop debug information from the shared library (the
//!   workspace keeps `debug = 1` in `[profile.release]` for profiling the
//!   core; vendors ship this file, so it should be small). Debug builds
//!   keep it.

fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    // ELF systems with GNU-compatible linkers; macOS (install_name) and
    // Windows (no SONAME) are left as they are.
    let elf = [
        "linux",
        "android",
        "freebsd",
        "netbsd",
        "openbsd",
        "dragonfly",
    ];
    if elf.contains(&os.as_str()) {
        let major = std::env::var("CARGO_PKG_VERSION_MAJOR").unwrap_or_else(|_| "0".into());
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libstyrkort.so.{major}");
        if std::env::var("PROFILE").as_deref() == Ok("release") {
            println!("cargo:rustc-cdylib-link-arg=-Wl,--strip-debug");
        }
    }
    println!("cargo:rerun-if-changed=build.rs");
}
