// Rust's std::fs on WASI: directories created and opened (which needs rights a preopen's inheriting rights may
// not list), files created inside them, listings, metadata, renames, removals and the errors they give.
use std::fs;
use std::io::{ErrorKind, Read, Write};

fn listing(path: &str) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(path)
        .unwrap()
        .map(|entry| {
            let entry = entry.unwrap();
            let kind = entry.file_type().unwrap();
            let tag = if kind.is_dir() { "/" } else if kind.is_symlink() { "@" } else { "" };
            format!("{}{}", entry.file_name().to_string_lossy(), tag)
        })
        .collect();
    names.sort();
    names
}

fn main() {
    fs::create_dir("/scratch/made").unwrap();
    let mut file = fs::File::create("/scratch/made/notes.txt").unwrap();
    for line in 0..100 {
        writeln!(file, "line {line}").unwrap();
    }
    drop(file);
    fs::create_dir_all("/scratch/made/a/b/c").unwrap();
    fs::write("/scratch/made/a/b/c/deep.txt", b"deep").unwrap();
    println!("scratch/made: {:?}", listing("/scratch/made"));

    let mut text = String::new();
    fs::File::open("/scratch/made/notes.txt").unwrap().read_to_string(&mut text).unwrap();
    let meta = fs::metadata("/scratch/made/notes.txt").unwrap();
    println!("notes: {} lines, {} bytes, last {:?}", text.lines().count(), meta.len(), text.lines().last());

    let mut appended = fs::OpenOptions::new().append(true).open("/scratch/made/notes.txt").unwrap();
    appended.write_all(b"appended\n").unwrap();
    drop(appended);
    println!("after append: {} bytes", fs::metadata("/scratch/made/notes.txt").unwrap().len());

    fs::rename("/scratch/made/notes.txt", "/scratch/made/a/renamed.txt").unwrap();
    println!("after rename: {:?} {:?}", listing("/scratch/made"), listing("/scratch/made/a"));
    println!("create_dir again: {:?}", fs::create_dir("/scratch/made").map_err(|e| e.kind()));
    println!("remove_dir of a full one: {}", fs::remove_dir("/scratch/made/a").is_err());
    fs::remove_dir_all("/scratch/made/a").unwrap();
    fs::remove_file("/scratch/made/nothing").map_err(|e| println!("remove missing: {:?}", e.kind())).ok();
    println!("after remove_dir_all: {:?}", listing("/scratch/made"));

    println!("sandbox: {:?}", listing("/sandbox"));
    println!("sandbox/sub: {:?}", listing("/sandbox/sub"));
    println!("hello: {:?}", fs::read_to_string("/sandbox/hello.txt").unwrap());
    println!("through a link: {:?}", fs::read_to_string("/sandbox/link_to_sub/inner.txt").unwrap());
    let missing = fs::read_to_string("/sandbox/missing.txt").unwrap_err();
    println!("missing: {:?} {}", missing.kind(), missing.kind() == ErrorKind::NotFound);
    println!("outside: {}", fs::read_to_string("/etc/passwd").is_err());
    println!("canonical-ish: {:?}", fs::read_link("/sandbox/link_to_hello").unwrap());
}
