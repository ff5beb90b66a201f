import Foundation
import HTTPTypes
import Hummingbird

/// JSON bodies the API sends: snake_case keys, sorted, so the output is stable for scripts and
/// for the OpenAPI document.
enum JSONResponse {
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    static func make<Value: Encodable>(_ value: Value, status: HTTPResponse.Status = .ok) -> Response {
        let data = (try? encoder().encode(value)) ?? Data("{}".utf8)
        return body(data, status: status)
    }

    static func error(_ status: HTTPResponse.Status, _ message: String) -> Response {
        make(["error": message], status: status)
    }

    static func body(_ data: Data, status: HTTPResponse.Status, contentType: String = "application/json") -> Response {
        var buffer = ByteBuffer()
        buffer.writeBytes(data)
        return Response(status: status, headers: [.contentType: contentType], body: .init(byteBuffer: buffer))
    }

    /// Decodes a request body of `Value`, or throws a 400 naming the field that was wrong.
    static func decode<Value: Decodable>(_ type: Value.Type, from request: Request) async throws -> Value {
        let buffer = try await request.body.collect(upTo: JSONErrorMiddleware<BasicRequestContext>.bodyLimit)
        let data = Data(buffer.readableBytesView)
        guard !data.isEmpty else { throw APIError(.badRequest, "expected a JSON object body") }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            return try decoder.decode(type, from: data)
        } catch DecodingError.keyNotFound(let key, _) {
            throw APIError(.badRequest, "body: missing \"\(key.stringValue)\"")
        } catch DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context) {
            let field = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw APIError(.badRequest, "body: \"\(field)\" expected a string")
        } catch {
            throw APIError(.badRequest, "body: expected a JSON object, found malformed JSON")
        }
    }
}
