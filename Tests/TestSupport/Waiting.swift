import Foundation
import Glibc

/// Polls `condition` until it holds or `seconds` pass; whether it held.
public func waitUntil(seconds: Double = 5, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if condition() { return true }
        usleep(10_000)
    }
    return condition()
}

/// Raises this process's open-file limit to `count` (within the hard limit), for tests that
/// hold hundreds of sockets on both ends.
public func raiseOpenFileLimit(to count: rlim_t = 4096) {
    var limit = rlimit()
    getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    if limit.rlim_cur < count {
        limit.rlim_cur = min(count, limit.rlim_max)
        setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }
}
