import Foundation
import Glibc

/// What both log handlers share: the time stamp and one write per line, so lines from
/// several threads never interleave.
enum LogLine {
    static func timestamp() -> String {
        Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(Date())
    }

    static func write(_ line: String) {
        var bytes = Array(line.utf8)
        bytes.append(10)
        _ = bytes.withUnsafeBytes { Glibc.write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }
}
