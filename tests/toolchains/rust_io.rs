// wasi-args: first "two words" --flag=3
// wasi-env: LANG=C.UTF-8 GREETING=hello EMPTY=
// wasi-stdin: alpha beta\ngamma\n\ndelta epsilon zeta\nno newline at the end
// Rust's std: arguments, the environment and standard input read line by line, stderr separate from stdout.
use std::io::{self, BufRead, Write};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    println!("{} args: {:?}", args.len(), args);
    let mut vars: Vec<(String, String)> = std::env::vars().collect();
    vars.sort();
    println!("env: {:?}", vars);
    println!("GREETING={:?} MISSING={:?}", std::env::var("GREETING"), std::env::var("MISSING").is_err());
    let mut words = 0;
    for (number, line) in io::stdin().lock().lines().enumerate() {
        let line = line.unwrap();
        words += line.split_whitespace().count();
        println!("{number}: {:?}", line.chars().rev().collect::<String>());
    }
    eprintln!("{words} words");
    io::stderr().flush().unwrap();
}
