extension Array where Element: Comparable {
    /// The index of `value` in this array, sorted ascending, or nil when it is not there (a binary search).
    func index(ofSorted value: Element) -> Int? {
        var low = 0, high = count
        while low < high {
            let middle = (low + high) / 2
            if self[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low < count && self[low] == value ? low : nil
    }
}
