// The tag of tests that train a model end to end (about a minute each, both cores busy).
// `make test` runs them on their own after the rest; `swift test --skip SyntheticTrainingTests`
// leaves them out, and test explorers (Xcode, VS Code) can filter on the tag.
import Testing

extension Tag {
    /// Trains models end to end: slow, and keeps both cores busy.
    @Tag static var slowTraining: Self
}
