// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Bulwark",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "RiskCore", targets: ["RiskCore"]),
        .library(name: "HTTPServer", targets: ["HTTPServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
    ],
    targets: [
        // Pure risk core: no I/O, no clock, no environment.
        .target(
            name: "RiskCore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]
        ),
        // Minimal HTTP/1.1 server on sockets; knows nothing of risk.
        .target(name: "CSocketShims"),
        .target(name: "HTTPServer", dependencies: ["CSocketShims"]),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer"]),
        .testTarget(
            name: "RiskCoreTests",
            dependencies: ["RiskCore"],
            resources: [.copy("Fixtures")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
