import CSerialPort

/// All serial ports libserialport finds, sorted by path.
///
/// Why libserialport: it reads the USB descriptors (VID:PID, serial number) behind each tty on Linux,
/// macOS and Windows, which is what tells a servo bus adapter apart from a modem or a debug probe.
/// Pseudo-terminals are not listed (libserialport only reports ports backed by a device driver).
public func listSerialPorts() throws(SerialPortError) -> [SerialPortInfo] {
    var list: UnsafeMutablePointer<OpaquePointer?>?
    let result = sp_list_ports(&list)
    guard result == SP_OK, let list else {
        throw SerialPortError(operation: "listing serial ports", message: lastSerialPortMessage(result))
    }
    defer { sp_free_port_list(list) }
    var ports: [SerialPortInfo] = []
    var index = 0
    while let port = list[index] {
        ports.append(describe(port))
        index += 1
    }
    return ports.sorted { $0.path < $1.path }
}

private func describe(_ port: OpaquePointer) -> SerialPortInfo {
    func text(_ pointer: UnsafeMutablePointer<CChar>?) -> String? {
        guard let pointer else { return nil }
        let value = String(cString: pointer)
        return value.isEmpty ? nil : value
    }
    let transport: SerialPortInfo.Transport
    switch sp_get_port_transport(port) {
    case SP_TRANSPORT_USB: transport = .usb
    case SP_TRANSPORT_BLUETOOTH: transport = .bluetooth
    default: transport = .native
    }
    var info = SerialPortInfo(
        path: text(sp_get_port_name(port)) ?? "?", description: text(sp_get_port_description(port)),
        transport: transport)
    if transport == .usb {
        var vendor: Int32 = 0, product: Int32 = 0
        if sp_get_port_usb_vid_pid(port, &vendor, &product) == SP_OK,
            let vendorID = UInt16(exactly: vendor), let productID = UInt16(exactly: product)
        {
            info.usbVendorID = vendorID
            info.usbProductID = productID
        }
        // These strings belong to the port structure and are freed with the list.
        info.serialNumber = text(sp_get_port_usb_serial(port))
        info.manufacturer = text(sp_get_port_usb_manufacturer(port))
        info.product = text(sp_get_port_usb_product(port))
    }
    return info
}

/// libserialport's message for a failed call: the OS error text for SP_ERR_FAIL, a fixed text otherwise.
private func lastSerialPortMessage(_ result: sp_return) -> String {
    switch result {
    case SP_ERR_FAIL:
        guard let message = sp_last_error_message() else { return "unknown OS error" }
        defer { sp_free_error_message(message) }
        return String(cString: message)
    case SP_ERR_MEM: return "out of memory"
    case SP_ERR_SUPP: return "not supported on this platform"
    case SP_ERR_ARG: return "invalid argument"
    default: return "error code \(result.rawValue)"
    }
}
