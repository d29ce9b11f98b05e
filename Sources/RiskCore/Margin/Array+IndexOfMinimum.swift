extension Array {
    /// The index of the element whose value is lowest, the first of equals; 0 when empty.
    /// Finds each profile's worst scenario.
    func indexOfMinimum(_ value: (Element) -> Double) -> Int {
        var best = 0
        for index in indices.dropFirst() where value(self[index]) < value(self[best]) {
            best = index
        }
        return best
    }
}
