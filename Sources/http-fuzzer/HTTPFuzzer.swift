import HTTPFuzzing

/// libFuzzer entry point for the HTTP request parser and chunked decoder.
/// Build and run: see docs/FUZZING.md.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let digest = HTTPFuzzing.run(bytes)
    // Consume the result so the call can't be optimized away.
    if digest == Int.min { print(digest) }
    return 0
}
