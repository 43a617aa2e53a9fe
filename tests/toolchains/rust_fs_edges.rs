// wasi-stdin: one line\n
// Rust's std::fs at its edges: seeking, truncating and writing past the end, copies, hard and symbolic links,
// metadata, the errors of removing or listing the wrong kind of thing, what WASI cannot do (canonicalize), the
// current directory, a relative path, and stdin read to its end twice. (No access times: the host's own
// filesystem updates those under wasmtime as its mount options say.)
use std::fs;
use std::io::{Read, Seek, SeekFrom, Write};
use std::time::{Duration, Instant, UNIX_EPOCH};

fn main() {
    let mut file = fs::OpenOptions::new().read(true).write(true).create(true).open("/scratch/f").unwrap();
    file.write_all(b"0123456789").unwrap();
    println!("seek back: {:?}", file.seek(SeekFrom::Current(-3)));
    let mut buffer = [0u8; 8];
    println!("read: {:?} {:?}", file.read(&mut buffer), buffer);
    println!("set_len: {:?} {:?}", file.set_len(4), file.metadata().map(|m| m.len()));
    file.seek(SeekFrom::Start(20)).unwrap();
    println!("write past the end: {:?} {:?}", file.write(b"XY"), file.metadata().map(|m| m.len()));
    let mut contents = Vec::new();
    file.seek(SeekFrom::Start(0)).unwrap();
    file.read_to_end(&mut contents).unwrap();
    println!("contents: {:?}", contents);
    println!("sync_all: {:?}", file.sync_all());

    println!("canonicalize: {:?}", fs::canonicalize("/sandbox/sub").map_err(|e| e.kind()));
    println!("current_dir: {:?}", std::env::current_dir().map_err(|e| e.kind()));
    println!("relative: {:?}", fs::read_to_string("sandbox/hello.txt").map_err(|e| e.kind()));
    println!("copy: {:?}", fs::copy("/sandbox/hello.txt", "/scratch/c"));
    println!("hard_link: {:?}", fs::hard_link("/scratch/c", "/scratch/h"));
    #[allow(deprecated)]
    let soft = fs::soft_link("c", "/scratch/s");
    println!("soft_link: {:?}", soft);
    let link = fs::symlink_metadata("/scratch/s").map(|m| (m.file_type().is_symlink(), m.len()));
    println!("symlink_metadata: {:?}", link);
    println!("through it: {:?}", fs::read_to_string("/scratch/s"));
    println!("directory metadata: {:?}", fs::metadata("/sandbox/sub").map(|m| (m.is_dir(), m.is_file())));
    let modified = fs::metadata("/sandbox/hello.txt").unwrap().modified().unwrap();
    println!("modified: {:?}", modified.duration_since(UNIX_EPOCH));
    println!("readonly: {:?}", fs::metadata("/sandbox/hello.txt").map(|m| m.permissions().readonly()));
    println!("remove_dir of a file: {:?}", fs::remove_dir("/scratch/c").map_err(|e| e.to_string()));
    println!("remove_file of a directory: {:?}", fs::remove_file("/sandbox/sub").map_err(|e| e.to_string()));
    println!("read_dir of a file: {:?}", fs::read_dir("/sandbox/hello.txt").map(|_| ()).map_err(|e| e.to_string()));
    let created = fs::File::create("/scratch/no/x").map(|_| ()).map_err(|e| e.kind());
    println!("create in a missing directory: {:?}", created);
    println!("rename over a link: {:?}", fs::rename("/scratch/c", "/scratch/s"));
    println!("create_dir_all of what exists: {:?}", fs::create_dir_all("/sandbox/sub/deeper"));
    println!("remove_dir_all: {:?}", fs::remove_dir_all("/sandbox/sub"));
    let mut names: Vec<_> = fs::read_dir("/sandbox").unwrap().map(|e| e.unwrap().file_name()).collect();
    names.sort();
    println!("sandbox: {:?}", names);

    let mut line = String::new();
    println!("read_line: {:?} {:?}", std::io::stdin().read_line(&mut line), line);
    println!("at the end: {:?} {:?}", std::io::stdin().read_line(&mut line), std::io::stdin().read_line(&mut line));
    let started = Instant::now();
    std::thread::sleep(Duration::from_millis(50));
    println!("slept at least 50 ms: {}", started.elapsed() >= Duration::from_millis(50));
}
