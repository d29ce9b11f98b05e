import Foundation

/// Where a PostgreSQL store lives: `postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE`
/// (`postgres://` too), as `--store`, `BULWARK_STORE` and config `store` name it.
public struct PostgreSQLURL: Hashable, Sendable, CustomStringConvertible {
    public var user: String
    public var password: String?
    public var host: String
    public var port: Int
    public var database: String

    /// The URL, or why the text is not one.
    public static func parse(_ text: String) -> Result<PostgreSQLURL, PostgreSQLURLError> {
        guard let components = URLComponents(string: text), let scheme = components.scheme,
              scheme == "postgresql" || scheme == "postgres" else {
            return .failure(PostgreSQLURLError(reason: "must start postgresql:// (postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE)"))
        }
        guard let user = components.percentEncodedUser.flatMap({ $0.removingPercentEncoding }), !user.isEmpty else {
            return .failure(PostgreSQLURLError(reason: "names no user (postgresql://USER@HOST/DATABASE)"))
        }
        guard let host = components.host, !host.isEmpty else { return .failure(PostgreSQLURLError(reason: "names no host")) }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else {
            return .failure(PostgreSQLURLError(reason: "names no database (postgresql://USER@HOST/DATABASE)"))
        }
        let port = components.port ?? 5432
        guard (1...65_535).contains(port) else { return .failure(PostgreSQLURLError(reason: "has a port outside 1 to 65535")) }
        return .success(PostgreSQLURL(user: user, password: components.percentEncodedPassword.flatMap { $0.removingPercentEncoding },
                                      host: host, port: port, database: database))
    }

    /// The URL without its password, for logs and messages.
    public var description: String { "postgresql://\(user)@\(host):\(port)/\(database)" }

    /// The same server and user, another database.
    func with(database: String) -> PostgreSQLURL {
        var url = self
        url.database = database
        return url
    }
}
