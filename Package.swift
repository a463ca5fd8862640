// swift-tools-version:6.0
// memtx: a Memory Transformer Network labeling service.
// Dependencies point one way: memtx → MemoryTransformer → Kernels → COpenBLAS, CKernels.
import PackageDescription

/// The numeric modules are compiled with -O in debug builds too: the test suite trains
/// small models end to end, which unoptimised Swift would make 20-50× slower.
let optimisedEvenInDebug: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]

let package = Package(
    name: "memtx",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "memtx", targets: ["memtx"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // System libraries: only Kernels imports COpenBLAS; only the HTTP layer imports CZlib (gzip).
        .systemLibrary(
            name: "COpenBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(
            name: "CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),
        // AVX2+FMA inference kernels in C, dispatched at run time by Kernels (baseline x86-64 build).
        .target(name: "CKernels", cSettings: [.unsafeFlags(["-O2"], .when(configuration: .debug))]),
        // Pure compute: tensors, GEMM, forward/backward pairs, optimiser. No I/O, no logging.
        .target(name: "Kernels", dependencies: ["COpenBLAS", "CKernels"], swiftSettings: optimisedEvenInDebug),
        // The model: tokenizer, embeddings, memory, two passes, checkpoint, trainer.
        .target(
            name: "MemoryTransformer",
            dependencies: [
                "Kernels",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: optimisedEvenInDebug),
        // The HTTP layer: JSON at the edge, routes, limits; the model sees words only.
        .target(
            name: "Server",
            dependencies: [
                "MemoryTransformer", "CZlib",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            // The API contract (the top-level openapi.yaml links here), served by GET /openapi.yaml.
            resources: [
                .embedInCode("Resources/openapi.yaml"),
                // The web page (WebPageFiles.swift serves each file; a new file needs a line in both).
                .embedInCode("Resources/web/index.html"),
                .embedInCode("Resources/web/app.css"),
                .embedInCode("Resources/web/app.js"),
                .embedInCode("Resources/web/api.js"),
                .embedInCode("Resources/web/document.js"),
                .embedInCode("Resources/web/dom.js"),
                .embedInCode("Resources/web/file.js"),
                .embedInCode("Resources/web/format.js"),
                .embedInCode("Resources/web/label.js"),
                .embedInCode("Resources/web/memory.js"),
                .embedInCode("Resources/web/messages.js"),
                .embedInCode("Resources/web/samples.js"),
                .embedInCode("Resources/web/state.js"),
                .embedInCode("Resources/web/stream.js"),
            ]),
        // The executable: serve, train, eval, label, bench, synth.
        .executableTarget(
            name: "memtx",
            dependencies: [
                "MemoryTransformer", "Kernels", "Server",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        // Naive Double-precision twins of the kernels, for the tests only (no BLAS).
        .target(name: "KernelsTestSupport", dependencies: ["Kernels"], swiftSettings: optimisedEvenInDebug),
        .testTarget(name: "KernelsTests", dependencies: ["Kernels", "KernelsTestSupport"]),
        .testTarget(name: "MemoryTransformerTests", dependencies: ["MemoryTransformer", "Kernels"]),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "MemoryTransformer",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]),
    ],
    swiftLanguageModes: [.v6]
)
