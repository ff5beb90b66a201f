import Foundation
import HTTPTypes
import Hummingbird

/// The TCP listener's guard: every request (the WebSocket upgrade too) needs
/// `Authorization: Bearer <token>`, else 401. The Unix socket has none: its file mode (0660) is
/// its access control.
struct BearerTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: [UInt8]

    init(token: String) { self.token = Array(token.utf8) }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer "),
              Self.equalInConstantTime(Array(header.utf8.dropFirst(7)), token) else {
            var response = JSONResponse.error(.unauthorized, "missing or wrong bearer token (Authorization: Bearer TOKEN)")
            response.headers[.wwwAuthenticate] = "Bearer"
            return response
        }
        return try await next(request, context)
    }

    /// Compares without an early exit, so timing does not reveal how much of a guess was right.
    static func equalInConstantTime(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(truncatingIfNeeded: a.count ^ b.count)
        for i in 0..<max(a.count, b.count) {
            difference |= (i < a.count ? a[i] : 0) ^ (i < b.count ? b[i] : 0)
        }
        return difference == 0
    }
}
