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

    /// Parses `data`; the first syntax error is reported with its line, column and reason.
    static func parse(_ data: Foundation.Data, file: String) throws(URDFError) -> XMLNode {
        if data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            throw URDFError(file: file, line: nil, element: nil, message: "the file is empty; expected a <robot> document")
        }
        let builder = TreeBuilder()
        let parser = XMLParser(data: data)
        parser.delegate = builder
        parser.shouldProcessNamespaces = false
        let ok = parser.parse()
        if !ok, builder.firstError == nil {
            builder.firstError = ((parser.parserError as NSError?)?.code ?? 0, parser.lineNumber, parser.columnNumber)
        }
        // libxml2 recovers from some errors and still reports success, so any reported error fails.
        if let error = builder.firstError {
            throw URDFError(file: file, line: error.line, element: nil,
                            message: "XML syntax error near column \(error.column): \(describe(code: error.code))")
        }
        guard let root = builder.root else {
            throw URDFError(file: file, line: nil, element: nil, message: "XML syntax error: no root element")
        }
        return root
    }

    /// libxml2's error numbers (which Foundation on Linux passes on without text) for the common mistakes.
    private static func describe(code: Int) -> String {
        switch code {
        case 4: return "document is empty"
        case 5: return "unexpected end of document (an element is not closed)"
        case 38, 39, 40, 41: return "malformed attribute (missing quote, '=' or value)"
        case 65: return "attributes must be separated by white space"
        case 68: return "malformed element name"
        case 73: return "expected '>' to end the tag"
        case 76: return "closing tag does not match the open element (an element opened earlier is not closed)"
        case 77: return "tag not finished before the end of the document"
        case 5000...: return "XML error \(code)"
        default: return "libxml2 error \(code)"
        }
    }

    private final class TreeBuilder: NSObject, XMLParserDelegate {
        var stack: [XMLNode] = []
        var root: XMLNode?
        var firstError: (code: Int, line: Int, column: Int)?

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
            if firstError == nil {
                firstError = ((parseError as NSError).code, parser.lineNumber, parser.columnNumber)
            }
        }
    }
}
