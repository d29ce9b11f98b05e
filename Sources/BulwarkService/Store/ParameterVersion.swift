import BulwarkJSON
import Foundation
import RiskCore

/// A parameter set as governance recorded it: its canonical JSON, and when and by which
/// proposal it was activated.
public struct ParameterVersion: Sendable, Equatable {
    public var version: String
    public var hash: String
    /// The canonical JSON of the set.
    public var document: JSONValue
    public var createdAt: Double
    public var activatedAt: Double?
    public var proposalID: String?

    /// The set itself; nil if the stored document no longer decodes (a version written by a
    /// release whose parameters had other fields).
    public var parameters: RiskParameters? {
        try? JSONDecoder().decode(RiskParameters.self, from: Data(JSONWriter.encode(document)))
    }
}
