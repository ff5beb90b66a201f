import Foundation
import XCTest
@testable import Recording

final class JSONBytesTests: XCTestCase {
    func testNumbersStringsAndNull() throws {
        var json = JSONBytes()
        json.beginObject()
        json.key("i"); json.value(Int64(-1234567890123))
        json.key("d"); json.beginArray(); json.value(0.1); json.value(2.0); json.value(-1e-300); json.value(Double.nan); json.value(-Double.infinity); json.endArray()
        json.key("s"); json.value("quote \" backslash \\ tab \t é")
        json.endObject()
        let text = String(decoding: json.bytes, as: UTF8.self)
        XCTAssertEqual(text, #"{"i":-1234567890123,"d":[0.1,2,-1e-300,null,null],"s":"quote \" backslash \\ tab \u0009 é"}"#)
        let parsed = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.bytes)) as? [String: Any])
        XCTAssertEqual(parsed["s"] as? String, "quote \" backslash \\ tab \t é")
    }

    func testBase64MatchesFoundation() {
        for length in 0..<10 {
            let data = (0..<length).map { UInt8(truncatingIfNeeded: $0 * 37 + 200) }
            var out: [UInt8] = []
            appendBase64(data, to: &out)
            XCTAssertEqual(String(decoding: out, as: UTF8.self), Data(data).base64EncodedString(), "length \(length)")
        }
    }
}
