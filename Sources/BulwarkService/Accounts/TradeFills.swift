import BulwarkJSON
import RiskCore

/// The fills of `POST /v1/accounts/{id}/trades` (all or none), of a liquidation execution
/// and of a what-if, as decoded from JSON; `Portfolio.applying` books them.
struct TradeFills: Sendable {
    var fills: [TradeFill]

    static let maxFills = 1_000

    /// - Parameter naming: how plain names read (the account's: Deribit's in a coin account).
    static func decode(_ root: JSONValue, naming: InstrumentNaming = .bulwark) -> Result<TradeFills, APIError> {
        var reader = FieldReader()
        let body: JSONObject
        switch BodyReading.rootObject(root, allowed: ["fills"], &reader) {
        case .success(let object): body = object
        case .failure(let error): return .failure(error)
        }
        let fills = decode(list: body["fills"], field: "fills", naming: naming, reader: &reader)
        guard reader.issues.isEmpty, let fills else { return .failure(.invalid(reader.issues)) }
        return .success(fills)
    }

    /// A non-empty list of fills at `field` (`fills`, or `whatIf` in a margin request). A
    /// fill's size on a coin-settled future or perpetual is in USD of notional, its price a
    /// USD price; an inverse option's price is its premium in coin (docs/INVERSE.md).
    static func decode<V: JSONReadable>(list value: V?, field listField: String, naming: InstrumentNaming = .bulwark,
                                        reader: inout FieldReader) -> TradeFills? {
        guard let elements = reader.array(value, listField, maxCount: maxFills), !elements.isEmpty else {
            reader.fail(listField, "is required: a non-empty list of fills")
            return nil
        }
        let issuesBefore = reader.issues.count
        var fills: [TradeFill] = []
        for (index, element) in elements.enumerated() {
            let field = "\(listField)[\(index)]"
            guard let object = reader.element(element, field, allowed: ["instrument", "size", "price", "fee"]) else { continue }
            let instrument = MarginRequest.decodeInstrument(object["instrument"], field, naming: naming, &reader)
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
            fills.append(TradeFill(instrument: instrument, size: size, price: price, fee: fee))
        }
        return reader.issues.count == issuesBefore ? TradeFills(fills: fills) : nil
    }
}
