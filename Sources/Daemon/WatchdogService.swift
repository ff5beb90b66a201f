import ServiceLifecycle

/// Pings the systemd watchdog (`WATCHDOG=1`) at half of `WATCHDOG_USEC`, but only while the
/// daemon is healthy: when an episode runs, its controller loop must have ticked since the last
/// ping. A stalled controller thread stops the pings and systemd restarts the daemon.
struct WatchdogService: Service {
    let notifier: SystemdNotifier
    let tasks: TaskController

    func run() async throws {
        guard let interval = notifier.watchdogInterval else {
            try? await gracefulShutdown()
            return
        }
        await cancelWhenGracefulShutdown {
            var lastTicks: (ObjectIdentifier, Int64)?
            while !Task.isCancelled {
                var healthy = true
                if tasks.snapshot.mode == .running || tasks.snapshot.mode == .stopping, let hooks = tasks.latestHooks {
                    let now = (ObjectIdentifier(hooks), hooks.ticks)
                    if let last = lastTicks, last.0 == now.0, last.1 == now.1 { healthy = false }
                    lastTicks = now
                }
                if healthy { notifier.notify("WATCHDOG=1") }
                try? await Task.sleep(for: interval / 2)
            }
        }
    }
}
