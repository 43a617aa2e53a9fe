// wasi-stream: one "two words" three four
// Each line of standard input answered at once (Rust's stdout is line-buffered), while the pipe stays open.
use std::io::{self, BufRead};

fn main() {
    println!("ready");
    for line in io::stdin().lock().lines() {
        let line = line.unwrap();
        println!("{} <- {}", line.to_uppercase(), line);
    }
    println!("end of input");
}
