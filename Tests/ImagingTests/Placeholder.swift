import XCTest
final class ImagingTestsPlaceholder: XCTestCase { func testNothing() {} }
