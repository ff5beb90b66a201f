// swift-tools-version: 6.0
import PackageDescription

/// Embody: a robotics control stack. See DESIGN.md in the shared folder for the part map.
let package = Package(
    name: "Embody",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "embody", targets: ["embody"]),
        .library(name: "RobotModel", targets: ["RobotModel"]),
        .library(name: "Spatial", targets: ["Spatial"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/ordo-one/malloc-interposer", from: "1.6.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-atomics", from: "1.2.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.1.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.5.0"),
    ],
    targets: [
        // Rigid-body value types: rotations, transforms, spatial motion/force, spatial inertia.
        .target(name: "Spatial"),
        // URDF → Model, Data workspace, and the dynamics algorithms as free functions.
        .target(
            name: "RobotModel",
            dependencies: ["Spatial", .product(name: "TOMLKit", package: "TOMLKit")]
        ),
        // The built-in simulator: world, collision, contact solver, actuators, sensors, camera renderer.
        .target(
            name: "Physics",
            dependencies: ["Spatial", "RobotModel", "LinearAlgebra", "Imaging", .product(name: "TOMLKit", package: "TOMLKit")]
        ),
        // 1 kHz controllers, online trajectory generation, the planner contract.
        .target(name: "Control", dependencies: ["Spatial", "RobotModel", "LinearAlgebra"]),
        // The supervisor: limits, braking envelope, watchdogs, stops; the only producer of
        // SafeCommand, which is all a RobotInterface accepts.
        .target(name: "Safety", dependencies: ["Control", "RobotModel", "Spatial"]),
        // Event sensing: DVS emulation from frames, send-on-delta, event buffers, AEDAT4/EVT files.
        .target(name: "Events", dependencies: ["Imaging"]),
        // The multi-rate executive: real-time thread, clocks, lock-free handoff, telemetry.
        .target(
            name: "Runtime",
            dependencies: [
                "Control", "Safety", "Physics", "Events", "AllocationCounter",
                .product(name: "Atomics", package: "swift-atomics"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ]
        ),
        // Swift faces of NativeKit: dense solvers (Eigen) and images/video (OpenCV).
        .target(name: "LinearAlgebra", dependencies: ["NativeKit"]),
        .target(name: "Imaging", dependencies: ["NativeKit"]),
        // The only C++ in the package: Eigen and OpenCV behind a C ABI.
        .target(
            name: "NativeKit",
            dependencies: ["CEigen3", "COpenCV"],
            cxxSettings: [.unsafeFlags(["-O2"])]
        ),
        .systemLibrary(name: "CEigen3", pkgConfig: "eigen3", providers: [.apt(["libeigen3-dev"])]),
        .systemLibrary(name: "COpenCV", pkgConfig: "opencv4", providers: [.apt(["libopencv-dev"])]),
        .systemLibrary(name: "CSerialPort", pkgConfig: "libserialport", providers: [.apt(["libserialport-dev"])]),
        // Serial ports, Dynamixel 2.0 and Feetech codecs, bus drivers, the servo-chain emulator.
        .target(name: "Hardware", dependencies: ["CSerialPort", "RobotModel", "Control", "Safety", "Physics"]),
        // Safetensors files: the one container for datasets and model weights shared with Python.
        .target(name: "Tensors"),
        // The 10 Hz vision-language-action planner: config, weights, the forward pass with a KV cache.
        .target(
            name: "VLA",
            dependencies: ["Tensors", "LinearAlgebra", "Control", "Spatial"],
            swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]
        ),
        // Demonstrations of the scripted expert recorded as training data, and the VLA planner that
        // sees what they recorded.
        .target(name: "Demonstrations", dependencies: ["Runtime", "Physics", "Events", "Tensors", "Control", "Spatial", "VLA"]),
        // MCAP recording: crash-safe chunked files of what the robot did.
        .target(name: "Recording", dependencies: ["Imaging"]),
        // The headless onboard service: control API (HTTP + WebSocket on a Unix socket), metrics,
        // systemd notifications, recording.
        .target(
            name: "Daemon",
            dependencies: [
                "Runtime", "Safety", "Hardware", "Physics", "Control", "RobotModel", "Recording",
                "Demonstrations", "VLA", "Imaging", "Events", "Spatial",
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Counts heap allocations on the calling thread (tests and `embody bench`).
        .target(
            name: "AllocationCounter",
            dependencies: [.product(name: "MallocInterposerSwift", package: "malloc-interposer")]
        ),
        .executableTarget(
            name: "embody",
            dependencies: [
                "RobotModel", "Physics", "Control", "Safety", "Runtime", "Imaging", "Events", "Hardware", "AllocationCounter",
                "Tensors", "VLA", "Demonstrations", "Recording", "Daemon",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "SpatialTests", dependencies: ["Spatial"]),
        .testTarget(
            name: "RobotModelTests",
            dependencies: ["RobotModel", "Spatial", "LinearAlgebra", "AllocationCounter"],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "PhysicsTests", dependencies: ["Physics", "AllocationCounter"], exclude: ["Fixtures"]),
        .testTarget(name: "ControlTests", dependencies: ["Control", "AllocationCounter"]),
        .testTarget(name: "SafetyTests", dependencies: ["Safety", "RobotModel", "Spatial", "AllocationCounter"]),
        .testTarget(name: "EventsTests", dependencies: ["Events", "AllocationCounter"], exclude: ["Fixtures"]),
        .testTarget(name: "RuntimeTests", dependencies: ["Runtime", "Safety", "Physics", "Events", "RobotModel", "Spatial", "Control", "AllocationCounter"]),
        .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra", "AllocationCounter"]),
        .testTarget(name: "ImagingTests", dependencies: ["Imaging", "Physics"]),
        .testTarget(name: "TensorsTests", dependencies: ["Tensors"]),
        .testTarget(name: "VLATests", dependencies: ["VLA", "Tensors", "AllocationCounter"], exclude: ["Fixtures"]),
        .testTarget(name: "DemonstrationsTests", dependencies: ["Demonstrations", "Tensors", "Runtime", "Physics"]),
        .testTarget(name: "RecordingTests", dependencies: ["Recording"]),
        .testTarget(
            name: "DaemonTests",
            dependencies: ["Daemon", "Runtime", "Hardware", "Physics", "Imaging", "Demonstrations", "VLA", "Recording", "AllocationCounter",
                           .product(name: "HummingbirdTesting", package: "hummingbird")]
        ),
        .testTarget(name: "HardwareTests", dependencies: ["Hardware", "AllocationCounter"], exclude: ["Fixtures"]),
        .testTarget(name: "embodyTests", dependencies: ["embody"]),
    ],
    cxxLanguageStandard: .cxx17
)
