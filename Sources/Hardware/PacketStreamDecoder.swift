/// What a packet carries once its framing is stripped: IDs, codes and a view of the parameters.
public struct PacketView {
    public var id: UInt8
    /// The instruction code; 0x55 for a Dynamixel status; 0 for a Feetech status (it has none).
    public var instruction: UInt8
    /// The status error byte (0 for instruction packets).
    public var error: UInt8
    public var isStatus: Bool
    /// Parameters, unstuffed. Points into the decoder's buffer: valid until its next call.
    public var parameters: UnsafeBufferPointer<UInt8>

    /// A `size`-byte little-endian parameter value at `offset`.
    @inline(__always)
    public func value(at offset: Int, size: Int) -> UInt32 {
        RegisterCoding.littleEndian(parameters, at: offset, size: size)
    }
}

/// Which packets a stream carries: a host reads statuses, a servo (the emulator) instructions.
public enum PacketDirection: Sendable {
    case instruction, status
}

/// How one wire protocol frames packets, for `PacketStreamDecoder`.
public protocol PacketFormat {
    /// Shortest possible packet.
    static var minimumLength: Int { get }
    /// Bytes of the fixed header (all 0xFF-led).
    static var headerLength: Int { get }
    /// Checks the bytes at the start of `bytes`, which begin with 0xFF.
    static func examine(_ bytes: UnsafeBufferPointer<UInt8>, direction: PacketDirection, maximumLength: Int) -> FrameCheck
    /// Decodes a checked packet of `bytes.count` bytes, unstuffing in place if the protocol stuffs.
    static func parse(_ bytes: UnsafeMutableBufferPointer<UInt8>, direction: PacketDirection) -> PacketView
}

/// Splits a byte stream into packets without allocating: bytes go into a fixed buffer, `next()`
/// hands out one checked packet at a time. Noise before a header is skipped (counted in
/// `discardedBytes`); a packet whose ID, length or checksum is wrong is thrown as a
/// `PacketError` and decoding resumes one byte after its start, so one corrupted byte costs one
/// packet, not the stream.
public final class PacketStreamDecoder<Format: PacketFormat> {
    public let direction: PacketDirection
    private let storage: UnsafeMutableBufferPointer<UInt8>
    private var start = 0
    private var end = 0
    /// Bytes skipped while looking for a header.
    public private(set) var discardedBytes = 0
    /// Packets thrown as malformed.
    public private(set) var rejectedPackets = 0

    public init(direction: PacketDirection, capacity: Int = 1024) {
        precondition(capacity >= 64)
        self.direction = direction
        storage = .allocate(capacity: capacity)
        storage.initialize(repeating: 0)
    }

    deinit { storage.deallocate() }

    /// Bytes buffered and not yet decoded.
    public var bufferedCount: Int { end - start }

    /// Forgets buffered bytes (after a timeout, so a late answer cannot pass for the next one).
    public func reset() {
        start = 0
        end = 0
    }

    /// Free space at the end of the buffer for a reader to fill; call `commit(_:)` afterwards.
    /// Compacts first. If the buffer is full of undecodable bytes, the oldest are dropped.
    public func freeSpace() -> UnsafeMutableRawBufferPointer {
        if start > 0 {
            let count = end - start
            if count > 0 {
                UnsafeMutableRawPointer(storage.baseAddress!).copyMemory(from: storage.baseAddress! + start, byteCount: count)
            }
            start = 0
            end = count
        }
        if end == storage.count {  // a full buffer that does not decode is noise
            discardedBytes += end / 2
            let keep = end - end / 2
            UnsafeMutableRawPointer(storage.baseAddress!).copyMemory(from: storage.baseAddress! + end / 2, byteCount: keep)
            end = keep
        }
        return UnsafeMutableRawBufferPointer(start: storage.baseAddress! + end, count: storage.count - end)
    }

    /// Records that `count` bytes were written into `freeSpace()`.
    public func commit(_ count: Int) {
        precondition(count >= 0 && end + count <= storage.count)
        end += count
    }

    /// Appends bytes (copying them).
    public func append(_ bytes: UnsafeRawBufferPointer) {
        var offset = 0
        while offset < bytes.count {
            let space = freeSpace()
            let n = min(space.count, bytes.count - offset)
            space.baseAddress!.copyMemory(from: bytes.baseAddress! + offset, byteCount: n)
            commit(n)
            offset += n
        }
    }

    /// Appends bytes from an array.
    public func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    /// The next whole packet, or nil when more bytes are needed. The view is valid until the
    /// next call on this decoder.
    public func next() throws(PacketError) -> PacketView? {
        while true {
            // Skip to a header's first byte.
            while start < end && storage[start] != 0xFF {
                start += 1
                discardedBytes += 1
            }
            if start == end { return nil }
            let available = UnsafeBufferPointer(rebasing: storage[start..<end])
            switch Format.examine(available, direction: direction, maximumLength: storage.count) {
            case .incomplete:
                return nil
            case .invalid(let error):
                start += 1
                if case .header = error.problem {
                    discardedBytes += 1  // noise that happened to contain 0xFF
                    continue
                }
                rejectedPackets += 1
                throw error
            case .complete(let length):
                let packet = UnsafeMutableBufferPointer(rebasing: storage[start..<(start + length)])
                start += length
                return Format.parse(packet, direction: direction)
            }
        }
    }
}
