import BootInfo
import ELF
import LoaderShims

/// Everything that stops the loader, each with the message it prints before returning to the firmware.
enum LoaderError: Error {
    case bootVolume(status: UInt64)
    case fileMissing(path: StaticString, status: UInt64)
    case fileUnreadable(path: StaticString, status: UInt64)
    case fileTooLarge(path: StaticString, size: UInt64)
    case outOfMemory(purpose: StaticString, status: UInt64)
    case invalidKernel(ELFError)
    case noGraphics(status: UInt64)
    case noUsableGraphicsMode
    case graphicsModeRejected(mode: UInt32, status: UInt64)
    case memoryMap(status: UInt64)
    case bootInformation(BootInfoError)
    case exitBootServices(status: UInt64)

    var message: String {
        switch self {
        case .bootVolume(let status):
            return "cannot open the boot volume: \(statusName(status))"
        case .fileMissing(let path, let status):
            return "cannot open \(path): \(statusName(status))"
        case .fileUnreadable(let path, let status):
            return "cannot read \(path): \(statusName(status))"
        case .fileTooLarge(let path, let size):
            return "\(path) is too large (\(size) bytes)"
        case .outOfMemory(let purpose, let status):
            return "cannot allocate memory for \(purpose): \(statusName(status))"
        case .invalidKernel(let error):
            return "invalid kernel \(Paths.kernel): \(error.description)"
        case .noGraphics(let status):
            return "no graphics output (GOP): \(statusName(status))"
        case .noUsableGraphicsMode:
            return "no graphics mode with 32-bit RGBX or BGRX pixels"
        case .graphicsModeRejected(let mode, let status):
            return "cannot set graphics mode \(mode): \(statusName(status))"
        case .memoryMap(let status):
            return "cannot read the memory map: \(statusName(status))"
        case .bootInformation(let error):
            return "cannot write the boot information: \(error)"
        case .exitBootServices(let status):
            return "ExitBootServices failed: \(statusName(status))"
        }
    }

    /// The status returned to the firmware.
    var status: UInt64 {
        switch self {
        case .bootVolume(let s), .fileMissing(_, let s), .fileUnreadable(_, let s), .outOfMemory(_, let s),
             .noGraphics(let s), .graphicsModeRejected(_, let s), .memoryMap(let s), .exitBootServices(let s):
            return s
        case .invalidKernel, .fileTooLarge: return EFIStatus.loadError
        case .noUsableGraphicsMode: return EFIStatus.unsupported
        case .bootInformation: return EFIStatus.bufferTooSmall
        }
    }
}

enum EFIStatus {
    static let loadError = WALOS_EFI_ERROR_BIT | 1
    static let unsupported = WALOS_EFI_ERROR_BIT | 3
    static let bufferTooSmall = WALOS_EFI_BUFFER_TOO_SMALL
    static let invalidParameter = WALOS_EFI_INVALID_PARAMETER
    static let notFound = WALOS_EFI_ERROR_BIT | 14

    static func failed(_ status: UInt64) -> Bool { status & WALOS_EFI_ERROR_BIT != 0 }
}

/// The UEFI name of an error status, as the specification spells it.
func statusName(_ status: UInt64) -> String {
    let names: [StaticString] = [
        "EFI_SUCCESS", "EFI_LOAD_ERROR", "EFI_INVALID_PARAMETER", "EFI_UNSUPPORTED", "EFI_BAD_BUFFER_SIZE",
        "EFI_BUFFER_TOO_SMALL", "EFI_NOT_READY", "EFI_DEVICE_ERROR", "EFI_WRITE_PROTECTED", "EFI_OUT_OF_RESOURCES",
        "EFI_VOLUME_CORRUPTED", "EFI_VOLUME_FULL", "EFI_NO_MEDIA", "EFI_MEDIA_CHANGED", "EFI_NOT_FOUND",
        "EFI_ACCESS_DENIED",
    ]
    let code = status & ~WALOS_EFI_ERROR_BIT
    if (status == 0 || EFIStatus.failed(status)) && code < UInt64(names.count) {
        return "\(names[Int(code)])"
    }
    return "status 0x\(String(status, radix: 16))"
}
