/work/main/bench/layout/target/release/layout-measure: /work/main/bench/layout/src/main.rs
