import TOMLKit

extension ConfigurationFileError {
    /// An error at `key` of `table` in `file`, on the line where the file has it.
    package init<Table: TOMLTableName>(file: String, lines: TOMLSourceLines, _ table: Table, _ key: String?,
                                       _ message: String) {
        self.init(file: file, line: lines.line(of: table, key: key), key: table.display(key: key), message: message)
    }
}

/// A reader of one TOML format: it walks the parsed tables and checks each value as it is read,
/// with the typed getters below, which fail with the file, line and key of the offending value and
/// a message saying what was expected and what was found. A format's reader adds its schema:
/// which tables and keys exist, defaults and validation rules.
///
/// Keys are named relative to the table `at`; `prefix` places a key of an inline table inside it
/// (`limits.` for `limits = { lower = … }`), so that errors name `limits.lower`.
package protocol TOMLValueReading {
    associatedtype Table: TOMLTableName
    /// The file's path, for errors.
    var file: String { get }
    var lines: TOMLSourceLines { get }
}

extension TOMLValueReading {
    package func fail(_ table: Table, _ key: String?, _ message: String) -> ConfigurationFileError {
        ConfigurationFileError(file: file, lines: lines, table, key, message)
    }

    package func onlyKnownKeys(_ t: TOMLTable, _ allowed: [String], in at: Table, prefix: String = "") throws(ConfigurationFileError) {
        if let unknown = t.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw fail(at, prefix + unknown, "unknown key; expected one of \(allowed.joined(separator: ", "))")
        }
    }

    /// A top-level table such as `[robot]`; nil when absent and not required.
    package func section(_ root: TOMLTable, _ table: Table, required: Bool) throws(ConfigurationFileError) -> TOMLTable? {
        guard let value = root[table.sourceName] else {
            guard required else { return nil }
            throw fail(table, nil, "missing; expected a table")
        }
        guard let section = value.table else { throw fail(table, nil, "expected a table, found \(describe(value))") }
        return section
    }

    /// The entries of a top-level array of tables (`[[joints]]`, `[[body]]`); nil when the key is absent.
    package func arrayOfTables(_ root: TOMLTable, _ key: String) throws(ConfigurationFileError) -> [TOMLTable]? {
        guard let value = root[key] else { return nil }
        guard let array = value.array, array.allSatisfy({ $0.type == .table }) else {
            throw fail(.root, key, "expected an array of tables ([[\(key)]]), found \(describe(value))")
        }
        return array.map { $0.table! }
    }

    /// An inline table such as `limits = { lower = -1.5, … }`.
    package func table(_ t: TOMLTable, _ key: String, in at: Table) throws(ConfigurationFileError) -> TOMLTable {
        guard let value = t[key] else { throw fail(at, key, "missing; expected an inline table { … }") }
        guard let table = value.table else { throw fail(at, key, "expected an inline table { … }, found \(describe(value))") }
        return table
    }

    /// A non-empty string; nil when absent and not required.
    package func string(_ t: TOMLTable, _ key: String, in at: Table, required: Bool = true,
                        why: String? = nil) throws(ConfigurationFileError) -> String? {
        guard let value = try present(t, key, in: at, required: required, expected: "a string", why: why) else { return nil }
        guard let text = value.string else { throw fail(at, key, "expected a string, found \(describe(value))") }
        guard !text.isEmpty else { throw fail(at, key, "expected a non-empty string, found \"\"") }
        return text
    }

    /// An optional `true` or `false`.
    package func bool(_ t: TOMLTable, _ key: String, in at: Table) throws(ConfigurationFileError) -> Bool? {
        guard let value = t[key] else { return nil }
        guard let flag = value.bool else { throw fail(at, key, "expected true or false, found \(describe(value))") }
        return flag
    }

    /// An integer; nil when absent and not required.
    package func integer(_ t: TOMLTable, _ key: String, in at: Table, prefix: String = "", required: Bool = true,
                         why: String? = nil) throws(ConfigurationFileError) -> Int? {
        guard let value = try present(t, key, in: at, prefix: prefix, required: required, expected: "an integer", why: why) else {
            return nil
        }
        guard let integer = value.int else { throw fail(at, prefix + key, "expected an integer, found \(describe(value))") }
        return integer
    }

    /// A finite number (TOML integers are accepted: `kp = 10` means 10.0). `positive`: true for
    /// > 0, false for ≥ 0, nil for any sign.
    package func number(_ t: TOMLTable, _ key: String, in at: Table, prefix: String = "", positive: Bool?,
                        why: String? = nil) throws(ConfigurationFileError) -> Double {
        let value = try present(t, key, in: at, prefix: prefix, expected: "a number", why: why)!
        guard let number = value.double ?? value.int.map(Double.init) else {
            throw fail(at, prefix + key, "expected a number, found \(describe(value))")
        }
        guard number.isFinite else { throw fail(at, prefix + key, "expected a finite number, found \(number)") }
        switch positive {
        case true? where !(number > 0): throw fail(at, prefix + key, "expected a positive number, found \(number)")
        case false? where !(number >= 0): throw fail(at, prefix + key, "expected a number ≥ 0, found \(number)")
        default: return number
        }
    }

    /// An array of finite numbers; `expected` says what the key needs, for messages.
    package func numbers(_ value: TOMLValueConvertible, _ key: String, in at: Table,
                         expected: String) throws(ConfigurationFileError) -> [Double] {
        guard let array = value.array else { throw fail(at, key, "expected \(expected), found \(describe(value))") }
        var result: [Double] = []
        for element in array {
            guard let number = element.double ?? element.int.map(Double.init) else {
                throw fail(at, key, "expected \(expected), found \(describe(element)) in the array")
            }
            guard number.isFinite else { throw fail(at, key, "expected finite numbers, found \(number)") }
            result.append(number)
        }
        return result
    }

    /// One of an enum's raw values.
    package func choice<Choice: RawRepresentable & CaseIterable>(_ t: TOMLTable, _ key: String, in at: Table, _: Choice.Type,
                                                                why: String? = nil) throws(ConfigurationFileError) -> Choice
        where Choice.RawValue == String
    {
        let options = Choice.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        let value = try present(t, key, in: at, expected: "one of \(options)", why: why)!
        guard let text = value.string, let choice = Choice(rawValue: text) else {
            throw fail(at, key, "expected one of \(options), found \(describe(value))")
        }
        return choice
    }

    /// The value of `key`; nil when absent and not required, else an error saying what was
    /// `expected` and, when given, `why` the key is required.
    package func present(_ t: TOMLTable, _ key: String, in at: Table, prefix: String = "", required: Bool = true,
                         expected: String, why: String? = nil) throws(ConfigurationFileError) -> TOMLValueConvertible? {
        if let value = t[key] { return value }
        guard required else { return nil }
        throw fail(at, prefix + key, "missing; expected \(expected)" + (why.map { ", \($0)" } ?? ""))
    }

    /// `the string "ten"`, `the integer 3`, `an array`: what was found, for messages.
    package func describe(_ value: TOMLValueConvertible) -> String {
        switch value.type {
        case .string: "the string \(value.debugDescription)"
        case .int: "the integer \(value.debugDescription)"
        case .double: "the number \(value.debugDescription)"
        case .bool: "the boolean \(value.debugDescription)"
        case .array: "an array"
        case .table: "a table"
        case .date, .time, .dateTime: "a \(value.type) (\(value.debugDescription))"
        }
    }
}
