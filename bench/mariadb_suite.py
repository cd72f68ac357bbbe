#!/usr/bin/env python3
"""MariaDB's own DDL tests as a differential check of modelgen's catalog.

  bench/mariadb_suite.py [--suite DIR] [--only NAME] [--keep DIR] [--list]

Reads the mysqltest files of MariaDB's test suite (DIR, default /usr/share/mysql/mysql-test/main,
from Debian's `mariadb-test` package: `apt-get install mariadb-test`), keeps their schema
statements (CREATE/ALTER/DROP TABLE, CREATE/DROP INDEX, RENAME TABLE, SET foreign_key_checks)
and cuts them into scripts: a script ends where the test drops its last table, and holds what
came before that DROP, so its catalog is the one the test built. Statements the test expects to
fail (`--error`), and those using mysqltest variables, are left out; so are scripts the server
itself refuses. Each script then runs on MariaDB (MYSQL_URL, through shared/tools/mariadb-catalog)
and through `modelgen inspect --format json`, and the two catalogs are compared.

Prints one line per script that differs, and the count: `agree: N of M scripts`. The server's
catalogs are cached (by the script's text) under target/mariadb-suite/, so reruns are quick.
--keep DIR writes every script (and, for those that differ, the differences) there.
Nothing of MariaDB's is in this repository: the suite is read where the package installs it.
"""
import argparse, hashlib, importlib.machinery, importlib.util, json, os, re, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
TOOL = os.path.join(REPO, "..", "shared", "tools", "mariadb-catalog")

# Tests whose subject is DDL: tables, columns, types, defaults, keys.
TESTS = re.compile(
    r"^(create|create_or_replace|create_drop_index|alter_table|alter_table_errors|key|keywords|"
    r"type_[a-z0-9_]+|default|default_innodb|null_key|foreign_key|fulltext|index_merge_myisam|"
    r"ctype_(latin1|utf8|utf8mb4|binary|collate)|column_compression[a-z_]*|rename|drop|"
    r"constraints|check_constraint|auto_increment|long_unique|invisible_field|mdev[_-]?\d+|"
    r"table_options|table_value_constr|temp_table|change_user|cast|func_default|strict|"
    r"show_check|information_schema|sql_mode|varbinary|bigint|mysqldump)\.test$"
)

DDL = re.compile(
    r"^\s*(create\s+(or\s+replace\s+)?(table|(unique\s+|fulltext\s+|spatial\s+)?index)\b|"
    r"alter\s+(online\s+|ignore\s+)*table\b|drop\s+(table|tables|index)\b|rename\s+tables?\b|"
    r"set\s+(session\s+|@@session\.|@@)?foreign_key_checks\b)",
    re.I,
)

# mysqltest's own commands (when written without `--`), which end at the delimiter.
MYSQLTEST = set(
    """error echo let eval source if while connect connection disconnect sleep real_sleep send
    reap query_vertical query_horizontal perl exec remove_file write_file append_file cat_file
    horizontal_results vertical_results sorted_result skip die exit end inc dec replace_result
    replace_column replace_regex replace_numeric_round change_user character_set result_format
    disable_warnings enable_warnings disable_query_log enable_query_log disable_result_log
    enable_result_log disable_abort_on_error enable_abort_on_error disable_ps_protocol
    enable_ps_protocol disable_metadata enable_metadata disable_info enable_info
    disable_reconnect enable_reconnect disable_connect_log enable_connect_log send_eval
    disable_service_connection enable_service_connection partially_sorted_result lowercase_result
    file_exists list_files list_files_write_file list_files_append_file copy_file move_file
    mkdir rmdir force_rmdir shutdown_server send_quit wait_for_slave_to_stop sync_slave_with_master
    save_master_pos sync_with_master query_get_value output require system chmod diff_files
    ping start_timer end_timer vertical_results disable_view_protocol enable_view_protocol
    disable_cursor_protocol enable_cursor_protocol single_query""".split()
)


