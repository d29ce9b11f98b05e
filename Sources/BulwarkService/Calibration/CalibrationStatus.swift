/// Where a calibration is: waiting for the one before it, searching, done, cancelled, or
/// failed when it came to run (its request no longer applies to the parameters in force).
public enum CalibrationStatus: String, Sendable {
    case queued
    case running
    case completed
    case cancelled
    case failed

    var isFinished: Bool { self != .queued && self != .running }
}
