import Foundation

/// A recording read back for `embody replay`: what the file holds (channels, counts, time range,
/// whether it was complete, recovered or cut short) and the series the plots and video need.
///
/// Why its own pass over the messages rather than the summary: a truncated file has no summary, and
/// replay must show everything up to the last complete record; counting what is read works for both.
public struct ReplayLog {
    public struct Topic: Sendable, Equatable {
        public var topic: String
        public var schema: String
        public var messages: UInt64
        public var firstTime: UInt64
        public var lastTime: UInt64
    }

    /// Joint positions over time: `positions[j][k]` is joint j at `times[k]`.
    public struct JointSeries: Sendable {
        public var names: [String] = []
        /// Seconds since the recording's first message.
        public var times: [Double] = []
        public var positions: [[Double]] = []
        fileprivate var logTimes: [UInt64] = []
    }

    /// One encoded camera frame.
    public struct Frame: Sendable {
        public var time: UInt64
        public var format: String
        public var data: [UInt8]
    }

    public var path: String
    public var fileSize: Int
    /// Ended with summary and footer.
    public var complete: Bool
    /// Why reading stopped before the end of the data section (a cut or damaged tail), if it did.
    public var problem: String?
    /// The `embody.recovery` metadata of a recovered file.
    public var recovery: [String: String]?
    public var chunks: UInt32
    /// Per channel, in channel-id order.
    public var topics: [Topic]
    public var messageCount: UInt64
    /// Log time of the first and last message, nanoseconds (nil when there are none).
    public var timeRange: ClosedRange<UInt64>?
    public var states = JointSeries()
    public var commands = JointSeries()
    /// Frames of `cameraTopic`, in file order.
    public var frames: [Frame] = []
    public var cameraTopic: String?
    /// Joint or image messages whose JSON did not hold what the schema says (counted, not fatal).
    public var undecodable = 0

    /// Reads `path`. `topics` limits what is decoded for plots and video (nil: all); `cameraTopic`
    /// picks the camera for the video (nil: the first foxglove.CompressedImage channel).
    public static func load(path: String, topics: Set<String>? = nil, cameraTopic: String? = nil) throws -> ReplayLog {
        let reader = try MCAPReader(path: path)
        var log = ReplayLog(path: path, fileSize: reader.fileSize, complete: false, chunks: 0, topics: [], messageCount: 0,
                            cameraTopic: cameraTopic)
        var perTopic: [UInt16: Topic] = [:]
        let contents = try reader.read { message in
            let channel = message.channel
            let time = message.logTime
            let schema = message.schema?.name ?? ""
            var topic = perTopic[channel.id] ?? Topic(topic: channel.topic, schema: schema, messages: 0, firstTime: time, lastTime: time)
            topic.messages += 1
            topic.firstTime = min(topic.firstTime, time)
            topic.lastTime = max(topic.lastTime, time)
            perTopic[channel.id] = topic
            if let topics, !topics.contains(channel.topic) { return }
            if schema == RecordingTopics.jointStateSchema.name || schema == RecordingTopics.jointCommandSchema.name {
                guard let body = try? JSONSerialization.jsonObject(with: Data(message.data)) as? [String: Any],
                      let names = body["names"] as? [String], let position = body["position"] as? [Any],
                      position.count == names.count else {
                    log.undecodable += 1
                    return
                }
                let values = position.map { ($0 as? Double) ?? .nan }
                if schema == RecordingTopics.jointStateSchema.name {
                    log.states.append(names: names, time: time, values: values)
                } else {
                    log.commands.append(names: names, time: time, values: values)
                }
            } else if schema == RecordingTopics.compressedImageSchema.name {
                if log.cameraTopic == nil { log.cameraTopic = channel.topic }
                guard channel.topic == log.cameraTopic else { return }
                guard let body = try? JSONSerialization.jsonObject(with: Data(message.data)) as? [String: Any],
                      let format = body["format"] as? String, let text = body["data"] as? String,
                      let data = Data(base64Encoded: text) else {
                    log.undecodable += 1
                    return
                }
                log.frames.append(Frame(time: time, format: format, data: [UInt8](data)))
            }
        }
        let statistics = contents.statistics
        log.complete = contents.complete
        log.problem = contents.problem?.description
        log.recovery = contents.metadata.last { $0.name == MCAPRecovery.metadataName }?.metadata
        log.chunks = statistics.chunkCount
        log.topics = perTopic.keys.sorted().map { perTopic[$0]! }
        log.messageCount = statistics.messageCount
        if statistics.messageCount > 0 {
            log.timeRange = statistics.messageStartTime...statistics.messageEndTime
            log.states.makeRelative(to: statistics.messageStartTime)
            log.commands.makeRelative(to: statistics.messageStartTime)
        }
        return log
    }
}

extension ReplayLog.JointSeries {
    fileprivate mutating func append(names: [String], time: UInt64, values: [Double]) {
        if self.names.isEmpty {
            self.names = names
            positions = Array(repeating: [], count: names.count)
        }
        guard names.count == self.names.count else { return }
        logTimes.append(time)
        for j in 0..<names.count { positions[j].append(values[j]) }
    }

    fileprivate mutating func makeRelative(to origin: UInt64) {
        times = logTimes.map { Double(Int64(bitPattern: $0 &- origin)) * 1e-9 }
    }
}
