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
