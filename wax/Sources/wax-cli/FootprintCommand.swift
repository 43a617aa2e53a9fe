import Foundation
import Wax

/// `wax footprint FILE.wasm...`: what decoding each module costs in memory, for the figures in wax/README.md.
/// Per module: its size, `Module.footprint` (what the decoded module holds, what the kernel charges) and the most
/// the resident size grew while decoding it (the structures held and the parser's passing ones), each also per
/// input byte; then what an instance charges to its store, when the module instantiates without imports.
enum FootprintCommand {
    static func main(_ arguments: [String]) -> Int32 {
        guard !arguments.isEmpty else { fail(usage) }
        print("module               bytes   footprint  /byte   decoding peak  /byte   instance")
        for path in arguments {
            let bytes = readBytes(path)
            let before = peakResident()
            let module: Module
            do {
                module = try Module(bytes: bytes)
            } catch {
                print("\(path): \(error.description)")
                continue
            }
            let peak = peakResident() - before
            let store = Store()
            let instance = (try? store.instantiate(module)).map { _ in "\(store.chargedBytes)" } ?? "-"
            let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            func ratio(_ value: Int) -> String { String(format: "%7.1f", Double(value) / Double(max(bytes.count, 1))) }
            print(name.padding(toLength: 14, withPad: " ", startingAt: 0)
                  + String(format: "%12d %11d", bytes.count, module.footprint) + ratio(module.footprint)
                  + String(format: " %15d", peak) + " " + ratio(peak) + String(format: " %10@", instance))
        }
        return 0
    }

    /// The process's peak resident size in bytes so far.
    static func peakResident() -> Int {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return usage.ru_maxrss * 1024
    }
}
