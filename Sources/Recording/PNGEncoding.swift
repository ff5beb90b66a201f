import Foundation
import Imaging

/// PNG bytes in memory through Imaging's OpenCV codec, which only reads and writes files: the image
/// goes through one scratch file (in /dev/shm when there is one, so it stays in RAM).
///
/// Why not a codec of our own: Imaging is the stack's one image codec. An in-memory
/// `encodePNG(_:) -> [UInt8]` in Imaging would remove the scratch file (requested from its owner).
final class PNGScratch {
    let path: String

    init() {
        let directory = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        path = directory + "/embody-recorder-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).png"
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func encode(_ image: Image) throws -> [UInt8] {
        try writePNG(image, to: path)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RecordingError.io(path: path, operation: "read back the encoded PNG", reason: "no data")
        }
        return [UInt8](data)
    }
}

/// Decodes PNG or JPEG bytes (a recorded camera frame) through a scratch file and Imaging.
func decodeImage(_ bytes: [UInt8], format: String) throws -> Image {
    let directory = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
    let path = directory + "/embody-replay-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).\(format == "jpeg" ? "jpg" : format)"
    defer { try? FileManager.default.removeItem(atPath: path) }
    guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
        throw RecordingError.io(path: path, operation: "write a scratch image", reason: "create failed")
    }
    return try readImage(at: path)
}
