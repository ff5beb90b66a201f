import AllocationCounter
import RobotModel
import XCTest

/// The dynamics algorithms run in the 1 kHz loop: once a `Data` exists they must not touch the heap.
final class AllocationTests: XCTestCase {
    func testCounterSeesAllocations() {
        // The zero counts below mean something only if the counter sees an allocation when one happens.
        var keep: [[Double]] = []
        let allocations = countAllocations { for k in 0..<10 { keep.append([Double](repeating: 1, count: 100 + k)) } }
        XCTAssertGreaterThanOrEqual(allocations, 10)
        XCTAssertEqual(keep.count, 10)
    }

    func testAlgorithmsDoNotAllocate() throws {
        for robot in ["Tests/RobotModelTests/Fixtures/urdf/xarm7.urdf", "Tests/RobotModelTests/Fixtures/urdf/skewed_chain.urdf",
                      "robots/so101/robot.urdf"] {
            let model = try Model(urdfPath: RepositoryPaths.path(robot))
            let data = RobotModel.Data(model)
            let n = model.dof
            let q = (0..<n).map { 0.1 * Double($0) - 0.2 }
            let v = (0..<n).map { 0.3 - 0.05 * Double($0) }
            let a = (0..<n).map { 0.2 * Double($0 % 3) - 0.1 }
            let frame = model.frames.count - 1
            let calls: [(String, () -> Void)] = [
                ("forwardKinematics", { forwardKinematics(model, data, q: q) }),
                ("frameJacobian", { frameJacobian(model, data, q: q, frame: frame, in: .localWorldAligned) }),
                ("rnea", { rnea(model, data, q: q, v: v, a: a) }),
                ("generalizedGravity", { generalizedGravity(model, data, q: q) }),
                ("crba", { crba(model, data, q: q) }),
                ("aba", { aba(model, data, q: q, v: v, tau: a) }),
            ]
            for (name, call) in calls {
                call()  // first call outside the window: lazy runtime set-up is not steady state
                let allocations = countAllocations { for _ in 0..<100 { call() } }
                XCTAssertEqual(allocations, 0, "\(robot): \(name) allocated \(allocations) times in 100 calls")
            }
        }
    }
}
