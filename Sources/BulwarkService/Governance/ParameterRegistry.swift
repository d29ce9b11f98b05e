import Foundation
import RiskCore
import Synchronization

/// The active risk parameters and the profiles built over them. Governance replaces them at
/// activation; every request and re-margin reads one consistent snapshot.
public final class ParameterRegistry: Sendable {
    /// One parameter set in force, with its profiles built once.
    public struct Active: Sendable {
        public let parameters: RiskParameters
        let profiles: MethodologyProfiles
        /// When governance activated it; nil for the configured set at start.
        public let activatedAt: Double?
        public let proposalID: String?

        /// The scenario kernel the profiles run on (the widest this processor supports).
        public var kernelName: String { profiles.standard.kernel.name }

        init(parameters: RiskParameters, activatedAt: Double?, proposalID: String?) {
            self.parameters = parameters
            self.profiles = MethodologyProfiles(parameters: parameters)
            self.activatedAt = activatedAt
            self.proposalID = proposalID
        }
    }

    private let active: Mutex<Active>

    public init(parameters: RiskParameters) {
        active = Mutex(Active(parameters: parameters, activatedAt: nil, proposalID: nil))
    }

    public var current: Active { active.withLock { $0 } }

    func activate(_ parameters: RiskParameters, activatedAt: Double?, proposalID: String?) {
        let next = Active(parameters: parameters, activatedAt: activatedAt, proposalID: proposalID)
        active.withLock { $0 = next }
    }
}
