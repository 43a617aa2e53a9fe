/// Where linear memories get their bytes. An embedder with its own memory manager (the kernel) gives every guest
/// memory pages of its own, reserved up to the memory's maximum so it can grow in place; a refusal is not a
/// crash: instantiation fails, or `memory.grow` returns -1.
public struct MemoryAllocator {
    /// `byteCount` zeroed bytes, 16-byte aligned, at a base that may later grow in place up to `capacity`
    /// bytes; nil when there is no room.
    public var allocate: (_ byteCount: Int, _ capacity: Int) -> UnsafeMutableRawPointer?
    /// Grows the block at `base` in place from `byteCount` to `newByteCount` bytes (the new bytes zeroed);
    /// false when it cannot, and the memory is then copied to a new block.
    public var grow: (_ base: UnsafeMutableRawPointer, _ byteCount: Int, _ newByteCount: Int) -> Bool
    public var deallocate: (_ base: UnsafeMutableRawPointer, _ byteCount: Int) -> Void
    /// Whether a block's whole capacity is address space nothing else gets, where an access beyond the block's
    /// size faults: then a 32-bit memory asks for `NativeFaults.guardedReservation` bytes of it, and code compiled
    /// with `NativeFaults.memoryGuards` may run on its memories.
    public var reservesIndexSpace: Bool

    public init(allocate: @escaping (_ byteCount: Int, _ capacity: Int) -> UnsafeMutableRawPointer?,
                grow: @escaping (_ base: UnsafeMutableRawPointer, _ byteCount: Int, _ newByteCount: Int) -> Bool,
                deallocate: @escaping (_ base: UnsafeMutableRawPointer, _ byteCount: Int) -> Void,
                reservesIndexSpace: Bool = false) {
        self.allocate = allocate
        self.grow = grow
        self.deallocate = deallocate
        self.reservesIndexSpace = reservesIndexSpace
    }

    /// The process heap (the host build, tests). A block whose capacity is at most `heapReservation` is
    /// allocated whole and grows in place (an operating system with lazily committed pages, as the hosts are, gives
    /// untouched bytes no memory); a larger one is allocated at its size and copied when it grows. The capacity
    /// sits in a header before the block.
    public static var heap: MemoryAllocator {
        MemoryAllocator(
            allocate: { byteCount, capacity in
                let reserved = capacity <= heapReservation ? max(capacity, byteCount) : byteCount
                let block = UnsafeMutableRawPointer.allocate(byteCount: reserved + 16, alignment: 16)
                block.storeBytes(of: reserved, as: Int.self)
                let base = block + 16
                base.initializeMemory(as: UInt8.self, repeating: 0, count: byteCount)
                return base
            },
            grow: { base, byteCount, newByteCount in
                guard newByteCount <= (base - 16).load(as: Int.self) else { return false }
                (base + byteCount).initializeMemory(as: UInt8.self, repeating: 0, count: newByteCount - byteCount)
                return true
            },
            deallocate: { base, _ in (base - 16).deallocate() })
    }

    /// The largest capacity the heap allocator reserves up front.
    public static let heapReservation = 64 << 20
}

/// The embedder's account of what a store spends on its guests besides their linear memories (which the
/// `MemoryAllocator` governs): instances, functions, tables, globals, kept segments, the value stack and the call
/// frames. The store charges each allocation before it makes it; a refused charge is a clean failure (the
/// instantiation fails with `InstantiationError.resourceLimit`, `table.grow` returns -1, a call that needs more
/// stack traps with "call stack exhausted"), never an allocation the embedder cannot afford. Everything charged is
/// released when the store and the tables it made are gone. The closures are the seam with the kernel, which gives
/// each process a budget.
public struct ResourceAccount {
    /// Takes `byteCount` more bytes; false refuses them.
    public var charge: (_ byteCount: Int) -> Bool
    public var release: (_ byteCount: Int) -> Void

    public init(charge: @escaping (_ byteCount: Int) -> Bool, release: @escaping (_ byteCount: Int) -> Void) {
        self.charge = charge
        self.release = release
    }

    /// No limit beyond the store's own.
    public static var unlimited: ResourceAccount { ResourceAccount(charge: { _ in true }, release: { _ in }) }

    /// At most `byteCount` bytes at a time, counted in `budget`.
    public static func limited(_ budget: ResourceBudget) -> ResourceAccount {
        ResourceAccount(charge: { budget.take($0) }, release: { budget.give($0) })
    }
}

