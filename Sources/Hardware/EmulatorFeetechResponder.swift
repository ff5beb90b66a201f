#if canImport(Glibc)
/// How the emulated chain answers Feetech SCS/STS instructions: ping and read always get a
/// status, writes when Response Status Level is 1 (the factory value); sync read gets one status
/// per listed servo, in list order, each after its Return Delay Time; broadcasts get none.
extension ServoChainEmulator {
    func respondFeetech(_ packet: PacketView, end: UInt64) {
        let p = packet.parameters
        let broadcast = packet.id == Feetech.broadcastID

        switch FeetechInstruction(rawValue: packet.instruction) {
        case .ping:
            guard !broadcast, let s = servo(id: packet.id) else { return }
            status(s, end: end)
        case .read:
            guard !broadcast, let s = servo(id: packet.id), p.count == 2 else { return }
            readStatus(s, address: Int(p[0]), count: Int(p[1]), end: end)
        case .write, .registeredWrite:
            guard p.count >= 2 else { return }
            let targets = broadcast ? servos.filter { servo(id: $0.id) != nil } : servo(id: packet.id).map { [$0] } ?? []
            for s in targets {
                if packet.instruction == FeetechInstruction.write.rawValue {
                    writeFeetech(s, address: Int(p[0]), bytes: UnsafeBufferPointer(rebasing: p[1...]))
                } else if let index = servos.firstIndex(where: { $0 === s }) {
                    registered[index] = (Int(p[0]), Array(p[1...]))
                }
                if !broadcast && s.value(s.table.statusReturnLevel) >= 1 { status(s, end: end) }
            }
        case .action:
            for (index, pending) in registered where broadcast || servos[index].id == packet.id {
                pending.1.withUnsafeBufferPointer { writeFeetech(servos[index], address: pending.0, bytes: $0) }
                registered[index] = nil
            }
        case .syncRead:
            guard p.count >= 3 else { return }
            for k in 2..<p.count {
                if let s = servo(id: p[k]) { readStatus(s, address: Int(p[0]), count: Int(p[1]), end: end) }
            }
        case .syncWrite:
            guard p.count >= 2 else { return }
            let address = Int(p[0]), count = Int(p[1])
            var k = 2
            while count > 0 && k + 1 + count <= p.count {
                if let s = servo(id: p[k]) {
                    writeFeetech(s, address: address, bytes: UnsafeBufferPointer(rebasing: p[(k + 1)..<(k + 1 + count)]))
                }
                k += 1 + count
            }
        case .reset, nil:
            return  // Feetech servos do not answer what they do not know
        }
    }

    private func readStatus(_ s: EmulatedServo, address: Int, count: Int, end: UInt64) {
        refresh(s)
        let last = min(address + count, s.memory.count)
        s.memory.withUnsafeBufferPointer { memory in
            FeetechEncoder.status(id: s.id, error: s.statusError,
                                  parameters: UnsafeBufferPointer(rebasing: memory[min(address, last)..<last]), into: &reply)
        }
        sendReply(earliest: end + s.returnDelay)
    }

    private func status(_ s: EmulatedServo, end: UInt64) {
        FeetechEncoder.status(id: s.id, error: s.statusError, parameters: [], into: &reply)
        sendReply(earliest: end + s.returnDelay)
    }

    private func writeFeetech(_ s: EmulatedServo, address: Int, bytes: UnsafeBufferPointer<UInt8>) {
        guard s.writeError(address: address, count: bytes.count) == 0 else { return }
        _ = s.store(bytes, at: address)
        applyToPlant(s)
    }
}
#endif
