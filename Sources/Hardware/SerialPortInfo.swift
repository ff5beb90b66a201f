/// One serial port as the operating system describes it, used to find a servo bus adapter
/// (e.g. a CH343 `1a86:55d3` for Feetech, an FTDI `0403:6014` for Dynamixel U2D2) without guessing
/// `/dev/ttyUSB0` vs `/dev/ttyACM1`.
public struct SerialPortInfo: Equatable, Sendable, Codable {
    /// How the port is attached.
    public enum Transport: String, Sendable, Codable {
        case native, usb, bluetooth
    }

    /// Device path, e.g. `/dev/ttyACM0`.
    public var path: String
    /// libserialport's human description (often the USB product string).
    public var description: String?
    public var transport: Transport
    /// USB vendor and product IDs, only for USB adapters.
    public var usbVendorID: UInt16?
    public var usbProductID: UInt16?
    /// The adapter's USB serial number: the stable way to tell two identical adapters apart.
    public var serialNumber: String?
    public var manufacturer: String?
    public var product: String?

    public init(
        path: String, description: String? = nil, transport: Transport, usbVendorID: UInt16? = nil,
        usbProductID: UInt16? = nil, serialNumber: String? = nil, manufacturer: String? = nil, product: String? = nil
    ) {
        self.path = path
        self.description = description
        self.transport = transport
        self.usbVendorID = usbVendorID
        self.usbProductID = usbProductID
        self.serialNumber = serialNumber
        self.manufacturer = manufacturer
        self.product = product
    }

    /// `vvvv:pppp` in lowercase hex, as `lsusb` prints it; nil when not a USB adapter.
    public var usbID: String? {
        guard let usbVendorID, let usbProductID else { return nil }
        return "\(Self.hex4(usbVendorID)):\(Self.hex4(usbProductID))"
    }

    /// One line for `embody ports`, e.g. `/dev/ttyACM0  USB  1a86:55d3  serial=58FA083324  "USB Single Serial"`.
    /// Absent fields are left out rather than printed as placeholders, so the line stays greppable.
    public var summaryLine: String {
        var fields = [path, transport.label]
        if let usbID { fields.append(usbID) }
        if let serialNumber, !serialNumber.isEmpty { fields.append("serial=\(serialNumber)") }
        if let description, !description.isEmpty { fields.append("\"\(description)\"") }
        return fields.joined(separator: "  ")
    }

    static func hex4(_ value: UInt16) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }

    // JSON carries the IDs as the same 4-hex-digit strings people read on labels and in lsusb.
    private enum CodingKeys: String, CodingKey {
        case path, description, transport, usbVendorID, usbProductID, serialNumber, manufacturer, product
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(path, forKey: .path)
        try container.encodeIfPresent(description, forKey: .description)
        try container.encode(transport, forKey: .transport)
        try container.encodeIfPresent(usbVendorID.map(Self.hex4), forKey: .usbVendorID)
        try container.encodeIfPresent(usbProductID.map(Self.hex4), forKey: .usbProductID)
        try container.encodeIfPresent(serialNumber, forKey: .serialNumber)
        try container.encodeIfPresent(manufacturer, forKey: .manufacturer)
        try container.encodeIfPresent(product, forKey: .product)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func hexID(_ key: CodingKeys) throws -> UInt16? {
            guard let text = try container.decodeIfPresent(String.self, forKey: key) else { return nil }
            guard text.count == 4, let value = UInt16(text, radix: 16) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "expected 4 hex digits, got '\(text)'")
            }
            return value
        }
        self.init(
            path: try container.decode(String.self, forKey: .path),
            description: try container.decodeIfPresent(String.self, forKey: .description),
            transport: try container.decode(Transport.self, forKey: .transport),
            usbVendorID: try hexID(.usbVendorID), usbProductID: try hexID(.usbProductID),
            serialNumber: try container.decodeIfPresent(String.self, forKey: .serialNumber),
            manufacturer: try container.decodeIfPresent(String.self, forKey: .manufacturer),
            product: try container.decodeIfPresent(String.self, forKey: .product))
    }
}

extension SerialPortInfo.Transport {
    /// Column text in the human listing.
    public var label: String {
        switch self {
        case .native: "native"
        case .usb: "USB"
        case .bluetooth: "Bluetooth"
        }
    }
}
