// swift-tools-version:6.0
// The host build of walos's portable kernel libraries: each lib/NAME is compiled here as ordinary Swift and
// tested by tests/unit/NAMETests, and compiled a second time as Embedded Swift into the kernel (mk/kernel.mk).
// The WebAssembly engine has its own package in wax/.
import PackageDescription

/// Each library, with the libraries it imports ("package/Product" names a product of a package below).
let libraries: [(name: String, dependencies: [String])] = [
    ("BootInfo", []),
    ("Memory", ["BootInfo"]),
    ("ACPI", []),
    ("ELF", []),
    ("Console", ["BootInfo"]),
    ("FileSystem", ["NineP"]),
    ("NineP", []),
    ("Random", []),
    ("WASIPreview1", ["FileSystem"]),
    ("WASIWax", ["WASIPreview1", "wax/Wax"]),
]

func dependency(_ name: String) -> Target.Dependency {
    let parts = name.split(separator: "/").map(String.init)
    return parts.count == 2 ? .product(name: parts[1], package: parts[0]) : .target(name: name)
}

let package = Package(
    name: "walos",
    products: libraries.map { .library(name: $0.name, targets: [$0.name]) },
    dependencies: [.package(path: "wax")],
    targets: libraries.flatMap { lib -> [Target] in
        [
            .target(name: lib.name, dependencies: lib.dependencies.map(dependency), path: "lib/\(lib.name)"),
            .testTarget(name: "\(lib.name)Tests", dependencies: [.target(name: lib.name)],
                        path: "tests/unit/\(lib.name)Tests"),
        ]
    } + [
        // Host tools.
        .executableTarget(name: "wasi-run", dependencies: ["WASIWax"], path: "tools/wasi-run"),
    ]
)
