//! Writes `schema/styrkort-1.schema.json` and
//! `schema/styrkort-evaluation-1.schema.json` from the Rust types.

fn main() -> std::io::Result<()> {
    let root = styrkort_schema::repo_root();
    std::fs::create_dir_all(root.join("schema"))?;
    for (path, text) in styrkort_schema::files() {
        std::fs::write(root.join(path), text)?;
        println!("wrote {path}");
    }
    Ok(())
}
