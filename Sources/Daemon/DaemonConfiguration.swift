import Foundation
import RobotModel
import TOMLKit

/// What `embody daemon --config FILE` runs: which robot, how it is reached, the planner, where the
/// control API listens, where recordings go and how often telemetry is sent. Read from TOML
/// (packaging/daemon.toml is the annotated example); relative paths are relative to the file, so a
/// unit started in `/` finds what sits beside its configuration.
public struct DaemonConfiguration: Sendable, Equatable {
    /// How the daemon reaches the arm.
    public enum Arm: Sendable, Equatable {
        /// The built-in simulator, paced to the wall clock.
        case simulator(scene: String)
        /// A servo bus on a serial port, with the unit's calibration file.
        case serial(port: String, calibration: String)
        /// An in-process servo-chain emulator with `scene` as its plant, on a pseudo-terminal
        /// linked at `link` (as `embody run --emulate`).
        case emulated(scene: String, link: String)
    }

    /// Where the TCP listener binds.
    public struct TCPListener: Sendable, Equatable {
        public var host: String
        public var port: Int
    }

    /// One camera of a real arm: a V4L2 device ("/dev/video0", or its number "0") or a video file
    /// (replayed at its frame rate, looping), with an optional OpenCV/ROS calibration YAML to
    /// undistort with.
    public struct Camera: Sendable, Equatable {
        public var source: String
        public var calibration: String?

        public init(source: String, calibration: String? = nil) {
            self.source = source
            self.calibration = calibration
        }

        /// A device node or number, rather than a file to replay.
        public var isDevice: Bool { source.hasPrefix("/dev/") || (!source.isEmpty && source.allSatisfy(\.isNumber)) }
    }

    /// The cameras the VLA planner sees on a real arm, as it was trained: one facing the
    /// workspace and one on the wrist.
    public struct Cameras: Sendable, Equatable {
        public var front: Camera
        public var wrist: Camera

        public init(front: Camera, wrist: Camera) {
            self.front = front
            self.wrist = wrist
        }
    }

    /// Planners the 10 Hz slot can hold.
    public enum Planner: String, Sendable, Equatable, CaseIterable {
        case scripted, vla
    }

    /// Robot folder (robot.urdf and robot.toml).
    public var robot: String
    public var arm: Arm
    public var planner: Planner = .scripted
    /// The VLA planner's model folder (planner = "vla").
    public var model: String?
    /// A real arm's cameras (`[cameras]`; the simulator and the emulator render theirs).
    public var cameras: Cameras?
    /// Control API on a Unix socket (always) and, optionally, on TCP with a bearer token.
    public var unixSocket = "/run/embody/api.sock"
    public var tcp: TCPListener?
    /// File holding the TCP listener's bearer token (required with `tcp`).
    public var tokenFile: String?
    /// Folder MCAP recordings are written into (created if missing).
    public var recordings = "/var/lib/embody/recordings"
    /// WebSocket telemetry samples per second (the ring is drained at this rate).
    public var telemetryRate = 50.0
    /// Wall-clock seconds one task may take.
    public var episodeTimeLimit = 25.0
    /// Real-time priority and memory locking of the controller thread (as `embody run`).
    public var priority: Int32? = 80
    public var lockMemory = true

    public init(robot: String, arm: Arm) {
        self.robot = robot
        self.arm = arm
    }

    /// Reads and checks `path`. Errors name the file, line and key and say what was expected.
    public static func load(contentsOf path: String) throws(ConfigurationFileError) -> DaemonConfiguration {
        let text = try TOMLDocument.text(contentsOf: path)
        return try DaemonConfigurationReader(file: path, text: text).read()
    }
}

/// The tables of daemon.toml, as errors name them.
enum DaemonTable: TOMLTableName {
    case root, api, telemetry, episode, cameras

    var header: String? {
        switch self {
        case .root: nil
        case .cameras: "[cameras]"
        case .api: "[api]"
        case .telemetry: "[telemetry]"
        case .episode: "[episode]"
        }
    }

    var sourceName: String {
        switch self {
        case .root: ""
        case .api: "api"
        case .telemetry: "telemetry"
        case .episode: "episode"
        case .cameras: "cameras"
        }
    }
}

/// The schema of daemon.toml.
struct DaemonConfigurationReader: TOMLValueReading {
    typealias Table = DaemonTable
    let file: String
    let lines: TOMLSourceLines
    let text: String
    /// The configuration file's folder: relative paths are taken from here.
    let base: String

    init(file: String, text: String) {
        self.file = file
        self.text = text
        lines = TOMLSourceLines(text, repeatedHeader: .first, fileArrayNames: false)
        base = URL(fileURLWithPath: file).deletingLastPathComponent().path
    }

    func resolve(_ path: String) -> String {
        path.hasPrefix("/") ? path : URL(fileURLWithPath: base).appendingPathComponent(path).standardizedFileURL.path
    }

