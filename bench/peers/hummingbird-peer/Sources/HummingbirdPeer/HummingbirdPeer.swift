import BulwarkService
import Foundation
import HTTPTypes
import Hummingbird

/// Serves two of Bulwark's routes with Hummingbird 2: each request is handed to the same
/// BulwarkAPI router Bulwark's own server calls, and its answer written back. `POST /trivial`
/// is Hummingbird with a trivial JSON handler (the body parsed, a fixed small answer): the
/// reference issue 17's margin goal is set against.
///   HummingbirdPeer PORT DATA_DIR
@main
struct HummingbirdPeer {
    static func main() async throws {
        let arguments = CommandLine.arguments
        let port = arguments.count > 1 ? Int(arguments[1]) ?? 18091 : 18091
        let directory = arguments.count > 2 ? arguments[2] : NSTemporaryDirectory() + "/hummingbird-peer-\(UUID().uuidString)"
        let api = BulwarkAPI(store: try SQLiteStore(dataDirectory: directory))
        try api.monitor?.load()
        let bulwark = api.router

        let router = Router()
        router.post("/v1/margin") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            return answer(bulwark.handle(BulwarkRequest(method: .post, target: "/v1/margin", headers: headers(request),
                                                                 body: Array(buffer: body))))
        }
        router.post("/trivial") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            let parsed = try JSONSerialization.jsonObject(with: Data(buffer: body))
            let answer = try JSONSerialization.data(withJSONObject: ["ok": parsed is [String: Any]])
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: answer)))
        }
        router.put("/v1/accounts/{id}") { request, context -> Response in
            let id = try context.parameters.require("id")
            let body = try await request.body.collect(upTo: 1 << 20)
            return answer(bulwark.handle(BulwarkRequest(method: .put, target: "/v1/accounts/\(id)", headers: headers(request),
                                                                 body: Array(buffer: body))))
        }
        router.get("/v1/accounts/{id}/health") { request, context -> Response in
            let id = try context.parameters.require("id")
            return answer(bulwark.handle(BulwarkRequest(method: .get, target: "/v1/accounts/\(id)/health", headers: headers(request))))
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
        try await app.runService()
    }

    static func headers(_ request: Request) -> BulwarkHeaders {
        var headers = BulwarkHeaders()
        headers.add("Host", "peer")
        for field in request.headers { headers.add(field.name.rawName, field.value) }
        return headers
    }

    static func answer(_ response: BulwarkResponse) -> Response {
        var fields = HTTPFields()
        for (name, value) in response.headers {
            if let field = HTTPField.Name(name) { fields.append(HTTPField(name: field, value: value)) }
        }
        return Response(status: .init(code: response.status.rawValue), headers: fields,
                        body: .init(byteBuffer: ByteBuffer(bytes: response.body)))
    }
}
