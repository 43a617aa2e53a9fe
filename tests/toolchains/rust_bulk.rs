// wasi-args: 600 2
// wasi-output: large
// Rust in bulk: hundreds of files created in one directory and listed back (fd_readdir continued by cookie over
// many calls) and removed, then megabytes written alternately to stdout and stderr
// in uneven pieces, each stream a checksum's worth of bytes the other runtime must match.
use std::collections::hash_map::DefaultHasher;
use std::fs;
use std::hash::Hasher;
use std::io::Write;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let files: usize = args[1].parse().unwrap();
    let mebibytes: usize = args[2].parse().unwrap();

    fs::create_dir("/scratch/many").unwrap();
    for i in 0..files {
        fs::write(format!("/scratch/many/file-with-a-rather-long-name-{i:05}.txt"), i.to_string()).unwrap();
    }
    let mut names: Vec<String> = fs::read_dir("/scratch/many")
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    let mut hasher = DefaultHasher::new();
    for name in &names {
        hasher.write(name.as_bytes());
    }
    let (first, last) = (&names[0], &names[names.len() - 1]);
    println!("{} entries listed, first {first}, last {last}, hash {:x}", names.len(), hasher.finish());
    for name in &names {
        fs::remove_file(format!("/scratch/many/{name}")).unwrap();
    }
    println!("{} left after removing them", fs::read_dir("/scratch/many").unwrap().count());
    fs::remove_dir("/scratch/many").unwrap();

    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let (mut out, mut err) = (stdout.lock(), stderr.lock());
    let mut state: u32 = 0x1234_5678;
    let mut written = 0;
    let mut piece = 1;
    while written < mebibytes << 20 {
        let bytes: Vec<u8> = (0..piece)
            .map(|_| {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                (state >> 16) as u8
            })
            .collect();
        if piece % 2 == 0 { out.write_all(&bytes).unwrap() } else { err.write_all(&bytes).unwrap() }
        written += piece;
        piece = piece * 7 % 65_521 + 1;
    }
    out.flush().unwrap();
    writeln!(err, "\n{written} bytes in all").unwrap();
}
