/// Which way an account is exposed to an underlying: long gains when it rises.
public enum ExposureDirection: String, Hashable, Sendable, Codable {
    case long
    case short
}
