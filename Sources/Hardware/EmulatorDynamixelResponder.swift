#if canImport(Glibc)
/// How the emulated chain answers Dynamixel Protocol 2.0 instructions (ROBOTIS e-Manual,
/// "Protocol 2.0"): unicast instructions get one status from the addressed servo (as its Status
/// Return Level allows); sync and bulk reads get one status per listed servo, in list order, each
/// after its Return Delay Time; broadcasts of write, sync write and bulk write get none.
extension ServoChainEmulator {
    func respondDynamixel(_ packet: PacketView, end: UInt64) {
        let p = packet.parameters
        let broadcast = packet.id == Dynamixel.broadcastID
        func u16(_ offset: Int) -> Int { Int(p[offset]) | Int(p[offset + 1]) << 8 }

        switch DynamixelInstruction(rawValue: packet.instruction) {
        case .ping:
            let targets = broadcast ? servos.filter { servo(id: $0.id) != nil }.sorted { $0.id < $1.id } : servo(id: packet.id).map { [$0] } ?? []
            for s in targets {
                let model = s.table.modelNumber
                status(s, error: 0, parameters: [UInt8(model & 0xFF), UInt8(model >> 8), UInt8(s.table.firmwareVersion)], end: end)
            }
        case .read:
            guard !broadcast, let s = servo(id: packet.id) else { return }
            guard p.count == 4 else { return status(s, error: DynamixelStatusError.dataLengthError, end: end) }
            readStatus(s, address: u16(0), count: u16(2), end: end, level: 1)
        case .write:
            guard p.count >= 3 else { return }
            let targets = broadcast ? servos.filter { servo(id: $0.id) != nil } : servo(id: packet.id).map { [$0] } ?? []
            for s in targets {
                let error = writeDynamixel(s, address: u16(0), bytes: UnsafeBufferPointer(rebasing: p[2...]))
                if !broadcast && s.value(s.table.statusReturnLevel) >= 2 { status(s, error: error, end: end) }
            }
        case .registeredWrite:
            guard !broadcast, let s = servo(id: packet.id), p.count >= 3 else { return }
            if let index = servos.firstIndex(where: { $0 === s }) { registered[index] = (u16(0), Array(p[2...])) }
            if s.value(s.table.statusReturnLevel) >= 2 { status(s, error: 0, end: end) }
        case .action:
            for (index, pending) in registered where broadcast || servos[index].id == packet.id {
                _ = pending.1.withUnsafeBufferPointer { writeDynamixel(servos[index], address: pending.0, bytes: $0) }
                registered[index] = nil
            }
            if !broadcast, let s = servo(id: packet.id), s.value(s.table.statusReturnLevel) >= 2 { status(s, error: 0, end: end) }
        case .reboot:
            guard let s = broadcast ? nil : servo(id: packet.id) else { return }
            status(s, error: 0, end: end)
            s.overloaded = false
            s.set(s.table.torqueEnable, 0)
            applyToPlant(s)
        case .syncRead:
            guard broadcast, p.count >= 5 else { return }
            let address = u16(0), count = u16(2)
            for k in 4..<p.count {
                if let s = servo(id: p[k]) { readStatus(s, address: address, count: count, end: end, level: 0) }
            }
        case .syncWrite:
            guard broadcast, p.count >= 4 else { return }
            let address = u16(0), count = u16(2)
            var k = 4
            while count > 0 && k + 1 + count <= p.count {
                if let s = servo(id: p[k]) {
                    _ = writeDynamixel(s, address: address, bytes: UnsafeBufferPointer(rebasing: p[(k + 1)..<(k + 1 + count)]))
                }
                k += 1 + count
            }
        case .bulkRead:
            guard broadcast else { return }
            var k = 0
            while k + 5 <= p.count {
                if let s = servo(id: p[k]) { readStatus(s, address: u16(k + 1), count: u16(k + 3), end: end, level: 0) }
                k += 5
            }
        case .bulkWrite:
            guard broadcast else { return }
            var k = 0
            while k + 5 <= p.count {
                let count = u16(k + 3)
                guard k + 5 + count <= p.count else { break }
                if let s = servo(id: p[k]) {
                    _ = writeDynamixel(s, address: u16(k + 1), bytes: UnsafeBufferPointer(rebasing: p[(k + 5)..<(k + 5 + count)]))
                }
                k += 5 + count
            }
        case .status, .factoryReset, .clear, .fastSyncRead, nil:
            // Not emulated: a unicast gets "instruction error", as a servo answers what it cannot do.
            if !broadcast, let s = servo(id: packet.id) { status(s, error: DynamixelStatusError.instructionError, end: end) }
        }
    }

    /// Answers a read of `count` bytes at `address` if the servo's Status Return Level is at least `level`.
    private func readStatus(_ s: EmulatedServo, address: Int, count: Int, end: UInt64, level: Int) {
        guard s.value(s.table.statusReturnLevel) >= level else { return }
        guard count > 0, address >= 0, address + count <= s.memory.count else {
            return status(s, error: DynamixelStatusError.accessError, end: end)
        }
        refresh(s)
        s.memory.withUnsafeBufferPointer { memory in
            DynamixelEncoder.status(id: s.id, error: s.statusError, parameters: UnsafeBufferPointer(rebasing: memory[address..<(address + count)]), into: &reply)
        }
        sendReply(earliest: end + s.returnDelay)
    }

    private func status(_ s: EmulatedServo, error: UInt8, parameters: [UInt8] = [], end: UInt64) {
        DynamixelEncoder.status(id: s.id, error: error | s.statusError, parameters: parameters, into: &reply)
        sendReply(earliest: end + s.returnDelay)
    }

    /// Applies a write as an X-series servo does; returns the error number (0 when stored).
    private func writeDynamixel(_ s: EmulatedServo, address: Int, bytes: UnsafeBufferPointer<UInt8>) -> UInt8 {
        let error = s.writeError(address: address, count: bytes.count)
        guard error == 0 else { return error }
        let torqueChanged = s.store(bytes, at: address)
        if torqueChanged && s.value(s.table.torqueEnable) != 0 {
            refresh(s)  // switching the torque on holds where the joint is
            s.set(s.table.goalPosition, s.value(s.table.presentPosition))
        }
        applyToPlant(s)
        return 0
    }
}
#endif
