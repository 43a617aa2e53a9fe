/// What the native tier made of a module, for the figures of `wax compile`.
public struct NativeCompilation {
    public let compiledFunctions: Int
    public let interpretedFunctions: Int
    /// The generated code's size, stubs included.
    public let codeBytes: Int
}

extension Module {
    /// Compiles the module's native code now, as the first run of an instance on the native engine would; nil when
    /// the compiler cannot run here (no executable memory).
    public func compileNative() -> NativeCompilation? {
        nativeCode().map {
            NativeCompilation(compiledFunctions: $0.compiledCount, interpretedFunctions: $0.interpretedCount,
                              codeBytes: $0.codeBytes)
        }
    }

    /// The module's native code, compiled on first use.
    func nativeCode() -> NativeCode? {
        if native == nil { native = NativeCode.compile(self) }
        return native
    }
}
