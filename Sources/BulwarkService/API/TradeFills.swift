import BulwarkJSON
import RiskCore

/// Fills applied to an account by `POST /v1/accounts/{id}/trades`, all or none.
///
/// An option fill moves cash by -size x price (the premium); a future or perpetual fill
/// realises P&L on the part it closes, at the position's entry price, and averages the entry
/// price of what it adds. Fees leave cash. A venue-reported `unrealizedPnl` is dropped from a
/// traded position: after the fill, P&L follows the entry price.
struct TradeFills: Sendable {
    struct Fill: Sendable {
        var instrument: Instrument
        var size: Double
        var price: Double
        var fee: Double
    }

    var fills: [Fill]

    static let maxFills = 1_000

    static func decode(_ root: JSONValue) -> Result<TradeFills, APIError> {
        var reader = FieldReader()
        let body: JSONObject
        switch BodyReading.object(root, allowed: ["fills"], &reader) {
        case .success(let object): body = object
        case .failure(let error): return .failure(error)
        }
        let fills = decode(list: body["fills"], field: "fills", reader: &reader)
        guard reader.issues.isEmpty, let fills else { return .failure(.invalid(reader.issues)) }
        return .success(fills)
    }

    /// A non-empty list of fills at `field` (`fills`, or `whatIf` in a margin request).
    static func decode(list value: JSONValue?, field listField: String, reader: inout FieldReader) -> TradeFills? {
        guard let elements = reader.array(value, listField, maxCount: maxFills), !elements.isEmpty else {
            reader.fail(listField, "is required: a non-empty list of fills")
            return nil
        }
        let issuesBefore = reader.issues.count
        var fills: [Fill] = []
        for (index, element) in elements.enumerated() {
            let field = "\(listField)[\(index)]"
            guard let object = reader.element(element, field, allowed: ["instrument", "size", "price", "fee"]) else { continue }
            let instrument = MarginRequest.decodeInstrument(object["instrument"], field, &reader)
            let size = reader.requiredNumber(object["size"], "\(field).size")
            let price = reader.requiredNumber(object["price"], "\(field).price")
            let fee = reader.number(object["fee"], "\(field).fee") ?? 0
            guard let instrument, let size, let price else { continue }
            for issue in instrument.validationIssues() { reader.fail("\(field).\(issue.field)", issue.reason) }
            if let issue = ValueCheck.size(size, field: "\(field).size") { reader.fail(issue.field, issue.reason) }
            if size == 0 { reader.fail("\(field).size", "must not be 0") }
            if !price.isFinite || price < 0 || (price == 0 && !instrument.kind.isOption) || price > ValueCheck.maximumPrice {
                reader.fail("\(field).price", instrument.kind.isOption ? "must be at least 0" : "must be greater than 0")
            }
            if let issue = ValueCheck.amount(fee, field: "\(field).fee") { reader.fail(issue.field, issue.reason) }
            fills.append(Fill(instrument: instrument, size: size, price: price, fee: fee))
        }
        return reader.issues.count == issuesBefore ? TradeFills(fills: fills) : nil
    }

    func apply(to document: AccountDocument) -> AccountDocument {
        var document = document
        for fill in fills {
            document.portfolio.cash -= fill.fee
            let index = document.portfolio.positions.firstIndex { $0.instrument == fill.instrument }
            var position = index.map { document.portfolio.positions[$0] } ?? Position(instrument: fill.instrument, size: 0)
            if fill.instrument.kind.isOption {
                document.portfolio.cash -= fill.size * fill.price
                position.size += fill.size
            } else {
                let entry = position.entryPrice ?? fill.price
                let size = position.size
                if size == 0 || (size > 0) == (fill.size > 0) {
                    position.entryPrice = (size * entry + fill.size * fill.price) / (size + fill.size)
                    position.size = size + fill.size
                } else {
                    let closed = min(abs(fill.size), abs(size))
                    document.portfolio.cash += closed * (fill.price - entry) * (size > 0 ? 1 : -1)
                    position.size = size + fill.size
                    // A fill that flips the position opens the rest at its own price.
                    position.entryPrice = abs(fill.size) > abs(size) ? fill.price : entry
                }
                position.unrealizedPnl = nil
            }
            if abs(position.size) < 1e-12 {
                if let index { document.portfolio.positions.remove(at: index) }
            } else if let index {
                document.portfolio.positions[index] = position
            } else {
                document.portfolio.positions.append(position)
            }
        }
        return document
    }
}
