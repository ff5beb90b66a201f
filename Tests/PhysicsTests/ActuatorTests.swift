import Physics
import XCTest

/// The servo model against what a real STS3215/Dynamixel position loop does.
final class ActuatorTests: XCTestCase {
    let servo = ActuatorModel(kind: .positionServo, kp: 10, kd: 0.5, maxTorque: 2.94, maxVelocity: 4.71,
                              encoderTicksPerTurn: 4096)

    func testEncoderQuantisesTo4096TicksPerTurn() {
        let tick = 2 * Double.pi / 4096
        XCTAssertEqual(servo.quantised(0.4 * tick), 0)
        XCTAssertEqual(servo.quantised(0.6 * tick), tick, accuracy: 1e-15)
        XCTAssertEqual(servo.quantised(-1000.4 * tick), -1000 * tick, accuracy: 1e-12)
        XCTAssertEqual(ActuatorModel(kind: .positionServo, kp: 1).quantised(0.123456), 0.123456, "0 ticks: ideal encoder")
    }

    func testPositionServoIsProportionalDerivativeWithinStallTorque() {
        let command = JointCommand(position: 0.1)
        XCTAssertEqual(servo.torque(measured: 0, v: 0, command: command), 1.0, accuracy: 1e-12)
        XCTAssertEqual(servo.torque(measured: 0, v: 0.4, command: command), 10 * 0.1 - 0.5 * 0.4, accuracy: 1e-12)
        XCTAssertEqual(servo.torque(measured: 0, v: 0, command: JointCommand(position: 5)), 2.94, "saturates at stall torque")
        XCTAssertEqual(servo.torque(measured: 0, v: 0, command: JointCommand(position: -5)), -2.94)
    }

    func testTorqueFallsLinearlyToZeroAtNoLoadSpeed() {
        let far = JointCommand(position: 100)
        // Driving with the motion: the motor's torque–speed line.
        XCTAssertEqual(servo.torque(measured: 0, v: 4.71 / 2, command: far), 2.94 / 2, accuracy: 1e-12)
        XCTAssertEqual(servo.torque(measured: 0, v: 4.71, command: far), 0, accuracy: 1e-12)
        XCTAssertEqual(servo.torque(measured: 0, v: 6, command: far), 0)
        // Braking against the motion keeps the full stall torque.
        XCTAssertEqual(servo.torque(measured: 0, v: -4, command: far), 2.94)
    }

    func testVelocityAndTorqueModes() {
        let velocity = ActuatorModel(kind: .velocity, kp: 2, maxTorque: 1)
        XCTAssertEqual(velocity.torque(measured: 0, v: 0.2, command: JointCommand(velocity: 0.5)), 0.6, accuracy: 1e-12)
        XCTAssertEqual(velocity.torque(measured: 0, v: 0, command: JointCommand(velocity: 5)), 1)
        let torque = ActuatorModel(kind: .torque, maxTorque: 3)
        XCTAssertEqual(torque.torque(measured: 1, v: 1, command: JointCommand(torque: -2)), -2)
        XCTAssertEqual(torque.torque(measured: 1, v: 0, command: JointCommand(torque: 7)), 3)
        XCTAssertEqual(ActuatorModel.passive.torque(measured: 1, v: 1, command: JointCommand(position: 2, torque: 2)), 0)
    }
}
