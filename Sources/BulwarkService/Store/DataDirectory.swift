import Foundation
import Glibc

/// The data directory, held by one process at a time: created 0700 with every file in it
/// 0600 whatever the umask (it holds the book, the ledger and the signing key), and locked
/// with `flock` on `bulwark.lock` for as long as this value lives, so a second service on the
/// same directory refuses to start instead of sharing the files.
public final class DataDirectory: Sendable {
    public let path: String
    private let lockDescriptor: Int32

    public static let lockFileName = "bulwark.lock"

    public init(path: String) throws {
        self.path = path
        try DataDirectory.createPrivately(path)
        let lockPath = (path as NSString).appendingPathComponent(DataDirectory.lockFileName)
        let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw DataDirectoryError("cannot open \(lockPath): \(String(cString: strerror(errno)))") }
        fchmod(descriptor, 0o600)
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let holder = (try? String(contentsOfFile: lockPath, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
            close(descriptor)
            throw DataDirectoryError("the data directory \(path) is in use by another bulwark process"
                             + (holder.map { $0.isEmpty ? "" : " (pid \($0))" } ?? "") + "; give each instance a data directory of its own")
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pid.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        lockDescriptor = descriptor
    }

    deinit {
        // Closing the descriptor releases the lock; the file stays, so the next holder reuses it.
        close(lockDescriptor)
    }

    /// A file of the directory, created empty with mode 0600 if it does not exist, and made
    /// 0600 if it does (SQLite gives its -wal and -shm files the database file's mode).
    public func privateFile(_ name: String) throws -> String {
        let file = (path as NSString).appendingPathComponent(name)
        let descriptor = open(file, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw DataDirectoryError("cannot open \(file): \(String(cString: strerror(errno)))") }
        fchmod(descriptor, 0o600)
        close(descriptor)
        return file
    }

    /// Makes files SQLite created beside a database (its -wal and -shm) 0600 too.
    public func restrictCompanions(of name: String) {
        for suffix in ["-wal", "-shm", "-journal"] {
            chmod((path as NSString).appendingPathComponent(name + suffix), 0o600)
        }
    }

    /// Creates the directory (and missing parents) 0700; a directory that exists is left as
    /// it is, since it may be a shared one the operator chose.
    private static func createPrivately(_ path: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw DataDirectoryError("the data directory \(path) is a file") }
            return
        }
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        // The attribute goes through the umask on some platforms: set it outright.
        chmod(path, 0o700)
    }
}
