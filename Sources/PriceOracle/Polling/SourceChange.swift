/// A source starting to fail or to answer: reported once per change, not per poll, so a
/// log says when a feed went down and when it came back.
public enum SourceChange: Sendable, Equatable {
    /// The first answer since start, or the first after failures.
    case answering(source: String)
    /// The first failure since start or since the last answer.
    case failing(source: String, error: String)
}
