import LoaderShims

/// Prints a line on the UEFI console (which OVMF also copies to the serial port).
func say(_ text: String) {
    var line = text
    line.append("\n")
    line.withUTF8 { walos_print(UnsafeRawPointer($0.baseAddress)?.assumingMemoryBound(to: CChar.self), $0.count) }
}

func hex(_ value: UInt64) -> String { "0x" + String(value, radix: 16) }
