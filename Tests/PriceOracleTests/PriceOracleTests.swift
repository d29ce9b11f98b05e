import BulwarkJSON
import Foundation
import HTTPServer
import Synchronization
import TestSupport
import Testing
@testable import PriceOracle

/// The oracle end to end: libcurl against a local feed server on loopback.
@Suite(.serialized) struct PriceOracleTests {
    @Test func aggregatesEverySourceFetchedOverHTTP() throws {
        let feeds = try LocalFeedServer(routes: [
            "/api/v2/public/get_index_price": LocalFeedServer.json(FeedSamples.deribitIndex),
            "/api/v3/ticker/price": LocalFeedServer.json(FeedSamples.binance),
            "/products/BTC-USD/ticker": LocalFeedServer.json(FeedSamples.coinbase),
            "/0/public/Ticker": LocalFeedServer.json(FeedSamples.kraken),
            "/api/v5/market/index-tickers": LocalFeedServer.json(FeedSamples.okx),
            "/v2/updates/price/latest": LocalFeedServer.json(FeedSamples.pyth),
            "/api/v2/public/get_book_summary_by_currency": LocalFeedServer.json(FeedSamples.deribitBookSummary),
        ])
        defer { feeds.stop() }
        let base = feeds.baseURL
        let configuration = try OracleConfigurationTests.parse("""
        {"assets": {"BTC": {"sources": [
            {"type": "deribit-index", "index": "btc_usd", "baseURL": "\(base)", "interval": 0.2},
            {"type": "binance", "symbol": "BTCUSDT", "baseURL": "\(base)", "interval": 0.2},
            {"type": "coinbase", "product": "BTC-USD", "baseURL": "\(base)", "interval": 0.2},
            {"type": "kraken", "pair": "XBTUSD", "baseURL": "\(base)", "interval": 0.2},
            {"type": "okx-index", "instrument": "BTC-USDT", "baseURL": "\(base)", "interval": 0.2},
            {"type": "pyth", "id": "e62df6c8b4a85fe1a67db44dc12de5db330f7ac66b72dc658afedf0f4a415b43", "baseURL": "\(base)", "interval": 0.2}
         ]}},
         "options": [{"type": "deribit-book-summary", "currency": "BTC", "baseURL": "\(base)", "interval": 0.2}]}
        """)
        let oracle = PriceOracle(configuration: configuration)
        oracle.start()
        defer { oracle.stop() }
        #expect(waitUntil { oracle.price("BTC")?.sources.allSatisfy { $0.included } == true })
        let btc = try #require(oracle.price("BTC"))
        #expect(btc.status == .ok)
        // Median of 65012.37, 65008.12, 65015.48, 65018.1, 65010.1, 65012.37.
        #expect(btc.price == 65_012.37)
        #expect(btc.confidence.map { abs($0 - (1 - 21.5 / 65_012.37)) < 1e-9 } == true)
        #expect(waitUntil { oracle.optionQuote("BTC-26DEC26-70000-C") != nil })
        #expect(oracle.optionQuote("BTC-26DEC26-70000-C")?.markIv == 0.525)
        #expect(oracle.optionQuote("BTC-26DEC26-60000-P") == nil)
        #expect(oracle.health().allSatisfy { $0.lastError == nil && $0.lastSuccessAt != nil })
    }

    /// A price publisher that loses its lease stops polling and starts again when it regains
    /// it: one poll loop per source, never two.
    @Test func anOracleStoppedAndStartedAgainPollsAgainOnce() throws {
        let polls = Mutex(0)
        let feeds = try LocalFeedServer(routes: [
            "/api/v3/ticker/price": { now in
                polls.withLock { $0 += 1 }
                return LocalFeedServer.json(FeedSamples.binance)(now)
            },
        ])
        defer { feeds.stop() }
        let configuration = try OracleConfigurationTests.parse("""
        {"assets": {"BTC": {"quorum": 1, "sources": [{"type": "binance", "symbol": "BTCUSDT", "baseURL": "\(feeds.baseURL)", "interval": 0.1}]}}}
        """)
        let oracle = PriceOracle(configuration: configuration)
        oracle.start()
        #expect(waitUntil { polls.withLock { $0 } >= 2 })
        oracle.stop()
        usleep(300_000)
        let stopped = polls.withLock { $0 }
        usleep(400_000)
        #expect(polls.withLock { $0 } == stopped, "still polling after stop")
        oracle.start()
        defer { oracle.stop() }
        usleep(1_050_000)
        // About ten polls a second again, from one loop (two loops would make about twenty).
        let restarted = polls.withLock { $0 } - stopped
        #expect((3...15).contains(restarted), "\(restarted) polls in a second")
    }

