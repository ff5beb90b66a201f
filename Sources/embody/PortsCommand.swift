import ArgumentParser
import Foundation
import Hardware

/// `embody ports`: find the servo bus adapter before writing `robots/<name>/robot.toml`.
struct Ports: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ports",
        abstract: "List serial ports (libserialport) with description, USB VID:PID and serial number."
    )

    @Flag(name: .long, help: "Print a JSON array instead of one line per port.")
    var json = false

    func run() throws {
        let ports: [SerialPortInfo]
        do {
            ports = try listSerialPorts()
        } catch {
            throw CommandError.runtime("ports: \(error)")
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(ports), as: UTF8.self))
        } else if ports.isEmpty {
            print("no serial ports found")
        } else {
            for port in ports { print(port.summaryLine) }
        }
    }
}
