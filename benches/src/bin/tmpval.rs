#![allow(missing_docs, clippy::all, clippy::pedantic)]
fn cpu() -> f64 {
    let t = std::fs::read_to_string("/proc/thread-self/stat").unwrap();
    let f: Vec<&str> = t.rsplit(')').next().unwrap().split_whitespace().collect();
    (f[11].parse::<f64>().unwrap() + f[12].parse::<f64>().unwrap()) / 100.0
}
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let n: usize = std::env::args().nth(2).map_or(3, |s| s.parse().unwrap());
    let text = std::fs::read_to_string(&path).unwrap();
    let c = cpu();
    let t = std::time::Instant::now();
    let m = styrkort::Model::from_json(&text).unwrap();
    let l = t.elapsed().as_secs_f64();
    let lc = cpu() - c;
    println!("load {:.3} s = {:.0} MB/s; cpu {:.2} s = {:.0} MB/s", l, text.len() as f64 / l / 1e6, lc, text.len() as f64 / lc / 1e6);
    drop(text);
    for _ in 0..n {
        let t = std::time::Instant::now();
        let d = m.validate();
        println!(
            "validate {:.3} s ({} diagnostics)",
            t.elapsed().as_secs_f64(),
            d.len()
        );
    }
    if std::env::var("DUMP").is_ok() {
        for d in m.validate() {
            println!("{d}");
        }
    }
}
