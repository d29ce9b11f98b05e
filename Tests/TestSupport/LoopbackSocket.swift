import Glibc

/// A TCP connection to a port on 127.0.0.1, for the tests' raw clients.
public enum LoopbackSocket {
    public struct ConnectError: Error, CustomStringConvertible {
        public var description: String
    }

    /// The connected descriptor, with a receive timeout of `timeout` seconds.
    public static func connect(port: Int, timeout: Double) throws -> Int32 {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            close(descriptor)
            throw ConnectError(description: "connect to 127.0.0.1:\(port) failed: \(String(cString: strerror(errno)))")
        }
        setTimeout(descriptor, timeout)
        return descriptor
    }

    public static func setTimeout(_ descriptor: Int32, _ seconds: Double) {
        var timeout = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - Double(Int(seconds))) * 1e6))
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }
}
