import RiskCore

/// A margin result with the profile and parameter hash that produced it, the results of the
/// profiles it is compared with, and the outcome of its what-if fills.
struct MarginEvaluation {
    var result: MarginResult
    var profile: String
    var parametersHash: String
    var comparison: [ComparedProfile] = []
    var whatIf: WhatIfOutcome?
}
