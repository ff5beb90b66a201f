import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A minimal XML element tree that remembers the line each element starts on, so that errors in a
/// robot description can point at the offending element.
struct XMLNode {
    var name: String
    var attributes: [String: String]
    var children: [XMLNode]
    var line: Int

    func children(named name: String) -> [XMLNode] { children.filter { $0.name == name } }
    func child(named name: String) -> XMLNode? { children.first { $0.name == name } }

    /// Parses `data`; a syntax error is reported with its line and the parser's reason.
    static func parse(_ data: Foundation.Data, file: String) throws(URDFError) -> XMLNode {
        let builder = TreeBuilder()
        let parser = XMLParser(data: data)
        parser.delegate = builder
        parser.shouldProcessNamespaces = false
        let ok = parser.parse()
        guard ok, let root = builder.root else {
            let reason = parser.parserError.map { Self.describe($0) } ?? "no root element"
            throw URDFError(file: file, line: builder.errorLine ?? parser.lineNumber, element: nil,
                            message: "XML syntax error: \(reason)")
        }
        return root
    }

    private static func describe(_ error: Error) -> String {
        let ns = error as NSError
        if let detail = ns.userInfo[NSLocalizedDescriptionKey] as? String, !detail.isEmpty {
            return detail.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        // Foundation on Linux reports libxml2's error number; name the common ones.
        switch ns.code {
        case 4: return "document is empty"
        case 5: return "unexpected end of document (unclosed element?)"
        case 38, 39, 40, 41: return "malformed attribute (missing quote or '=')"
        case 73, 76: return "mismatched or unclosed tag"
        case 111: return "junk after the root element"
        default: return "libxml2 error \(ns.code)"
        }
    }

    private final class TreeBuilder: NSObject, XMLParserDelegate {
        var stack: [XMLNode] = []
        var root: XMLNode?
        var errorLine: Int?

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
            stack.append(XMLNode(name: elementName, attributes: attributeDict, children: [], line: parser.lineNumber))
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?) {
            guard let node = stack.popLast() else { return }
            if stack.isEmpty { root = node } else { stack[stack.count - 1].children.append(node) }
        }

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
            if errorLine == nil { errorLine = parser.lineNumber }
        }
    }
}