/// A number of bytes to spend, shared by whatever charges it (a process's store and its module).
public final class ResourceBudget {
    public let limit: Int
    public private(set) var used = 0
    /// The most that was in use at once.
    public private(set) var peak = 0

    public init(limit: Int) { self.limit = limit }

    public func take(_ byteCount: Int) -> Bool {
        guard byteCount <= limit - used else { return false }
        used += byteCount
        peak = max(peak, used)
        return true
    }

    public func give(_ byteCount: Int) { used -= byteCount }
}

/// What one store has charged to its account, shared with the tables it made, which may outlive it: the last of
/// them releases the rest. Also counts the elements of those tables against the store's total.
final class Ledger {
    let account: ResourceAccount
    private(set) var charged = 0
    let maxTableElements: UInt64
    private(set) var tableElements: UInt64 = 0

    init(account: ResourceAccount, maxTableElements: UInt64) {
        self.account = account
        self.maxTableElements = maxTableElements
    }

    deinit { account.release(charged) }

    func charge(_ byteCount: Int) -> Bool {
        guard account.charge(byteCount) else { return false }
        charged += byteCount
        return true
    }

    func release(_ byteCount: Int) {
        charged -= byteCount
        account.release(byteCount)
    }

    /// Takes `count` more table elements and their bytes; false when the total or the account refuses them. The
    /// embedder's own tables (not `refusable`) count towards the total but are neither refused nor charged.
    func chargeTableElements(_ count: UInt64, refusable: Bool) -> Bool {
        if refusable {
            guard count <= maxTableElements &- min(tableElements, maxTableElements), charge(Int(count) * 8) else {
                return false
            }
        }
        tableElements += count
        return true
    }
}

/// Where a memory's bytes are, kept behind a pointer that stays put: the interpreter reloads it after anything
/// that may have grown the memory without going through the object.
struct MemoryBounds {
    var base: UnsafeMutableRawPointer
    var byteCount: Int
}

/// A linear memory. Its bytes live in one block, which moves only when the allocator cannot grow it in place.
public final class Memory {
    static let pageSize = 65536

    let bounds: UnsafeMutablePointer<MemoryBounds>
    var base: UnsafeMutableRawPointer { bounds.pointee.base }
    public var byteCount: Int { bounds.pointee.byteCount }
    public let limits: Limits
    /// The most pages this memory may ever have: its own maximum capped by the store's limit.
    let pageCap: UInt64
    private let allocator: MemoryAllocator
    /// Whether its reservation is the whole reach of guarded native code (`NativeFaults.guardedReservation`), so
    /// that code compiled with `NativeFaults.memoryGuards` may run on it as memory 0: a 32-bit memory whose
    /// allocator reserves index space, when asked (only a module's memory 0 is: the others, checked by their code,
    /// need address space for their most pages alone).
    let isGuarded: Bool

    /// Nil when the allocator has no room for the initial pages, or they are more than `pageCap`.
    init?(limits: Limits, pageCap: UInt64, allocator: MemoryAllocator, guarded: Bool) {
        guard limits.min <= pageCap else { return nil }
        let byteCount = Int(limits.min) * Memory.pageSize
        let isGuarded = guarded && allocator.reservesIndexSpace && !limits.is64
        guard let base = allocator.allocate(byteCount, Memory.capacity(pageCap, guarded: isGuarded)) else { return nil }
        self.limits = limits
        self.pageCap = pageCap
        self.allocator = allocator
        self.isGuarded = isGuarded
        bounds = UnsafeMutablePointer<MemoryBounds>.allocate(capacity: 1)
        bounds.initialize(to: MemoryBounds(base: base, byteCount: byteCount))
    }

    deinit {
        allocator.deallocate(base, byteCount)
        bounds.deallocate()
    }

    /// The address space a memory asks its allocator for: room for its most pages, or for a guarded memory the
    /// whole reach of guarded native code (`NativeFaults.guardedReservation`).
    static func capacity(_ pageCap: UInt64, guarded: Bool) -> Int {
        let pages = Int(pageCap) * Memory.pageSize
        return guarded ? max(pages, NativeFaults.guardedReservation) : pages
    }

    public var pageCount: UInt64 { UInt64(byteCount / Memory.pageSize) }