    @Test func aSourceSaysOnceThatItFailsAndOnceThatItAnswersAgain() throws {
        // Failing (500) for its first three polls, then answering.
        let polls = Mutex(0)
        let feeds = try LocalFeedServer(routes: [
            "/api/v3/ticker/price": { now in
                let poll = polls.withLock { count -> Int in
                    count += 1
                    return count
                }
                return poll <= 3 ? HTTPResponse(status: .internalServerError, contentType: "text/plain", body: "down")
                                 : LocalFeedServer.json(FeedSamples.binance)(now)
            },
        ])
        defer { feeds.stop() }
        let configuration = try OracleConfigurationTests.parse("""
        {"assets": {"BTC": {"sources": [{"type": "binance", "symbol": "BTCUSDT", "baseURL": "\(feeds.baseURL)", "interval": 0.05}]}}}
        """)
        let changes = Mutex<[SourceChange]>([])
        let oracle = PriceOracle(configuration: configuration, onSourceChange: { change in changes.withLock { $0.append(change) } })
        oracle.start()
        defer { oracle.stop() }
        // Three failed polls are one change; the recovery is another; the answers after it none.
        #expect(waitUntil { feeds.requests("/api/v3/ticker/price") >= 6 })
        let seen = changes.withLock { $0 }
        #expect(seen.count == 2, "\(seen)")
        guard seen.count == 2, case .failing(let source, let error) = seen[0] else { return }
        #expect(source == "BTC/0-binance" && error.contains("500"), "\(error)")
        #expect(seen[1] == .answering(source: "BTC/0-binance"))
    }

    @Test func aSourceThatNeverAnswersDoesNotDelayTheOthers() throws {
        let silent = try SilentListener()
        let feeds = try LocalFeedServer(routes: [
            "/api/v3/ticker/price": LocalFeedServer.json(FeedSamples.binance),
            "/0/public/Ticker": LocalFeedServer.json(FeedSamples.kraken),
        ])
        defer { feeds.stop() }
        let configuration = try OracleConfigurationTests.parse("""
        {"assets": {"BTC": {"sources": [
            {"type": "deribit-index", "index": "btc_usd", "baseURL": "http://127.0.0.1:\(silent.port)", "interval": 0.2},
            {"type": "binance", "symbol": "BTCUSDT", "baseURL": "\(feeds.baseURL)", "interval": 0.2},
            {"type": "kraken", "pair": "XBTUSD", "baseURL": "\(feeds.baseURL)", "interval": 0.2}
        ]}}}
        """)
        var client = CurlClient()
        client.totalTimeout = 3
        let oracle = PriceOracle(configuration: configuration, client: client)
        let started = Date()
        oracle.start()
        defer { oracle.stop() }
        // Both answering sources are in well before the silent one's 3 s timeout.
        #expect(waitUntil(seconds: 2) { oracle.price("BTC")?.status == .ok })
        #expect(Date().timeIntervalSince(started) < 2)
        #expect(oracle.price("BTC")?.price == (65_008.12 + 65_018.1) / 2)
        #expect(waitUntil(seconds: 2) { feeds.requests("/api/v3/ticker/price") >= 3 })
        #expect(waitUntil(seconds: 5) { oracle.health().first { $0.kind == "deribit-index" }?.lastError?.contains("no response") == true })
    }

