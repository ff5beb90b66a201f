/// Writes polarity events as an AEDAT 4.0 file, the format of iniVation's DV software and
/// dv-processing (docs.inivation.com, "AEDAT 4.0"), so recordings open in those tools and in
/// the PyPI `aedat` decoder:
///
/// - the version line `#!AER-DAT4.0\r\n`;
/// - a size-prefixed `IOHeader` FlatBuffer ("IOHE"): compression NONE, the position of the file
///   data table, and an XML description naming stream 0 as `EVTS` with the sensor size;
/// - one packet per `write`: an 8-byte header (stream id, size) and a size-prefixed
///   `EventPacket` FlatBuffer ("EVTS") whose elements are 16-byte `Event` structs
///   (`int64 t`, `int16 x`, `int16 y`, `bool on`);
/// - on `close`, the `FileDataTable` FlatBuffer ("FTAB") indexing every packet (offset, size,
///   count, first and last time), whose position is then patched into the header.
///
/// FlatBuffers are laid out by hand (the schemas are fixed and tiny), with every scalar aligned
/// to its size from the start of its size prefix, as the FlatBuffers builders do.
public final class AEDAT4Writer {
    public let path: String
    public let width: Int
    public let height: Int
    /// Events and packets written so far.
    public private(set) var eventCount = 0
    public private(set) var packetCount = 0
    /// File size so far (the data table adds to it on `close`).
    public var byteCount: Int { file.position }

    static let magic = Array("#!AER-DAT4.0\r\n".utf8)
    /// Where the IOHeader's `int64 dataTablePosition` sits in the file (patched on `close`).
    static let dataTablePositionOffset = magic.count + 32

    private let file: BinaryOutputFile
    private var packet: [UInt8] = []
    private var table: [(offset: Int64, size: Int32, count: Int64, first: Int64, last: Int64)] = []
    private var lastTimestamp = Int64.min
    private var closed = false

    /// Creates the file and writes its header. `source` names the camera in the description;
    /// `timeOffset` (µs) is recorded as the stream's `tsOffset`.
    public init(path: String, width: Int, height: Int, source: String = "embody DVS emulator", timeOffset: Int64 = 0) throws(EventFileError) {
        guard width > 0, height > 0, width <= 32767, height <= 32767 else {
            throw EventFileError(path: path, "sensor size \(width) x \(height) is outside 1...32767")
        }
        self.path = path
        self.width = width
        self.height = height
        file = try BinaryOutputFile(path: path)
        try file.write(Self.magic)
        try file.write(Self.ioHeader(description: Self.streamDescription(width: width, height: height, source: source, timeOffset: timeOffset)))
    }

    /// Appends one packet holding `events` (nothing for an empty batch). Events must be in time
    /// order, also across calls, and on the sensor.
    public func write(_ events: UnsafeBufferPointer<PolarityEvent>) throws(EventFileError) {
        guard !closed else { throw EventFileError(path: path, "already closed") }
        guard let first = events.first, let last = events.last else { return }
        packet.removeAll(keepingCapacity: true)
        let flatBufferSize = 32 + 16 * events.count
        packet.appendLittleEndian(Int32(0))  // stream 0
        packet.appendLittleEndian(Int32(flatBufferSize))
        // Size-prefixed EventPacket; positions below are from the size prefix.
        packet.appendLittleEndian(UInt32(flatBufferSize - 4))  // 0: size
        packet.appendLittleEndian(UInt32(16))  // 4: root table at 20
        packet.append(contentsOf: Array("EVTS".utf8))  // 8: identifier
        packet.appendLittleEndian(UInt16(6))  // 12: vtable size
        packet.appendLittleEndian(UInt16(8))  //     table size
        packet.appendLittleEndian(UInt16(4))  //     field 0 (elements) at table + 4
        packet.append(contentsOf: [0, 0])  // 18: pad
        packet.appendLittleEndian(Int32(8))  // 20: table; vtable 8 bytes back
        packet.appendLittleEndian(UInt32(4))  // 24: elements vector at 28
        packet.appendLittleEndian(UInt32(events.count))  // 28: vector length; elements from 32 (8-aligned)
        var previous = lastTimestamp
        for e in events {
            guard e.timestamp >= previous else {
                throw EventFileError(path: path, "events must be in time order: \(e.timestamp) µs after \(previous) µs")
            }
            guard Int(e.x) < width, Int(e.y) < height else {
                throw EventFileError(path: path, "event at (\(e.x), \(e.y)) is outside the \(width) x \(height) sensor")
            }
            previous = e.timestamp
            packet.appendLittleEndian(e.timestamp)
            packet.appendLittleEndian(Int16(bitPattern: e.x))
            packet.appendLittleEndian(Int16(bitPattern: e.y))
            packet.append(e.polarity ? 1 : 0)
            packet.append(contentsOf: [0, 0, 0])
        }
        let offset = Int64(file.position)
        try file.write(packet)
        lastTimestamp = previous
        table.append((offset, Int32(flatBufferSize), Int64(events.count), first.timestamp, last.timestamp))
        eventCount += events.count
        packetCount += 1
    }

    public func write(_ events: [PolarityEvent]) throws(EventFileError) {
        try events.withUnsafeBufferPointer { (buffer) throws(EventFileError) in try write(buffer) }
    }

