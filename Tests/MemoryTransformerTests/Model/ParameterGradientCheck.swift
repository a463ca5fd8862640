// A shared finite-difference check of a model's gradients: for every tensor with a
// non-zero gradient, the directional derivative along a random direction,
// (L(θ+εu) − L(θ−εu)) / 2ε, must match ⟨∇L, u⟩ within 3 %.
import Kernels
import Testing
@testable import MemoryTransformer

enum ParameterGradientCheck {
    /// Checks `gradients` (same layout as `model.parameters`) against `loss`, directions from `seed`.
    static func expectMatches(_ model: MemoryTransformerModel, gradients: ModelParameters, seed: UInt64,
                              loss: () -> Double, sourceLocation: SourceLocation = #_sourceLocation) {
        var generator = SeededGenerator(seed: seed)
        for (parameter, gradient) in zip(model.parameters.named, gradients.named) where gradient.tensor.values.contains(where: { $0 != 0 }) {
            let tensor = parameter.tensor, saved = tensor.values
            let direction = (0..<tensor.count).map { _ in generator.nextNormal() }
            let analytic = zip(direction, gradient.tensor.values).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
            let epsilon: Float = 1e-3
            for i in 0..<tensor.count { tensor[i] = saved[i] + epsilon * direction[i] }
            let plus = loss()
            for i in 0..<tensor.count { tensor[i] = saved[i] - epsilon * direction[i] }
            let minus = loss()
            for i in 0..<tensor.count { tensor[i] = saved[i] }
            let numerical = (plus - minus) / (2 * Double(epsilon))
            #expect(abs(analytic - numerical) / max(abs(numerical), 1e-2) < 0.03,
                    "\(parameter.name): analytic \(analytic), numerical \(numerical)", sourceLocation: sourceLocation)
        }
    }
}
