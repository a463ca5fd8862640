// Counts every request by route pattern (not raw path, so session ids do not explode the
// label space), method and status, and records its latency.
import Hummingbird

/// Feeds `ServiceMetrics` from every request.
struct MetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServiceMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let route = context.endpointPath ?? "unmatched"
        metrics.recordRequest(route: route, method: request.method.rawValue,
                              status: response.status.code, duration: ContinuousClock.now - start)
        return response
    }
}
