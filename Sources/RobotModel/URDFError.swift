/// A robot description that cannot be used, with where and why, printed as one line:
/// `robot.urdf:42: <joint name="elbow"> <origin xyz>: expected 3 numbers, found "0.07,"`.
public struct URDFError: Error, CustomStringConvertible, Equatable, Sendable {
    public var file: String
    /// 1-based line of the offending element, when known.
    public var line: Int?
    /// The element, e.g. `<joint name="elbow">`, possibly followed by a child and attribute.
    public var element: String?
    public var message: String

    public init(file: String, line: Int?, element: String?, message: String) {
        self.file = file
        self.line = line
        self.element = element
        self.message = message
    }

    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        text += ": "
        if let element { text += "\(element): " }
        return text + message
    }
}
