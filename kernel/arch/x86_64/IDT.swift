import CPU

/// The interrupt descriptor table: every vector enters through its stub in interrupts.S.
enum IDT {
    static func install() {
        let idt = storage_idt()!
        for vector in 0..<256 {
            let stack: GDT.Stack? = switch vector {
            case 2: .nmi
            case 8: .doubleFault
            case 14: .pageFault
            case 18: .machineCheck
            default: nil
            }
            let handler = layout_interrupt_stub(Int32(vector))
            let low = (handler & 0xFFFF) | UInt64(GDT.kernelCode) << 16 | UInt64(stack?.rawValue ?? 0) << 32
                | 0x8E << 40 | (handler >> 16 & 0xFFFF) << 48
            idt.storeBytes(of: low, toByteOffset: vector * 16, as: UInt64.self)
            idt.storeBytes(of: handler >> 32, toByteOffset: vector * 16 + 8, as: UInt64.self)
        }
        load()
    }

    /// Loads the table on this processor (every processor shares it).
    static func load() {
        let idt = storage_idt()!
        var packed: (UInt64, UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &packed) { out in
            out.storeBytes(of: UInt16(256 * 16 - 1), toByteOffset: 0, as: UInt16.self)
            out.storeBytes(of: UInt64(UInt(bitPattern: idt)), toByteOffset: 2, as: UInt64.self)
            cpu_lidt(out.baseAddress)
        }
    }
}
