import Glibc

/// Ownership of a data directory: an exclusive `flock` on its lock file, which names the
/// holder's pid. The kernel drops it when the process ends, however it ends (kill -9 too),
/// so a stale lock file never keeps the next start out.
public final class DataDirectoryLock: Sendable {
    private let descriptor: Int32

    /// Takes ownership of `descriptor`, the open lock file of `directory`: closes it when refused.
    init(descriptor: Int32, directory: String) throws {
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            var holder = [UInt8](repeating: 0, count: 32)
            let count = pread(descriptor, &holder, holder.count, 0)
            close(descriptor)
            let pid = String(decoding: holder.prefix(max(0, count)), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw DataDirectoryError("the data directory \(directory) is in use by another bulwark process"
                                     + (pid.isEmpty ? "" : " (pid \(pid))") + "; give each instance a data directory of its own")
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pid.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        self.descriptor = descriptor
    }

    deinit {
        // Closing the descriptor releases the lock; the file stays for the next holder.
        close(descriptor)
    }
}
