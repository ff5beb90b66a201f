import XCTest
@testable import Daemon

final class DaemonConfigurationTests: XCTestCase {
    private func load(_ text: String) throws -> DaemonConfiguration {
        let folder = DaemonFixtures.temporaryFolder()
        let path = folder + "/daemon.toml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return try DaemonConfiguration.load(contentsOf: path)
    }

    private func error(_ text: String) -> String {
        do { _ = try load(text); return "no error" } catch { return "\(error)" }
    }

    func testReadsTheSimulatorConfiguration() throws {
        let folder = DaemonFixtures.temporaryFolder()
        let c = try DaemonConfiguration.load(contentsOf: DaemonFixtures.writeConfig(folder: folder, tcpPort: 8080))
        XCTAssertEqual(c.arm, .simulator(scene: DaemonFixtures.scene))
        XCTAssertEqual(c.unixSocket, folder + "/api.sock")
        XCTAssertEqual(c.tcp, .init(host: "127.0.0.1", port: 8080))
        XCTAssertEqual(c.tokenFile, folder + "/token")
        XCTAssertEqual(c.telemetryRate, 50)
        XCTAssertEqual(c.planner, .scripted)
        XCTAssertFalse(c.lockMemory)
    }

    func testShippedExampleParses() throws {
        let c = try DaemonConfiguration.load(contentsOf: DaemonFixtures.packageRoot + "/packaging/daemon.toml")
        XCTAssertEqual(c.unixSocket, "/run/embody/api.sock")
    }

    func testRelativePathsAreTakenFromTheFile() throws {
        let c = try load("robot = \"robots/so101\"\nemulate = \"scene.toml\"\n")
        guard case .emulated(let scene, _) = c.arm else { return XCTFail("expected emulate") }
        XCTAssertTrue(scene.hasPrefix("/tmp/embody-dt-"), scene)
        XCTAssertTrue(c.robot.hasSuffix("/robots/so101"))
    }

    func testBadInputNamesTheFileLineAndKey() {
        XCTAssertTrue(error("robot = \"r\"\n").contains("no arm: expected one of scene"), error("robot = \"r\"\n"))
        let both = error("robot = \"r\"\nscene = \"a\"\nemulate = \"b\"\n")
        XCTAssertTrue(both.contains(":3: emulate: expected either scene or emulate"), both)
        let planner = error("robot = \"r\"\nscene = \"a\"\nplanner = \"magic\"\n")
        XCTAssertTrue(planner.contains(":3: planner: expected \"scripted\" or \"vla\""), planner)
        let tcp = error("robot = \"r\"\nscene = \"a\"\n[api]\ntcp = \"8080\"\n")
        XCTAssertTrue(tcp.contains(":4: [api] tcp: expected \"HOST:PORT\""), tcp)
        let token = error("robot = \"r\"\nscene = \"a\"\n[api]\ntcp = \"127.0.0.1:8080\"\n")
        XCTAssertTrue(token.contains("[api] token_file: missing"), token)
        let rate = error("robot = \"r\"\nscene = \"a\"\n[telemetry]\nrate = 0\n")
        XCTAssertTrue(rate.contains("[telemetry] rate: expected a positive number"), rate)
        let unknown = error("robot = \"r\"\nscene = \"a\"\nspeed = 3\n")
        XCTAssertTrue(unknown.contains(":3: speed: unknown key"), unknown)
        let serial = error("robot = \"r\"\nport = \"/dev/ttyACM0\"\n")
        XCTAssertTrue(serial.contains("calibration: missing"), serial)
    }

    func testReadsCamerasOfASerialArm() throws {
        let c = try load("robot = \"r\"\nport = \"/dev/ttyACM0\"\ncalibration = \"c.json\"\nplanner = \"vla\"\nmodel = \"m\"\n"
                         + "[cameras]\nfront = \"/dev/video0\"\nwrist = \"clips/wrist.mp4\"\nwrist_calibration = \"wrist.yaml\"\n")
        XCTAssertEqual(c.planner, .vla)
        XCTAssertEqual(c.cameras?.front, .init(source: "/dev/video0"))
        XCTAssertTrue(c.cameras?.front.isDevice ?? false)
        XCTAssertTrue(c.cameras?.wrist.source.hasSuffix("/clips/wrist.mp4") ?? false, "\(String(describing: c.cameras))")
        XCTAssertFalse(c.cameras?.wrist.isDevice ?? true)
        XCTAssertTrue(c.cameras?.wrist.calibration?.hasSuffix("/wrist.yaml") ?? false)
        XCTAssertTrue(DaemonConfiguration.Camera(source: "2").isDevice)
    }

    func testVLAAndCameraMistakesAreOneLineNamingTheKey() {
        let noModel = error("robot = \"r\"\nscene = \"a\"\nplanner = \"vla\"\n")
        XCTAssertTrue(noModel.contains("model: missing; planner = \"vla\" needs the model folder"), noModel)
        let noCameras = error("robot = \"r\"\nport = \"/dev/ttyACM0\"\ncalibration = \"c.json\"\nplanner = \"vla\"\nmodel = \"m\"\n")
        XCTAssertTrue(noCameras.contains("[cameras]: missing; planner = \"vla\" on a serial arm needs front"), noCameras)
        let simulated = error("robot = \"r\"\nscene = \"a\"\n[cameras]\nfront = \"/dev/video0\"\nwrist = \"/dev/video2\"\n")
        XCTAssertTrue(simulated.contains("[cameras]: only used with a serial arm"), simulated)
        let noWrist = error("robot = \"r\"\nport = \"p\"\ncalibration = \"c\"\nplanner = \"vla\"\nmodel = \"m\"\n[cameras]\nfront = \"/dev/video0\"\n")
        XCTAssertTrue(noWrist.contains("[cameras] wrist: missing"), noWrist)
        let typo = error("robot = \"r\"\nport = \"p\"\ncalibration = \"c\"\n[cameras]\nfornt = \"/dev/video0\"\n")
        XCTAssertTrue(typo.contains(":5: [cameras] fornt: unknown key"), typo)
        for message in [noModel, noCameras, simulated, noWrist, typo] {
            XCTAssertEqual(message.split(separator: "\n").count, 1, message)
        }
    }

    func testSerialArmWithAMissingCalibrationIsBadInput() throws {
        let folder = DaemonFixtures.temporaryFolder()
        let calibration = DaemonFixtures.packageRoot + "/calibration/none.json"
        var c = DaemonConfiguration(robot: DaemonFixtures.robot, arm: .serial(port: "/dev/ttyACM0", calibration: calibration))
        c.recordings = folder
        XCTAssertThrowsError(try OnboardDaemon(configuration: c)) { error in
            XCTAssertTrue((error as? DaemonError)?.isBadInput ?? false, "\(error)")
        }
    }
}
