import Foundation
import RobotModel
import XCTest

/// Broken robot descriptions: each must fail with one error that names the element and line,
/// never crash and never produce a model.
final class URDFErrorTests: XCTestCase {
    /// File in Fixtures/broken → (line, fragments the one-line message must contain).
    static let expectations: [String: (line: Int?, fragments: [String])] = [
        "xml_syntax_error": (31, ["XML syntax error", "closing tag does not match"]),
        "unclosed_attribute_quote": (30, ["XML syntax error", "malformed attribute"]),
        "empty_file": (nil, ["the file is empty"]),
        "not_a_robot": (2, ["<model name=\"x\">", "root element must be <robot>"]),
        "missing_joint_name": (25, ["<joint>", "missing required attribute \"name\""]),
        "missing_joint_type": (25, ["<joint name=\"elbow\">", "missing required attribute \"type\""]),
        "missing_mass_value": (12, ["<link name=\"lower\">", "<mass>", "\"value\""]),
        "missing_limit": (25, ["<joint name=\"elbow\">", "needs <limit"]),
        "missing_box_size": (4, ["<link name=\"upper\">", "<box size>", "missing required attribute \"size\""]),
        "trailing_comma_number": (25, ["<joint name=\"elbow\">", "<origin xyz>", "\"0.07,\" is not a number"]),
        "four_element_vector": (25, ["<axis xyz>", "expected 3 numbers", "found 4"]),
        "not_a_number": (12, ["<mass value>", "\"half\" is not a number"]),
        "unknown_joint_type": (25, ["<joint name=\"elbow\">", "unknown joint type \"hinge\""]),
        "floating_joint": (25, ["\"floating\" is not supported yet"]),
        "planar_joint": (25, ["\"planar\" is not supported yet"]),
        "missing_parent_link": (25, ["<joint name=\"elbow\">", "parent link \"forearm\" does not exist"]),
        "missing_child_link": (25, ["<joint name=\"elbow\">", "child link \"hand\" does not exist"]),
        "two_parents": (32, ["<joint name=\"extra\">", "link \"lower\" has two parents", "\"elbow\" (line 25)"]),
        "cycle": (38, ["cycle", "a → b → a"]),
        "negative_mass": (12, ["<link name=\"lower\">", "mass must be ≥ 0"]),
        "inertia_not_positive_definite": (12, ["<link name=\"lower\">", "<inertia>", "not positive definite"]),
        "negative_inertia": (12, ["<inertia>", "not positive definite", "ixx"]),
        "zero_axis": (25, ["<axis xyz>", "non-zero"]),
        "duplicate_link": (12, ["<link name=\"upper\">", "duplicate link name", "line 4"]),
        "lower_above_upper": (25, ["<limit>", "lower limit 2.0 is above upper limit -2.0"]),
    ]

    static let directory = RepositoryPaths.fixtures.appendingPathComponent("broken")

    func testEveryBrokenFileHasAnExpectation() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path)
            .filter { $0.hasSuffix(".urdf") && $0 != "valid.urdf" }.map { String($0.dropLast(5)) }
        XCTAssertEqual(Set(files), Set(Self.expectations.keys))
    }

    func testValidBaseLoads() throws {
        // Every broken file is this one with a single mistake, so the errors come from that mistake.
        let model = try Model(urdfPath: Self.directory.appendingPathComponent("valid.urdf").path)
        XCTAssertEqual(model.jointNames, ["shoulder", "elbow"])
    }

    func testBrokenFilesFailWithOneClearLine() {
        for (name, expected) in Self.expectations.sorted(by: { $0.key < $1.key }) {
            let path = Self.directory.appendingPathComponent(name + ".urdf").path
            do {
                _ = try URDF.load(contentsOf: path)
                XCTFail("\(name): loaded without error")
            } catch {
                let text = error.description
                XCTAssertEqual(error.file, path, name)
                XCTAssertEqual(error.line, expected.line, "\(name): \(text)")
                XCTAssertFalse(text.contains("\n"), "\(name): message is not one line")
                for fragment in expected.fragments {
                    XCTAssertTrue(text.contains(fragment), "\(name): \"\(text)\" lacks \"\(fragment)\"")
                }
            }
        }
    }

    func testMangledFilesNeverCrash() throws {
        // Every truncation and a few hundred seeded byte substitutions of a valid file: each either
        // loads or throws a URDFError; none traps.
        let valid = try Data(contentsOf: Self.directory.appendingPathComponent("valid.urdf"))
        var inputs = (0..<valid.count).map { valid.prefix($0) }
        var state: UInt64 = 42
        let alphabet = Array("<>/=\" 0.,-eE1xyz".utf8)
        for _ in 0..<400 {
            var bytes = [UInt8](valid)
            state = state &* 6364136223846793005 &+ 1442695040888963407
            bytes[Int(state >> 33) % bytes.count] = alphabet[Int(state >> 20) % alphabet.count]
            inputs.append(Data(bytes))
        }
        var failures = 0
        for input in inputs {
            do { _ = Model(try URDF.parse(input, file: "mangled.urdf")) } catch { failures += 1 }
        }
        XCTAssertGreaterThan(failures, valid.count / 2, "most mangled inputs must be rejected")
    }

    func testMissingFile() {
        XCTAssertThrowsError(try URDF.load(contentsOf: "/nonexistent/robot.urdf")) { error in
            XCTAssertEqual("\(error)", "/nonexistent/robot.urdf: no such file")
        }
    }
}
