import Foundation

extension ReplayLog {
    /// The text `embody replay` prints: file state, time range, and one line per channel.
    public var summaryText: String {
        var lines: [String] = []
        let size = String(format: "%.1f", Double(fileSize) / 1_048_576)
        if let recovery {
            let dropped = recovery["dropped_bytes"] ?? "?"
            lines.append("\(path): \(size) MiB, recovered (\(dropped) bytes of an unfinished chunk were dropped)")
        } else if complete {
            lines.append("\(path): \(size) MiB, complete")
        } else {
            lines.append("\(path): \(size) MiB, NOT closed: replayed up to its last complete record")
        }
        if let problem, !complete { lines.append("note: \(problem)") }
        if let timeRange {
            let seconds = Double(timeRange.upperBound - timeRange.lowerBound) * 1e-9
            lines.append(String(format: "time: %.3f s … %.3f s (%.3f s), %llu messages in %u chunks",
                                Double(timeRange.lowerBound) * 1e-9, Double(timeRange.upperBound) * 1e-9, seconds,
                                messageCount, chunks))
        } else {
            lines.append("no messages")
        }
        let width = max(5, topics.map(\.topic.count).max() ?? 0)
        let schemaWidth = max(6, topics.map(\.schema.count).max() ?? 0)
        lines.append("topic".padding(toLength: width, withPad: " ", startingAt: 0) + "  "
            + "schema".padding(toLength: schemaWidth, withPad: " ", startingAt: 0) + "  " + "messages".leftPadded(9) + "  " + "rate".leftPadded(10))
        for topic in topics {
            let span = Double(topic.lastTime - topic.firstTime) * 1e-9
            let rate = topic.messages > 1 && span > 0 ? String(format: "%.1f Hz", Double(topic.messages - 1) / span) : "-"
            lines.append(topic.topic.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                + topic.schema.padding(toLength: schemaWidth, withPad: " ", startingAt: 0) + "  "
                + String(topic.messages).leftPadded(9) + "  " + rate.leftPadded(10))
        }
        if undecodable > 0 { lines.append("note: \(undecodable) joint or image messages could not be decoded and were skipped") }
        return lines.joined(separator: "\n")
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
