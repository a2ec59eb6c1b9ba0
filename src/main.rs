fn main() {
    std::process::exit(gongshi::cli::main());
}
