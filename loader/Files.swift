import LoaderShims

enum Paths {
    static let kernel: StaticString = "\\walos\\kernel.elf"
    static let rootArchive: StaticString = "\\walos\\root.tar"
    static let commandLine: StaticString = "\\walos\\cmdline.txt"
}

/// A whole file in page-granular memory of the UEFI memory type it was read into.
struct LoadedFile {
    let address: UInt64
    let size: UInt64
    let pages: UInt64

    var bytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: UnsafeRawPointer(bitPattern: UInt(address)), count: Int(size))
    }

    func release() { _ = walos_free_pages(address, pages) }
}

let pageSize: UInt64 = 4096
/// Everything the loader allocates stays below 4 GiB, where the firmware's identity map certainly reaches.
let highestAddress: UInt64 = 0xFFFF_FFFF

func pages(for size: UInt64) -> UInt64 { (size + pageSize - 1) / pageSize }

/// Reads the file at `path` into pages of `memoryType`.
func readFile(_ path: StaticString, memoryType: UInt32, limit: UInt64) throws(LoaderError) -> LoadedFile {
    var handle: UnsafeMutableRawPointer? = nil
    let status = path.withUTF8Buffer {
        walos_file_open(UnsafeRawPointer($0.baseAddress)?.assumingMemoryBound(to: CChar.self), &handle)
    }
    guard !EFIStatus.failed(status) else { throw .fileMissing(path: path, status: status) }
    defer { walos_file_close(handle) }
    var size: UInt64 = 0
    let infoStatus = walos_file_size(handle, &size)
    guard !EFIStatus.failed(infoStatus) else { throw .fileUnreadable(path: path, status: infoStatus) }
    guard size <= limit else { throw .fileTooLarge(path: path, size: size) }
    let count = max(pages(for: size), 1)
    var address = highestAddress
    let allocation = walos_allocate_pages(WALOS_ALLOCATE_MAX_ADDRESS, memoryType, count, &address)
    guard !EFIStatus.failed(allocation) else { throw .outOfMemory(purpose: path, status: allocation) }
    let file = LoadedFile(address: address, size: size, pages: count)
    var read = size
    let readStatus = walos_file_read(handle, UnsafeMutableRawPointer(bitPattern: UInt(address)), &read)
    guard !EFIStatus.failed(readStatus), read == size else {
        file.release()
        throw .fileUnreadable(path: path, status: EFIStatus.failed(readStatus) ? readStatus : EFIStatus.loadError)
    }
    return file
}

/// Like `readFile`, but a file that does not exist is nil rather than an error.
func readFileIfPresent(_ path: StaticString, memoryType: UInt32, limit: UInt64) throws(LoaderError) -> LoadedFile? {
    do {
        return try readFile(path, memoryType: memoryType, limit: limit)
    } catch .fileMissing(_, let status) where status == EFIStatus.notFound {
        return nil
    }
}
