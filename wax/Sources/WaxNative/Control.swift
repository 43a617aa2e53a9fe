/// The stack, calls through registers, flags to values, and traps.
extension X64Assembler {
    /// push (50+r).
    public mutating func push(_ register: GPR) {
        instruction(0x50, plus: register)
    }

    /// pop (58+r).
    public mutating func pop(_ register: GPR) {
        instruction(0x58, plus: register)
    }

    /// call through a register (FF /2).
    public mutating func call(_ target: GPR) {
        instruction(0xFF, reg: 2, rm: .gpr(target))
    }

    /// jmp through a register (FF /4).
    public mutating func jmp(_ target: GPR) {
        instruction(0xFF, reg: 4, rm: .gpr(target))
    }

    /// ret (C3).
    public mutating func ret() {
        emit(0xC3)
    }

    /// The low byte of dst = 1 if the condition holds, else 0 (0F 90+cc); the rest of dst is left as it was.
    public mutating func set(_ condition: Condition, _ dst: GPR) {
        instruction(map: .escape0F, 0x90 | condition.rawValue, reg: 0, rm: .gpr(dst), byteRM: true)
    }

    /// dst = src if the condition holds (0F 40+cc /r). A 32-bit cmov zero-extends dst even when it moves nothing.
    public mutating func cmov(_ condition: Condition, _ size: IntSize, _ dst: GPR, _ src: GPR) {
        instruction(w: size == .i64, map: .escape0F, 0x40 | condition.rawValue, reg: dst.rawValue, rm: .gpr(src))
    }

    public mutating func cmov(_ condition: Condition, _ size: IntSize, _ dst: GPR, _ src: Address) {
        instruction(w: size == .i64, map: .escape0F, 0x40 | condition.rawValue, reg: dst.rawValue, rm: .memory(src))
    }

    /// rdtsc (0F 31): the time-stamp counter in edx:eax.
    public mutating func rdtsc() {
        emit(0x0F)
        emit(0x31)
    }

    /// ud2 (0F 0B): the invalid-opcode fault that generated code raises for a trap.
    public mutating func ud2() {
        emit(0x0F)
        emit(0x0B)
    }

    /// int3 (CC): a breakpoint, also padding that faults if ever run.
    public mutating func int3() {
        emit(0xCC)
    }
}
