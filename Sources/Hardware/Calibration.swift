import Foundation
import RobotModel

/// One unit's calibration, stored as `calibration/<robot>-<unit>.json` with LeRobot's field names
/// so that LeRobot users can bring their files:
///
/// ```json
/// {"shoulder_pan": {"id": 1, "drive_mode": 0, "homing_offset": -1470, "range_min": 758, "range_max": 3292}, …}
/// ```
///
/// `homing_offset` is written to the servo's Homing Offset register so that the calibration
/// pose (the URDF zero) reads mid-range (2047 of 4096); `range_min`/`range_max` are Present
/// Position limits (written to the Min/Max Position Limit registers); `drive_mode` 1 reverses the
/// joint's direction on the host side.
public struct Calibration: Equatable, Sendable {
    public struct Joint: Equatable, Sendable {
        public var id: Int
        public var driveMode: Int
        public var homingOffset: Int
        public var rangeMin: Int
        public var rangeMax: Int

        public init(id: Int, driveMode: Int = 0, homingOffset: Int, rangeMin: Int, rangeMax: Int) {
            self.id = id
            self.driveMode = driveMode
            self.homingOffset = homingOffset
            self.rangeMin = rangeMin
            self.rangeMax = rangeMax
        }
    }

    /// Per joint, by URDF joint name (LeRobot's motor names for the SO-101 are the same).
    public var joints: [String: Joint]
    /// The file it came from, for messages.
    public var file: String

    public init(joints: [String: Joint], file: String = "calibration") {
        self.joints = joints
        self.file = file
    }

    static let fields = ["id", "drive_mode", "homing_offset", "range_min", "range_max"]

