// swift-tools-version:6.0
import PackageDescription

// The scenario kernel built twice more for wider vector units; the service runs one only when
// the processor supports it (Sources/ScenarioKernels). Other architectures build them plain.
#if arch(x86_64)
let avx2Flags: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "haswell"])]
let avx512Flags: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "skylake-avx512"])]
#else
let avx2Flags: [SwiftSetting] = []
let avx512Flags: [SwiftSetting] = []
#endif

let package = Package(
    name: "Bulwark",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "RiskCore", targets: ["RiskCore"]),
        .library(name: "HTTPServer", targets: ["HTTPServer"]),
        // For the benchmark peer (bench/peers/hummingbird-peer), which serves the same API.
        .library(name: "BulwarkService", targets: ["BulwarkService"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        // Pure risk core: no I/O, no clock, no environment.
        .target(
            name: "RiskCore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]
        ),
        // The risk core's vector kernel for AVX2 and AVX-512, and the processor probe that picks one.
        .target(name: "ScenarioKernelAVX2", dependencies: ["RiskCore"], swiftSettings: avx2Flags),
        .target(name: "ScenarioKernelAVX512", dependencies: ["RiskCore"], swiftSettings: avx512Flags),
        .target(name: "CProcessorFeatures"),
        .target(name: "ScenarioKernels", dependencies: ["RiskCore", "ScenarioKernelAVX2", "ScenarioKernelAVX512", "CProcessorFeatures"]),
        // Minimal HTTP/1.1 server on sockets; knows nothing of risk.
        .target(name: "CSocketShims"),
        .target(name: "HTTPServer", dependencies: ["CSocketShims", "BulwarkJSON"]),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer", "HTTPFuzzing", "TestSupport"], resources: [.copy("FuzzRegressions")]),
        // Helpers the test targets share (waiting on a condition, file limits).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        // libFuzzer target for the request parser: a library and an entry point (docs/FUZZING.md).
        .target(name: "HTTPFuzzing", dependencies: ["HTTPServer"]),
        .executableTarget(name: "http-fuzzer", dependencies: ["HTTPFuzzing"]),
        // libcurl, for the outbound price feeds.
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        // Price feeds over libcurl, aggregation and guards.
        .target(name: "PriceOracle", dependencies: ["CCurl", "BulwarkJSON", "RiskCore"]),
        .testTarget(name: "PriceOracleTests", dependencies: ["PriceOracle", "HTTPServer", "BulwarkJSON", "RiskCore", "TestSupport"]),
        // Strict JSON parsing and writing shared by the API and the price feeds.
        .target(name: "BulwarkJSON"),
        .testTarget(name: "BulwarkJSONTests", dependencies: ["BulwarkJSON"]),
        // Routes, API types, and the engines that run in the background.
        .target(
            name: "BulwarkService",
            dependencies: ["RiskCore", "ScenarioKernels", "HTTPServer", "BulwarkJSON", "PriceOracle", "CSocketShims",
                           .product(name: "Prometheus", package: "swift-prometheus"), .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "Crypto", package: "swift-crypto"), .product(name: "Logging", package: "swift-log"),
                           .product(name: "PostgresNIO", package: "postgres-nio")]
        ),
        // "bulwark" too: the durability tests run the real executable and kill it.
        .testTarget(name: "BulwarkServiceTests", dependencies: ["BulwarkService", "HTTPServer", "RiskCore", "BulwarkJSON", "PriceOracle", "bulwark", "TestSupport",
                                   .product(name: "Crypto", package: "swift-crypto"), .product(name: "GRDB", package: "GRDB.swift"),
                                   .product(name: "PostgresNIO", package: "postgres-nio")],
                    resources: [.copy("Fixtures")]),
        .executableTarget(
            name: "bulwark",
            dependencies: ["BulwarkService", "BulwarkJSON", "HTTPServer", "PriceOracle", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                           .product(name: "Logging", package: "swift-log")]
        ),
        // Benchmarks (not tests), each printing one JSON line: docs/PERFORMANCE.md.
        .executableTarget(name: "bulwark-bench", dependencies: ["BulwarkService", "HTTPServer", "RiskCore", "ScenarioKernels", "BulwarkJSON",
                                                                "CAllocationCounter"]),
        // The benchmark's counting malloc: linked into bulwark-bench only.
        .target(name: "CAllocationCounter"),
        .testTarget(
            name: "RiskCoreTests",
            dependencies: ["RiskCore", "ScenarioKernels"],
            resources: [.copy("Fixtures")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