    func read() throws(ConfigurationFileError) -> DaemonConfiguration {
        let root = try TOMLDocument.parse(text, file: file)
        try onlyKnownKeys(root, ["robot", "scene", "port", "calibration", "emulate", "planner", "model", "recordings",
                                 "api", "telemetry", "episode", "cameras"], in: .root)
        let robot = resolve(try string(root, "robot", in: .root, why: "the robot folder, e.g. \"robots/so101\"")!)
        let scene = try string(root, "scene", in: .root, required: false)
        let port = try string(root, "port", in: .root, required: false)
        let calibration = try string(root, "calibration", in: .root, required: false)
        let emulate = try string(root, "emulate", in: .root, required: false)
        let arm: DaemonConfiguration.Arm
        switch (scene, emulate) {
        case (let scene?, nil):
            if port != nil { throw fail(.root, "port", "not used with scene (the simulator); remove it, or use emulate for a serial arm") }
            if calibration != nil { throw fail(.root, "calibration", "not used with scene (the simulator)") }
            arm = .simulator(scene: resolve(scene))
        case (nil, let emulate?):
            if calibration != nil { throw fail(.root, "calibration", "not used with emulate (the emulated unit's own is used)") }
            arm = .emulated(scene: resolve(emulate), link: port.map(resolve) ?? "/tmp/embody-daemon-\(getpid()).tty")
        case (nil, nil):
            guard let port else {
                throw fail(.root, nil, "no arm: expected one of scene = \"…\" (simulator), port = \"…\" with calibration = \"…\" (serial arm), or emulate = \"…\" (emulated serial arm)")
            }
            guard let calibration else { throw fail(.root, "calibration", "missing; a serial arm needs its calibration file") }
            arm = .serial(port: port, calibration: resolve(calibration))
        case (_?, _?):
            throw fail(.root, "emulate", "expected either scene or emulate, found both")
        }
        var configuration = DaemonConfiguration(robot: robot, arm: arm)
        if let planner = try string(root, "planner", in: .root, required: false) {
            guard let chosen = DaemonConfiguration.Planner(rawValue: planner) else {
                throw fail(.root, "planner", "expected \"scripted\" or \"vla\", found \"\(planner)\"")
            }
            configuration.planner = chosen
        }
        configuration.model = try string(root, "model", in: .root, required: false).map(resolve)
        if configuration.planner == .vla, configuration.model == nil {
            throw fail(.root, "model", "missing; planner = \"vla\" needs the model folder")
        }
        configuration.cameras = try cameras(root, arm: arm, planner: configuration.planner)
        if let recordings = try string(root, "recordings", in: .root, required: false) { configuration.recordings = resolve(recordings) }
        if let api = try section(root, .api, required: false) {
            try onlyKnownKeys(api, ["unix", "tcp", "token_file"], in: .api)
            if let unix = try string(api, "unix", in: .api, required: false) { configuration.unixSocket = resolve(unix) }
            if let tcp = try string(api, "tcp", in: .api, required: false) {
                guard let colon = tcp.lastIndex(of: ":"), let port = Int(tcp[tcp.index(after: colon)...]), (1...65535).contains(port),
                      colon > tcp.startIndex else {
                    throw fail(.api, "tcp", "expected \"HOST:PORT\" such as \"127.0.0.1:8080\", found \"\(tcp)\"")
                }
                configuration.tcp = .init(host: String(tcp[..<colon]), port: port)
                guard let token = try string(api, "token_file", in: .api, required: false) else {
                    throw fail(.api, "token_file", "missing; the TCP listener needs a bearer token file")
                }
                configuration.tokenFile = resolve(token)
            } else if api["token_file"] != nil {
                throw fail(.api, "token_file", "only used with tcp")
            }
        }
        if let telemetry = try section(root, .telemetry, required: false) {
            try onlyKnownKeys(telemetry, ["rate"], in: .telemetry)
            if telemetry["rate"] != nil {
                let rate = try number(telemetry, "rate", in: .telemetry, positive: true)
                guard rate >= 1, rate <= 500 else { throw fail(.telemetry, "rate", "expected 1 to 500 samples per second, found \(rate)") }
                configuration.telemetryRate = rate
            }
        }
        if let episode = try section(root, .episode, required: false) {
            try onlyKnownKeys(episode, ["time_limit", "priority", "lock_memory"], in: .episode)
            if episode["time_limit"] != nil { configuration.episodeTimeLimit = try number(episode, "time_limit", in: .episode, positive: true) }
            if let priority = try integer(episode, "priority", in: .episode, required: false) {
                guard (0...99).contains(priority) else { throw fail(.episode, "priority", "expected 0 (normal scheduling) to 99, found \(priority)") }
                configuration.priority = priority == 0 ? nil : Int32(priority)
            }
            if let lock = try bool(episode, "lock_memory", in: .episode) { configuration.lockMemory = lock }
        }
        return configuration
    }

    /// `[cameras]`: only for a real arm, where planner = "vla" needs both.
    private func cameras(_ root: TOMLTable, arm: DaemonConfiguration.Arm,
                         planner: DaemonConfiguration.Planner) throws(ConfigurationFileError) -> DaemonConfiguration.Cameras? {
        guard let table = try section(root, .cameras, required: false) else {
            if case .serial = arm, planner == .vla {
                throw fail(.root, nil, "[cameras]: missing; planner = \"vla\" on a serial arm needs front = \"/dev/videoN\" and wrist = \"/dev/videoM\" (V4L2 devices or video files)")
            }
            return nil
        }
        guard case .serial = arm else {
            throw fail(.cameras, nil, "only used with a serial arm (port + calibration); the simulator and the emulator render their own cameras")
        }
        try onlyKnownKeys(table, ["front", "wrist", "front_calibration", "wrist_calibration"], in: .cameras)
        func camera(_ name: String) throws(ConfigurationFileError) -> DaemonConfiguration.Camera {
            let source = try string(table, name, in: .cameras, why: "a V4L2 device such as \"/dev/video0\" or a video file")!
            var camera = DaemonConfiguration.Camera(source: source)
            if !camera.isDevice { camera.source = resolve(source) }
            camera.calibration = try string(table, name + "_calibration", in: .cameras, required: false).map(resolve)
            return camera
        }
        return DaemonConfiguration.Cameras(front: try camera("front"), wrist: try camera("wrist"))
    }
}
