// swift-tools-version:6.0
// The HTTP benchmark's peer: a Hummingbird 2 server answering POST /v1/margin and
// GET /v1/accounts/{id}/health through the same BulwarkAPI handlers and RiskCore as Bulwark's
// own server, so the comparison is the HTTP layer alone. Built and run by bench/http-bench.sh.
import PackageDescription

let package = Package(
    name: "HummingbirdPeer",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.0.0"),
        .package(name: "bulwark", path: "../../.."),
    ],
    targets: [
        .executableTarget(
            name: "HummingbirdPeer",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "BulwarkService", package: "bulwark"),
                .product(name: "HTTPServer", package: "bulwark"),
            ]
        ),
    ]
)
