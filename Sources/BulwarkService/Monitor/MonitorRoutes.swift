import BulwarkJSON
import Foundation
import HTTPServer
import RiskCore

/// The monitor's view of the book: accounts by margin ratio, one account's health with its
/// liquidation prices, and the event log, polled or streamed.
struct MonitorRoutes: Sendable {
    let store: any Store
    let monitor: HealthMonitor
    let hub: EventStreamHub

    /// Statuses a list may be filtered by.
    static let listStatuses = MarginStatus.allCases.map(\.rawValue) + ["unpriced"]

    static func add(_ feature: MonitorRoutes?, to routes: inout RouteTable) {
        routes.add(.get, "/v1/accounts", .reader, feature, MonitorRoutes.listAccounts)
        routes.add(.get, "/v1/accounts/{id}/health", .reader, feature, MonitorRoutes.accountHealth)
        routes.add(.get, "/v1/events", .reader, feature, MonitorRoutes.listEvents)
        routes.add(.get, "/v1/events/stream", .reader, feature, MonitorRoutes.eventStream)
    }

    /// `GET /v1/accounts?status=&underlying=&limit=&cursor=`: riskiest first, paged.
    func listAccounts(_ request: HTTPRequest) -> HTTPResponse {
        let query = request.queryParameters
        var issues = QueryReading.unknownIssues(request, known: ["status", "underlying", "limit", "cursor"])
        if let status = query["status"], !Self.listStatuses.contains(status) {
            issues.append(ValidationIssue(field: "status", reason: "must be one of \(Self.listStatuses.joined(separator: ", "))"))
        }
        if let underlying = query["underlying"], !Instrument.isValidUnderlying(underlying) {
            issues.append(ValidationIssue(field: "underlying", reason: "must be 1 to 20 upper-case letters, digits or '_'"))
        }
        let limit = QueryReading.integer(request, "limit", range: 1...1_000, default: 100, issues: &issues)
        var cursor: AccountListCursor?
        if let token = query["cursor"] {
            cursor = AccountListCursor(token: token)
            if cursor == nil { issues.append(ValidationIssue(field: "cursor", reason: "is not a cursor this service returned")) }
        }
        guard issues.isEmpty else { return APIError.invalid(issues).response(instance: request.path) }
        // On a shared store the list is the whole book's: the other instances' pages merged
        // with this one's (MonitorRoutes+Cluster.swift).
        let others = Self.isWholeBookRead(request, monitor) ? othersPages(request) : BookPages()
        var entries = monitor.list(status: query["status"], underlying: query["underlying"], after: cursor, limit: Int(limit) + 1,
                                   including: monitor.heldElsewhere(shards: others.unanswered))
            .map { (key: AccountListCursor($0), json: Self.listEntry($0)) }
        entries = others.merged(with: entries)
        let shown = entries.prefix(Int(limit))
        let next = entries.count > Int(limit) || others.hasMore ? shown.last.map { $0.key.token } : nil
        return JSONResponse.make(.object([
            "accounts": .array(shown.map(\.json)),
            "nextCursor": next.map(JSONValue.string) ?? .null,
        ]))
    }

    /// An account as the list shows it.
    static func listEntry(_ account: MonitoredAccount) -> JSONValue {
        let figures = account.health?.figures
        return .object([
            "id": .string(account.id),
            "version": .number(Double(account.version)),
            "status": .string(account.health?.statusName ?? "unpriced"),
            "accountCurrency": .string(account.document.portfolio.currency),
            "equity": figures.map { .number($0.equity) },
            "initialMargin": figures.map { .number($0.initialMargin) },
            "maintenanceMargin": figures.map { .number($0.maintenanceMargin) },
            "marginRatio": .number(figures?.marginRatio),
            "underlyings": .array(account.document.portfolio.underlyings.map(JSONValue.string)),
        ])
    }

