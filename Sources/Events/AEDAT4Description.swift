/// One output stream named in an AEDAT4 header's XML description.
struct AEDAT4Stream: Equatable {
    var id: Int
    /// Four-character FlatBuffers identifier of its packets: EVTS, FRME, IMUS, TRIG, …
    var type = ""
    var width = 0
    var height = 0
}

/// The streams of a DV description: each `<node>` under `outInfo` is a stream (its name is the id)
/// with a `typeIdentifier` attribute, and an `info` node holding `sizeX`/`sizeY` for cameras.
/// A small tag scanner is enough: DV writes plain elements and attributes, no CDATA or DTD.
func aedat4Streams(in xml: [UInt8]) -> [AEDAT4Stream] {
    var streams: [Int: AEDAT4Stream] = [:]
    var nodes: [String] = []
    var attributeKey: String?
    var text: [UInt8] = []
    var i = 0
    func find(_ pattern: String, from start: Int) -> Int? {
        let p = Array(pattern.utf8)
        var k = start
        while k + p.count <= xml.count {
            if xml[k] == p[0] && Array(xml[k..<(k + p.count)]) == p { return k }
            k += 1
        }
        return nil
    }
    func attributes(_ tag: ArraySlice<UInt8>) -> [String: String] {
        var result: [String: String] = [:]
        let s = String(decoding: tag, as: UTF8.self)
        var rest = s[...]
        while let eq = rest.firstIndex(of: "=") {
            let name = rest[rest.startIndex..<eq].split(separator: " ").last.map(String.init) ?? ""
            let afterEq = rest[rest.index(after: eq)...].drop { $0 == " " }
            guard let quote = afterEq.first, quote == "\"" || quote == "'" else { break }
            let valueStart = afterEq.index(after: afterEq.startIndex)
            guard let close = afterEq[valueStart...].firstIndex(of: quote) else { break }
            result[name.trimmingSpaces] = String(afterEq[valueStart..<close])
            rest = afterEq[afterEq.index(after: close)...]
        }
        return result
    }
    func apply(key: String, value: String) {
        guard let root = nodes.lastIndex(of: "outInfo"), nodes.count > root + 1, let id = Int(nodes[root + 1]) else { return }
        var stream = streams[id] ?? AEDAT4Stream(id: id)
        let depth = nodes.count - root
        if depth == 2, key == "typeIdentifier" { stream.type = value.trimmingSpaces }
        if depth == 3, nodes.last == "info" {
            if key == "sizeX" { stream.width = Int(value.trimmingSpaces) ?? 0 }
            if key == "sizeY" { stream.height = Int(value.trimmingSpaces) ?? 0 }
        }
        streams[id] = stream
    }
    while i < xml.count {
        guard let open = find("<", from: i) else { break }
        if attributeKey != nil { text += xml[i..<open] }
        if let end = find("-->", from: open), xml[open...].starts(with: Array("<!--".utf8)) {
            i = end + 3
            continue
        }
        guard let close = find(">", from: open) else { break }
        var tag = xml[(open + 1)..<close]
        i = close + 1
        if tag.first == UInt8(ascii: "?") || tag.first == UInt8(ascii: "!") { continue }
        if tag.first == UInt8(ascii: "/") {
            let name = String(decoding: tag.dropFirst(), as: UTF8.self).trimmingSpaces
            if name == "attr", let key = attributeKey {
                apply(key: key, value: String(decoding: text, as: UTF8.self))
                attributeKey = nil
            } else if name == "node", !nodes.isEmpty {
                nodes.removeLast()
            }
            continue
        }
        let selfClosing = tag.last == UInt8(ascii: "/")
        if selfClosing { tag = tag.dropLast() }
        let name = String(decoding: tag.prefix { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\n") && $0 != UInt8(ascii: "\t") }, as: UTF8.self)
        let attrs = attributes(tag)
        if name == "node", !selfClosing { nodes.append(attrs["name"] ?? "") }
        if name == "attr" {
            if selfClosing {
                if let key = attrs["key"] { apply(key: key, value: "") }
            } else {
                attributeKey = attrs["key"]
                text = []
            }
        }
    }
    return streams.values.sorted { $0.id < $1.id }
}

extension StringProtocol {
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }
        return String(drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }
}
