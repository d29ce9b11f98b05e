/// A point in time, in whole seconds since 1970-01-01T00:00:00Z.
///
/// The risk core never reads the clock: every valuation takes its time as a
/// `Timestamp` value, which keeps results deterministic and replayable.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var secondsSinceEpoch: Int64

    public init(secondsSinceEpoch: Int64) {
        self.secondsSinceEpoch = secondsSinceEpoch
    }

    /// Seconds in the 365-day year used for every time-to-expiry (docs/METHODOLOGY.md, "Time").
    public static let secondsPerYear: Double = 365 * 86_400

    /// Time from `self` to `later` in years of 365 days, to the second; negative when `later` is earlier.
    public func yearFraction(to later: Timestamp) -> Double {
        Double(later.secondsSinceEpoch - secondsSinceEpoch) / Timestamp.secondsPerYear
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.secondsSinceEpoch < rhs.secondsSinceEpoch
    }

    public func adding(seconds: Int64) -> Timestamp {
        Timestamp(secondsSinceEpoch: secondsSinceEpoch + seconds)
    }

    /// Builds a UTC timestamp from a civil date and time; nil when a field is out of range.
    public init?(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...CivilCalendar.daysInMonth(year: year, month: month)).contains(day),
              (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second)
        else { return nil }
        let days = CivilCalendar.daysSinceEpoch(year: year, month: month, day: day)
        self.secondsSinceEpoch = days * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// The civil UTC date and time of this timestamp.
    public var civil: (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        let days = secondsSinceEpoch >= 0 ? secondsSinceEpoch / 86_400 : (secondsSinceEpoch - 86_399) / 86_400
        let secondOfDay = Int(secondsSinceEpoch - days * 86_400)
        let (year, month, day) = CivilCalendar.civilDate(daysSinceEpoch: days)
        return (year, month, day, secondOfDay / 3600, secondOfDay % 3600 / 60, secondOfDay % 60)
    }

    /// ISO-8601 / RFC 3339 in UTC, for example `2026-03-27T08:00:00Z`.
    public var iso8601: String {
        let c = civil
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2))T\(pad(c.hour, 2)):\(pad(c.minute, 2)):\(pad(c.second, 2))Z"
    }

    public var description: String { iso8601 }
}
