import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A minimal HTTP/1.1 client over a real socket (Unix or TCP), for the daemon's tests: one
/// request per connection (`Connection: close`), the response read to EOF.
struct TestHTTPClient {
    enum Endpoint {
        case unix(String)
        case tcp(port: Int)
    }

    struct Response {
        var status: Int
        var headers: [String: String]
        var body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    }

    let endpoint: Endpoint

    /// A connected socket, or −1.
    func connectSocket() -> Int32 {
        switch endpoint {
        case .unix(let path):
            let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
            let ok = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
            if ok != 0 { close(fd); return -1 }
            return fd
        case .tcp(let port):
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let ok = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            if ok != 0 { close(fd); return -1 }
            return fd
        }
    }

    func request(_ method: String, _ path: String, body: String? = nil, rawBody: Data? = nil,
                 headers: [String: String] = [:]) throws -> Response {
        let fd = connectSocket()
        guard fd >= 0 else { throw TestClientError("cannot connect to \(endpoint)") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let payload = rawBody ?? body.map { Data($0.utf8) } ?? Data()
        var head = "\(method) \(path) HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
        for (k, v) in headers { head += "\(k): \(v)\r\n" }
        if !payload.isEmpty || method == "POST" {
            head += "Content-Type: application/json\r\nContent-Length: \(payload.count)\r\n"
        }
        head += "\r\n"
        try writeAll(fd, Data(head.utf8) + payload)
        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n <= 0 { break }
            received.append(contentsOf: buffer[0..<n])
        }
        return try Self.parse(received)
    }

    static func parse(_ data: Data) throws -> Response {
        guard let split = data.range(of: Data("\r\n\r\n".utf8)) else { throw TestClientError("no HTTP response head in \(data.count) bytes") }
        let head = String(decoding: data[..<split.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        guard let statusLine = head.first, statusLine.hasPrefix("HTTP/1.1 "),
              let status = Int(statusLine.dropFirst(9).prefix(3)) else { throw TestClientError("bad status line") }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Data(data[split.upperBound...])
        if headers["transfer-encoding"]?.lowercased() == "chunked" { body = dechunk(body) }
        return Response(status: status, headers: headers, body: body)
    }

    static func dechunk(_ data: Data) -> Data {
        var out = Data()
        var rest = data[...]
        while let line = rest.range(of: Data("\r\n".utf8)) {
            let size = Int(String(decoding: rest[..<line.lowerBound], as: UTF8.self), radix: 16) ?? 0
            if size == 0 { break }
            let start = line.upperBound
            out.append(rest[start..<start + size])
            rest = rest[(start + size + 2)...]
        }
        return out
    }
}

func writeAll(_ fd: Int32, _ data: Data) throws {
    var offset = 0
    let bytes = [UInt8](data)
    while offset < bytes.count {
        let n = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard n > 0 else { throw TestClientError("write failed: errno \(errno)") }
        offset += n
    }
}

struct TestClientError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A minimal WebSocket client (RFC 6455) over the same sockets: the upgrade handshake, then text
/// frames from the server (unmasked, possibly fragmented across reads).
final class TestWebSocket {
    private let fd: Int32
    private var pending = Data()

    init(_ client: TestHTTPClient, path: String, headers: [String: String] = [:]) throws {
        fd = client.connectSocket()
        guard fd >= 0 else { throw TestClientError("cannot connect") }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var head = "GET \(path) HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        for (k, v) in headers { head += "\(k): \(v)\r\n" }
        try writeAll(fd, Data((head + "\r\n").utf8))
        while pending.range(of: Data("\r\n\r\n".utf8)) == nil {
            guard try fill() else { throw TestClientError("connection closed during the handshake") }
        }
        let end = pending.range(of: Data("\r\n\r\n".utf8))!
        let statusLine = String(decoding: pending[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")[0]
        guard statusLine.hasPrefix("HTTP/1.1 101") else { throw TestClientError("no upgrade: \(statusLine)") }
        pending = Data(pending[end.upperBound...])
    }

    deinit { close(fd) }

    private func fill() throws -> Bool {
        var buffer = [UInt8](repeating: 0, count: 65536)
        let n = read(fd, &buffer, buffer.count)
        if n < 0 { throw TestClientError("read timed out") }
        if n == 0 { return false }
        pending.append(contentsOf: buffer[0..<n])
        return true
    }

    /// The next text message, or nil when the server closed the connection.
    func nextText() throws -> String? {
        while true {
            let bytes = [UInt8](pending)
            if bytes.count >= 2 {
                let opcode = bytes[0] & 0x0F
                var length = Int(bytes[1] & 0x7F), offset = 2
                if length == 126, bytes.count >= 4 { length = Int(bytes[2]) << 8 | Int(bytes[3]); offset = 4 }
                else if length == 127, bytes.count >= 10 {
                    length = bytes[2..<10].reduce(0) { $0 << 8 | Int($1) }; offset = 10
                }
                if (length < 126 || offset > 2), bytes.count >= offset + length {
                    let payload = Data(bytes[offset..<offset + length])
                    pending = Data(bytes[(offset + length)...])
                    if opcode == 0x8 { return nil }
                    if opcode == 0x1 { return String(decoding: payload, as: UTF8.self) }
                    continue
                }
            }
            guard try fill() else { return nil }
        }
    }
}
