import FileSystem

/// The machine as ACPI describes it, against what the harness started QEMU with (`expect-cpus=N`).
enum PlatformTests {
    static let cases: [KernelTests.Case] = [
        .init(name: "acpi-processors") { check in
            let expected = Kernel.commandLine.value("expect-cpus").flatMap { Int($0) } ?? 1
            let processors = Platform.processors
            check.expect(processors.count == expected, "ACPI lists \(processors.count) processors, QEMU has \(expected)")
            let ids = processors.map { $0.apicID }
            check.expect(ids.contains(LocalAPIC.identifier), "the boot processor's APIC ID \(LocalAPIC.identifier) is not listed")
            check.expect(Set(ids).count == ids.count, "duplicate APIC IDs \(ids)")
            check.expect(Platform.madt?.ioAPICs.count ?? 0 >= 1, "no I/O APIC")
            check.expect(Platform.madt?.localAPICAddress == LocalAPIC.physicalBase, "MADT and the APIC base MSR disagree")
        },
        .init(name: "root-filesystem") { check in
            let fs = RootFileSystem.shared!
            let motd = try? Paths.resolve(Array("etc".utf8), in: fs.root)
            check.expect(motd?.isDirectory == true, "/etc is missing from the root archive")
        },
    ]
}
