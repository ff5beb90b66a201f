import XCTest
final class SpatialTestsPlaceholder: XCTestCase { func testNothing() {} }