    /// Writes the file data table, records its position in the header and closes the file.
    public func close() throws(EventFileError) {
        guard !closed else { return }
        closed = true
        let position = Int64(file.position)
        try file.write(Self.fileDataTable(table))
        var patch: [UInt8] = []
        patch.appendLittleEndian(position)
        try file.patch(patch, at: Self.dataTablePositionOffset)
        try file.close()
    }

    /// The XML that DV stores in the header: one output, stream 0, of polarity events.
    static func streamDescription(width: Int, height: Int, source: String, timeOffset: Int64) -> String {
        let escaped = source.replacing("&", with: "&amp;").replacing("<", with: "&lt;").replacing(">", with: "&gt;")
        return """
            <dv version="2.0">
              <node name="outInfo" path="/mainloop/Recorder/outInfo/">
                <node name="0" path="/mainloop/Recorder/outInfo/0/">
                  <attr key="compression" type="string">NONE</attr>
                  <attr key="originalModuleName" type="string">embody</attr>
                  <attr key="originalOutputName" type="string">events</attr>
                  <attr key="typeDescription" type="string">Array of events (polarity ON/OFF).</attr>
                  <attr key="typeIdentifier" type="string">EVTS</attr>
                  <node name="info" path="/mainloop/Recorder/outInfo/0/info/">
                    <attr key="sizeX" type="int">\(width)</attr>
                    <attr key="sizeY" type="int">\(height)</attr>
                    <attr key="source" type="string">\(escaped)</attr>
                    <attr key="tsOffset" type="long">\(timeOffset)</attr>
                  </node>
                </node>
              </node>
            </dv>

            """
    }

    /// Size-prefixed IOHeader: compression (int32), dataTablePosition (int64, -1 until `close`),
    /// infoNode (string).
    static func ioHeader(description: String) -> [UInt8] {
        var b: [UInt8] = []
        b.appendLittleEndian(UInt32(0))  // 0: size, set below
        b.appendLittleEndian(UInt32(20))  // 4: root table at 24
        b.append(contentsOf: Array("IOHE".utf8))  // 8
        for v: UInt16 in [10, 20, 4, 8, 16] { b.appendLittleEndian(v) }  // 12: vtable (3 fields)
        b.append(contentsOf: [0, 0])  // 22: pad
        b.appendLittleEndian(Int32(12))  // 24: table; vtable 12 bytes back
        b.appendLittleEndian(Int32(0))  // 28: compression NONE
        b.appendLittleEndian(Int64(-1))  // 32: dataTablePosition
        b.appendLittleEndian(UInt32(4))  // 40: infoNode string at 44
        let text = Array(description.utf8)
        b.appendLittleEndian(UInt32(text.count))  // 44
        b.append(contentsOf: text)
        b.append(0)
        b.pad(toMultipleOf: 8)
        let size = UInt32(b.count - 4).littleEndian
        withUnsafeBytes(of: size) { for k in 0..<4 { b[k] = $0[k] } }
        return b
    }

    /// Size-prefixed FileDataTable: a vector of FileDataDefinition tables sharing one vtable.
    static func fileDataTable(_ entries: [(offset: Int64, size: Int32, count: Int64, first: Int64, last: Int64)]) -> [UInt8] {
        var b: [UInt8] = []
        b.appendLittleEndian(UInt32(0))  // 0: size, set below
        b.appendLittleEndian(UInt32(16))  // 4: root table at 20
        b.append(contentsOf: Array("FTAB".utf8))  // 8
        for v: UInt16 in [6, 8, 4] { b.appendLittleEndian(v) }  // 12: root vtable
        b.append(contentsOf: [0, 0])  // 18: pad
        b.appendLittleEndian(Int32(8))  // 20: root table; vtable 8 bytes back
        b.appendLittleEndian(UInt32(4))  // 24: vector at 28
        b.appendLittleEndian(UInt32(entries.count))  // 28: length
        let vectorStart = 32
        let definitionVtable = vectorStart + 4 * entries.count
        var firstTable = definitionVtable + 14
        while firstTable % 8 != 0 { firstTable += 1 }
        for i in 0..<entries.count {
            b.appendLittleEndian(UInt32(firstTable + 48 * i - (vectorStart + 4 * i)))
        }
        for v: UInt16 in [14, 48, 8, 16, 24, 32, 40] { b.appendLittleEndian(v) }  // shared vtable
        b.pad(toMultipleOf: 8)
        for (i, e) in entries.enumerated() {
            b.appendLittleEndian(Int32(firstTable + 48 * i - definitionVtable))
            b.appendLittleEndian(Int32(0))  // pad: the int64 fields are 8-aligned
            b.appendLittleEndian(e.offset)  // ByteOffset
            b.appendLittleEndian(Int32(0))  // PacketInfo.StreamID
            b.appendLittleEndian(e.size)  //   PacketInfo.Size
            b.appendLittleEndian(e.count)  // NumElements
            b.appendLittleEndian(e.first)  // TimestampStart
            b.appendLittleEndian(e.last)  // TimestampEnd
        }
        let size = UInt32(b.count - 4).littleEndian
        withUnsafeBytes(of: size) { for k in 0..<4 { b[k] = $0[k] } }
        return b
    }
}
