import ArgumentParser
import Foundation
import Imaging

/// `embody calibrate camera`: camera intrinsics and lens distortion from a folder of chessboard photos, written
/// in OpenCV's YAML layout so OpenCV- and ROS-based tools read the same file.
struct CameraCalibrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "camera",
        abstract: "Calibrate a camera (intrinsics, distortion) from chessboard photos into an OpenCV YAML file.",
        discussion: """
            Every image in --images (.png, .jpg, .jpeg, .bmp, .tif, .tiff, .ppm, .pgm; sorted by name) is searched \
            for the whole board; images where it is not found are listed and skipped. At least \
            \(ChessboardCalibration.minimumViews) usable images are needed; 15-25 views with the board tilted in \
            every direction and reaching the image corners give the best results.
            """)

    @Option(help: "Folder of chessboard photos, all from one camera at one resolution.")
    var images: String

    @Option(help: "Inner corners of the board as COLSxROWS, e.g. 9x6 for a board of 10 x 7 squares.")
    var board: String

    @Option(help: "Side of one square in metres, e.g. 0.025.")
    var square: Double

    @Option(help: "Camera name for the default output file (default: the --images folder's name).")
    var name: String?

    @Option(help: "Where to write the calibration (default: calibration/camera-<name>.yaml).")
    var output: String?

    static let imageExtensions: Set<String> = ["png", "jpg", "jpeg", "bmp", "tif", "tiff", "ppm", "pgm"]

    func run() throws {
        let chessboard: Chessboard
        do { chessboard = try Chessboard(parsing: board, squareSize: square) } catch {
            throw CommandError.badInput("--board/--square: \(Self.plain(error))")
        }
        let folder = URL(fileURLWithPath: images)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CommandError.badInput("--images \(images): no such folder")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { Self.imageExtensions.contains(($0 as NSString).pathExtension.lowercased()) }
            .sorted()
        guard !names.isEmpty else {
            throw CommandError.badInput("\(images): no images (\(Self.imageExtensions.sorted().joined(separator: ", ")))")
        }
        // Settle where the file goes before the slow part, so a bad --output fails at once.
        let path = output ?? "calibration/camera-\(name ?? folder.standardizedFileURL.lastPathComponent).yaml"
        let parent = URL(fileURLWithPath: path).deletingLastPathComponent()
        try? FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        guard FileManager.default.isWritableFile(atPath: parent.path) else {
            throw CommandError.badInput("--output \(path): cannot create or write the folder \(parent.path)")
        }
        let run: ChessboardCalibration
        do {
            run = try ChessboardCalibration(imagePaths: names.map { folder.appendingPathComponent($0).path }, board: chessboard)
        } catch {
            if case .internalError = error { throw CommandError.runtime(error.description) }
            throw CommandError.badInput(Self.plain(error))
        }
        for image in run.images {
            let file = (image.path as NSString).lastPathComponent
            if let rms = image.rms {
                print("\(file): board found, reprojection RMS \(String(format: "%.3f", rms)) px")
            } else {
                print("\(file): board not found, skipped")
            }
        }
        let c = run.calibration
        let skipped = run.images.count - run.usedCount
        print("calibrated from \(run.usedCount) of \(run.images.count) images" + (skipped > 0 ? " (\(skipped) skipped)" : ""))
        print(String(format: "image %dx%d  fx %.3f  fy %.3f  cx %.3f  cy %.3f", c.width, c.height, c.fx, c.fy, c.cx, c.cy))
        print("distortion k1 k2 p1 p2 k3: " + c.distortion.map { String(format: "%.5f", $0) }.joined(separator: " "))
        print(String(format: "RMS reprojection error %.4f px", c.rms ?? .nan))

        do { try c.write(to: path) } catch {
            throw CommandError.badInput("--output: \(Self.plain(error))")
        }
        print("wrote \(path)")
    }

    /// The message without the "invalid argument: " prefix, which reads oddly after "embody: ".
    static func plain(_ error: ImagingError) -> String {
        switch error {
        case .invalidArgument(let message), .io(let message): message
        default: error.description
        }
    }
}
