// swift_deallocPartialClassInstance, replacing the Embedded Swift runtime's (a weak symbol), which destroys the
// properties a failed class initializer had set but never frees the object: each such failure leaked the object,
// and a guest could make the kernel fail one as often as it liked (a module whose memory the pool refuses leaked
// a Wax.Memory). This one does what the full runtime does: the same destroys, then swift_deallocClassInstance.
// Assembly because each property destroyer is Swift code that takes the object in r13 (swiftself).
//
// Embedded class metadata: the superclass's metadata at offset 0, the property destroyer (or 0) at 16.

    .section .text.swift_deallocPartialClassInstance, "ax"
    .code64

// void swift_deallocPartialClassInstance(HeapObject *object, ClassMetadata *failed, size_t size,
//                                        size_t alignMask): destroys the properties of each class more derived
// than `failed`, the class whose initializer failed (the compiler has already destroyed what that one had set),
// from the object's own class up, then frees the object.
    .global swift_deallocPartialClassInstance
swift_deallocPartialClassInstance:
    pushq %rbp
    movq %rsp, %rbp
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    movq %rdi, %r12
    movq %rsi, %r14
    movq (%rdi), %r15
1:  cmpq %r14, %r15
    je 3f
    testq %r15, %r15
    je 3f
    movq 16(%r15), %rax
    testq %rax, %rax
    je 2f
    movq %r12, %r13
    call *%rax
2:  movq (%r15), %r15
    jmp 1b
3:  movq %r12, %rdi
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbp
    jmp swift_deallocClassInstance