    /// A 64-bit memory (memory64): its addresses, offsets and sizes are i64.
    public var is64: Bool { limits.is64 }

    /// An address, size or page count from a slot of the memory's address type (an i32 in the low half).
    @inline(__always)
    func address(_ slot: UInt64) -> UInt64 { is64 ? slot : UInt64(u32(slot)) }

    /// What memory.grow returns when it fails: -1 of the address type.
    var growFailure: UInt64 { is64 ? UInt64.max : 0xffff_ffff }

    /// Grows by `delta` pages; returns the old page count, or nil when the maximum, the store's limit or the
    /// allocator forbids it.
    func grow(by delta: UInt64) -> UInt64? {
        let old = pageCount
        guard delta <= pageCap - old else { return nil }
        let new = old + delta
        if delta == 0 { return old }
        let newCount = Int(new) * Memory.pageSize
        if !allocator.grow(base, byteCount, newCount) {
            guard let newBase = allocator.allocate(newCount, Memory.capacity(pageCap, guarded: isGuarded)) else {
                return nil
            }
            newBase.copyMemory(from: base, byteCount: byteCount)
            allocator.deallocate(base, byteCount)
            bounds.pointee.base = newBase
        }
        bounds.pointee.byteCount = newCount
        return old
    }

    /// True when `count` bytes at `address` lie inside the memory.
    @inline(__always)
    func contains(_ address: UInt64, _ count: UInt64) -> Bool {
        address &+ count <= UInt64(byteCount) && address <= address &+ count
    }

    // Bounds-checked access for host functions.

    public func load(_ address: UInt64, count: Int) throws(Trap) -> [UInt8] {
        guard contains(address, UInt64(count)) else { throw .memoryOutOfBounds }
        return [UInt8](UnsafeRawBufferPointer(start: base + Int(address), count: count))
    }

    public func store(_ address: UInt64, bytes: [UInt8]) throws(Trap) {
        guard contains(address, UInt64(bytes.count)) else { throw .memoryOutOfBounds }
        bytes.withUnsafeBytes { source in
            if let from = source.baseAddress { (base + Int(address)).copyMemory(from: from, byteCount: bytes.count) }
        }
    }

    public func loadUInt32(_ address: UInt64) throws(Trap) -> UInt32 {
        guard contains(address, 4) else { throw .memoryOutOfBounds }
        return UInt32(littleEndian: (base + Int(address)).loadUnaligned(as: UInt32.self))
    }

    public func storeUInt32(_ address: UInt64, _ value: UInt32) throws(Trap) {
        guard contains(address, 4) else { throw .memoryOutOfBounds }
        (base + Int(address)).storeBytes(of: value.littleEndian, as: UInt32.self)
    }

    public func loadUInt64(_ address: UInt64) throws(Trap) -> UInt64 {
        guard contains(address, 8) else { throw .memoryOutOfBounds }
        return UInt64(littleEndian: (base + Int(address)).loadUnaligned(as: UInt64.self))
    }

    public func storeUInt64(_ address: UInt64, _ value: UInt64) throws(Trap) {
        guard contains(address, 8) else { throw .memoryOutOfBounds }
        (base + Int(address)).storeBytes(of: value.littleEndian, as: UInt64.self)
    }
}

/// A table of references, stored in their slot encoding. Only the entries written so far are stored: the rest
/// of the table holds one value (`tail`, null in a new table), so a large table nobody filled takes no memory. Its
/// elements are charged to the store's ledger as the table gets them, stored or not, so storing one never fails.
public final class Table {
    /// The first `elements.count` entries of the table.
    var elements: [UInt64] = []
    /// The value of every entry from `elements.count` to `count`.
    var tail: UInt64 = Slot.null
    public private(set) var count: Int
    public let type: TableType
    /// The ids of the types of the instance that defined it (see `Global.typeIds`).
    var typeIds: [Int] = []
    let elementCap: UInt64
    private let ledger: Ledger
    /// Counts the changes of its entries: native call_indirect sites cache the target an entry had, and check
    /// that this count has not moved since (NativeIndirectCalls). In a word of its own, which generated code
    /// reads; growing changes no entry there is.
    let changes = UnsafeMutablePointer<UInt64>.allocate(capacity: 1)

