import Foundation
import LinearAlgebra
import RobotModel
import Spatial

/// Cartesian tool control by damped least squares: each call moves joint positions toward a tool
/// position with the tool's approach axis pointing a given way, using the world-aligned frame
/// Jacobian. Near a joint limit that joint's column is weighted down (so the others take over) and
/// the result is clamped inside the limits. Allocation-free after init; one instance per thread.
public final class DifferentialIK {
    public let model: Model
    /// The robot frame controlled (the tool / grasp frame).
    public let frame: Int
    /// The joints it may move (indices into q), e.g. the arm without the gripper.
    public let joints: [Int]
    /// Offset of the controlled point in the frame (e.g. from the tool frame to the grasp centre).
    public var pointOffset: Vec3
    /// Axis of the tool frame that should point along `approach` (e.g. its z axis pointing down).
    public var toolAxis: Vec3
    /// Tool-frame axis across the jaws (what a yaw target turns about the vertical).
    public var jawAxis: Vec3
    /// Relative weight of the two orientation rows against the three position rows.
    public var orientationWeight: Double
    /// λ of the damped least squares.
    public var damping: Double

    private let data: RobotModel.Data
    private let solver: DampedLeastSquares
    private var jacobian: [Double]
    private var error: [Double]
    private var step: [Double]
    private var columnScale: [Double]
    private let ranges: [ClosedRange<Double>]

    public init(model: Model, frame: Int, joints: [Int], pointOffset: Vec3 = .zero, toolAxis: Vec3 = .unitZ,
                jawAxis: Vec3 = .unitX, orientationWeight: Double = 0.3, damping: Double = 0.01) throws {
        self.jawAxis = jawAxis
        self.model = model
        self.frame = frame
        self.joints = joints
        self.pointOffset = pointOffset
        self.toolAxis = toolAxis
        self.orientationWeight = orientationWeight
        self.damping = damping
        data = RobotModel.Data(model)
        solver = try DampedLeastSquares(maxJoints: joints.count)
        jacobian = Array(repeating: 0, count: 6 * joints.count)
        error = Array(repeating: 0, count: 6)
        step = Array(repeating: 0, count: joints.count)
        columnScale = Array(repeating: 1, count: joints.count)
        ranges = model.jointInfo.dropFirst().map(\.positionRange)
    }

    /// World position of the controlled point for joint positions `q` (robot base frame).
    public func pointPosition(_ q: [Double]) -> Vec3 {
        forwardKinematics(model, data, q: q)
        return data.framePoses[frame].act(point: pointOffset)
    }

    /// One damped-least-squares step of `q` toward `target` with the tool axis along `approach`
    /// and, when `yaw` is a number, the jaw axis at that heading about the vertical (modulo a
    /// quarter turn: a box can be taken across either pair of faces, whichever is nearer);
    /// returns the remaining position error (m). `gain` ∈ (0, 1] scales the step.
    @discardableResult
    public func update(_ q: inout [Double], target: Vec3, approach: Vec3, yaw: Double = .nan, gain: Double = 1) -> Double {
        let n = model.dof
        let k = joints.count
        frameJacobian(model, data, q: q, frame: frame, in: .localWorldAligned)
        let pose = data.framePoses[frame]
        let lever = pose.rotation * pointOffset
        let point = pose.translation + lever
        let axis = pose.rotation * toolAxis
        // Rotation that turns the tool axis onto the approach direction (small-angle), expressed
        // along the two directions perpendicular to the axis: rotation about the axis is free.
        let rotationError = axis.cross(approach)
        let (u, v) = perpendiculars(axis)
        let positionError = target - point
        error[0] = positionError.x; error[1] = positionError.y; error[2] = positionError.z
        error[3] = orientationWeight * u.dot(rotationError)
        error[4] = orientationWeight * v.dot(rotationError)
        let rows = yaw.isNaN ? 5 : 6
        if rows == 6 {
            let jaw = pose.rotation * jawAxis
            var heading = Foundation.atan2(jaw.y, jaw.x) - yaw
            heading -= (heading / (Double.pi / 2)).rounded() * (Double.pi / 2)
            error[5] = -orientationWeight * heading
        }
        for c in 0..<k {
            let j = joints[c]
            // Column scale: 1 away from the limits, down to 0.05 within 0.2 rad (or m) of one.
            let range = ranges[j]
            let distance = min(q[j] - range.lowerBound, range.upperBound - q[j])
            columnScale[c] = min(1, max(0.05, distance / 0.2))
            let s = columnScale[c]
            let linear = Vec3(data.jacobian[j], data.jacobian[n + j], data.jacobian[2 * n + j])
            let angular = Vec3(data.jacobian[3 * n + j], data.jacobian[4 * n + j], data.jacobian[5 * n + j])
            let pointVelocity = linear + angular.cross(lever)
            jacobian[c] = s * pointVelocity.x
            jacobian[k + c] = s * pointVelocity.y
            jacobian[2 * k + c] = s * pointVelocity.z
            jacobian[3 * k + c] = s * orientationWeight * u.dot(angular)
            jacobian[4 * k + c] = s * orientationWeight * v.dot(angular)
            jacobian[5 * k + c] = s * orientationWeight * angular.z
        }
        let solved: Bool = jacobian.withUnsafeBufferPointer { jac in
            error.withUnsafeBufferPointer { err in
                step.withUnsafeMutableBufferPointer { dq in
                    (try? solver.solve(jacobian: UnsafeBufferPointer(rebasing: jac[0..<(rows * k)]), rows: rows, joints: k,
                                       error: UnsafeBufferPointer(rebasing: err[0..<rows]), damping: damping, into: dq)) != nil
                }
            }
        }
        if solved {
            for c in 0..<k {
                let j = joints[c]
                let range = ranges[j]
                q[j] = min(max(q[j] + gain * columnScale[c] * step[c], range.lowerBound), range.upperBound)
            }
        }
        return positionError.norm
    }

    /// Iterates `update` until the point is within `tolerance` of `target` (or `iterations` run out).
    @discardableResult
    public func solve(_ q: inout [Double], target: Vec3, approach: Vec3, yaw: Double = .nan, tolerance: Double = 1e-4,
                      iterations: Int = 100) -> Double {
        var remaining = Double.infinity
        for _ in 0..<iterations {
            remaining = update(&q, target: target, approach: approach, yaw: yaw)
            if remaining < tolerance { break }
        }
        return pointPosition(q).distance(to: target)
    }
}

/// Two unit vectors perpendicular to `a` and to each other.
@inline(__always)
func perpendiculars(_ a: Vec3) -> (Vec3, Vec3) {
    let helper = abs(a.x) < 0.57 ? Vec3.unitX : Vec3.unitY
    let u = a.cross(helper).normalized ?? .unitY
    return (u, a.cross(u))
}

extension Vec3 {
    @inlinable
    func distance(to other: Vec3) -> Double { (self - other).norm }
}
