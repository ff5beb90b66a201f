import XCTest
final class embodyTestsPlaceholder: XCTestCase { func testNothing() {} }