    /// Nil when the ledger refuses the initial elements (only when `refusable`).
    init?(type: TableType, elementCap: UInt64, ledger: Ledger, refusable: Bool) {
        guard ledger.chargeTableElements(type.limits.min, refusable: refusable) else {
            changes.deallocate()
            return nil
        }
        self.type = type
        self.elementCap = elementCap
        self.ledger = ledger
        count = Int(type.limits.min)
        changes.initialize(to: 0)
    }

    deinit { changes.deallocate() }

    /// The entry at `index`, which must be below `count`.
    @inline(__always)
    subscript(index: Int) -> UInt64 {
        get { index < elements.count ? elements[index] : tail }
        set {
            changes.pointee &+= 1
            if index >= elements.count {
                if newValue == tail { return }
                store(upTo: index + 1)
            }
            elements[index] = newValue
        }
    }

    /// Stores the entries up to `end` (at most `count`), doubling the stored part so that writing entries one by
    /// one copies each a bounded number of times.
    private func store(upTo end: Int) {
        let target = min(count, max(end, 2 * elements.count))
        elements.reserveCapacity(target)
        elements += repeatElement(tail, count: target - elements.count)
    }

    /// Grows by `delta` entries of `initial`; returns the old size, or nil when the table's maximum, the store's
    /// limit or its account refuses.
    func grow(by delta: UInt64, initial: UInt64) -> UInt64? {
        let old = UInt64(count)
        guard delta <= elementCap - min(old, elementCap), ledger.chargeTableElements(delta, refusable: true) else { return nil }
        if initial != tail && delta > 0 {
            store(upTo: count)
            tail = initial
        }
        count += Int(delta)
        return old
    }

    /// Sets `length` entries from `start` (in bounds) to `value`.
    func fill(from start: Int, count length: Int, with value: UInt64) {
        changes.pointee &+= 1
        let end = start + length
        if end == count && start <= elements.count {
            // Everything from the stored part's end on takes the same value: the tail can hold it.
            if start < elements.count { elements.removeSubrange(start...) }
            tail = value
            return
        }
        if value != tail { store(upTo: end) }
        for index in start..<min(end, elements.count) { elements[index] = value }
    }

    /// A 64-bit table (table64): its element indexes and sizes are i64.
    public var is64: Bool { type.limits.is64 }

    /// An element index or count from a slot of the table's address type (an i32 in the low half).
    @inline(__always)
    func index(_ slot: UInt64) -> UInt64 { is64 ? slot : UInt64(u32(slot)) }

    /// What table.grow returns when it fails: -1 of the address type.
    var growFailure: UInt64 { is64 ? UInt64.max : 0xffff_ffff }

    /// The hierarchy of its element type (see `TypeRegistry.top`), set when an instance defines it.
    var top: HeapType?

    public func element(_ index: Int) -> Value? {
        guard index >= 0, index < count else { return nil }
        return Value(slot: self[index], type: type.element, top: top)
    }
}

/// A global variable; imported mutable globals are shared by reference.
public final class Global {
    public let type: GlobalType
    /// The store's ids of the types of the instance that defined it, which its concrete reference types index
    /// (empty for the host's).
    var typeIds: [Int] = []
    /// The value's slot, behind a pointer that stays put: the interpreter reads and writes it directly. The
    /// second word is the high half of a v128.
    let storage: UnsafeMutablePointer<UInt64>

    init(type: GlobalType, slot: UInt64, shadow: UInt64 = 0) {
        self.type = type
        storage = UnsafeMutablePointer<UInt64>.allocate(capacity: 2)
        storage.initialize(to: slot)
        (storage + 1).initialize(to: shadow)
    }

    deinit { storage.deallocate() }

    var slot: UInt64 {
        get { storage.pointee }
        set { storage.pointee = newValue }
    }

    var shadow: UInt64 {
        get { storage[1] }
        set { storage[1] = newValue }
    }

    /// The hierarchy of its value's type (see `TypeRegistry.top`), set when an instance defines it.
    var top: HeapType?

    public var value: Value { Value(slot: slot, shadow: shadow, type: type.value, top: top) }

    public convenience init(type: GlobalType, value: Value) {
        self.init(type: type, slot: value.slot, shadow: value.shadow)
    }
}