    @Test func badResponsesAreRecordedWithTheirReason() throws {
        let feeds = try LocalFeedServer(routes: [
            "/api/v2/public/get_index_price": { _ in HTTPResponse(status: HTTPStatus(502), contentType: "text/html", body: FeedSamples.badHTML502) },
            "/api/v3/ticker/price": LocalFeedServer.json(FeedSamples.badBinanceNegative),
            "/0/public/Ticker": LocalFeedServer.json(FeedSamples.badKrakenError),
        ])
        defer { feeds.stop() }
        let configuration = try OracleConfigurationTests.parse("""
        {"assets": {"BTC": {"sources": [
            {"type": "deribit-index", "index": "btc_usd", "baseURL": "\(feeds.baseURL)", "interval": 0.2},
            {"type": "binance", "symbol": "BTCUSDT", "baseURL": "\(feeds.baseURL)", "interval": 0.2},
            {"type": "kraken", "pair": "XBTUSD", "baseURL": "\(feeds.baseURL)", "interval": 0.2}
        ]}}}
        """)
        let oracle = PriceOracle(configuration: configuration)
        oracle.start()
        defer { oracle.stop() }
        #expect(waitUntil { oracle.health().allSatisfy { $0.lastError != nil } })
        let errors = Dictionary(uniqueKeysWithValues: oracle.health().map { ($0.kind, $0.lastError ?? "") })
        #expect(errors["deribit-index"] == "HTTP status 502")
        #expect(errors["binance"]?.contains("not a positive price") == true)
        #expect(errors["kraken"]?.contains("EQuery:Unknown asset pair") == true)
        let btc = try #require(oracle.price("BTC"))
        #expect(btc.status == .unavailable && btc.price == nil)
    }

    @Test func tooManyRequestsBacksOff() throws {
        let feeds = try LocalFeedServer(routes: [
            "/api/v3/ticker/price": { _ in
                var response = HTTPResponse.problem(HTTPStatus(429), detail: "slow down")
                response.headers.add("Retry-After", "3")
                return response
            },
        ])
        defer { feeds.stop() }
        let configuration = try OracleConfigurationTests.parse("""
        {"assets": {"BTC": {"sources": [{"type": "binance", "symbol": "BTCUSDT", "baseURL": "\(feeds.baseURL)", "interval": 0.1}]}}}
        """)
        let oracle = PriceOracle(configuration: configuration)
        oracle.start()
        defer { oracle.stop() }
        #expect(waitUntil { oracle.health().first?.lastError == "HTTP status 429" })
        usleep(1_000_000)
        // At a 0.1 s interval it would have asked ten times; Retry-After: 3 holds it to one.
        #expect(feeds.requests("/api/v3/ticker/price") == 1)
        let health = try #require(oracle.health().first)
        #expect((health.nextAttemptAt ?? 0) - (health.lastAttemptAt ?? 0) >= 2.9)
        #expect(FeedPoller.backoff(interval: 1, failures: 3, retryAfter: nil) == 8)
        #expect(FeedPoller.backoff(interval: 5, failures: 20, retryAfter: nil) == FeedPoller.maxBackoff)
    }
}

@Suite(.serialized) struct PriceOracleCircuitBreakerTests {
    @Test func aJumpBetweenFetchesMarksTheAssetVolatile() throws {
        let jumped = RequestCounts()
        let feeds = try LocalFeedServer(routes: [
            "/api/v3/ticker/price": { _ in
                // 60,000 for the first fetches, then 70,000: a 16.7% move.
                let count = jumped.value.withLock { counts -> Int in
                    counts["n", default: 0] += 1
                    return counts["n"]!
                }
                return HTTPResponse(contentType: "application/json", body: #"{"symbol":"BTCUSDT","price":"\#(count <= 2 ? 60_000 : 70_000)"}"#)
            },
        ])
        defer { feeds.stop() }
        let configuration = try OracleConfigurationTests.parse("""
        {"assets": {"BTC": {"circuitBreakerMove": 0.1, "circuitBreakerWindow": 60,
                            "sources": [{"type": "binance", "symbol": "BTCUSDT", "baseURL": "\(feeds.baseURL)", "interval": 0.1}]}}}
        """)
        let oracle = PriceOracle(configuration: configuration)
        oracle.start()
        defer { oracle.stop() }
        let deadline = Date().addingTimeInterval(5)
        while oracle.price("BTC")?.price != 70_000 && Date() < deadline { usleep(20_000) }
        let btc = try #require(oracle.price("BTC"))
        #expect(btc.price == 70_000)
        #expect(btc.status == .volatile)
        #expect(btc.reason?.contains("moved 16.67%") == true)
    }
}
