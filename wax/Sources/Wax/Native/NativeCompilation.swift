/// What the native tier made of a module, for the figures of `wax compile`.
public struct NativeCompilation {
    public let compiledFunctions: Int
    public let interpretedFunctions: Int
    /// The generated code's size, stubs included.
    public let codeBytes: Int
}

extension Module {
    /// What `compileNative` made; nil before it ran, or when it gave no native code.
    public var nativeCompilation: NativeCompilation? {
        native.map {
            NativeCompilation(compiledFunctions: $0.compiledCount, interpretedFunctions: $0.interpretedCount,
                              codeBytes: $0.codeBytes)
        }
    }
}
