import Foundation
import Glibc

/// The data directory: created 0700 with every file in it 0600 whatever the umask (it holds
/// the book, the ledger and the signing key). `lock()` makes one process its owner.
public struct DataDirectory: Sendable {
    public let path: String

    public static let lockFileName = "bulwark.lock"

    /// Creates the directory (and missing parents) 0700; a directory that exists is left as
    /// it is, since it may be a shared one the operator chose.
    public init(path: String) throws {
        self.path = path
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw DataDirectoryError("the data directory \(path) is a file") }
            return
        }
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        // The attribute goes through the umask: set the mode outright.
        chmod(path, 0o700)
    }

    /// Takes the directory for this process, for as long as the lock lives; refused while
    /// another process holds it, so two services never share one book's files.
    public func lock() throws -> DataDirectoryLock {
        try DataDirectoryLock(descriptor: try openPrivately(DataDirectory.lockFileName).descriptor, directory: path)
    }

    /// A file of the directory, created empty with mode 0600 if it does not exist, and made
    /// 0600 if it does (SQLite gives its -wal and -shm files the database file's mode).
    public func privateFile(_ name: String) throws -> String {
        let (file, descriptor) = try openPrivately(name)
        close(descriptor)
        return file
    }

    /// Opens (creating) a file of the directory for reading and writing, mode 0600.
    private func openPrivately(_ name: String) throws -> (path: String, descriptor: Int32) {
        let file = (path as NSString).appendingPathComponent(name)
        let descriptor = open(file, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw DataDirectoryError("cannot open \(file): \(String(cString: strerror(errno)))") }
        fchmod(descriptor, 0o600)
        return (file, descriptor)
    }

    /// Makes the files SQLite keeps beside a database 0600 too.
    public func restrictCompanions(of name: String) {
        for suffix in ["-wal", "-shm", "-journal"] {
            chmod((path as NSString).appendingPathComponent(name + suffix), 0o600)
        }
    }
}
