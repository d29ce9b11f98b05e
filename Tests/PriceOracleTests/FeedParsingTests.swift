import Foundation
import Testing
@testable import PriceOracle

@Suite struct FeedParsingTests {
    let now = 1_790_000_000.0

    private func spot(_ feed: any PriceFeed, _ body: String) -> SpotQuote? {
        guard case .success(let reading) = feed.parse(Array(FeedSamples.filled(body, now: now).utf8)) else { return nil }
        return reading.spot
    }

    @Test func everyGoodSampleGivesItsNumber() throws {
        let deribit = try #require(spot(DeribitIndexFeed(indexName: "btc_usd"), FeedSamples.deribitIndex))
        #expect(deribit.price == 65_012.37)
        #expect(abs((deribit.publishedAt ?? 0) - now) < 1e-3)
        #expect(spot(BinanceFeed(symbol: "BTCUSDT"), FeedSamples.binance)?.price == 65_008.12)
        let coinbase = try #require(spot(CoinbaseFeed(product: "BTC-USD"), FeedSamples.coinbase))
        #expect(coinbase.price == 65_015.48 && coinbase.publishedAt == now)
        #expect(spot(KrakenFeed(pair: "XBTUSD"), FeedSamples.kraken)?.price == 65_018.1)
        let okx = try #require(spot(OKXIndexFeed(instrumentID: "BTC-USDT"), FeedSamples.okx))
        #expect(okx.price == 65_010.1 && okx.publishedAt == now)
        let pyth = try #require(spot(PythHermesFeed(priceID: "0xE62DF6C8B4A85FE1A67DB44DC12DE5DB330F7AC66B72DC658AFEDF0F4A415B43"), FeedSamples.pyth))
        #expect(abs(pyth.price - 65_012.37) < 1e-9)
        #expect(abs((pyth.confidence ?? 0) - (1 - 21.5 / 65_012.37)) < 1e-12)
        #expect(pyth.publishedAt == now)
        let eth = try #require(spot(PythHermesFeed(priceID: "ff61491a931112ddf1bd8147cd1b641375f79f5825126d665480874634fd0ace"), FeedSamples.pyth))
        #expect(abs(eth.price - 1_956.56091864) < 1e-9)
        let generic = try #require(spot(GenericJSONFeed(url: "http://x", pricePath: "data.0.idxPx", scale: 2, timestampPath: "data.0.ts",
                                                        timestampInMilliseconds: true), FeedSamples.okx))
        #expect(generic.price == 130_020.2 && generic.publishedAt == now)
    }

    @Test func optionTickersGiveMarkIVsAsFractions() throws {
        guard case .success(let ticker) = DeribitTickerFeed(instrument: "BTC-26JUN26-100000-C")
            .parse(Array(FeedSamples.filled(FeedSamples.deribitTicker, now: now).utf8)) else { Issue.record("not parsed"); return }
        #expect(ticker.options == [OptionQuote(instrument: "BTC-26JUN26-100000-C", markIv: 0.4543, forward: 116_086.34, publishedAt: now)])
        guard case .success(let summary) = DeribitBookSummaryFeed(currency: "BTC")
            .parse(Array(FeedSamples.filled(FeedSamples.deribitBookSummary, now: now).utf8)) else { Issue.record("not parsed"); return }
        // The entry with a null mark IV is skipped, never read as 0.
        #expect(summary.options.map(\.instrument) == ["BTC-26DEC26-400000-C", "BTC-26DEC26-70000-C"])
        #expect(summary.options.map(\.markIv) == [0.7811, 0.525])
    }

    @Test func everyBadSampleIsRejectedWithAReason() {
        let cases: [(any PriceFeed, String, String)] = [
            (DeribitIndexFeed(indexName: "btc_usd"), FeedSamples.badHTML502, "HTML instead of JSON"),
            (DeribitIndexFeed(indexName: "btc_usd"), FeedSamples.badTruncated, "not valid JSON"),
            (DeribitIndexFeed(indexName: "btc_usd"), FeedSamples.badDeribitError, "Deribit error: Invalid params"),
            (DeribitIndexFeed(indexName: "btc_usd"), FeedSamples.badDeribitNull, "null: no price"),
            (KrakenFeed(pair: "XBTUSD"), FeedSamples.badKrakenError, "Kraken error: EQuery:Unknown asset pair"),
            (OKXIndexFeed(instrumentID: "BTC-USDT"), FeedSamples.badOKXError, "OKX error 51001"),
            (BinanceFeed(symbol: "BTCUSDT"), FeedSamples.badBinanceNegative, "not a positive price"),
            (CoinbaseFeed(product: "BTC-USD"), FeedSamples.badCoinbaseZero, "not a positive price"),
            (PythHermesFeed(priceID: "1234"), FeedSamples.filled(FeedSamples.pyth, now: 1), "no price for id"),
            (BinanceFeed(symbol: "BTCUSDT"), "null", "null: no price"),
        ]
        for (feed, body, reason) in cases {
            switch feed.parse(Array(body.utf8)) {
            case .success(let reading): Issue.record("\(feed.kind) accepted \(body): \(reading)")
            case .failure(let error): #expect(error.description.contains(reason), "\(feed.kind): \(error)")
            }
        }
    }

    @Test func stalePythTimestampIsKeptForTheAggregatorToJudge() throws {
        let stale = try #require(spot(PythHermesFeed(priceID: "e62df6c8b4a85fe1a67db44dc12de5db330f7ac66b72dc658afedf0f4a415b43"), FeedSamples.badPythStale))
        #expect(stale.publishedAt == 1_600_000_000)
        let aggregated = PriceAggregator().aggregate(asset: "BTC", observations: [
            SourceObservation(name: "pyth", quote: stale, fetchedAt: now),
        ], now: now)
        #expect(aggregated.status == .unavailable)
        #expect(aggregated.sources[0].reason?.hasPrefix("stale") == true)
    }
}
