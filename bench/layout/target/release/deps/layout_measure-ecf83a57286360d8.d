/work/main/bench/layout/target/release/deps/layout_measure-ecf83a57286360d8.d: src/main.rs

/work/main/bench/layout/target/release/deps/layout_measure-ecf83a57286360d8: src/main.rs

src/main.rs:
