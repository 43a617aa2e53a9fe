extension Store {
    /// After a trap: the function the guest was running, as its instance and its index in the module's function
    /// index space (imports first). Nil before any run.
    public var lastTrapSite: (instance: Instance, function: Int)? {
        guard let instance = exitInstance?.object, let instruction = exitInstruction else { return nil }
        let module = instance.module
        let offset = instruction - module.code.base
        guard offset >= 0, offset < module.code.count else { return nil }
        // The `native` instruction that ran a function natively.
        if offset >= module.codeEnd { return (instance, module.importedFunctionCount + offset - module.codeEnd) }
        return module.definedFunction(at: offset).map { (instance, module.importedFunctionCount + $0) }
    }
}
