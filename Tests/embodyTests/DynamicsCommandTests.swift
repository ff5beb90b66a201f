import Foundation
import XCTest

/// The `embody dynamics` JSON contract, checked end to end against a Pinocchio fixture.
final class DynamicsCommandTests: XCTestCase {
    struct Output: Decodable {
        struct Pose: Decodable { var translation: [Double]; var rotation: [[Double]] }
        struct Sample: Decodable {
            var rnea, aba, gravity: [String: Double]
            var mass_matrix: [[Double]]
            var frames: [String: Pose]
        }
        var joints: [String]
        var samples: [Sample]
    }

    struct Fixture: Decodable {
        struct Sample: Decodable {
            var q, v, a, tau, rnea, aba, gravity: [String: Double]
            var mass_matrix: [[Double]]
            var frames: [String: Output.Pose]
        }
        var urdf: String
        var joints: [String]
        var samples: [Sample]
    }

    func testMatchesPinocchioFixtureThroughTheCLI() throws {
        let fixtureURL = CommandRunner.repositoryRoot.appendingPathComponent("Tests/RobotModelTests/Fixtures/dynamics/panda.json")
        let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: fixtureURL))
        // Leave the zero entries out: a joint left out is 0.
        let samples = fixture.samples.map { s in
            ["q": s.q, "v": s.v, "a": s.a.filter { $0.value != 0 }, "tau": s.tau]
        }
        let input = try JSONSerialization.data(withJSONObject: ["samples": samples])
        let inputURL = FileManager.default.temporaryDirectory.appendingPathComponent("embody-dynamics-\(getpid()).json")
        try input.write(to: inputURL)
        defer { try? FileManager.default.removeItem(at: inputURL) }

        let result = try CommandRunner.run(["dynamics", "--urdf", fixture.urdf, "--input", inputURL.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        let output = try JSONDecoder().decode(Output.self, from: Data(result.stdout.utf8))
        XCTAssertEqual(Set(output.joints), Set(fixture.joints))
        XCTAssertEqual(output.samples.count, fixture.samples.count)
        func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 * max(abs(b), 1) }
        for (ours, reference) in zip(output.samples, fixture.samples) {
            for joint in fixture.joints {
                XCTAssertTrue(close(ours.rnea[joint]!, reference.rnea[joint]!), "rnea \(joint)")
                XCTAssertTrue(close(ours.aba[joint]!, reference.aba[joint]!), "aba \(joint)")
                XCTAssertTrue(close(ours.gravity[joint]!, reference.gravity[joint]!), "gravity \(joint)")
            }
            // mass_matrix is in the output's joint order; the fixture's is in Pinocchio's.
            let position = Dictionary(uniqueKeysWithValues: output.joints.enumerated().map { ($1, $0) })
            for (r, rowJoint) in fixture.joints.enumerated() {
                for (c, columnJoint) in fixture.joints.enumerated() {
                    XCTAssertTrue(close(ours.mass_matrix[position[rowJoint]!][position[columnJoint]!], reference.mass_matrix[r][c]))
                }
            }
            XCTAssertEqual(Set(ours.frames.keys), Set(reference.frames.keys))
            for (link, pose) in reference.frames {
                for i in 0..<3 {
                    XCTAssertTrue(close(ours.frames[link]!.translation[i], pose.translation[i]), "\(link)")
                    for j in 0..<3 { XCTAssertTrue(close(ours.frames[link]!.rotation[i][j], pose.rotation[i][j]), "\(link)") }
                }
            }
        }
    }

    func testStdinAndContinuousJoint() throws {
        // A continuous joint's q is its angle: a quarter turn of the first pendulum joint.
        let input = Data(#"{"samples":[{"q":{"joint1":1.5707963267948966}}]}"#.utf8)
        let result = try CommandRunner.run(
            ["dynamics", "--urdf", "Tests/RobotModelTests/Fixtures/urdf/double_pendulum_continuous.urdf", "--input", "-"], stdin: input)
        XCTAssertEqual(result.status, 0, result.stderr)
        let output = try JSONDecoder().decode(Output.self, from: Data(result.stdout.utf8))
        XCTAssertEqual(output.samples.count, 1)
        XCTAssertEqual(output.joints.count, 2)
    }

    func testBadInputExitsTwoNamingTheProblem() throws {
        let urdf = "robots/pendulum/robot.urdf"
        let cases: [(String, String)] = [
            (#"{"samples":[{"q":{"nope":1}}]}"#, #"samples[0].q names joint "nope""#),
            (#"{"samples":[{"q":{"hinge":"one"}}]}"#, "samples[0].q"),
            (#"{"samples":[{"qq":{}}]}"#, #"unknown key "qq""#),
            (#"{"sample":[]}"#, "samples"),
            (#"{"samples":[{"q":{"#, "not valid JSON"),
        ]
        for (text, fragment) in cases {
            let result = try CommandRunner.run(["dynamics", "--urdf", urdf, "--input", "-"], stdin: Data(text.utf8))
            XCTAssertEqual(result.status, 2, text)
            XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
            XCTAssertTrue(result.stderr.contains(fragment), "\(text): \(result.stderr)")
        }
    }
}
