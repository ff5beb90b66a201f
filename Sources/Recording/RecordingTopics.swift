/// The topics and JSON Schemas of an Embody recording. Every channel uses message encoding `json`
/// and schema encoding `jsonschema`; times are integer nanoseconds on the loop's clock; numbers that
/// are NaN or infinite are recorded as null.
public enum RecordingTopics {
    public static let jointState = "/joint_state"
    public static let jointCommand = "/joint_command"
    public static let actionChunk = "/action_chunk"
    public static let intervention = "/intervention"
    public static let events = "/events"
    /// The default camera topic (`RecordedCameraFrame.topic` may name others).
    public static let camera = "/camera"

    /// Schema name and JSON Schema text for each kind of message.
    static let jointStateSchema = (name: "embody.JointState", text: jointsSchema("embody.JointState", "Measured joint state at one control tick"))
    static let jointCommandSchema = (name: "embody.JointCommand", text: jointsSchema("embody.JointCommand", "Joint command sent at one control tick (after the supervisor); effort is the feed-forward torque"))

    static let actionChunkSchema = (name: "embody.ActionChunk", text: """
        {"title":"embody.ActionChunk","description":"A planner's timed tool targets","type":"object","properties":{\
        "stamp":{"type":"integer","description":"planning time, ns"},\
        "waypoints":{"type":"array","items":{"type":"object","properties":{\
        "time":{"type":"integer","description":"offset from stamp, ns"},\
        "position":{"type":"array","items":{"type":["number","null"]},"description":"tool x, y, z in the base frame, m"},\
        "gripper":{"type":["number","null"],"description":"0 open, 1 closed"},\
        "yaw":{"type":["number","null"],"description":"jaw direction, rad; null = free"}}}}}}
        """)

    static let interventionSchema = (name: "embody.Intervention", text: """
        {"title":"embody.Intervention","description":"A supervisor intervention","type":"object","properties":{\
        "time":{"type":"integer","description":"ns"},\
        "reason":{"type":"string","description":"snake_case reason, e.g. velocity, e_stop"},\
        "joint":{"type":["integer","null"],"description":"joint index; null = whole robot"},\
        "value":{"type":["number","null"],"description":"the triggering quantity, SI units"}}}
        """)

    static let eventFrameSchema = (name: "embody.EventFrame", text: """
        {"title":"embody.EventFrame","description":"Event-camera event counts over one window","type":"object","properties":{\
        "time":{"type":"integer","description":"end of the window, ns"},\
        "window":{"type":"integer","description":"window length, ns"},\
        "width":{"type":"integer"},"height":{"type":"integer"},\
        "positive":{"type":"integer","description":"ON events"},\
        "negative":{"type":"integer","description":"OFF events"}}}
        """)

    /// Foxglove's CompressedImage as JSON (bytes fields are base64 in Foxglove's JSON encoding).
    static let compressedImageSchema = (name: "foxglove.CompressedImage", text: """
        {"title":"foxglove.CompressedImage","description":"A compressed image","type":"object","properties":{\
        "timestamp":{"type":"object","title":"time","properties":{"sec":{"type":"integer","minimum":0},"nsec":{"type":"integer","minimum":0,"maximum":999999999}},"description":"Timestamp of image"},\
        "frame_id":{"type":"string","description":"Frame of reference for the image"},\
        "data":{"type":"string","contentEncoding":"base64","description":"Compressed image data"},\
        "format":{"type":"string","description":"Image format: png, jpeg, webp or avif"}}}
        """)

    private static func jointsSchema(_ title: String, _ description: String) -> String {
        let number = #"{"type":"array","items":{"type":["number","null"]}}"#
        return """
            {"title":"\(title)","description":"\(description)","type":"object","properties":{\
            "time":{"type":"integer","description":"ns"},\
            "names":{"type":"array","items":{"type":"string"}},\
            "position":\(number),"velocity":\(number),"effort":\(number)}}
            """
    }
}
