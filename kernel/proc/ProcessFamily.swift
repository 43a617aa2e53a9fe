import FileSystem
import Synchronization
import WASIPreview1
import WASIWax
import Wax

/// walos's process calls (WASIHost.processes, docs/abi.md) as the kernel does them: a process spawns children,
/// waits for them, kills its descendants and lists everything. They run inside the caller's WASI call, under
/// the big kernel lock, which a wait lets go of while it blocks.
enum ProcessFamily {
    static func services(of process: Process) -> ProcessServices {
        var services = ProcessServices(
            spawn: { request throws(Errno) in try spawn(request, by: process) },
            wait: { pid, block throws(Errno) in try wait(for: pid, by: process, blocking: block) },
            kill: { pid throws(Errno) in try kill(pid, by: process) },
            list: { list() },
            identity: { (UInt32(process.pid), UInt32(process.parentPID)) })
        services.memory = { memoryTotals() }
        return services
    }

    private static func memoryTotals() -> MemoryTotals {
        let page = UInt64(4096)
        return MemoryTotals(total: MemoryManager.usableBytes,
                            free: UInt64(MemoryManager.freeFrameCount) * page,
                            reserved: UInt64(MemoryBudget.kernelReserve) * page,
                            heap: UInt64(KernelHeap.pagesHeld) * page, heapUsed: UInt64(KernelHeap.bytesInUse))
    }

    /// Decodes the module (a malformed one is the caller's ENOEXEC), then starts the child with the context the
    /// request describes and the parent's streams and time limit. ENOMEM when MemoryBudget's pool has no room
    /// for the child's module or its kernel stack; what the child spends later is charged as it spends it.
    private static func spawn(_ request: SpawnRequest, by parent: Process) throws(Errno) -> UInt32 {
        let budget = ProcessRunner.engineAccount()
        let module: Module, bytes: [UInt8]
        do throws(ProcessRunner.LoadError) {
            (module, bytes) = try ProcessRunner.load(request.program, chargingTo: budget)
        } catch {
            if case .overBudget = error { throw .noMemory }
            throw .noExec
        }
        let name = String(decoding: request.name, as: UTF8.self)
        let child: Process
        do throws(ProcessTable.SpawnError) {
            child = try ProcessTable.reserve(name: name, parentPID: parent.pid, deadline: parent.deadline,
                                             timeLimit: parent.timeLimit)
        } catch {
            budget.release(module.footprint)
            throw error == .noMemory ? .noMemory : .again
        }
        let context = WASIContext(arguments: request.arguments, environment: request.environment,
                                  descriptors: request.descriptors, fileSystem: RootFileSystem.shared!,
                                  host: parent.context!.host.owned(by: child), kernelMemory: child.kernelMemory)
        child.context = context
        context.pageMemory = child.pageMemory
        context.devices = request.devices
        parent.childEvents.lock.withLock { parent.children.append(child) }
        let prepared = ProcessRunner.Prepared.success(module, bytes, context)
        child.start { ProcessRunner.execute(prepared, budget: budget, as: child) }
        return UInt32(child.pid)
    }

    /// The end of a child (`pid`, or any), once its thread is gone; nil when none has ended and `blocking` is
    /// false. Blocks without the big kernel lock; EINTR when the caller is being stopped meanwhile.
    private static func wait(for pid: UInt32?, by parent: Process, blocking: Bool) throws(Errno) -> ChildStatus? {
        let events = parent.childEvents
        let found: Result<Process?, Errno> = BigKernelLock.whileReleased {
            let interrupts = InterruptState.disable()
            events.lock.lock()
            defer {
                events.lock.unlock()
                interrupts.restore()
            }
            let wanted = { (child: Process) in pid == nil || UInt32(child.pid) == pid! }
            guard parent.children.contains(where: wanted) else { return .failure(.noChild) }
            while true {
                if let index = parent.children.firstIndex(where: { wanted($0) && $0.ended.load(ordering: .acquiring) }) {
                    return .success(parent.children.remove(at: index))
                }
                if !blocking { return .success(nil) }
                if Scheduler.wait(on: events) == .interrupted { return .failure(.interrupted) }
            }
        }
        guard let child = try found.get() else { return nil }
        // Its thread is about to be gone: waiting for that too means everything it held has come back.
        _ = BigKernelLock.whileReleased { child.thread.join() }
        return status(of: child)
    }

    private static func status(of child: Process) -> ChildStatus {
        let pid = UInt32(child.pid)
        switch child.endingIfEnded ?? .failed("unknown") {
        case .exited(let code):
            return ChildStatus(pid: pid, ending: .exited, code: code)
        case .trapped(let message):
            let ending: ChildStatus.Ending = child.stopReason == nil ? .trapped : .killed
            return ChildStatus(pid: pid, ending: ending, message: Array(message.utf8))
        case .failed(let message):
            return ChildStatus(pid: pid, ending: .failed, message: Array(message.utf8))
        }
    }

    /// Stops a descendant of the caller; one that has ended already is left as it is.
    private static func kill(_ pid: UInt32, by caller: Process) throws(Errno) {
        guard let target = ProcessTable.find(pid: Int(pid)) else {
            let ended = caller.childEvents.lock.withLock { caller.children.contains { UInt32($0.pid) == pid } }
            if ended { return }
            throw .noProcess
        }
        var ancestor = target.parentPID
        while ancestor != caller.pid {
            guard ancestor != 0, let next = ProcessTable.find(pid: ancestor) else { throw .notPermitted }
            ancestor = next.parentPID
        }
        target.stop(.killed)
    }

    /// Every process that has not ended, and the children that have ended and wait for their parent.
    private static func list() -> [ProcessRecord] {
        var records: [ProcessRecord] = []
        for process in ProcessTable.all {
            records.append(record(process))
            let ended = process.childEvents.lock.withLock {
                process.children.filter { $0.ended.load(ordering: .acquiring) }
            }
            for child in ended { records.append(record(child)) }
        }
        return records.sorted { $0.pid < $1.pid }
    }

    private static func record(_ process: Process) -> ProcessRecord {
        let state: ProcessRecord.State
        if process.ended.load(ordering: .acquiring) {
            state = .exited
        } else if let thread = process.thread {
            switch thread.state {
            case .running: state = .running
            case .runnable: state = .runnable
            case .blocked: state = .blocked
            case .exited: state = .exited
            }
        } else {
            state = .runnable  // reserved, about to start
        }
        return ProcessRecord(pid: UInt32(process.pid), parent: UInt32(process.parentPID), state: state,
                             cpuNanoseconds: process.thread == nil ? 0 : process.cpuNanoseconds,
                             memoryBytes: UInt64(process.memoryBytes.load(ordering: .relaxed)),
                             kernelBytes: UInt64(process.kernelBytes), name: Array(process.name.utf8))
    }
}
