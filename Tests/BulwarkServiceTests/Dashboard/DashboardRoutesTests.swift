import HTTPServer
import Testing
@testable import BulwarkService

/// The page itself (scripts/dashboard-test.py drives it in Chromium in CI).
@Suite struct DashboardRoutesTests {
    @Test func thePageIsServedWholeWithoutAKeyAndLinkedFromTheIndex() throws {
        let client = APIClient()
        let (response, _) = client.call(.get, "/dashboard")
        let html = String(decoding: response.body, as: UTF8.self)
        #expect(response.status == .ok && response.headers["Content-Type"] == "text/html; charset=utf-8")
        #expect(response.headers["Content-Security-Policy"]?.contains("connect-src 'self'") == true)
        for id in ["id=\"view\"", "id=\"token-form\"", "id=\"stream-status\"", "id=\"paused\"", "/v1/events/stream", "data-scenario", "Last-Event-ID"] {
            #expect(html.contains(id), "\(id)")
        }
        // Nothing from elsewhere: no external script, style or font.
        #expect(!html.contains("http://") && !html.contains("https://"))
        #expect(client.call(.get, "/").1?["dashboard"] == .string("/dashboard"))
    }
}
