import CCurl
import Foundation

/// Blocking HTTP over libcurl, for poller threads and request workers (never for Swift's
/// cooperative pool): the feeds' GETs and the requests one instance forwards to another.
///
/// Connect and total timeouts, TLS verification on, any encoding curl supports (gzip
/// included), a User-Agent, http and https only, a cap on the body size. Both the curl
/// code and the HTTP status are reported, with the answer's header fields.
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
        request("GET", url, headers: headers)
    }

    /// `method` on `url` with `headers` ("Name: value") and, when given, `body`.
    public func request(_ method: String, _ url: String, headers: [String] = [], body: [UInt8]? = nil) -> FetchResult {
        let started = Date()
        guard CurlClient.globalInit, let handle = curl_easy_init() else {
            return FetchResult(status: 0, body: [], transportError: "libcurl could not be initialised", latency: 0)
        }
        defer { curl_easy_cleanup(handle) }
        let sink = ResponseSink(limit: maxBodyBytes)
        let sinkPointer = Unmanaged.passRetained(sink)
        defer { sinkPointer.release() }

        var list: UnsafeMutablePointer<curl_slist>?
        // No "Expect: 100-continue" round trip before a body.
        for header in headers + (body == nil ? [] : ["Expect:"]) { list = curl_slist_append(list, header) }
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
        if method != "GET" { _ = bulwark_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, method) }
        // curl reads the body from this buffer during perform; it outlives the call.
        let upload = body.map { bytes in
            let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, bytes.count))
            buffer.initialize(from: bytes, count: bytes.count)
            return buffer
        }
        defer { upload?.deallocate() }
        if let upload, let body {
            _ = bulwark_curl_setopt_long(handle, CURLOPT_POSTFIELDSIZE, body.count)
            _ = bulwark_curl_setopt_pointer(handle, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(upload))
        }
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
            // A status line starts a response's fields (after a 1xx, the final one's).
            if line.hasPrefix("HTTP/") { sink.headers = [] }
            if let colon = line.firstIndex(of: ":") {
                let name = String(line[..<colon])
                let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
                sink.headers.append((name, value))
                if name.lowercased() == "retry-after" { sink.retryAfter = Double(value) }
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
        return FetchResult(status: status, body: sink.body, latency: latency, retryAfter: sink.retryAfter, headers: sink.headers)
    }
}

/// Collects a response's body and its Retry-After header for the curl callbacks.
final class ResponseSink {
    var body: [UInt8] = []
    var retryAfter: Double?
    var headers: [(name: String, value: String)] = []
    let limit: Int

    init(limit: Int) {
        self.limit = limit
    }
}
