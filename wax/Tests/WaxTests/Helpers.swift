import WAT
import Wax
import XCTest

/// Encodes a text module with WasmKit's assembler, for tests.
func wasm(_ text: String) throws -> [UInt8] {
    try wat2wasm(text)
}

/// The store owns its instances: callers keep `store` alive while they use the instance.
func instantiate(_ text: String, store: Store, imports: Imports = Imports()) throws -> Instance {
    try store.instantiate(Module(bytes: wasm(text)), imports: imports)
}

/// The trap an invocation ends with, or nil when it returns.
func trap(_ body: () throws -> [Value]) -> Trap? {
    do {
        _ = try body()
        return nil
    } catch {
        return error as? Trap
    }
}

/// The module error of decoding `bytes`, or nil when the module is accepted.
func moduleError(_ bytes: [UInt8]) -> ModuleError? {
    do {
        _ = try Module(bytes: bytes)
        return nil
    } catch {
        return error
    }
}
