import Foundation
import RobotModel
import Spatial
import XCTest

/// Every algorithm against Pinocchio 4 on the committed fixtures (regenerate them with
/// `python3 tools/fixtures/make_dynamics_fixtures.py`; CI does not need Pinocchio).
final class PinocchioAgreementTests: XCTestCase {
    /// Agreement bound: |ours − Pinocchio| ≤ 1e-9 · max(|Pinocchio|, 1) for every entry.
    static let tolerance = 1e-9

    struct Fixture: Decodable {
        struct Pose: Decodable { var translation: [Double]; var rotation: [[Double]] }
        struct Jacobians: Decodable { var local: [[Double]]; var local_world_aligned: [[Double]] }
        struct Sample: Decodable {
            var q, v, a, tau, rnea, aba, gravity: [String: Double]
            var mass_matrix: [[Double]]
            var frames: [String: Pose]
            var jacobians: [String: Jacobians]
        }
        var urdf: String
        var joints: [String]
        var samples: [Sample]
    }

    static func fixtureFiles() throws -> [URL] {
        let dir = RepositoryPaths.fixtures.appendingPathComponent("dynamics")
        return try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// Tracks the worst error seen so a failure names the robot, sample and quantity.
    struct Checker {
        var label: String
        var worst = 0.0
        mutating func check(_ ours: Double, _ reference: Double, _ what: @autoclosure () -> String,
                            file: StaticString = #filePath, line: UInt = #line) {
            let error = abs(ours - reference) / max(abs(reference), 1)
            worst = max(worst, error)
            if !(error <= PinocchioAgreementTests.tolerance) {
                XCTFail("\(label) \(what()): ours \(ours), Pinocchio \(reference)", file: file, line: line)
            }
        }
    }

    func testAllRobotsAgreeWithPinocchio() throws {
        let files = try Self.fixtureFiles()
        XCTAssertGreaterThanOrEqual(files.count, 10, "expected fixtures for the shipped robots and the public set")
        for file in files {
            let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: file))
            let model = try Model(urdfPath: RepositoryPaths.path(fixture.urdf))
            let data = RobotModel.Data(model)
            let name = file.deletingPathExtension().lastPathComponent
            XCTAssertEqual(Set(model.jointNames), Set(fixture.joints), "\(name): movable joints")
            XCTAssertEqual(model.dof, fixture.joints.count)
            // Map Pinocchio's joint order onto ours by name.
            let ours = fixture.joints.map { model.jointIndex(named: $0)! - 1 }
            func vector(_ values: [String: Double]) -> [Double] {
                var v = [Double](repeating: 0, count: model.dof)
                for (joint, x) in values { v[model.jointIndex(named: joint)! - 1] = x }
                return v
            }
            var checker = Checker(label: name)
            for (k, s) in fixture.samples.enumerated() {
                let q = vector(s.q), v = vector(s.v), a = vector(s.a), tau = vector(s.tau)
                rnea(model, data, q: q, v: v, a: a)
                for (j, joint) in fixture.joints.enumerated() { checker.check(data.tau[ours[j]], s.rnea[joint]!, "sample \(k) rnea \(joint)") }
                aba(model, data, q: q, v: v, tau: tau)
                for (j, joint) in fixture.joints.enumerated() { checker.check(data.ddq[ours[j]], s.aba[joint]!, "sample \(k) aba \(joint)") }
                generalizedGravity(model, data, q: q)
                for (j, joint) in fixture.joints.enumerated() { checker.check(data.gravity[ours[j]], s.gravity[joint]!, "sample \(k) gravity \(joint)") }
                crba(model, data, q: q)
                for r in 0..<model.dof {
                    for c in 0..<model.dof {
                        checker.check(data.massMatrix[ours[r] * model.dof + ours[c]], s.mass_matrix[r][c], "sample \(k) M[\(r)][\(c)]")
                    }
                }
                forwardKinematics(model, data, q: q)
                XCTAssertEqual(Set(model.frames.map(\.name)), Set(s.frames.keys), "\(name): every URDF link is a frame")
                for (f, frame) in model.frames.enumerated() {
                    guard let reference = s.frames[frame.name] else { continue }
                    let pose = data.framePoses[f]
                    for i in 0..<3 {
                        checker.check(pose.translation[i], reference.translation[i], "sample \(k) \(frame.name) translation[\(i)]")
                        for j in 0..<3 {
                            checker.check(pose.rotation[i, j], reference.rotation[i][j], "sample \(k) \(frame.name) rotation[\(i)][\(j)]")
                        }
                    }
                }
                for (link, reference) in s.jacobians {
                    let f = try XCTUnwrap(model.frameIndex(named: link))
                    for (frame, matrix) in [(JacobianFrame.local, reference.local), (.localWorldAligned, reference.local_world_aligned)] {
                        frameJacobian(model, data, q: q, frame: f, in: frame)
                        for r in 0..<6 {
                            for (c, joint) in fixture.joints.enumerated() {
                                checker.check(data.jacobian[r * model.dof + ours[c]], matrix[r][c], "sample \(k) J(\(link), \(frame))[\(r)][\(joint)]")
                            }
                        }
                    }
                }
            }
            print("\(name): \(model.dof) DoF, \(fixture.samples.count) samples, worst relative error \(checker.worst)")
        }
    }
}
