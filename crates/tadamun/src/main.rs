//! The `tadamun` command: a thin entry point that parses arguments and hands over.

mod cli;
mod commands;
mod config;
mod demo;
mod demo_partners;
mod demo_payments;
mod demo_planning;
mod demo_plans;
mod demo_training;
mod payment_commands;

use clap::Parser;

/// glibc's allocator spent a quarter of an import's time in its own bookkeeping.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = cli::Cli::parse();
    config::init_tracing(&cli);
    match commands::run(cli).await {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
