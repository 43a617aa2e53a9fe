/// Where each defined function's translated code lies. The functions are translated one after the other, so
/// their entries ascend and each one's code ends where the next one's starts.
extension Module {
    /// The defined function whose translated code holds code position `position`, or nil before the first.
    func definedFunction(at position: Int) -> Int? {
        // The last function whose entry is at or before `position`.
        var low = 0, high = bodies.count
        while low < high {
            let middle = (low + high) / 2
            if Int(bodies.base[middle].entry) <= position { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? nil : low - 1
    }

    /// The end of defined function `index`'s translated code: the next one's entry, or the end of the code.
    func codeEnd(ofDefinedFunction index: Int) -> Int {
        index + 1 < bodies.count ? Int(bodies.base[index + 1].entry) : codeEnd
    }
}
