//! Catalog + relations + names → Rust source (no I/O). So far: the runtime every models.rs
//! carries.

#[cfg(test)]
mod runtime;

/// The runtime's source as models.rs carries it: `runtime.rs` up to its test module.
pub fn runtime_source() -> &'static str {
    const FILE: &str = include_str!("runtime.rs");
    const END: &str = "// ---- modelgen: the runtime ends here";
    FILE.find(END).map_or(FILE, |at| &FILE[..at]).trim_end()
}

#[cfg(test)]
mod tests {
    #[test]
    fn runtime_source_stops_before_its_tests() {
        let source = super::runtime_source();
        assert!(source.starts_with("// The runtime of the generated models"));
        assert!(source.contains("pub struct Db"));
        assert!(!source.contains("mod tests"));
    }
}
