/// Instruction text → word ids, as `training/model.py` `tokenize` does: lower-cased, split on
/// spaces. An unknown word is an error rather than an `<unk>` token: the model only ever saw the
/// task templates, so an unfamiliar command is better refused than guessed at.
public struct InstructionTokenizer: Sendable {
    public let vocabulary: [String]
    public let maxWords: Int
    private let ids: [String: Int32]

    public init(config: VLAConfig) {
        vocabulary = config.vocabulary
        maxWords = config.maxWords
        var ids: [String: Int32] = [:]
        for (k, word) in config.vocabulary.enumerated() where k > 0 { ids[word] = Int32(k) }
        self.ids = ids
    }

    public func tokenize(_ instruction: String) throws(VLAError) -> [Int32] {
        var out: [Int32] = []
        for word in instruction.lowercased().split(separator: " ") {
            guard let id = ids[String(word)] else {
                throw VLAError("instruction \"\(instruction)\": word \"\(word)\" is not in the vocabulary")
            }
            out.append(id)
        }
        guard !out.isEmpty, out.count <= maxWords else {
            throw VLAError("instruction \"\(instruction)\": \(out.count) words, expected 1...\(maxWords)")
        }
        return out
    }
}
