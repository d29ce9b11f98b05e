import BulwarkJSON

/// A price source: where to fetch and how to read the answer. One file per source.
public protocol PriceFeed: Sendable {
    /// The kind of source, as configured (`deribit-index`, `binance`, ...).
    var kind: String { get }
    var url: String { get }
    /// Extra request headers, `Name: value`.
    var headers: [String] { get }
    /// Reads a 2xx body; never trusts it.
    func parse(_ body: [UInt8]) -> Result<FeedReading, FeedError>
}

extension PriceFeed {
    public var headers: [String] { [] }
}

/// Reading helpers shared by the feeds: strict JSON, prices that must be positive and finite,
/// numbers that come as strings.
enum FeedParsing {
    static func json(_ body: [UInt8]) -> Result<JSONValue, FeedError> {
        do {
            return .success(try JSONParser.parse(body))
        } catch {
            let start = String(decoding: body.prefix(40), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if start.hasPrefix("<") { return .failure(.malformed("HTML instead of JSON: \(start.prefix(30))")) }
            return .failure(.malformed("not valid JSON (\(error.description))"))
        }
    }

    /// A number or a decimal string; nil for null (a null is "no price", never 0).
    static func number(_ value: JSONValue?, _ field: String) -> Result<Double?, FeedError> {
        switch value {
        case nil, .null?: return .success(nil)
        case .number(let number)?: return .success(number)
        case .string(let text)?:
            guard let number = JSONDecimal.parse(text) else {
                return .failure(.malformed("\(field) is not a number: '\(text.prefix(20))'"))
            }
            return .success(number)
        default: return .failure(.malformed("\(field) is not a number"))
        }
    }

    /// A price that must be there, finite and above zero.
    static func price(_ value: JSONValue?, _ field: String) -> Result<Double, FeedError> {
        number(value, field).flatMap { number in
            guard let number else { return .failure(.rejected("\(field) is null: no price")) }
            guard number.isFinite else { return .failure(.rejected("\(field) is not finite")) }
            guard number > 0 else { return .failure(.rejected("\(field) is \(number), not a positive price")) }
            return .success(number)
        }
    }
}

extension JSONValue {
    subscript(index: Int) -> JSONValue? {
        guard case .array(let elements) = self, elements.indices.contains(index) else { return nil }
        return elements[index]
    }
}
