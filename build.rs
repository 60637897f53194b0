//! The lessons and datasets are compiled into the binary (`src/assets.rs`); a file added
//! to either folder must rebuild it, which `include_dir!` alone does not ask Cargo for.

fn main() {
    println!("cargo:rerun-if-changed=lessons");
    println!("cargo:rerun-if-changed=datasets");
}
