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
            case .notFound: message = "no such endpoint: \(request.method) \(request.uri.path)"
            case .contentTooLarge: message = "request body is over the limit of \(Self.bodyLimit) bytes"
            case .methodNotAllowed: message = "\(request.method) is not allowed on \(request.uri.path)"
            default: message = error.status.reasonPhrase
            }
            return JSONResponse.error(error.status.code >= 400 ? error.status : .badRequest, message)
        }
    }
}