def load_tool():
    loader = importlib.machinery.SourceFileLoader("mariadb_catalog", TOOL)
    spec = importlib.util.spec_from_loader("mariadb_catalog", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def commands(text):
    """The commands of a mysqltest file: (kind, text), kind 'sql', 'error', 'skip' or 'other'."""
    delimiter = ";"
    pending = []
    depth = 0  # inside if/while blocks, which we skip whole
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        stripped = line.strip()
        if not pending:
            if not stripped or stripped.startswith("#"):
                continue
            if stripped.startswith("--"):
                word = stripped[2:].split(None, 1)[0].lower() if stripped[2:].strip() else ""
                rest = stripped[2:].strip()[len(word):].strip()
                if word == "delimiter":
                    delimiter = rest.split()[0] if rest else ";"
                elif word == "error":
                    yield ("error", rest)
                elif word in ("if", "while"):
                    yield ("skip", stripped)
                continue
            word = re.split(r"[\s(;]", stripped, 1)[0].lower()
            if word in ("if", "while") or (word == "}" and depth):
                # Skip a block: count braces to its end.
                block = stripped.count("{") - stripped.count("}")
                while block > 0 and i < len(lines):
                    block += lines[i].count("{") - lines[i].count("}")
                    i += 1
                yield ("skip", stripped)
                continue
            if word == "delimiter":
                delimiter = stripped.split()[1] if len(stripped.split()) > 1 else ";"
                # `delimiter |;` ends with the old delimiter.
                for d in (";", "|", "//", "$$"):
                    if delimiter.endswith(d) and len(delimiter) > len(d):
                        delimiter = delimiter[: -len(d)]
                continue
        pending.append(line)
        joined = "\n".join(pending)
        if joined.rstrip().endswith(delimiter):
            statement = joined.rstrip()[: -len(delimiter)].strip()
            pending = []
            word = re.split(r"[\s(;]", statement, 1)[0].lower() if statement else ""
            if word == "error":
                yield ("error", statement[5:].strip())
            elif word in MYSQLTEST:
                yield ("other", statement)
            else:
                yield ("sql", statement)


def tables_named(statement):
    """(created, dropped, renamed pairs) by a statement, roughly: enough to see when a test
    has dropped all its tables."""
    s = re.sub(r"/\*.*?\*/", " ", statement, flags=re.S)
    name = r"(`[^`]+`|[\w$]+)(\s*\.\s*(`[^`]+`|[\w$]+))?"
    created, dropped, renamed = [], [], []
    m = re.match(r"\s*create\s+(or\s+replace\s+)?(temporary\s+)?table\s+(if\s+not\s+exists\s+)?" + name, s, re.I)
    if m and not m.group(2):
        created.append(norm(m.group(4), m.group(6)))
    m = re.match(r"\s*drop\s+(temporary\s+)?tables?\s+(if\s+exists\s+)?(.*)$", s, re.I | re.S)
    if m and not m.group(1):
        for part in re.split(r",", re.sub(r"\b(restrict|cascade)\b", "", m.group(3), flags=re.I)):
            part = part.strip()
            if part:
                pieces = [p.strip() for p in part.split(".")]
                dropped.append(norm(pieces[0], pieces[1] if len(pieces) > 1 else None))
    m = re.match(r"\s*rename\s+tables?\s+(.*)$", s, re.I | re.S)
    if m:
        for pair in m.group(1).split(","):
            bits = re.split(r"\s+to\s+", pair.strip(), flags=re.I)
            if len(bits) == 2:
                renamed.append((norm(bits[0], None), norm(bits[1], None)))
    m = re.match(r"\s*alter\s+(online\s+|ignore\s+)*table\s+" + name + r".*\brename\s+(to\s+|as\s+)?" + name + r"\s*$", s, re.I | re.S)
    if m:
        renamed.append((norm(m.group(2), m.group(4)), norm(m.group(6), m.group(8))))
    return created, dropped, renamed


def norm(first, second):
    name = (second or first or "").strip().strip("`").lower()
    return name


def scripts(path):
    """The scripts cut from one test file: lists of statements."""
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        text = f.read()
    current, tables, expect_error = [], set(), False
    for kind, statement in commands(text):
        if kind == "error":
            expect_error = True
            continue
        if kind != "sql":
            continue
        failing, expect_error = expect_error, False
        if failing or "$" in statement or not DDL.match(statement):
            continue
        created, dropped, renamed = tables_named(statement)
        if dropped and tables and set(tables) <= set(dropped):
            if current:
                yield current
            current, tables = [], set()
            continue
        current.append(statement)
        tables |= set(created)
        tables -= set(dropped)
        for old, new in renamed:
            tables.discard(old)
            tables.add(new)
    if current and tables:
        yield current


def server_catalog(tool, script_path, cache_dir):
    with open(script_path, "rb") as f:
        key = hashlib.sha256(f.read()).hexdigest()[:24]
    cached = os.path.join(cache_dir, key + ".json")
    if os.path.exists(cached):
        with open(cached, encoding="utf-8") as f:
            return json.load(f)
    try:
        result = {"catalog": tool.catalog([script_path])}
    except RuntimeError as e:
        result = {"refused": str(e)}
    with open(cached, "w", encoding="utf-8") as f:
        json.dump(result, f)
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--suite", default="/usr/share/mysql/mysql-test/main")
    parser.add_argument("--only", help="only test files whose name contains this")
    parser.add_argument("--keep", help="write the scripts (and differences) here")
    parser.add_argument("--list", action="store_true", help="list the scripts, run nothing")
    parser.add_argument("--modelgen", default=os.path.join(REPO, "target", "release", "modelgen"))
    args = parser.parse_args()
    if not os.path.isdir(args.suite):
        print(f"no MariaDB test suite at {args.suite}: apt-get install mariadb-test", file=sys.stderr)
        return 2
    if not args.list and not os.path.exists(args.modelgen):
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    tool = load_tool()
    work = args.keep or os.path.join(REPO, "target", "mariadb-suite", "scripts")
    cache = os.path.join(REPO, "target", "mariadb-suite", "server")
    os.makedirs(work, exist_ok=True)
    os.makedirs(cache, exist_ok=True)
    names = sorted(n for n in os.listdir(args.suite) if TESTS.match(n) and (not args.only or args.only in n))
    agree, differ, refused, total = 0, 0, 0, 0
    for name in names:
        for number, statements in enumerate(scripts(os.path.join(args.suite, name)), 1):
            script = os.path.join(work, f"{name[:-5]}-{number:03}.sql")
            with open(script, "w", encoding="utf-8", errors="surrogateescape") as f:
                f.write("".join(s + ";\n" for s in statements))
            if args.list:
                print(script)
                continue
            server = server_catalog(tool, script, cache)
            if "refused" in server:
                refused += 1
                continue
            total += 1
            run = subprocess.run([args.modelgen, "inspect", "--format", "json", script], capture_output=True)
            if run.returncode != 0:
                problems = ["modelgen refuses: " + " | ".join(run.stderr.decode("utf-8", "replace").strip().splitlines())[:400]]
            else:
                problems = tool.compare(server["catalog"], json.loads(run.stdout))
            if problems:
                differ += 1
                print(f"{os.path.basename(script)}: {problems[0][:300]}" + (f" (+{len(problems) - 1} more)" if len(problems) > 1 else ""))
                with open(script + ".diff", "w", encoding="utf-8") as f:
                    f.write("\n".join(problems) + "\n")
            else:
                agree += 1
    if not args.list:
        print(f"agree: {agree} of {total} scripts ({differ} differ; {refused} more refused by the server itself)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
