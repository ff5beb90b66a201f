/// Why the supervisor changed or stopped a command. Filter actions modify a command and let the
/// robot go on; watchdog and sensor reasons are faults that stop it.
public enum InterventionReason: Int, CaseIterable, Sendable {
    // Filter actions (the command was projected, the robot goes on).
    case velocity, acceleration, jerk, envelope, torque
    case workspace, tableClearance, baseColumn, toolSpeed
    // Controlled stop and hold until a fresh chunk (not latched).
    case staleChunk
    // Latched faults (need an explicit reset).
    case invalidCommand, missedTick, staleState, sensorInvalid, sensorRange, encoderJump, overload, eStop, stopRequest, robotFault, intrusion

    /// snake_case, as the run summary and metrics name it.
    public var name: String {
        switch self {
        case .velocity: "velocity"
        case .acceleration: "acceleration"
        case .jerk: "jerk"
        case .envelope: "braking_envelope"
        case .torque: "torque"
        case .workspace: "workspace"
        case .tableClearance: "table_clearance"
        case .baseColumn: "base_column"
        case .toolSpeed: "tool_speed"
        case .staleChunk: "stale_chunk"
        case .invalidCommand: "invalid_command"
        case .missedTick: "missed_tick"
        case .staleState: "stale_state"
        case .sensorInvalid: "sensor_invalid"
        case .sensorRange: "sensor_range"
        case .encoderJump: "encoder_jump"
        case .overload: "overload"
        case .eStop: "e_stop"
        case .stopRequest: "stop_request"
        case .robotFault: "robot_fault"
        case .intrusion: "intrusion"
        }
    }

    /// The IEC 60204-1 stop category a fault of this kind triggers (nil: not a fault).
    func stopCategory(eStop: StopCategory) -> StopCategory? {
        switch self {
        case .velocity, .acceleration, .jerk, .envelope, .torque, .workspace, .tableClearance, .baseColumn, .toolSpeed:
            nil
        case .staleChunk, .invalidCommand, .stopRequest, .intrusion, .overload: .two
        case .missedTick, .staleState, .sensorInvalid, .sensorRange, .encoderJump, .robotFault: .one
        case .eStop: eStop
        }
    }
}

/// IEC 60204-1 stop categories.
public enum StopCategory: Int, Sendable, Equatable {
    /// Remove power at once.
    case zero = 0
    /// Controlled stop, then remove power.
    case one = 1
    /// Controlled stop, power kept: hold position.
    case two = 2
}

/// A latched fault: what, which joint (if one), when (supervisor time, ns).
public struct SafetyFault: Sendable, Equatable, CustomStringConvertible {
    public var reason: InterventionReason
    public var joint: Int?
    public var time: Int64
    /// The offending value (position, age in ns, …) where one applies.
    public var value: Double

    public var description: String {
        var text = reason.name
        if let joint { text += " (joint \(joint))" }
        if !value.isNaN { text += " value \(value)" }
        return text
    }
}

/// Counts per reason: onsets (a reason becoming active) and ticks it was active. Fixed-size, so
/// counting never allocates.
public struct InterventionCounts: Sendable {
    public private(set) var onsets = InlineArray<24, Int64>(repeating: 0)
    public private(set) var ticks = InlineArray<24, Int64>(repeating: 0)
    private var active: UInt32 = 0
    private var current: UInt32 = 0

    public init() {}

    mutating func note(_ reason: InterventionReason) { current |= 1 << UInt32(reason.rawValue) }

    /// Ends a tick: counts each reason active in it, and an onset for each not active in the previous one.
    mutating func endTick() {
        var bits = current
        while bits != 0 {
            let r = bits.trailingZeroBitCount
            ticks[r] += 1
            if active & (1 << UInt32(r)) == 0 { onsets[r] += 1 }
            bits &= bits - 1
        }
        active = current
        current = 0
    }

    /// All onsets: the run summary's `interventions`.
    public var total: Int64 {
        var sum: Int64 = 0
        for r in InterventionReason.allCases { sum += onsets[r.rawValue] }
        return sum
    }

    public func onsets(_ reason: InterventionReason) -> Int64 { onsets[reason.rawValue] }
    public func ticks(_ reason: InterventionReason) -> Int64 { ticks[reason.rawValue] }

    public mutating func add(_ other: InterventionCounts) {
        for r in InterventionReason.allCases {
            onsets[r.rawValue] += other.onsets[r.rawValue]
            ticks[r.rawValue] += other.ticks[r.rawValue]
        }
    }
}
