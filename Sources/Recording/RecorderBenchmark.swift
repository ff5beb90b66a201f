import Glibc
import Imaging

/// What `RecorderBenchmark.run` measured.
public struct RecorderBenchmarkResult: Sendable {
    /// Unpaced: the producer pushes a recording's worth of data as fast as the writer takes it.
    public var messages: UInt64
    public var bytes: UInt64
    public var seconds: Double
    public var messagesPerSecond: Double { Double(messages) / seconds }
    public var megabytesPerSecond: Double { Double(bytes) / 1_048_576 / seconds }
    /// Paced at the real rates: how long one `record` call took on the producer's thread, ns.
    public var recordCallMedian: Int64
    public var recordCallP99: Int64
    public var recordCallMax: Int64
    /// Items dropped in the paced run (should be 0: the writer keeps up).
    public var pacedDropped: Int

    /// Lines for `BENCHMARKS.md`.
    public var report: String {
        """
        recorder throughput: \(messages) messages, \(String(format: "%.1f", Double(bytes) / 1_048_576)) MiB in \(String(format: "%.3f", seconds)) s \
        = \(String(format: "%.0f", messagesPerSecond)) messages/s, \(String(format: "%.1f", megabytesPerSecond)) MiB/s
        record() on the producer thread (paced 1 kHz + 10 Hz frames): median \(recordCallMedian) ns, p99 \(recordCallP99) ns, \
        max \(recordCallMax) ns; \(pacedDropped) dropped
        """
    }
}

/// Measures the recorder on a robot's load: joint state and command of `joints` joints at 1 kHz
/// and a 64×64 RGB camera frame (PNG-encoded by the recorder) at 10 Hz.
///
/// Why in the library: `embody bench` and the tests run the same code, so the published figure
/// comes from a command anyone can rerun.
public enum RecorderBenchmark {
    /// Records `simulatedSeconds` of that load unpaced (throughput), then `pacedSeconds` at the real
    /// rates (producer-side cost of `record`). Files go to `directory`.
    public static func run(directory: String, simulatedSeconds: Double = 10, pacedSeconds: Double = 2,
                           joints: Int = 6) throws -> RecorderBenchmarkResult {
        let names = (0..<joints).map { "joint\($0 + 1)" }
        let frames = try (0..<4).map { shift in
            try Image(width: 64, height: 64, channels: 3, bitDepth: 8,
                      pixels: (0..<(64 * 64 * 3)).map { UInt8(truncatingIfNeeded: ($0 % 192) + shift * 17 + ($0 / 192) * 5) })
        }
        func sample(_ tick: Int) -> RecordedSample {
            var state = RecordedJoints(count: joints)
            var command = RecordedJoints(count: joints)
            let t = Double(tick) * 0.001
            for j in 0..<joints {
                state.position[j] = sin(t + Double(j))
                state.velocity[j] = cos(t + Double(j))
                state.effort[j] = 0.1 * Double(j)
                command.position[j] = sin(t + Double(j) + 0.001)
            }
            return RecordedSample(time: Int64(tick) * 1_000_000, state: state, command: command)
        }

        // Unpaced: retry on a full queue (a benchmark may wait; a real producer never does).
        let ticks = Int(simulatedSeconds * 1000)
        let throughput = try Recorder(path: directory + "/bench-throughput.mcap", jointNames: names)
        let start = monotonicNanoseconds()
        for tick in 0..<ticks {
            while !throughput.record(sample(tick)) { sched_yield() }
            if tick % 100 == 0 {
                let frame = RecordedCameraFrame(time: Int64(tick) * 1_000_000, frameID: "camera", image: frames[(tick / 100) % 4])
                while !throughput.record(frame) { sched_yield() }
            }
        }
        let summary = try throughput.close()
        let seconds = Double(monotonicNanoseconds() - start) * 1e-9

        // Paced at 1 kHz: the cost of each call on the producer's side.
        let paced = try Recorder(path: directory + "/bench-paced.mcap", jointNames: names)
        var durations: [Int64] = []
        let pacedTicks = Int(pacedSeconds * 1000)
        durations.reserveCapacity(pacedTicks + pacedTicks / 100)
        let origin = monotonicNanoseconds()
        for tick in 0..<pacedTicks {
            let due = origin + Int64(tick) * 1_000_000
            while monotonicNanoseconds() < due { usleep(100) }
            let value = sample(tick)
            let before = monotonicNanoseconds()
            paced.record(value)
            durations.append(monotonicNanoseconds() - before)
            if tick % 100 == 0 {
                let frame = RecordedCameraFrame(time: Int64(tick) * 1_000_000, frameID: "camera", image: frames[(tick / 100) % 4])
                let before = monotonicNanoseconds()
                paced.record(frame)
                durations.append(monotonicNanoseconds() - before)
            }
        }
        let pacedSummary = try paced.close()
        durations.sort()
        return RecorderBenchmarkResult(
            messages: summary.messages, bytes: summary.bytes, seconds: seconds,
            recordCallMedian: durations[durations.count / 2],
            recordCallP99: durations[min(durations.count - 1, durations.count * 99 / 100)],
            recordCallMax: durations.last ?? 0, pacedDropped: pacedSummary.dropped)
    }
}