/// What a host function sees of a call: the calling instance, the argument slots, where it writes its results, and
/// the caller's memory. Made on every call from the guest, so it holds nothing that is reference counted.
public struct HostCall {
    let callerReference: Unowned<Instance>?
    let function: Unowned<Function>
    let slots: UnsafeMutablePointer<UInt64>
    /// The bytes of the caller's memory 0 (none when it has no memory), for host functions that check their own
    /// bounds (WASI's guest memory view): valid until the memory grows or the guest runs again, which moves them.
    public let memoryBytes: UnsafeMutableRawBufferPointer
    /// Where the high halves of v128 arguments and results are (`Store.shadowDelta`).
    let shadowDelta: Int

    init(caller: Unowned<Instance>?, function: Function, slots: UnsafeMutablePointer<UInt64>,
         memoryBytes: UnsafeMutableRawBufferPointer, shadowDelta: Int) {
        callerReference = caller
        self.function = Unowned(object: function)
        self.slots = slots
        self.memoryBytes = memoryBytes
        self.shadowDelta = shadowDelta
    }

    public var caller: Instance? { callerReference?.object }
    public var type: FunctionType { function.object.type }

    public func argument(_ index: Int) -> Value {
        let type = type.parameters[index]
        return Value(slot: slots[index], shadow: type == .v128 ? slots[index + shadowDelta] : 0, type: type)
    }
    public func i32(_ index: Int) -> UInt32 { UInt32(truncatingIfNeeded: slots[index]) }
    public func i64(_ index: Int) -> UInt64 { slots[index] }
    /// The arguments as 64-bit slots (an i32 in the low half), read in place by host functions that take many.
    public var argumentSlots: UnsafePointer<UInt64> { UnsafePointer(slots) }

    /// Sets result `index`; results overwrite the arguments, so read every argument first.
    public func setResult(_ index: Int, _ value: Value) {
        slots[index] = value.slot
        if case .v128 = value { slots[index + shadowDelta] = value.shadow }
    }

    /// The caller's memory 0, for reading and writing guest buffers with bounds checks.
    public var memory: Memory? { caller?.memories.first }
}

public typealias HostFunctionBody = (HostCall) throws(Trap) -> Void

/// A host function that the interpreter and generated code call as a plain C function, with no `HostCall`, no
/// closure and no bookkeeping of the store in between (WASI's functions: make bench-wasi measures the call). It
/// runs no wasm and throws nothing: it returns 0, its results written over its arguments, or a status that
/// `trap` turns into the caller's trap. It sees the slots alone: a v128's high half (its shadow) is not among
/// them, so SIMD values go through `HostCall` host functions.
public struct DirectHostFunction {
    /// (data, argument slots, base and size of the caller's memory 0) -> status. Without a memory the base is
    /// not an address and the size is 0.
    public typealias Entry = @convention(c) (UnsafeMutableRawPointer, UnsafeMutablePointer<UInt64>,
                                             UnsafeMutableRawPointer, UInt64) -> UInt32

    let entry: Entry
    /// What the entry serves, which the embedder keeps alive as long as the store (`trap` can own it).
    let data: UnsafeMutableRawPointer
    let trap: (UInt32) -> Trap
    /// The clock the engine reads itself in place of most calls, for a function of the type `TimestampClock`
    /// serves.
    let clock: TimestampClock?

    /// A `clock` needs a function of type (i32, i64, i32) -> i32 (TimestampClock).
    public init(entry: Entry, data: UnsafeMutableRawPointer, clock: TimestampClock? = nil,
                trap: @escaping (UInt32) -> Trap) {
        self.entry = entry
        self.data = data
        self.clock = clock
        self.trap = trap
    }

    /// Runs it on the argument slots from `arguments` on (its clock, if any, was tried first: `Store.call`).
    @inline(__always)
    func call(_ arguments: UnsafeMutablePointer<UInt64>, memoryBase: UnsafeMutableRawPointer,
              memorySize: UInt64) throws(Trap) {
        let status = entry(data, arguments, memoryBase, memorySize)
        if status != 0 { throw trap(status) }
    }
}

/// A direct host function as the interpreter's call instruction reaches it: an instance's table of these, one per
/// imported function, holds the entry and data of each import that is a `DirectHostFunction` without a clock (nil
/// for any other), so the call makes no copy of the function's `kind` and so no reference counting.
struct DirectImport {
    let entry: DirectHostFunction.Entry?
    let data: UnsafeMutableRawPointer?
}

