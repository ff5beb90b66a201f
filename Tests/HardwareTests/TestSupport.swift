import Foundation

/// `"FF FF FD 00"` → bytes, for writing test vectors as the manuals print them.
func bytes(_ text: String) -> [UInt8] {
    text.split(separator: " ").map { UInt8($0, radix: 16)! }
}

/// The package root, from this file's path (tests run with the package as working directory
/// under `swift test`, but not necessarily elsewhere).
let packageRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()
