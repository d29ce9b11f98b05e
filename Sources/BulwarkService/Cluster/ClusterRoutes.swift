import BulwarkJSON
import HTTPServer
import RiskCore

/// `GET /v1/cluster`: the instances sharing the store, their shards, and who publishes prices.
struct ClusterRoutes: Sendable {
    let membership: ClusterMembership

    static func add(_ feature: ClusterRoutes?, to routes: inout RouteTable) {
        routes.add(.get, "/v1/cluster", .reader, feature, ClusterRoutes.cluster)
    }

    func cluster(_ request: HTTPRequest) -> HTTPResponse {
        let view: ClusterView
        do {
            view = try membership.view()
        } catch {
            return APIError.storage(error).response(instance: request.path)
        }
        func time(_ seconds: Double) -> JSONValue { .string(Timestamp(secondsSinceEpoch: Int64(seconds.rounded(.down))).iso8601) }
        return JSONResponse.make(.object([
            "instance": .string(membership.instanceID),
            "shardCount": .number(Double(view.shardCount)),
            "leaseSeconds": .number(membership.configuration.leaseSeconds),
            "instances": .array(view.instances.map { instance in
                .object([
                    "id": .string(instance.id),
                    "address": instance.address.map(JSONValue.string) ?? .null,
                    "heartbeatAt": time(instance.heartbeatAt),
                    "shards": .array(instance.shards.map { .number(Double($0)) }),
                ])
            }),
            "unowned": .array(view.unowned.map { .number(Double($0)) }),
            "pricePublisher": view.pricePublisher.map(JSONValue.string) ?? .null,
        ]))
    }
}
