// std::process::exit with a status: what was printed stays printed.
use std::io::Write;

fn main() {
    print!("before exit, ");
    println!("a whole line");
    eprint!("on stderr without a newline");
    std::io::stdout().flush().unwrap();
    std::process::exit(3);
}
