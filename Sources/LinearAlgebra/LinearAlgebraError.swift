import NativeKit

/// Why a dense solve failed. Each case carries NativeKit's message, which names the sizes and the entry
/// or pivot involved, so a caller can log one line that explains the fault.
public enum LinearAlgebraError: Error, Equatable, CustomStringConvertible {
    /// A size or parameter is out of range (e.g. n above the workspace capacity, a buffer of the wrong length).
    case invalidArgument(String)
    /// The matrix is not symmetric positive definite (a pivot of D is zero or negative).
    case notPositiveDefinite(String)
    /// `solve` was called before a successful `factorize`.
    case notFactorized(String)
    /// The system is singular and no damping regularizes it.
    case singular(String)
    /// The input contains NaN or infinity.
    case notFinite(String)
    /// Memory for a workspace could not be obtained.
    case outOfMemory(String)
    /// Eigen raised something unexpected; a bug to report.
    case internalError(String)

    public var description: String {
        switch self {
        case .invalidArgument(let message): "invalid argument: \(message)"
        case .notPositiveDefinite(let message): "not positive definite: \(message)"
        case .notFactorized(let message): "not factorized: \(message)"
        case .singular(let message): "singular: \(message)"
        case .notFinite(let message): "not finite: \(message)"
        case .outOfMemory(let message): "out of memory: \(message)"
        case .internalError(let message): "internal error: \(message)"
        }
    }

    /// Maps a NativeKit status to an error, reading the thread's message (only on failure, so the
    /// success path never builds a String).
    @inline(__always)
    static func check(_ status: nk_status) throws(LinearAlgebraError) {
        if status == NK_OK { return }
        throw LinearAlgebraError(status: status)
    }

    init(status: nk_status) {
        let message = String(cString: nk_last_error_message())
        switch status {
        case NK_INVALID_ARGUMENT: self = .invalidArgument(message)
        case NK_NOT_POSITIVE_DEFINITE: self = .notPositiveDefinite(message)
        case NK_NOT_FACTORIZED: self = .notFactorized(message)
        case NK_SINGULAR: self = .singular(message)
        case NK_NOT_FINITE: self = .notFinite(message)
        case NK_OUT_OF_MEMORY: self = .outOfMemory(message)
        default: self = .internalError(message)
        }
    }

    /// Converts a Swift size to the ABI's Int32, refusing instead of trapping on overflow.
    static func int32(_ value: Int, _ name: String) throws(LinearAlgebraError) -> Int32 {
        guard let converted = Int32(exactly: value) else {
            throw .invalidArgument("\(name) = \(value) does not fit in 32 bits")
        }
        return converted
    }
}
