// AtomicDirectoryWriter: writes a set of files as one directory, all or nothing.
// Files go to a hidden sibling ".NAME.tmp-UUID"; only when all are written does it take
// the target's place (old target moved aside, new one renamed in, old one removed).
// A crash leaves either the old or the new directory, plus at most a hidden leftover.
import Foundation

enum AtomicDirectoryWriter {
    /// Writes `files` (name → bytes) as the directory `target`, replacing a previous
    /// checkpoint there. An existing non-empty directory without manifest.json is refused.
    static func write(_ files: [String: Data], to target: URL) throws {
        let fm = FileManager.default
        let parent = target.deletingLastPathComponent()
        let name = target.lastPathComponent
        func fail(_ reason: String) -> CheckpointError { .writeFailed(path: target.path, reason: reason) }

        var isDirectory: ObjCBool = false
        let exists = fm.fileExists(atPath: target.path, isDirectory: &isDirectory)
        if exists {
            guard isDirectory.boolValue else { throw fail("a file (not a directory) is in the way") }
            let entries = (try? fm.contentsOfDirectory(atPath: target.path)) ?? []
            guard entries.isEmpty || entries.contains(Checkpoint.manifestFile) else {
                throw fail("the directory exists and is not a checkpoint; choose another path")
            }
        }

        let staging = parent.appendingPathComponent(".\(name).tmp-\(UUID().uuidString)")
        do {
            try fm.createDirectory(at: parent, withIntermediateDirectories: true)
            try fm.createDirectory(at: staging, withIntermediateDirectories: false)
            for (file, data) in files.sorted(by: { $0.key < $1.key }) {
                try data.write(to: staging.appendingPathComponent(file))
            }
        } catch {
            try? fm.removeItem(at: staging)
            throw fail(error.localizedDescription)
        }

        guard exists else {
            do { try fm.moveItem(at: staging, to: target) } catch {
                try? fm.removeItem(at: staging)
                throw fail(error.localizedDescription)
            }
            return
        }
        let aside = parent.appendingPathComponent(".\(name).old-\(UUID().uuidString)")
        do {
            try fm.moveItem(at: target, to: aside)
        } catch {
            try? fm.removeItem(at: staging)
            throw fail(error.localizedDescription)
        }
        do {
            try fm.moveItem(at: staging, to: target)
        } catch {
            try? fm.moveItem(at: aside, to: target)
            try? fm.removeItem(at: staging)
            throw fail(error.localizedDescription)
        }
        try? fm.removeItem(at: aside)
    }
}
