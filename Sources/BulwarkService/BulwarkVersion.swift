/// The service's release, printed by `bulwark --version` and in the start-up line. Raised
/// with each release that changes the API or a figure.
public enum BulwarkVersion {
    public static let current = "0.4.0"
}
