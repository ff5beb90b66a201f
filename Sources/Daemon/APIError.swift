import HTTPTypes
import Hummingbird

/// A refused API request: a 4xx (or 501) status and one line saying why, sent as
/// `{"error": "…"}` by ``JSONErrorMiddleware``.
struct APIError: Error, Sendable {
    var status: HTTPResponse.Status
    var message: String

    init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }
}

/// Turns every error a handler or Hummingbird throws (an unknown route, a body over the limit, a
/// malformed JSON body) into `{"error": "one line"}` with its status, so clients see one shape.
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Largest request body, bytes: nothing the API takes comes near it.
    static var bodyLimit: Int { 16 * 1024 }
    /// The paths of api/openapi.yaml and the methods each takes: a request with another method is
    /// a 405 with `Allow` (RFC 9110), not a 404 (the router reports both as "not found").
    static var endpoints: [String: String] {
        ["/v1/tasks": "POST", "/v1/tasks/current": "DELETE", "/v1/status": "GET", "/v1/stop": "POST",
         "/v1/estop": "POST", "/v1/reset": "POST", "/v1/recordings": "POST", "/v1/recordings/current": "DELETE",
         "/v1/telemetry": "GET", "/metrics": "GET"]
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            var request = request
            if let length = request.headers[.contentLength].flatMap(Int.init), length > Self.bodyLimit {
                throw APIError(.contentTooLarge, "request body of \(length) bytes is over the limit of \(Self.bodyLimit)")
            }
            if request.method != .get {
                let body = try await request.body.collect(upTo: Self.bodyLimit)
                request.body = RequestBody(buffer: body)
            }
            return try await next(request, context)
        } catch let error as APIError {
            return JSONResponse.error(error.status, error.message)
        } catch let error as any HTTPResponseError {
            let message: String
            switch error.status {
            case .notFound where Self.endpoints[request.uri.path] != nil:
                var response = JSONResponse.error(.methodNotAllowed, "\(request.method) is not allowed on \(request.uri.path)")
                response.headers[.allow] = Self.endpoints[request.uri.path]
                return response
            case .notFound: message = "no such endpoint: \(request.method) \(request.uri.path)"
            case .contentTooLarge: message = "request body is over the limit of \(Self.bodyLimit) bytes"
            case .methodNotAllowed: message = "\(request.method) is not allowed on \(request.uri.path)"
            default: message = error.status.reasonPhrase
            }
            return JSONResponse.error(error.status.code >= 400 ? error.status : .badRequest, message)
        }
    }
}
