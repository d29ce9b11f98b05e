import CCurl
import Foundation

/// A blocking HTTP GET over libcurl, for poller threads (never for Swift's cooperative pool).
///
/// Connect and total timeouts, TLS verification on, any encoding curl supports (gzip
/// included), a User-Agent, http and https only, a cap on the body size. Both the curl
/// code and the HTTP status are reported.
public struct CurlClient: Sendable {
    public var connectTimeout: Double = 3
    public var totalTimeout: Double = 5
    public var userAgent = "bulwark-oracle/0.1 (+risk engine price feed)"
    public var maxBodyBytes = 4 * 1024 * 1024

    public init() {}

    /// curl_global_init must run once per process, before any handle exists.
    private static let globalInit: Bool = {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK
    }()

    public func get(_ url: String, headers: [String] = []) -> FetchResult {
        let started = Date()
        guard CurlClient.globalInit, let handle = curl_easy_init() else {
            return FetchResult(status: 0, body: [], transportError: "libcurl could not be initialised", latency: 0)
        }
        defer { curl_easy_cleanup(handle) }
        let sink = ResponseSink(limit: maxBodyBytes)
        let sinkPointer = Unmanaged.passRetained(sink)
        defer { sinkPointer.release() }

        var list: UnsafeMutablePointer<curl_slist>?
        for header in headers { list = curl_slist_append(list, header) }
        defer { curl_slist_free_all(list) }

        _ = bulwark_curl_setopt_string(handle, CURLOPT_URL, url)
        _ = bulwark_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        _ = bulwark_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(connectTimeout * 1000))
        _ = bulwark_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, Int(totalTimeout * 1000))
        _ = bulwark_curl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 1)
        _ = bulwark_curl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 2)
        _ = bulwark_curl_setopt_string(handle, CURLOPT_ACCEPT_ENCODING, "")
        _ = bulwark_curl_setopt_string(handle, CURLOPT_USERAGENT, userAgent)
        _ = bulwark_curl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https")
        _ = bulwark_curl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0)
        _ = bulwark_curl_setopt_slist(handle, CURLOPT_HTTPHEADER, list)
        _ = bulwark_curl_setopt_write_function(handle) { data, size, count, context in
            guard let data, let context else { return 0 }
            let sink = Unmanaged<ResponseSink>.fromOpaque(context).takeUnretainedValue()
            let length = size * count
            // Returning less than given makes curl abort the transfer: the body is over the cap.
            guard sink.body.count + length <= sink.limit else { return 0 }
            data.withMemoryRebound(to: UInt8.self, capacity: length) {
                sink.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: length))
            }
            return length
        }
        _ = bulwark_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, sinkPointer.toOpaque())
        _ = bulwark_curl_setopt_header_function(handle) { data, size, count, context in
            guard let data, let context else { return 0 }
            let length = size * count
            let line = data.withMemoryRebound(to: UInt8.self, capacity: length) {
                String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
            }
            let sink = Unmanaged<ResponseSink>.fromOpaque(context).takeUnretainedValue()
            if line.lowercased().hasPrefix("retry-after:") {
                let value = line.dropFirst("retry-after:".count).trimmingCharacters(in: .whitespacesAndNewlines)
                sink.retryAfter = Double(value)
            }
            return length
        }
        _ = bulwark_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, sinkPointer.toOpaque())

        let code = curl_easy_perform(handle)
        let latency = Date().timeIntervalSince(started)
        var status = 0
        _ = bulwark_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        if code != CURLE_OK {
            let message = String(cString: curl_easy_strerror(code))
            return FetchResult(status: status, body: [], transportError: "curl error \(code.rawValue): \(message)", latency: latency)
        }
        return FetchResult(status: status, body: sink.body, latency: latency, retryAfter: sink.retryAfter)
    }
}

/// Collects a response's body and its Retry-After header for the curl callbacks.
final class ResponseSink {
    var body: [UInt8] = []
    var retryAfter: Double?
    let limit: Int

    init(limit: Int) {
        self.limit = limit
    }
}
