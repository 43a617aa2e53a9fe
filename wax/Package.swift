// swift-tools-version:6.0
// Wax, walos's WebAssembly engine. `Wax` (the engine), `WaxScript` (the spec-script executor) and `WaxNative` (the
// native tier's x86-64 encoder) are portable: they compile as ordinary Swift here and as Embedded Swift in the
// kernel (mk/kernel.mk).
// `WaxWast` (the .wast converter, built on WasmKit's text parser) and the `wax` command line tool are host-only.
import PackageDescription

let package = Package(
    name: "wax",
    products: [
        .library(name: "Wax", targets: ["Wax"]),
        .library(name: "WaxScript", targets: ["WaxScript"]),
        .executable(name: "wax", targets: ["wax-cli"]),
    ],
    dependencies: [
        .package(url: "https://github.com/swiftwasm/WasmKit", exact: "0.4.2"),
    ],
    targets: [
        .target(name: "Wax", dependencies: ["WaxNative", .product(name: "WasmParser", package: "WasmKit")],
                swiftSettings: [.unsafeFlags(["-Xllvm", "-align-all-functions=6", "-Xllvm", "-enable-tail-merge=false"], .when(configuration: .release))]),
        .target(name: "WaxScript", dependencies: ["Wax"]),
        .target(name: "WaxNative"),
        .target(name: "WaxWast", dependencies: ["WaxScript", .product(name: "WAT", package: "WasmKit")]),
        .executableTarget(name: "wax-cli", dependencies: ["Wax", "WaxScript", "WaxWast"]),
        .testTarget(name: "WaxTests", dependencies: ["Wax", "WaxScript", "WaxNative", "WaxWast", .product(name: "WAT", package: "WasmKit")]),
    ]
)
