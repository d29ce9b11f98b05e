import Foundation
import RiskCore

/// Response bodies in the shapes the public price APIs document (the project's own, with
/// its own numbers). `{NOW_S}`, `{NOW_MS}`, `{NOW_US}` and `{NOW_ISO}` are replaced by the
/// local feed server with the current time, so the quotes are fresh when served.
enum FeedSamples {
    static let deribitIndex = #"{"jsonrpc":"2.0","result":{"index_price":65012.37,"estimated_delivery_price":65012.37},"usIn":{NOW_US},"usOut":{NOW_US},"usDiff":333,"testnet":false,"id":1}"#
    static let deribitTicker = #"{"jsonrpc":"2.0","result":{"timestamp":{NOW_MS},"state":"open","instrument_name":"BTC-26JUN26-100000-C","mark_price":0.2425,"mark_iv":45.43,"underlying_price":116086.34,"index_price":108827.5,"interest_rate":0},"usIn":1,"usOut":2,"id":1}"#
    static let deribitBookSummary = #"{"jsonrpc":"2.0","result":[{"instrument_name":"BTC-26DEC26-400000-C","mark_iv":78.11,"underlying_price":64312.37,"mark_price":0.00021,"bid_price":null,"creation_timestamp":{NOW_MS}},{"instrument_name":"BTC-26DEC26-60000-P","mark_iv":null,"underlying_price":64312.37,"mark_price":null,"creation_timestamp":{NOW_MS}},{"instrument_name":"BTC-26DEC26-70000-C","mark_iv":52.5,"underlying_price":64312.37,"creation_timestamp":{NOW_MS}}]}"#
    static let binance = #"{"symbol":"BTCUSDT","price":"65008.12000000"}"#
    static let coinbase = #"{"trade_id":86326522,"price":"65015.48","size":"0.00698254","time":"{NOW_ISO}","bid":"65015.15","ask":"65017.71","volume":"12602.03940154"}"#
    static let kraken = #"{"error":[],"result":{"XXBTZUSD":{"a":["65019.10000","8","8.000"],"b":["65018.00000","2","2.000"],"c":["65018.10000","0.01686188"],"o":"64428.20000"}}}"#
    static let okx = #"{"code":"0","msg":"","data":[{"instId":"BTC-USDT","idxPx":"65010.1","high24h":"65500.0","ts":"{NOW_MS}"}]}"#
    static let pyth = #"{"binary":{"encoding":"hex","data":["504e41"]},"parsed":[{"id":"ff61491a931112ddf1bd8147cd1b641375f79f5825126d665480874634fd0ace","price":{"price":"195656091864","conf":"87908136","expo":-8,"publish_time":{NOW_S}}},{"id":"e62df6c8b4a85fe1a67db44dc12de5db330f7ac66b72dc658afedf0f4a415b43","price":{"price":"6501237000000","conf":"2150000000","expo":-8,"publish_time":{NOW_S}}}]}"#

    static let badHTML502 = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>"
    static let badTruncated = #"{"jsonrpc":"2.0","result":{"index_price":650"#
    static let badDeribitError = #"{"jsonrpc":"2.0","error":{"message":"Invalid params","code":-32602},"usIn":1,"usOut":2,"id":1}"#
    static let badKrakenError = #"{"error":["EQuery:Unknown asset pair"]}"#
    static let badOKXError = #"{"code":"51001","msg":"Instrument ID does not exist","data":[]}"#
    static let badBinanceNegative = #"{"symbol":"BTCUSDT","price":"-1.00000000"}"#
    static let badCoinbaseZero = #"{"trade_id":1,"price":"0","size":"0","time":"2025-11-25T20:26:40.833Z"}"#
    static let badDeribitNull = #"{"jsonrpc":"2.0","result":{"index_price":null},"usOut":1764100000123789}"#
    static let badPythStale = #"{"parsed":[{"id":"e62df6c8b4a85fe1a67db44dc12de5db330f7ac66b72dc658afedf0f4a415b43","price":{"price":"6501237000000","conf":"2150000000","expo":-8,"publish_time":1600000000}}]}"#

    /// The body with its time placeholders filled for `now` (Unix seconds).
    static func filled(_ body: String, now: Double) -> String {
        let seconds = Int64(now)
        var text = body
        text = text.replacingOccurrences(of: "{NOW_US}", with: String(Int64(now * 1_000_000)))
        text = text.replacingOccurrences(of: "{NOW_MS}", with: String(Int64(now * 1_000)))
        text = text.replacingOccurrences(of: "{NOW_S}", with: String(seconds))
        return text.replacingOccurrences(of: "{NOW_ISO}", with: RiskCoreTime.iso(seconds))
    }
}

enum RiskCoreTime {
    static func iso(_ seconds: Int64) -> String { Timestamp(secondsSinceEpoch: seconds).iso8601 }
}
