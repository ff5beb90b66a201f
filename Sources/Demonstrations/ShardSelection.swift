/// Which episodes one generator run records, so a dataset can be generated on N machines at once:
/// run K of N takes the episodes with index i where i mod N = K. Its files are numbered so that
/// no two runs of the same N collide (chunk j of run K is shard j·N + K), and merging the runs is
/// copying their shards into one folder.
public struct ShardSelection: Sendable, Equatable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    public static let whole = ShardSelection(uncheckedIndex: 0, count: 1)

    private init(uncheckedIndex index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    public init(index: Int, count: Int) throws(DatasetError) {
        guard count >= 1, index >= 0, index < count else {
            throw .badInput("--shard: expected K/N with 0 ≤ K < N, got \(index)/\(count)")
        }
        self.init(uncheckedIndex: index, count: count)
    }

    /// Parses "K/N".
    public init(parsing text: String) throws(DatasetError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]) else {
            throw .badInput("--shard: expected K/N (e.g. 0/4), got \"\(text)\"")
        }
        try self.init(index: k, count: n)
    }

    /// The episode indices of this run among `episodes`, in order.
    public func episodes(of episodes: Int) -> [Int] {
        Array(stride(from: index, to: episodes, by: count))
    }

    /// The file number of this run's `chunk`-th shard.
    public func fileNumber(chunk: Int) -> Int { chunk * count + index }

    public var description: String { "\(index)/\(count)" }
}
