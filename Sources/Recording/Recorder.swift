import Foundation
import Imaging

/// Records what the robot did to a crash-safe MCAP file: joint states and commands, action chunks,
/// supervisor interventions, event counts and camera frames, each on its own JSON channel
/// (`RecordingTopics`).
///
/// Why a thread of its own: encoding (JSON, PNG) and file I/O take unbounded time, so producers
/// only copy a value into a bounded queue (`record` never waits for space: when full it returns false
/// and counts a drop), and one writer thread encodes and writes chunks. A process killed at any
/// time leaves a file that readers open up to its last complete chunk and that `MCAPRecovery.recover`
/// completes. Call `close()` to write the summary: the writer thread holds the recorder until then.
public final class Recorder: @unchecked Sendable {
    public let path: String
    public let jointNames: [String]
    private let queue: RecorderQueue
    private let options: RecorderOptions
    private let done = DispatchSemaphore(value: 0)
    // Writer-thread state (touched only by the writer thread until `done` is signalled).
    private let writer: MCAPWriter
    private var channels: [String: UInt16] = [:]
    private var imageSchema: UInt16 = 0
    private var namesJSON: [UInt8] = []
    private var failure: RecordingError?
    private var closeResult: Result<RecordingSummary, RecordingError>?

    /// Opens `path` (created or truncated) and starts the writer thread. `jointNames` label the
    /// joint state and command messages (at most `RecordedJoints.capacity`).
    public init(path: String, jointNames: [String], options: RecorderOptions = RecorderOptions()) throws(RecordingError) {
        guard jointNames.count <= RecordedJoints.capacity else {
            throw .invalidArgument("\(jointNames.count) joint names; a recording holds at most \(RecordedJoints.capacity) joints")
        }
        self.path = path
        self.jointNames = jointNames
        self.options = options
        queue = RecorderQueue(capacity: options.queueCapacity)
        writer = try MCAPWriter(path: path, options: options.writer)
        var names = JSONBytes()
        names.beginArray()
        for name in jointNames { names.value(name) }
        names.endArray()
        namesJSON = names.bytes
        let metadata = ["joint_names": jointNames.joined(separator: ",")]
        for (topic, schema) in [(RecordingTopics.jointState, RecordingTopics.jointStateSchema),
                                (RecordingTopics.jointCommand, RecordingTopics.jointCommandSchema),
                                (RecordingTopics.actionChunk, RecordingTopics.actionChunkSchema),
                                (RecordingTopics.intervention, RecordingTopics.interventionSchema),
                                (RecordingTopics.events, RecordingTopics.eventFrameSchema)] {
            let id = try writer.addSchema(name: schema.name, encoding: "jsonschema", data: Array(schema.text.utf8))
            channels[topic] = try writer.addChannel(topic: topic, messageEncoding: "json", schemaID: id,
                                                    metadata: topic.hasPrefix("/joint") ? metadata : [:])
        }
        imageSchema = try writer.addSchema(name: RecordingTopics.compressedImageSchema.name, encoding: "jsonschema",
                                           data: Array(RecordingTopics.compressedImageSchema.text.utf8))
        let thread = Thread { [self] in run() }
        thread.name = "embody-recorder"
        thread.start()
    }

    // MARK: Producer side (any thread; never blocks on I/O)

    /// Joint state (and command) at one tick. False when the queue was full and it was dropped.
    @discardableResult
    public func record(_ sample: RecordedSample) -> Bool { queue.push(.sample(sample)) }

    @discardableResult
    public func record(_ chunk: RecordedActionChunk) -> Bool { queue.push(.actionChunk(chunk)) }

    @discardableResult
    public func record(_ intervention: RecordedIntervention) -> Bool { queue.push(.intervention(intervention)) }

    @discardableResult
    public func record(_ events: RecordedEventFrame) -> Bool { queue.push(.events(events)) }

    /// A camera frame; raw pixels are PNG-encoded on the writer thread.
    @discardableResult
    public func record(_ frame: RecordedCameraFrame) -> Bool { queue.push(.camera(frame)) }

    /// Items refused so far because the queue was full.
    public var dropped: Int { queue.dropped }

    /// Stops accepting items, writes everything queued, the summary and the footer, and waits for the
    /// writer thread. The first write error (full disk, …) is thrown here; the file is then left as a
    /// crash would leave it, ready for `MCAPRecovery.recover`. Closing twice returns the same result.
    @discardableResult
    public func close() throws(RecordingError) -> RecordingSummary {
        if closeResult == nil {
            queue.close()
            done.wait()
            done.signal()  // lets a concurrent `close` through too
        }
        return try closeResult!.get()
    }

    // MARK: Writer thread

    private func run() {
        var items: [RecorderItem] = []
        items.reserveCapacity(queue.capacity)
        var json = JSONBytes(capacity: 4096)
        let png = PNGScratch()
        while queue.take(into: &items, timeout: options.idleWakeNanoseconds) {
            guard failure == nil else { continue }  // keep draining so producers see drops, not stalls
            do {
                for item in items { try write(item, json: &json, png: png) }
                try writer.closeChunkIfDue()
            } catch let error as RecordingError {
                failure = error
            } catch {
                failure = .invalidArgument("\(path): \(error)")
            }
        }
        closeResult = Result { () throws(RecordingError) -> RecordingSummary in
            if let failure { throw failure }
            let statistics = try writer.close()
            var topics: [String: UInt64] = [:]
            for (topic, id) in channels { topics[topic] = statistics.channelMessageCounts[id] ?? 0 }
            return RecordingSummary(path: path, messages: statistics.messageCount, chunks: statistics.chunkCount,
                                    bytes: writer.bytesWritten, dropped: queue.dropped, topics: topics)
        }
        done.signal()
    }

    private func write(_ item: RecorderItem, json: inout JSONBytes, png: PNGScratch) throws {
        json.reset()
        switch item {
        case .sample(let sample):
            let time = UInt64(clamping: sample.time)
            json.encode(sample.state, time: sample.time, names: namesJSON)
            try emit(RecordingTopics.jointState, time, json)
            if let command = sample.command {
                json.reset()
                json.encode(command, time: sample.time, names: namesJSON)
                try emit(RecordingTopics.jointCommand, time, json)
            }
        case .actionChunk(let chunk):
            json.encode(chunk)
            try emit(RecordingTopics.actionChunk, UInt64(clamping: chunk.stamp), json)
        case .intervention(let intervention):
            json.encode(intervention)
            try emit(RecordingTopics.intervention, UInt64(clamping: intervention.time), json)
        case .events(let frame):
            json.encode(frame)
            try emit(RecordingTopics.events, UInt64(clamping: frame.time), json)
        case .camera(let frame):
            let (format, data): (String, [UInt8])
            switch frame.payload {
            case .image(let image): (format, data) = ("png", try png.encode(image))
            case .encoded(let f, let d): (format, data) = (f, d)
            }
            json.encodeCompressedImage(time: frame.time, frameID: frame.frameID, format: format, data: data)
            if channels[frame.topic] == nil {
                channels[frame.topic] = try writer.addChannel(topic: frame.topic, messageEncoding: "json", schemaID: imageSchema)
            }
            try emit(frame.topic, UInt64(clamping: frame.time), json)
        }
    }

    private func emit(_ topic: String, _ time: UInt64, _ json: JSONBytes) throws(RecordingError) {
        try writer.write(channel: channels[topic]!, logTime: time, data: json.bytes)
    }
}
