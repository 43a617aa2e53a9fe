// wasi-args: 7
// A Rust panic: the message on stderr, then the abort (a trap: status 134 under wasmtime).
fn main() {
    let count: usize = std::env::args().nth(1).unwrap().parse().unwrap();
    let values: Vec<usize> = (0..count).collect();
    println!("summing {count} values");
    let index = values.iter().sum::<usize>();
    println!("index {index}");
    println!("{}", values[index]);
}
