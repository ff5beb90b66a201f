/// The JSON body of each recorded message, as the schemas in `RecordingTopics` describe it.
extension JSONBytes {
    /// `{"time":…,"names":[…],"position":[…],"velocity":[…],"effort":[…]}`; `names` is the joint
    /// names array, encoded once per recorder.
    mutating func encode(_ joints: RecordedJoints, time: Int64, names: [UInt8]) {
        beginObject()
        key("time"); value(time)
        key("names"); raw(names)
        key("position"); array(joints.position, joints.count)
        key("velocity"); array(joints.velocity, joints.count)
        key("effort"); array(joints.effort, joints.count)
        endObject()
    }

    private mutating func array(_ values: InlineArray<8, Double>, _ count: Int) {
        beginArray()
        for i in 0..<count { value(values[i]) }
        endArray()
    }

    mutating func encode(_ chunk: RecordedActionChunk) {
        beginObject()
        key("stamp"); value(chunk.stamp)
        key("waypoints"); beginArray()
        for waypoint in chunk.waypoints {
            beginObject()
            key("time"); value(waypoint.time)
            key("position"); beginArray(); value(waypoint.x); value(waypoint.y); value(waypoint.z); endArray()
            key("gripper"); value(waypoint.gripper)
            key("yaw"); value(waypoint.yaw)
            endObject()
        }
        endArray()
        endObject()
    }

    mutating func encode(_ intervention: RecordedIntervention) {
        beginObject()
        key("time"); value(intervention.time)
        key("reason"); value(intervention.reason)
        key("joint")
        if let joint = intervention.joint { value(joint) } else { null() }
        key("value"); value(intervention.value)
        endObject()
    }

    mutating func encode(_ frame: RecordedEventFrame) {
        beginObject()
        key("time"); value(frame.time)
        key("window"); value(frame.window)
        key("width"); value(frame.width)
        key("height"); value(frame.height)
        key("positive"); value(frame.positive)
        key("negative"); value(frame.negative)
        endObject()
    }

    /// foxglove.CompressedImage: timestamp as {sec, nsec}, data as base64.
    mutating func encodeCompressedImage(time: Int64, frameID: String, format: String, data: [UInt8]) {
        let clamped = max(time, 0)
        beginObject()
        key("timestamp"); beginObject()
        key("sec"); value(clamped / 1_000_000_000)
        key("nsec"); value(clamped % 1_000_000_000)
        endObject()
        key("frame_id"); value(frameID)
        key("format"); value(format)
        key("data"); base64(data)
        endObject()
    }
}
