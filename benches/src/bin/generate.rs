//! Writes a generated `styrkort/1` model to a file.
//!
//! ```text
//! cargo run --release -p styrkort-benches --bin generate -- \
//!     --scale example|small|medium|national|xN|uN | --factor N  [--seed S] [--org-everywhere] --out FILE
//! ```
//!
//! `--org-everywhere`: every measurement names its org, also at the
//! indicator's owner (by default the owner's measurements leave `org` out).
//!
//! Prints what was written (orgs, goals, indicator-org pairs,
//! measurements, bytes) on standard error.

use std::fs::File;
use std::io::BufWriter;
use std::process::ExitCode;
use std::time::Instant;

use styrkort_benches::{write_model_with, Options, Scale};

fn usage() -> ExitCode {
    eprintln!(
        "usage: generate (--scale example|small|medium|national|xN|uN | --factor N) [--seed S] [--org-everywhere] --out FILE"
    );
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let mut scale = Scale::Example;
    let mut seed = 1u64;
    let mut out: Option<String> = None;
    let mut options = Options::default();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--org-everywhere" {
            options.org_everywhere = true;
            continue;
        }
        let Some(v) = args.next() else {
            return usage();
        };
        match a.as_str() {
            "--scale" => match v.parse() {
                Ok(s) => scale = s,
                Err(e) => {
                    eprintln!("generate: {e}");
                    return usage();
                }
            },
            "--factor" => match v.parse::<u32>() {
                Ok(n) if n > 0 => scale = Scale::Factor(n),
                _ => {
                    eprintln!("generate: --factor needs a positive whole number, got {v:?}");
                    return usage();
                }
            },
            "--seed" => {
                let Ok(s) = v.parse() else {
                    eprintln!("generate: --seed needs a whole number, got {v:?}");
                    return usage();
                };
                seed = s;
            }
            "--out" => out = Some(v),
            _ => return usage(),
        }
    }
    let Some(out) = out else { return usage() };
    let started = Instant::now();
    let file = match File::create(&out) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("generate: cannot create {out}: {e}");
            return ExitCode::FAILURE;
        }
    };
    match write_model_with(
        &scale,
        seed,
        options,
        BufWriter::with_capacity(1 << 20, file),
    ) {
        Ok(s) => {
            eprintln!(
                "generate: {out}: {} municipalities, {} orgs, {} indicators, {} goals, {} indicator-org pairs, {} measurements, {} plans, {} activities, {} bytes in {:.1} s",
                s.municipalities,
                s.orgs,
                s.indicators,
                s.goals,
                s.pairs,
                s.measurements,
                s.plans,
                s.activities,
                s.bytes,
                started.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("generate: writing {out}: {e}");
            ExitCode::FAILURE
        }
    }
}
