// swift-tools-version:6.0
// The Wax side of the differential tests: a driver that runs a module the way binaryen's --fuzz-exec does and
// prints what happens, one event a line (format in Sources/wax-fuzz-exec/main.swift). It uses Wax as a library
// because the wax command line tool has no fuzz-exec command.
import PackageDescription

let package = Package(
    name: "wax-fuzz-exec",
    dependencies: [.package(path: "../../../wax")],
    targets: [
        .executableTarget(name: "wax-fuzz-exec", dependencies: [.product(name: "Wax", package: "wax")]),
    ]
)