    /// `GET /v1/accounts/{id}/health`: from the monitor's state, with an ETag of its version.
    func accountHealth(_ request: HTTPRequest) -> HTTPResponse {
        let id: String
        switch Identifier.path(request) {
        case .success(let value): id = value
        case .failure(let error): return error.response(instance: request.path)
        }
        // Held here; or (on a shared store) by another instance, which answers from its own
        // monitor; or, when that instance cannot be reached, margined here for the read.
        let account: MonitoredAccount
        if let held = monitor.account(id) {
            account = held
        } else if let answer = monitor.membership.flatMap({ ClusterForwarder(membership: $0).toOwner(of: id, request) }) {
            return answer
        } else {
            guard let stored = (try? store.read { try $0.accounts.account(id) }) ?? nil else {
                return APIError.notFound("no account '\(id)'").response(instance: request.path)
            }
            guard let elsewhere = monitor.elsewhere(stored) else {
                return APIError.conflict("account '\(id)' is stored but no longer validates against the active parameters; replace it with PUT")
                    .response(instance: request.path)
            }
            account = elsewhere
        }
        let etag = "\"h\(account.version).\(account.health?.stateVersion ?? 0)\""
        if let notModified = ETagCondition.notModified(request.headers, etag: etag) { return notModified }
        let health = account.health
        let figures = health?.figures
        let levels = monitor.liquidationLevels(account)
        let paused = monitor.pauses(of: account)
        var response = JSONResponse.make(.object([
            "id": .string(id),
            "version": .number(Double(account.version)),
            "stateVersion": .number(Double(health?.stateVersion ?? 0)),
            "asOf": health.map { .string($0.asOf.iso8601) },
            "status": .string(health?.statusName ?? "unpriced"),
            "reason": health?.unpricedReason.map(JSONValue.string) ?? (health == nil ? .string("no prices yet") : nil),
            "accountCurrency": .string(account.document.portfolio.currency),
            "equity": figures.map { .number($0.equity) },
            "initialMargin": figures.map { .number($0.initialMargin) },
            "maintenanceMargin": figures.map { .number($0.maintenanceMargin) },
            "marginRatio": .number(figures?.marginRatio),
            "mode": .string(account.document.mode.rawValue),
            "methodology": .object(["profile": .string(account.document.methodology)]),
            "prices": .object(sortingKeysOf: health?.prices ?? [:], JSONValue.number),
            "liquidationPrices": .array(account.document.portfolio.underlyings.map { underlying in
                let level = levels.first { $0.underlying == underlying }
                return .object([
                    "underlying": .string(underlying),
                    "spot": .number(level?.spot ?? health?.prices[underlying]),
                    "below": .number(level?.below),
                    "above": .number(level?.above),
                ])
            }),
            "liquidationsPaused": .object(sortingKeysOf: paused, JSONValue.string),
        ]))
        response.headers.add("ETag", etag)
        response.headers.add("Cache-Control", "no-cache")
        return response
    }

    static func eventJSON(_ event: MonitorEvent) -> JSONValue {
        var object = JSONObject([("id", .number(Double(event.id))), ("type", .string(event.type)),
                                 ("time", .string(Timestamp(secondsSinceEpoch: Int64(event.time)).iso8601))])
        for (key, value) in event.payload where object[key] == nil { object[key] = value }
        return .object(object)
    }

    /// `GET /v1/events?since=&limit=`: events after an id, oldest first.
    func listEvents(_ request: HTTPRequest) -> HTTPResponse {
                var issues: [ValidationIssue] = []
        let (since, limit) = QueryReading.page(request, cursor: "since", issues: &issues)
        guard issues.isEmpty else { return APIError.invalid(issues).response(instance: request.path) }
        do {
            let events = try monitor.feed.events(after: since, limit: limit)
            return JSONResponse.make(.object([
                "events": .array(events.map(\.json)),
                "lastId": .number(Double(events.last?.id ?? max(since, 0))),
                "latestId": .number(Double(monitor.feed.latestID)),
            ]))
        } catch {
            return APIError.storage(error).response(instance: request.path)
        }
    }

    /// `GET /v1/events/stream`: Server-Sent Events from `Last-Event-ID` (or `since`), with a
    /// `retry` hint and comment heartbeats while idle.
    func eventStream(_ request: HTTPRequest) -> HTTPResponse {
                var issues = QueryReading.unknownIssues(request, known: ["since"])
        var since = QueryReading.integer(request, "since", range: 0...Int64.max, default: monitor.feed.latestID, issues: &issues)
        if let header = request.headers["Last-Event-ID"] {
            if let value = Int64(header.trimmingCharacters(in: .whitespaces)), value >= 0 { since = value } else {
                issues.append(ValidationIssue(field: "Last-Event-ID", reason: "must be an event id this service sent"))
            }
        }
        guard issues.isEmpty else { return APIError.invalid(issues).response(instance: request.path) }
        var response = HTTPResponse(status: .ok)
        response.headers.add("Content-Type", "text/event-stream")
        response.headers.add("Cache-Control", "no-cache")
        // The head of a stream, without one: no slot taken.
        if request.method == .head { return response }
        guard hub.reserve() else {
            return APIError.unavailable("too many open event streams (\(EventStreamHub.maxStreams)); poll GET /v1/events instead")
                .response(instance: request.path)
        }
        let start = since
        response.stream = HTTPStream { [hub] writer in
            hub.subscribe(writer, after: start) { hub.release() }
        }
        return response
    }
}
