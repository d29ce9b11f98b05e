import RiskCore

/// What an attestation states, before it is signed.
struct AttestedFacts {
    var portfolio: [UInt8]
    var result: MarginResult
    var prices: [String: Double]
    var profile: String
    var parametersHash: String
}
