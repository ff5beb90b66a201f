import Foundation
import TOMLKit

/// Reading and parsing the TOML files the package is configured by (`robot.toml`, simulator
/// scenes), with failures as `ConfigurationFileError`s that name the file. What the tables mean is
/// each format's reader's business.
package enum TOMLDocument {
    /// The text of the file at `path`.
    package static func text(contentsOf path: String) throws(ConfigurationFileError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file"
            throw ConfigurationFileError(file: path, message: reason)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationFileError(file: path, message: "expected UTF-8 text (TOML), found bytes that are not")
        }
        return text
    }

    /// Parses `text`; `file` names it in errors. A syntax error carries the line and column
    /// TOMLKit reports.
    package static func parse(_ text: String, file: String) throws(ConfigurationFileError) -> TOMLTable {
        do {
            return try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigurationFileError(file: file, line: error.source.begin.line, column: error.source.begin.column,
                                         message: "TOML syntax error: \(error.description)")
        } catch {
            throw ConfigurationFileError(file: file, message: "TOML syntax error: \(error)")
        }
    }
}
