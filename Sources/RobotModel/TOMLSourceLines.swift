import Foundation

/// A table of a TOML format, as that format's errors name it: an enum per format
/// (`ConfigurationTable` for `robot.toml`, `SceneTable` for scenes).
package protocol TOMLTableName: Equatable, Sendable {
    /// The document itself, whose keys are the top-level tables.
    static var root: Self { get }
    /// `[robot]`, `[[joints]] "elbow"`, `[[joints]] #3`, or nil for the document itself.
    var header: String? { get }
    /// The name `TOMLSourceLines` files the table under: `""` for the document, `"robot"` for
    /// `[robot]`, `"joints#2"` for the third `[[joints]]` entry.
    var sourceName: String { get }
}

extension TOMLTableName {
    /// `key` as errors show it: `[robot] name`, `[[joints]] "elbow" limits.lower`, or the bare key
    /// at the document's top level.
    package func display(key: String?) -> String? {
        switch (header, key) {
        case (let h?, let k?): "\(h) \(k)"
        case (let h?, nil): h
        case (nil, let k): k
        }
    }
}

/// Lines of table headers and keys, found by scanning the text, because TOMLKit does not expose
/// the source positions of parsed values. Good enough for the hand-written files the schemas
/// describe (one key per line); a key it cannot place falls back to its table's header line.
package struct TOMLSourceLines: Sendable, Equatable {
    /// Which line a header the scan meets more than once is filed under. A file defines each table
    /// once, so this shows only for sub-table headers repeated under each entry of an array of
    /// tables (`[joints.limits]`) and for header-like lines inside multi-line strings and arrays.
    package enum RepeatedHeader: Sendable {
        case first, last
    }

    /// `"robot"`, `"joints#2"` → header line; `"joints#2.limits"` → line of that key; with
    /// `fileArrayNames`, `"joints"` → line of the first `[[joints]]` header.
    private var lines: [String: Int] = [:]

    /// `repeatedHeader` and `fileArrayNames` keep each format's reader placing errors exactly as
    /// it did before the two shared this scanner: `robot.toml` keeps the last of a repeated header
    /// and does not file array names; scenes keep the first and file the name of an array of tables
    /// under its first `[[name]]` header, so that an error about the array as a whole (an unknown
    /// `[[bodies]]`) points at it.
    package init(_ text: String, repeatedHeader: RepeatedHeader, fileArrayNames: Bool) {
        var section = ""
        var arrayCounts: [String: Int] = [:]
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[["), let close = line.range(of: "]]") {
                let name = line[line.index(line.startIndex, offsetBy: 2)..<close.lowerBound].trimmingCharacters(in: .whitespaces)
                let count = arrayCounts[name, default: 0]
                arrayCounts[name] = count + 1
                if fileArrayNames, lines[name] == nil { lines[name] = index + 1 }
                section = "\(name)#\(count)"
            } else if line.hasPrefix("["), let close = line.firstIndex(of: "]") {
                section = line[line.index(after: line.startIndex)..<close].trimmingCharacters(in: .whitespaces)
            } else if !line.hasPrefix("#"), let equals = line.firstIndex(of: "=") {
                let key = line[..<equals].trimmingCharacters(in: .whitespaces)
                let full = section.isEmpty ? key : "\(section).\(key)"
                if lines[full] == nil { lines[full] = index + 1 }
                continue
            } else {
                continue
            }
            switch repeatedHeader {
            case .first: if lines[section] == nil { lines[section] = index + 1 }
            case .last: lines[section] = index + 1
            }
        }
    }

    /// Line of `key` (or of its nearest enclosing key) in `table`, else of the table's header.
    package func line<Table: TOMLTableName>(of table: Table, key: String?) -> Int? {
        let section = table.sourceName
        if var path = key {
            while true {
                if let line = lines[section.isEmpty ? path : "\(section).\(path)"] { return line }
                guard let dot = path.lastIndex(of: ".") else { break }
                path = String(path[..<dot])
            }
        }
        return section.isEmpty ? nil : lines[section]
    }
}
