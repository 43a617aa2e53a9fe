import CPU
import Memory
import Random

/// The memory manager inside the running kernel: frames, page tables, guard pages and the heap under load.
enum MemoryTests {
    static let cases: [KernelTests.Case] = [
        .init(name: "frames-round-trip") { check in
            var taken: [UInt64] = []
            taken.reserveCapacity(1000)
            let before = MemoryManager.freeFrameCount
            for _ in 0..<1000 {
                guard let frame = MemoryManager.allocateFrame() else { break }
                taken.append(frame)
            }
            check.expect(taken.count == 1000, "only \(taken.count) frames allocated")
            let bootInfo = Kernel.bootInfo!
            for frame in taken {
                check.expect(frame >= 0x10_0000, "frame \(frame) in the first MiB")
                check.expect(frame + 4096 <= bootInfo.kernelStart || frame >= bootInfo.kernelEnd,
                             "frame \(frame) inside the kernel image")
                DirectMap.pointer(frame).storeBytes(of: frame, as: UInt64.self)
            }
            for frame in taken {
                check.expect(DirectMap.pointer(frame).load(as: UInt64.self) == frame, "frame \(frame) lost its contents")
                MemoryManager.freeFrames(frame, count: 1)
            }
            check.expect(MemoryManager.freeFrameCount == before, "free count \(MemoryManager.freeFrameCount), was \(before)")
        },
        .init(name: "page-table-protection") { check in
            let tables = MemoryManager.kernelTables!
            let text = tables.lookup(layout_kernel_start())
            check.expect(text != nil && !text!.flags.contains(.writable) && !text!.flags.contains(.noExecute),
                         "kernel text is not read-execute")
            let data = tables.lookup(layout_data_start())
            check.expect(data != nil && data!.flags.contains(.writable) && data!.flags.contains(.noExecute),
                         "kernel data is not read-write no-execute")
            let rodata = tables.lookup(layout_rodata_start())
            check.expect(rodata != nil && !rodata!.flags.contains(.writable), "kernel rodata is writable")
            check.expect(tables.translate(0) == nil && tables.translate(0x1000) == nil, "the null page is mapped")
            check.expect(ControlRegisters.cr0 & MemoryManager.writeProtect != 0, "CR0.WP is off")
            for stack in KernelStacks.stacks {
                check.expect(tables.translate(stack.guardPage) == nil, "a guard page is mapped")
                check.expect(tables.translate(stack.top - 8) != nil, "a stack is not mapped")
            }
        },
        .init(name: "kernel-stacks-kept") { check in
            // Freed stacks stay mapped for the next thread asking for as many pages, a few at most; the others
            // are unmapped. Every thread's stack has these pages: the kept ones the test takes first are its own.
            let pages = Process.stackPages
            var stacks: [KernelStacks.Stack] = []
            for _ in 0..<(KernelStacks.keptLimit + 2) { stacks.append(KernelStacks.allocate("a test's stack", pages: pages)) }
            for stack in stacks { KernelStacks.free(stack) }
            let tables = MemoryManager.kernelTables!
            let mapped = stacks.filter { tables.translate($0.top - 8) != nil }.count
            check.expect(mapped >= 1 && mapped <= KernelStacks.keptLimit,
                         "\(mapped) of \(stacks.count) freed stacks still mapped, at most \(KernelStacks.keptLimit) kept")
            let free = MemoryManager.freeFrameCount
            let again = KernelStacks.allocate("a test's stack", pages: pages)
            check.expect(MemoryManager.freeFrameCount == free && stacks.contains { $0.guardPage == again.guardPage },
                         "a kept stack was not reused: \(free - MemoryManager.freeFrameCount) frames taken")
            check.expect(tables.translate(again.guardPage) == nil && tables.translate(again.top - 8) != nil,
                         "a reused stack lost its guard page or its pages")
            KernelStacks.free(again)
        },
        .init(name: "heap-under-load") { check in
            var random = SplitMix64(seed: 0x5EED)
            var blocks: [(pointer: UnsafeMutableRawPointer, size: Int, tag: UInt8)] = []
            blocks.reserveCapacity(2048)
            let reserved = KernelHeap.bytesInUse
            for round in 0..<20_000 {
                if blocks.count < 2000 && (blocks.isEmpty || random.next() % 3 != 0) {
                    let size = random.next() % 8 == 0 ? Int(random.next() % 40_000) + 1 : Int(random.next() % 512) + 1
                    let alignment = 1 << Int(random.next() % 8)
                    guard let p = heapAllocate(size, alignment) else {
                        check.expect(false, "allocation of \(size) failed at round \(round)")
                        break
                    }
                    check.expect(UInt(bitPattern: p) % UInt(alignment) == 0, "misaligned block")
                    let tag = UInt8(truncatingIfNeeded: round)
                    p.initializeMemory(as: UInt8.self, repeating: tag, count: size)
                    blocks.append((p, size, tag))
                } else {
                    let index = Int(random.next() % UInt64(blocks.count))
                    let block = blocks.remove(at: index)
                    let bytes = block.pointer.assumingMemoryBound(to: UInt8.self)
                    check.expect(bytes[0] == block.tag && bytes[block.size - 1] == block.tag, "a block was overwritten")
                    heapFree(block.pointer)
                }
            }
            for block in blocks { heapFree(block.pointer) }
            blocks.removeAll(keepingCapacity: true)
            check.expect(KernelHeap.bytesInUse == reserved, "\(KernelHeap.bytesInUse - reserved) bytes leaked")
        },
        .init(name: "heap-exhaustion-is-an-error") { check in
            // What the heap keeps back it gives up before it fails: counted as free, it cannot make room.
            KernelHeap.trim()
            let free = MemoryManager.freeFrameCount
            let tooBig = (free + 16) * 4096
            check.expect(heapAllocate(tooBig, 16) == nil, "a block larger than memory was handed out")
            check.expect(MemoryManager.freeFrameCount == free, "a failed allocation kept frames")
        },
        .init(name: "failed-initializer-frees-its-object") { check in
            // A class initializer that fails before its properties are set hands its object to
            // swift_deallocPartialClassInstance, whose Embedded runtime version never freed it: every module whose
            // memory the pool refused leaked a Wax.Memory (kernel/runtime/partial_class_instance.S).
            let before = KernelHeap.bytesInUse
            var made = 0
            for _ in 0..<1000 where Refusable.make(accepting: refusing) != nil { made += 1 }
            // A subclass's initializer sets its own property, then its superclass's fails: that property (an
            // array on the heap) is destroyed by the runtime, through the subclass's property destroyer.
            for _ in 0..<1000 where RefusableDerived.make(extra: refusing) != nil { made += 1 }
            check.expect(made == 0, "\(made) objects made")
            check.expect(KernelHeap.bytesInUse == before, "\(KernelHeap.bytesInUse - before) bytes kept by 2000 failed initializers")
        },
    ]

    /// Read at run time, so that the compiler cannot see the initializer fail and leave out its allocation.
    nonisolated(unsafe) static var refusing = false

    class Refusable {
        let value: [UInt8]

        init?(accepting: Bool) {
            guard accepting else { return nil }
            value = [1, 2, 3]
        }

        @inline(never)
        static func make(accepting: Bool) -> Refusable? { Refusable(accepting: accepting) }
    }

    final class RefusableDerived: Refusable {
        let extra: [UInt8]

        init?(extra accepting: Bool) {
            extra = [4, 5, 6]
            super.init(accepting: accepting)
        }

        @inline(never)
        static func make(extra accepting: Bool) -> RefusableDerived? { RefusableDerived(extra: accepting) }
    }
}
