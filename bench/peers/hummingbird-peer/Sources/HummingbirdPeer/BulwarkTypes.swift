import HTTPServer

// Bulwark's own HTTP types under names that do not clash with HTTPTypes' (this file does not
// import Hummingbird, so the names resolve to Bulwark's).
typealias BulwarkRequest = HTTPRequest
typealias BulwarkHeaders = HTTPHeaders
typealias BulwarkResponse = HTTPResponse
