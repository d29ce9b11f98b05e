import Glibc

/// IMF-fixdate for the Date header (RFC 9110 §5.6.7), recomputed at most once a second.
struct HTTPDate {
    private static let days = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private var cachedSecond: Int = -1
    private var cached: [UInt8] = []

    /// The current date, as header value bytes.
    mutating func now() -> [UInt8] {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        let second = spec.tv_sec
        if second != cachedSecond {
            cachedSecond = second
            cached = Array(HTTPDate.format(secondsSinceEpoch: second).utf8)
        }
        return cached
    }

    static func format(secondsSinceEpoch: Int) -> String {
        let days = secondsSinceEpoch / 86_400
        let secondOfDay = secondsSinceEpoch % 86_400
        // Civil date from days since 1970-01-01 (H. Hinnant).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(HTTPDate.days[days % 7]), \(two(day)) \(HTTPDate.months[month - 1]) \(year) "
            + "\(two(secondOfDay / 3600)):\(two(secondOfDay % 3600 / 60)):\(two(secondOfDay % 60)) GMT"
    }
}
