/// WebAssembly GC's structs and arrays, and how references of the `any` hierarchy sit in a 64-bit slot.
///
/// Slot encoding of `anyref` (and of every type below it), chosen so that no slot needs a lookup to tell what it is:
///
///     0                         null
///     bit 63 set                a host value that came in through any.convert_extern: the externref slot | 1 << 63
///     bit 0 set                 an i31: its 31 bits << 1 | 1
///     low bits 10               the array at address a: a << 2 | 2
///     low bits 00 (not 0)       the struct at address a: (a + 1) << 2
///
/// An externref slot is the host's value + 1 (below 2^63: the host's numbers must stay below 2^63 - 1), or an
/// internal reference made external: its anyref slot | 1 << 63. So both conversions flip bit 63 of a non-null
/// slot, and extern.convert_any(any.convert_extern(x)) is x, as is the other way round. ref.eq compares slots:
/// identity for objects, value for i31s.
enum GCSlot {
    static let hostBit: UInt64 = 1 << 63

    static func convert(_ slot: UInt64) -> UInt64 { slot == Slot.null ? slot : slot ^ hostBit }

    static func i31(_ value: UInt32) -> UInt64 { UInt64(value & 0x7fff_ffff) << 1 | 1 }
    static func isI31(_ slot: UInt64) -> Bool { slot & hostBit == 0 && slot & 1 == 1 }
    static func i31Signed(_ slot: UInt64) -> UInt32 { UInt32(bitPattern: Int32(truncatingIfNeeded: slot) >> 1) }
    static func i31Unsigned(_ slot: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: slot >> 1) & 0x7fff_ffff }

    static func structure(_ address: Int) -> UInt64 { UInt64(address + 1) << 2 }
    static func array(_ address: Int) -> UInt64 { UInt64(address) << 2 | 2 }
    static func isStruct(_ slot: UInt64) -> Bool { slot != 0 && slot & (hostBit | 3) == 0 }
    static func isArray(_ slot: UInt64) -> Bool { slot & (hostBit | 3) == 2 }
    static func isHost(_ slot: UInt64) -> Bool { slot & hostBit != 0 }

    /// The heap address of a struct or array slot, nil for anything else.
    static func address(_ slot: UInt64) -> Int? {
        if isStruct(slot) { return Int(slot >> 2) - 1 }
        if isArray(slot) { return Int(slot >> 2) }
        return nil
    }
}

/// A struct or an array: its type's id in the store's `TypeRegistry` (-1 when the address is free) and its
/// fields or elements, one slot each (packed ones truncated to 8 or 16 bits when written) but a v128, which takes
/// two: its low half, then its high half (as a v128 on the value stack is a slot and its shadow). A struct's field
/// k is slot k unless a v128 field comes before it (`DefinedType.fieldSlots`); an array of v128s has element k in
/// slots 2k and 2k + 1.
struct GCObject {
    var typeId: Int
    var fields: [UInt64]
}

/// The structs and arrays of a store, by address. Every object is charged to the store's account, and at most
/// `limit` bytes of them are held at once: an allocation that does not fit runs the collector first
/// (`Store.gcRoom`), and traps with "GC heap exhausted" when the live objects still leave no room, so a guest
/// can never make its host allocate without bound.
final class GCHeap {
    private var objects: ChargedObjects<GCObject>
    var heldBytes: Int { objects.heldBytes }
    var limit: Int { objects.limit }

    init(limit: Int, ledger: Ledger) {
        objects = ChargedObjects(limit: limit, ledger: ledger)
    }

    deinit { objects.releaseAll() }

    /// What one object costs: its record, its array of slots and the allocator's rounding. Saturates, so that
    /// an array.new of 2^32 elements costs more than any limit instead of overflowing.
    static func bytes(slots: UInt64) -> Int {
        guard slots < UInt64(Int.max / 16) else { return Int.max / 2 }
        return 48 + (slots == 0 ? 0 : 32 + 8 * Int(slots))
    }

    subscript(address: Int) -> GCObject {
        get { objects[address] }
        _modify { yield &objects[address] }
    }

    func isLive(_ address: Int) -> Bool { address >= 0 && address < objects.count && objects[address].typeId >= 0 }

    /// A new object's address; the caller has made room (`Store.gcRoom`), else a trap when the limit or the
    /// account refuses its bytes.
    func allocate(typeId: Int, fields: [UInt64]) throws(Trap) -> Int {
        let cost = GCHeap.bytes(slots: UInt64(fields.count))
        guard let address = objects.allocate(GCObject(typeId: typeId, fields: fields), cost: cost) else {
            throw .gcHeapExhausted
        }
        return address
    }

    /// Addresses in use or free: the bound of every reference.
    var capacity: Int { objects.count }

    /// Releases every object that `marked` (by address) does not keep.
    func releaseUnmarked(_ marked: [Bool]) {
        for address in 0..<objects.count where objects[address].typeId >= 0 && !marked[address] {
            objects.release(address, cost: GCHeap.bytes(slots: UInt64(objects[address].fields.count)),
                            leaving: GCObject(typeId: -1, fields: []))
        }
    }
}

/// Allocation with room made by the collector of both heaps (`Store.collect`, HeapCollector.swift), run when an
/// allocation does not fit.
extension Store {
    /// Whether an object of `slots` slots fits (`room(for:in:liveSlots:)`).
    func gcRoom(slots: UInt64, liveSlots: Int) -> Bool {
        room(for: GCHeap.bytes(slots: slots), in: gcHeap, liveSlots: liveSlots)
    }

    /// Allocates an object after making room, or traps.
    func allocateObject(typeId: Int, fields: [UInt64], liveSlots: Int) throws(Trap) -> Int {
        guard gcRoom(slots: UInt64(fields.count), liveSlots: liveSlots) else { throw .gcHeapExhausted }
        return try allocate(liveSlots: liveSlots) { () throws(Trap) in
            try gcHeap.allocate(typeId: typeId, fields: fields)
        }
    }
}
