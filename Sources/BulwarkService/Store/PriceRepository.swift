/// The venue's posted prices, the latest per asset, so a restart resumes with them (and
/// their age).
public protocol PriceRepository {
    /// Stores the price as the asset's latest, replacing the one before.
    func save(_ price: VenuePrice) throws

    /// Every asset's latest posted price, by asset.
    func all() throws -> [VenuePrice]

    /// Replaces the price publisher's tick.
    func savePublishedTick(_ tick: PublishedTick) throws

    func publishedTick() throws -> PublishedTick?
}