    /// Reads a calibration file; every problem is one line naming the file, joint and field.
    public static func load(contentsOf path: String) throws(CalibrationError) -> Calibration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CalibrationError(file: path, message: FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file")
        }
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data) } catch {
            throw CalibrationError(file: path, message: "not valid JSON (\((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "syntax error"))")
        }
        guard let top = object as? [String: Any] else {
            throw CalibrationError(file: path, message: "expected an object of joints, e.g. {\"shoulder_pan\": {\"id\": 1, …}}")
        }
        var joints: [String: Joint] = [:]
        for (name, value) in top {
            guard let entry = value as? [String: Any] else {
                throw CalibrationError(file: path, joint: name, message: "expected an object with \(fields.joined(separator: ", "))")
            }
            if let unknown = entry.keys.sorted().first(where: { !fields.contains($0) }) {
                throw CalibrationError(file: path, joint: name, field: unknown, message: "unknown field; expected \(fields.joined(separator: ", "))")
            }
            func integer(_ field: String) throws(CalibrationError) -> Int {
                guard let raw = entry[field] else { throw CalibrationError(file: path, joint: name, field: field, message: "missing") }
                guard let number = raw as? NSNumber,
                      let value = Int(exactly: number.doubleValue)
                else { throw CalibrationError(file: path, joint: name, field: field, message: "expected an integer, found \(raw)") }
                return value
            }
            joints[name] = Joint(id: try integer("id"), driveMode: try integer("drive_mode"), homingOffset: try integer("homing_offset"),
                                 rangeMin: try integer("range_min"), rangeMax: try integer("range_max"))
        }
        return Calibration(joints: joints, file: path)
    }

    /// Writes the file as LeRobot does (joints in `order`, 4-space indentation).
    public func save(to path: String, order: [String]? = nil) throws {
        let names = order ?? joints.keys.sorted()
        var lines: [String] = []
        for name in names {
            guard let j = joints[name] else { continue }
            lines.append("    \"\(name)\": {\n        \"id\": \(j.id),\n        \"drive_mode\": \(j.driveMode),\n        \"homing_offset\": \(j.homingOffset),\n        \"range_min\": \(j.rangeMin),\n        \"range_max\": \(j.rangeMax)\n    }")
        }
        try ("{\n" + lines.joined(separator: ",\n") + "\n}\n").write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// Checks this calibration against the robot: every joint has an entry with its servo ID, a
    /// drive mode of 0 or 1, a range inside the encoder's, and a homing offset the servo can
    /// store (±2047 on an STS3215).
    public func validate(against configuration: RobotConfiguration) throws(CalibrationError) {
        for joint in configuration.joints {
            guard let entry = joints[joint.name] else {
                throw CalibrationError(file: file, joint: joint.name, message: "missing; every joint of \(configuration.name) needs an entry")
            }
            if let id = joint.servoID, entry.id != id {
                throw CalibrationError(file: file, joint: joint.name, field: "id", message: "\(entry.id) differs from servo_id \(id) in \(configuration.file)")
            }
            guard entry.driveMode == 0 || entry.driveMode == 1 else {
                throw CalibrationError(file: file, joint: joint.name, field: "drive_mode", message: "expected 0 or 1, found \(entry.driveMode)")
            }
            guard let model = joint.servoModel, let table = ControlTable.named(model) else { continue }
            if table.homingOffset.encode(entry.homingOffset) == nil {
                throw CalibrationError(file: file, joint: joint.name, field: "homing_offset",
                                       message: "\(entry.homingOffset) is beyond what the \(table.model) stores (±\(table.homingOffset.largestMagnitude)); re-calibrate with the servo horn nearer mid-range")
            }
            let top = table.resolution - 1
            guard entry.rangeMin >= 0, entry.rangeMax <= top, entry.rangeMin < entry.rangeMax else {
                throw CalibrationError(file: file, joint: joint.name, field: "range_min",
                                       message: "expected 0 ≤ range_min < range_max ≤ \(top), found \(entry.rangeMin)...\(entry.rangeMax)")
            }
        }
        if let extra = joints.keys.sorted().first(where: { configuration.joint(named: $0) == nil }) {
            throw CalibrationError(file: file, joint: extra, message: "not a joint of \(configuration.name) (\(configuration.joints.map(\.name).joined(separator: ", ")))")
        }
    }

    /// The calibration of a unit whose calibration pose (all joints at the URDF zero) reads
    /// `zeroTicks` per joint (raw encoder, homing offset 0), with ranges from the URDF limits:
    /// what `embody calibrate --non-interactive` records and what the emulator knows of itself.
    /// `ticksPerMetre` maps a prismatic joint's travel to the servo.
    public static func nominal(configuration: RobotConfiguration, model: Model, zeroTicks: [String: Double],
                               ticksPerMetre: Double) throws(CalibrationError) -> Calibration {
        var joints: [String: Joint] = [:]
        for joint in configuration.joints {
            guard let model_ = joint.servoModel, let table = ControlTable.named(model_), let id = joint.servoID,
                  let zero = zeroTicks[joint.name], let index = model.jointIndex(named: joint.name)
            else { throw CalibrationError(file: configuration.file, joint: joint.name, message: "no servo reading or control table") }
            let center = (table.resolution - 1) / 2
            let raw = Int(zero.rounded())
            // Feetech: Present = actual − offset; Dynamixel: Present = actual + offset.
            let offset = table.wireProtocol == .feetech ? raw - center : center - raw
            let perUnit = model.jointInfo[index].type == .prismatic ? ticksPerMetre : Double(table.resolution) / (2 * Double.pi)
            let low = Int((Double(center) + joint.limits.lower * perUnit).rounded(.down))
            let high = Int((Double(center) + joint.limits.upper * perUnit).rounded(.up))
            joints[joint.name] = Joint(id: id, driveMode: 0, homingOffset: offset,
                                       rangeMin: max(0, low), rangeMax: min(table.resolution - 1, high))
        }
        return Calibration(joints: joints, file: "\(configuration.name) (nominal)")
    }
}

/// A calibration file that cannot be used: `calibration/so101-a.json: "elbow_flex" homing_offset: …`.
public struct CalibrationError: Error, CustomStringConvertible, Equatable, Sendable {
    public var file: String
    public var joint: String?
    public var field: String?
    public var message: String

    public init(file: String, joint: String? = nil, field: String? = nil, message: String) {
        self.file = file
        self.joint = joint
        self.field = field
        self.message = message
    }

    public var description: String {
        var text = "\(file): "
        if let joint { text += "\"\(joint)\" " }
        if let field { text += "\(field): " } else if joint != nil { text += ": " }
        return text.replacingOccurrences(of: "\" : ", with: "\": ") + message
    }
}
