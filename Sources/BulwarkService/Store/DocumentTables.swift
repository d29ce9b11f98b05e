import BulwarkJSON

/// How both backends keep proposals and calibrations: a table of an id, its JSON document and
/// when it changed, read back in the order first stored. `table` is always `proposal` or
/// `calibration`, never input.
protocol DocumentTables {
    func count(_ table: String) throws -> Int
    func save(_ table: String, id: String, _ document: JSONValue, now: Double) throws
    func document(_ table: String, id: String) throws -> JSONValue?
    /// In the order they were first stored.
    func documents(_ table: String) throws -> [JSONValue]
}

/// The governance repository's proposals and calibrations, written once over the tables.
extension GovernanceRepository where Self: DocumentTables {
    func proposalCount() throws -> Int { try count("proposal") }

    func save(_ proposal: Proposal, now: Double) throws { try save("proposal", id: proposal.id, proposal.storedJSON, now: now) }

    func proposal(_ id: String) throws -> Proposal? { try document("proposal", id: id).flatMap(Proposal.init(stored:)) }

    func proposals() throws -> [Proposal] { try documents("proposal").compactMap(Proposal.init(stored:)) }

    func calibrationCount() throws -> Int { try count("calibration") }

    func save(_ calibration: CalibrationRecord, now: Double) throws {
        try save("calibration", id: calibration.id, calibration.storedJSON, now: now)
    }

    func calibration(_ id: String) throws -> CalibrationRecord? { try document("calibration", id: id).flatMap(CalibrationRecord.init(stored:)) }

    func calibrations() throws -> [CalibrationRecord] { try documents("calibration").compactMap(CalibrationRecord.init(stored:)) }
}
