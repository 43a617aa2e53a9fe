@_cdecl("walos_heap_allocate")
func heapAllocate(_ size: Int, _ alignment: Int) -> UnsafeMutableRawPointer? {
    Panic.panic("allocation before the heap exists")
}

@_cdecl("walos_heap_free")
func heapFree(_ pointer: UnsafeMutableRawPointer) {}
