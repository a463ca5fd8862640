// A few finished states (pending tail read) by session and version, so paging through
// a long session's labels does not redo pass 1's last chunk and copy the document for
// every page.
import MemoryTransformer

/// Least-recently-used cache of finished document states.
actor FinishedStateCache {
    private let capacity: Int
    private var entries: [(id: String, version: Int, state: DocumentState)] = []

    init(capacity: Int) { self.capacity = capacity }

    func get(id: String, version: Int) -> DocumentState? {
        guard let index = entries.firstIndex(where: { $0.id == id && $0.version == version }) else { return nil }
        let entry = entries.remove(at: index)
        entries.append(entry)
        return entry.state
    }

    func put(id: String, version: Int, state: DocumentState) {
        entries.removeAll { $0.id == id }
        entries.append((id, version, state))
        if entries.count > capacity { entries.removeFirst() }
    }

    func remove(id: String) { entries.removeAll { $0.id == id } }
}
