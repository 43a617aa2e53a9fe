// swift-tools-version:6.0
// The host build of walos's portable kernel libraries: each lib/NAME is compiled here as ordinary Swift and
// tested by tests/unit/NAMETests, and compiled a second time as Embedded Swift into the kernel (mk/kernel.mk).
// The WebAssembly engine has its own package in wax/.
import PackageDescription

/// Each library, with the libraries it imports.
let libraries: [(name: String, dependencies: [String])] = [
    ("BootInfo", []),
    ("Memory", ["BootInfo"]),
    ("ACPI", []),
    ("ELF", []),
    ("Console", ["BootInfo"]),
    ("FileSystem", []),
]

let package = Package(
    name: "walos",
    products: libraries.map { .library(name: $0.name, targets: [$0.name]) },
    targets: libraries.flatMap { lib -> [Target] in
        [
            .target(name: lib.name, dependencies: lib.dependencies.map { .target(name: $0) }, path: "lib/\(lib.name)"),
            .testTarget(name: "\(lib.name)Tests", dependencies: [.target(name: lib.name)],
                        path: "tests/unit/\(lib.name)Tests"),
        ]
    }
)