/// Clocks that the engine reads itself for a direct host function of type (i32 clock id, i64 precision, i32 result
/// address) -> i32, as Linux leaves clock_gettime to its vDSO (WASI's clock_time_get: make bench-wasi measures
/// it). When the id is one the clock serves and the 8 bytes at the result address lie inside the caller's memory
/// 0, the call stores the clock's time there and returns 0 with no call into the embedder: generated code reads
/// the time-stamp counter with `rdtsc` and scales it inline, the interpreter does the same in Swift through
/// `timestamp`. Any other call goes to the function's entry, which answers it (an unknown clock, a bad address).
/// Those calls check no interruption of their own: the caller's calls and loop back-edges do.
public struct TimestampClock {
    /// The words, which the embedder keeps unchanged while a store can call the function: the number of clock
    /// ids served (0..<count), the counter's value at time 0, nanoseconds per count as a 32.32 fixed-point number,
    /// then each id's offset in nanoseconds. Clock `id` reads offset[id] + (counter - start) * scale >> 32,
    /// modulo 2^64.
    public let words: UnsafePointer<UInt64>
    /// Reads the counter generated code reads with `rdtsc` (Swift has no instruction of its own for it).
    public let timestamp: @convention(c) () -> UInt64

    public init(words: UnsafePointer<UInt64>, timestamp: @convention(c) () -> UInt64) {
        self.words = words
        self.timestamp = timestamp
    }

    /// Whether a function of `type` can have a clock: (i32, i64, i32) -> i32.
    static func serves(_ type: FunctionType) -> Bool {
        type.parameters == [.i32, .i64, .i32] && type.results == [.i32]
    }

    /// Where `words` keeps each value, as generated code reads them.
    enum Word: Int32 {
        case count, start, scale, offsets
    }

    /// Serves a call on its argument slots as the type above says; false leaves it to the entry.
    // SAFETY: the 8 bytes stored to lie inside the memory of `memorySize` bytes at `memoryBase`, checked first.
    @inline(__always)
    func read(_ slots: UnsafeMutablePointer<UInt64>, memoryBase: UnsafeMutableRawPointer, memorySize: UInt64) -> Bool {
        let id = slots[0] & 0xFFFF_FFFF, address = slots[2] & 0xFFFF_FFFF
        guard id < words[Int(Word.count.rawValue)], address + 8 <= memorySize else { return false }
        let ticks = timestamp() &- words[Int(Word.start.rawValue)]
        let product = ticks.multipliedFullWidth(by: words[Int(Word.scale.rawValue)])
        let time = words[Int(Word.offsets.rawValue) + Int(id)] &+ (product.high << 32 | product.low >> 32)
        (memoryBase + Int(address)).storeBytes(of: time.littleEndian, as: UInt64.self)
        slots[0] = 0
        return true
    }
}

/// A function of the store: wasm code of an instance, or a host function.
final class Function {
    enum Kind {
        case wasm(instance: Unowned<Instance>, body: Int)
        case host(HostFunctionBody)
        case direct(DirectHostFunction)
    }

    let type: FunctionType
    /// Its type's id in the store's `TypeRegistry`: what call_indirect and import matching compare.
    let typeId: Int
    let kind: Kind
    /// The ids of the types its type's concrete references index (its instance's; empty for a host function).
    var typeIds: [Int] {
        if case .wasm(let instance, _) = kind { return instance.object.typeIds }
        return []
    }
    /// Slots a call of it takes on the value stack: its arguments, then its results in their place.
    let slotCount: Int
    /// A direct host function's clock, outside `kind` so that the interpreter reads it with no copy of the
    /// function's closure and so no reference counting (make bench-wasi: 20 guest instructions of swift_release
    /// and 11 of the copy's destruction a clock_time_get).
    let clock: TimestampClock?

    init(type: FunctionType, typeId: Int, kind: Kind) {
        self.type = type
        self.typeId = typeId
        self.kind = kind
        slotCount = max(type.parameters.count, type.results.count)
        if case .direct(let direct) = kind { clock = direct.clock } else { clock = nil }
    }
}

/// A non-owning reference: the store owns every instance, functions only point back at theirs.
struct Unowned<T: AnyObject> {
    unowned(unsafe) let object: T
}

/// Something an instance can export or an import can be given.
public enum External {
    case function(FunctionHandle)
    case table(Table)
    case memory(Memory)
    case global(Global)
    case tag(TagHandle)
}

/// A function of a store, as handed to the embedder: call it, or pass it as an import.
public struct FunctionHandle {
    public let address: Int
    public let type: FunctionType
}
