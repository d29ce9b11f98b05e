import BulwarkJSON
import Foundation
import HTTPServer
import RiskCore

extension BulwarkAPI {
    /// Statuses a list may be filtered by.
    static let listStatuses = MarginStatus.allCases.map(\.rawValue) + ["unpriced"]

    /// Checks that a request names only known query parameters.
    static func unknownQueryIssues(_ request: HTTPRequest, known: [String]) -> [ValidationIssue] {
        request.queryParameters.keys.sorted().filter { !known.contains($0) }.map {
            ValidationIssue(field: $0, reason: "is not a known query parameter; known: \(known.joined(separator: ", "))")
        }
    }

    /// A whole-number query parameter within a range.
    static func integerQuery(_ request: HTTPRequest, _ name: String, range: ClosedRange<Int64>, default fallback: Int64,
                             issues: inout [ValidationIssue]) -> Int64 {
        guard let text = request.queryParameters[name] else { return fallback }
        guard let value = Int64(text), range.contains(value) else {
            issues.append(ValidationIssue(field: name, reason: "must be a whole number from \(range.lowerBound) to \(range.upperBound)"))
            return fallback
        }
        return value
    }

    /// The page of an append-only list a query asks for: entries after the id in `cursor`
    /// (default 0), at most `limit` (1 to 1,000, default 100); query parameters other than
    /// these and `extra` are refused.
    static func pageQuery(_ request: HTTPRequest, cursor: String = "after", extra: [String] = [],
                          issues: inout [ValidationIssue]) -> (after: Int64, limit: Int) {
        issues += unknownQueryIssues(request, known: extra + [cursor, "limit"])
        let after = integerQuery(request, cursor, range: 0...Int64.max, default: 0, issues: &issues)
        let limit = integerQuery(request, "limit", range: 1...1_000, default: 100, issues: &issues)
        return (after, Int(limit))
    }

    /// `GET /v1/accounts?status=&underlying=&limit=&cursor=`: riskiest first, paged.
    func listAccounts(_ request: HTTPRequest) -> HTTPResponse {
        guard let monitor else { return APIError.storeUnavailable.response(instance: request.path) }
        let query = request.queryParameters
        var issues = Self.unknownQueryIssues(request, known: ["status", "underlying", "limit", "cursor"])
        if let status = query["status"], !Self.listStatuses.contains(status) {
            issues.append(ValidationIssue(field: "status", reason: "must be one of \(Self.listStatuses.joined(separator: ", "))"))
        }
        if let underlying = query["underlying"], !Instrument.isValidUnderlying(underlying) {
            issues.append(ValidationIssue(field: "underlying", reason: "must be 1 to 20 upper-case letters, digits or '_'"))
        }
        let limit = Self.integerQuery(request, "limit", range: 1...1_000, default: 100, issues: &issues)
        var cursor: AccountListCursor?
        if let token = query["cursor"] {
            cursor = AccountListCursor(token: token)
            if cursor == nil { issues.append(ValidationIssue(field: "cursor", reason: "is not a cursor this service returned")) }
        }
        guard issues.isEmpty else { return APIError.invalid(issues).response(instance: request.path) }
        let page = monitor.list(status: query["status"], underlying: query["underlying"], after: cursor, limit: Int(limit) + 1)
        let shown = page.prefix(Int(limit))
        let next = page.count > Int(limit) ? shown.last.map { AccountListCursor($0).token } : nil
        return BulwarkAPI.json(.object([
            "accounts": .array(shown.map { account in
                let figures = account.health?.figures
                return .object([
                    "id": .string(account.id),
                    "version": .number(Double(account.version)),
                    "status": .string(account.health?.statusName ?? "unpriced"),
                    "equity": figures.map { .number($0.equity) },
                    "initialMargin": figures.map { .number($0.initialMargin) },
                    "maintenanceMargin": figures.map { .number($0.maintenanceMargin) },
                    "marginRatio": .number(figures?.marginRatio),
                    "underlyings": .array(account.document.portfolio.underlyings.map(JSONValue.string)),
                ])
            }),
            "nextCursor": next.map(JSONValue.string) ?? .null,
        ]))
    }

    /// `GET /v1/accounts/{id}/health`: from the monitor's state, with an ETag of its version.
    func accountHealth(_ request: HTTPRequest) -> HTTPResponse {
        guard let monitor else { return APIError.storeUnavailable.response(instance: request.path) }
        let id: String
        switch accountID(request) {
        case .success(let value): id = value
        case .failure(let error): return error.response(instance: request.path)
        }
        guard let account = monitor.account(id) else {
            if (try? store?.account(id)) != nil {
                return APIError.conflict("account '\(id)' is stored but no longer validates against the active parameters; replace it with PUT")
                    .response(instance: request.path)
            }
            return APIError.notFound("no account '\(id)'").response(instance: request.path)
        }
        let etag = "\"h\(account.version).\(account.health?.stateVersion ?? 0)\""
        if let notModified = ETagCondition.notModified(request.headers, etag: etag) { return notModified }
        let health = account.health
        let figures = health?.figures
        let levels = monitor.liquidationLevels(account)
        let paused = monitor.pauses(of: account)
        var response = BulwarkAPI.json(.object([
            "id": .string(id),
            "version": .number(Double(account.version)),
            "stateVersion": .number(Double(health?.stateVersion ?? 0)),
            "asOf": health.map { .string($0.asOf.iso8601) },
            "status": .string(health?.statusName ?? "unpriced"),
            "reason": health?.unpricedReason.map(JSONValue.string) ?? (health == nil ? .string("no prices yet") : nil),
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
    func events(_ request: HTTPRequest) -> HTTPResponse {
        guard let monitor else { return APIError.storeUnavailable.response(instance: request.path) }
        var issues: [ValidationIssue] = []
        let (since, limit) = Self.pageQuery(request, cursor: "since", issues: &issues)
        guard issues.isEmpty else { return APIError.invalid(issues).response(instance: request.path) }
        do {
            let events = try monitor.feed.events(after: since, limit: limit)
            return BulwarkAPI.json(.object([
                "events": .array(events.map(Self.eventJSON)),
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
        guard let monitor, let hub = streamHub else { return APIError.storeUnavailable.response(instance: request.path) }
        var issues = Self.unknownQueryIssues(request, known: ["since"])
        var since = Self.integerQuery(request, "since", range: 0...Int64.max, default: monitor.feed.latestID, issues: &issues)
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
        guard openStreams.add(1, ordering: .relaxed).newValue <= BulwarkAPI.maxStreams else {
            openStreams.subtract(1, ordering: .relaxed)
            return APIError.unavailable("too many open event streams (\(BulwarkAPI.maxStreams)); poll GET /v1/events instead")
                .response(instance: request.path)
        }
        let start = since
        response.stream = HTTPStream { [self] writer in
            hub.subscribe(writer, after: start) { self.openStreams.subtract(1, ordering: .relaxed) }
        }
        return response
    }
}
