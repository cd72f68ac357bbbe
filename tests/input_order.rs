//! The order of every migration folder of the corpus equals the reference order of
//! `../shared/tools/mariadb-catalog` (its `expand`), which the oracle uses.

mod common;

use std::process::Command;

fn reference_order(folder: &std::path::Path) -> Vec<String> {
    let tool = common::shared().join("tools").join("mariadb-catalog");
    let script = format!(
        "import importlib.machinery, importlib.util, sys\n\
         loader = importlib.machinery.SourceFileLoader('mc', {tool:?})\n\
         spec = importlib.util.spec_from_loader('mc', loader)\n\
         mc = importlib.util.module_from_spec(spec); loader.exec_module(mc)\n\
         print('\\n'.join(mc.expand(sys.argv[1])))",
        tool = tool.to_str().unwrap()
    );
    let output = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(folder)
        .output()
        .expect("python3");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn corpus_folders_in_reference_order() {
    let folders = [
        "fineract/migrations/core_db",
        "diesel/migrations/mysql",
        "gophish/migrations",
        "ory-hydra/migrations",
        "umami/migrations",
        "dolibarr/tables",
        "dolibarr/migration",
        "guacamole/schema",
    ];
    for folder in folders {
        let folder = common::shared().join("corpus").join(folder);
        let ours: Vec<String> = modelgen::input::collect_sources(std::slice::from_ref(&folder))
            .unwrap()
            .files
            .into_iter()
            .map(|source| source.path.to_string_lossy().into_owned())
            .collect();
        let expected = reference_order(&folder);
        assert!(!expected.is_empty());
        pretty_assertions::assert_eq!(expected, ours, "{}", folder.display());
    }
}
