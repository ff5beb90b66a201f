import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket

/// The control API (api/openapi.yaml): JSON over HTTP/1.1 on the Unix socket and, with a bearer
/// token, on TCP. Handlers only ask the ``TaskController`` (which asks the episode's operator
/// hooks, which the supervisor reads): no endpoint reaches the robot any other way.
struct ControlAPI: Sendable {
    let tasks: TaskController
    let statistics: LoopStatistics
    let metrics: DaemonMetrics
    let recordings: RecordingControl
    let broadcast: TelemetryBroadcast
    let configuration: DaemonConfiguration

    struct TaskRequest: Decodable { var instruction: String }
    struct RecordingRequest: Decodable { var name: String }

    struct Status: Codable, Sendable {
        var mode: TaskController.Mode
        var robot: String
        var arm: String
        var currentTask: TaskController.TaskInfo?
        var latchedFault: String?
        var history: [TaskController.EpisodeRecord]
        var loop: LoopStatistics.Summary
        var recording: RecordingControl.Info?
        var telemetryRateHz: Double
    }

    func status() -> Status {
        let s = tasks.snapshot
        let arm = switch configuration.arm {
        case .simulator: "simulator"
        case .serial: "serial"
        case .emulated: "emulated"
        }
        return Status(mode: s.mode, robot: tasks.arm.robotConfiguration.name, arm: arm, currentTask: s.current,
                      latchedFault: s.latchedFault, history: s.history, loop: statistics.summary,
                      recording: recordings.current, telemetryRateHz: configuration.telemetryRate)
    }

    /// The router for one listener; `token` (TCP) requires a bearer token on every request.
    func router(token: String?) -> Router<BasicWebSocketRequestContext> {
        let router = Router(context: BasicWebSocketRequestContext.self)
        router.middlewares.add(JSONErrorMiddleware())
        if let token { router.middlewares.add(BearerTokenMiddleware(token: token)) }
        router.post("/v1/tasks") { request, _ in
            let body = try await JSONResponse.decode(TaskRequest.self, from: request)
            return JSONResponse.make(try tasks.submit(body.instruction), status: .accepted)
        }
        router.delete("/v1/tasks/current") { _, _ in
            JSONResponse.make(try tasks.cancel(), status: .accepted)
        }
        router.get("/v1/status") { _, _ in JSONResponse.make(status()) }
        router.post("/v1/stop") { _, _ in
            tasks.stop(emergency: false)
            return JSONResponse.make(status(), status: .accepted)
        }
        router.post("/v1/estop") { _, _ in
            tasks.stop(emergency: true)
            return JSONResponse.make(status(), status: .accepted)
        }
        router.post("/v1/reset") { _, _ in
            try tasks.reset()
            return JSONResponse.make(status())
        }
        router.post("/v1/recordings") { request, _ in
            let body = try await JSONResponse.decode(RecordingRequest.self, from: request)
            return JSONResponse.make(try recordings.start(body.name), status: .created)
        }
        router.delete("/v1/recordings/current") { _, _ in
            JSONResponse.make(try recordings.stop())
        }
        router.get("/metrics") { _, _ in
            JSONResponse.body(Data(metrics.text().utf8), status: .ok, contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
        router.ws("/v1/telemetry") { _, _ in
            .upgrade([:])
        } onUpgrade: { _, outbound, _ in
            for await text in broadcast.subscribe() {
                try await outbound.write(.text(text))
            }
        }
        return router
    }
}
