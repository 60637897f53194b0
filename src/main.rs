fn main() -> std::process::ExitCode {
    mlpath::cli::run()
}
