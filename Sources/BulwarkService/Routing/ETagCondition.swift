import HTTPServer

/// If-Match and If-None-Match against the stored version (RFC 9110 §13.1; strong comparison).
enum ETagCondition {
    static func tags(_ header: String) -> [String] {
        header.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    static func matches(_ header: String?, etag: String) -> Bool {
        guard let header else { return false }
        let list = tags(header)
        return list.contains("*") || list.contains(etag)
    }

    /// The 304 for a read whose If-None-Match names the current ETag, or nil to answer in full.
    static func notModified(_ headers: HTTPHeaders, etag: String) -> HTTPResponse? {
        guard matches(headers["If-None-Match"], etag: etag) else { return nil }
        var response = HTTPResponse(status: .notModified)
        response.headers.add("ETag", etag)
        return response
    }

    /// The 412 for a failed precondition, or nil when the write may go ahead.
    static func check(_ headers: HTTPHeaders, current: String?) -> APIError? {
        if let ifMatch = headers["If-Match"] {
            guard let current, matches(ifMatch, etag: current) else {
                return .preconditionFailed("If-Match \(ifMatch) does not match the account's current version \(current ?? "(none: it does not exist)")")
            }
        }
        if let ifNoneMatch = headers["If-None-Match"], let current, matches(ifNoneMatch, etag: current) {
            return .preconditionFailed("If-None-Match \(ifNoneMatch): the account exists at \(current)")
        }
        return nil
    }
}
