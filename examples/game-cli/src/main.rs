//! `game`: flags, the SQL log on stderr, and the commands of the library.

use clap::{Parser, Subcommand, ValueEnum};
use game_cli::commands::{self, Failure};
use game_cli::models::Db;
use game_cli::pages::{self, PageRequest, PlayerRow, Via};
use std::process::ExitCode;

/// A small game's players and inventories, on the models modelgen generates for the gamedb
/// sample. Every statement sent is logged on stderr (`sql: ...`) unless --quiet.
#[derive(Parser)]
#[command(name = "game")]
struct Cli {
    /// The database: mysql://user:password@host:port/database
    #[arg(long, env = "GAME_DATABASE_URL", hide_env_values = true)]
    url: String,
    /// Do not log the statements sent.
    #[arg(long, short, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create the sample's tables in the (empty) database.
    Setup,
    /// Add blueprints, and players with settings and items.
    Seed {
        #[arg(long, default_value_t = 20)]
        players: u32,
        /// Items per player.
        #[arg(long, default_value_t = 3)]
        items: u32,
    },
    /// A page of players, by name, with their theme and inventory.
    Players {
        /// Which page, from 1.
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..))]
        page: u64,
        /// Players a page.
        #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..))]
        per_page: u64,
        /// Only players whose name starts so.
        #[arg(long, default_value = "")]
        name_prefix: String,
        /// How the page is read (the README compares them).
        #[arg(long, value_enum, default_value_t = Way::Load)]
        via: Way,
    },
    /// Give a player a new item of a blueprint.
    Give {
        player: String,
        blueprint: String,
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(i32).range(1..))]
        quantity: i32,
    },
    /// Take some of a player's items of a blueprint (the entry goes at 0).
    Take {
        player: String,
        blueprint: String,
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(i32).range(1..))]
        quantity: i32,
    },
    /// Rename a player.
    Rename { player: String, new_name: String },
    /// Set a player's theme.
    Theme { player: String, theme: String },
    /// Insert players from a JSON list (`-`: stdin), all or none; prints them as saved.
    Import { file: String },
    /// Remove a player's entries of a blueprint.
    Forget { player: String, blueprint: String },
}

#[derive(Clone, Copy, ValueEnum)]
enum Way {
    /// Models, query() and load_*.
    Load,
    /// Models and getters (N+1).
    Getters,
    /// One JOIN in raw SQL.
    Raw,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    SqlLog::install(cli.quiet);
    match run(cli) {
        Ok(text) => {
            println!("{text}");
            ExitCode::SUCCESS
        }
        Err(failure) => {
            eprintln!("game: {failure}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<String, Failure> {
    let mut db = Db::connect(&cli.url)?;
    let db = &mut db;
    match cli.command {
        Command::Setup => commands::setup(db),
        Command::Seed { players, items } => commands::seed(db, players, items),
        Command::Players {
            page,
            per_page,
            name_prefix,
            via,
        } => {
            let request = PageRequest {
                page,
                per_page,
                name_prefix,
            };
            players(db, via, &request)
        }
        Command::Give {
            player,
            blueprint,
            quantity,
        } => commands::give(db, &player, &blueprint, quantity),
        Command::Take {
            player,
            blueprint,
            quantity,
        } => commands::take(db, &player, &blueprint, quantity),
        Command::Rename { player, new_name } => commands::rename(db, &player, &new_name),
        Command::Theme { player, theme } => commands::theme(db, &player, &theme),
        Command::Import { file } => commands::import(db, &read_input(&file)?),
        Command::Forget { player, blueprint } => commands::forget(db, &player, &blueprint),
    }
}

/// The page as lines of text, and on stderr how many statements it took.
fn players(db: &mut Db, way: Way, request: &PageRequest) -> Result<String, Failure> {
    let via = match way {
        Way::Load => Via::Load,
        Way::Getters => Via::Getters,
        Way::Raw => Via::Raw,
    };
    let (rows, sent) = pages::count_statements(db, |db| pages::players_page(db, via, request))?;
    let plural = if sent == 1 { "" } else { "s" };
    eprintln!("{} players in {sent} statement{plural}", rows.len());
    Ok(rows.iter().map(line).collect::<Vec<_>>().join("\n"))
}

/// `player01 [dark]: 2 shield (99), 3 potion (98)`
fn line(row: &PlayerRow) -> String {
    let theme = row.theme.as_deref().unwrap_or("-");
    let items: Vec<String> = row
        .items
        .iter()
        .map(|i| format!("{} {} ({})", i.quantity, i.blueprint, i.durability))
        .collect();
    format!("{} [{theme}]: {}", row.name, items.join(", "))
}

fn read_input(file: &str) -> Result<String, Failure> {
    let text = if file == "-" {
        std::io::read_to_string(std::io::stdin())
    } else {
        std::fs::read_to_string(file)
    };
    text.map_err(|e| Failure::BadImport(format!("{file}: {e}")))
}

/// Prints the statements the models send (the runtime's `log::debug!`, target `modelgen`) and
/// the page's raw SQL (target `game`) on stderr, and every warning.
struct SqlLog;

impl SqlLog {
    fn install(quiet: bool) {
        static LOG: SqlLog = SqlLog;
        if log::set_logger(&LOG).is_ok() {
            let level = if quiet {
                log::LevelFilter::Warn
            } else {
                log::LevelFilter::Debug
            };
            log::set_max_level(level);
        }
    }
}

impl log::Log for SqlLog {
    fn enabled(&self, metadata: &log::Metadata) -> bool {
        metadata.level() <= log::Level::Warn || matches!(metadata.target(), "modelgen" | "game")
    }

    fn log(&self, record: &log::Record) {
        if !self.enabled(record.metadata()) {
            return;
        }
        match record.level() {
            log::Level::Debug => eprintln!("sql: {}", record.args()),
            level => eprintln!("{}: {}", level.as_str().to_lowercase(), record.args()),
        }
    }

    fn flush(&self) {}
}
