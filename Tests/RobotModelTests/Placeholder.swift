import XCTest
final class RobotModelTestsPlaceholder: XCTestCase { func testNothing() {} }
