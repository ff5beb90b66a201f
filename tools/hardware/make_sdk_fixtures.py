#!/usr/bin/env python3
"""Regenerates Tests/HardwareTests/Fixtures/sdk_packets.json: instruction packets as the official
SDKs build them (ROBOTIS `dynamixel-sdk`, Feetech `feetech-servo-sdk`), for the Swift encoders to
match byte for byte (SDKEncoderFixtureTests). CI compares against the committed file, so it
needs neither SDK.

    pip install dynamixel-sdk feetech-servo-sdk
    python3 tools/hardware/make_sdk_fixtures.py

The SDKs are driven through a port object that records what they write and answers nothing.

Byte stuffing: `dynamixel-sdk` 4.1.0's `txPacket` calls `addStuffing` but drops its result when
stuffing lengthens the packet (the function rebinds its list), so the SDK puts unstuffed
packets on the wire. Each Dynamixel case records both: `wire`, what the SDK sends, and `bytes`,
the packet as Protocol 2.0 specifies it (the SDK's own `addStuffing` result with the SDK's CRC),
which is what Embody's encoder must produce.
"""
import importlib.metadata
import json
import os
import random

import dynamixel_sdk as dxl
import scservo_sdk as scs

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Tests", "HardwareTests", "Fixtures", "sdk_packets.json")


class CapturePort:
    """Stands where the SDK expects a PortHandler: keeps every write, never answers."""

    def __init__(self):
        self.is_using = False
        self.written = []

    def clearPort(self):
        pass

    def writePort(self, packet):
        self.written.append(list(packet))
        return len(packet)

    def readPort(self, length):
        return []

    def getBaudRate(self):
        return 1_000_000

    def setPacketTimeout(self, length):
        pass

    def setPacketTimeoutMillis(self, msec):
        pass

    def isPacketTimeout(self):
        return True

    def take(self):
        self.is_using = False
        packet = self.written.pop()
        self.written.clear()
        return " ".join(f"{b:02X}" for b in packet)


def le(value, size):
    return list(value.to_bytes(size, "little", signed=value < 0))


def hexbytes(packet):
    return " ".join(f"{b:02X}" for b in packet)


def specified(ph, wire):
    """The stuffed packet: the SDK's addStuffing result, CRC recomputed with the SDK's updateCRC."""
    packet = ph.addStuffing(list(wire))  # reads the length field, ignores the old CRC bytes
    crc = ph.updateCRC(0, packet, len(packet) - 2)
    packet[-2], packet[-1] = crc & 0xFF, crc >> 8
    return packet


def dynamixel_cases(rng):
    port, ph = CapturePort(), dxl.PacketHandler(2.0)
    cases = []

    def add(name, kind, args, call):
        call()
        wire = [int(b, 16) for b in port.take().split()]
        cases.append({"protocol": "dynamixel2", "name": name, "instruction": kind, "args": args,
                      "bytes": hexbytes(specified(ph, wire)), "wire": hexbytes(wire)})

    add("ping id 1", "ping", {"id": 1}, lambda: ph.ping(port, 1))
    add("ping id 200", "ping", {"id": 200}, lambda: ph.ping(port, 200))
    add("read present position of 11", "read", {"id": 11, "address": 132, "length": 4}, lambda: ph.readTx(port, 11, 132, 4))
    add("read 10 bytes from 126 of 15", "read", {"id": 15, "address": 126, "length": 10}, lambda: ph.readTx(port, 15, 126, 10))
    for goal in [512, 4095, 0xFFFFFFFD, -3, 0x00FDFFFF, 0xFDFFFF00]:
        data = le(goal & 0xFFFFFFFF, 4)
        add(f"write goal position {goal} to 12", "write", {"id": 12, "address": 116, "data": data},
            lambda: ph.writeTxOnly(port, 12, 116, 4, data))
    stuffed = [0xFF, 0xFF, 0xFD, 0x00, 0xFF, 0xFF, 0xFD, 0xFD, 0xFF]
    add("write a stuffing pattern to 1", "write", {"id": 1, "address": 0x1FF, "data": stuffed},
        lambda: ph.writeTxOnly(port, 1, 0x1FF, len(stuffed), stuffed))
    add("reboot 13", "reboot", {"id": 13}, lambda: ph.reboot(port, 13))
    for ids in [[1, 2], [11, 12, 13, 14, 15], [1, 2, 3, 4, 5, 6]]:
        add(f"sync read 126×10 of {ids}", "sync_read", {"address": 126, "length": 10, "ids": ids},
            lambda: ph.syncReadTx(port, 126, 10, ids, len(ids), False))
    for ids in [[1, 2], [11, 12, 13, 14, 15], [1, 2, 3, 4, 5, 6]]:
        data = []
        for _ in ids:
            data += le(rng.choice([rng.randrange(0, 4096), 0xFFFFFFFD, 0xFFFDFFFF]), 4)
        param = []
        for k, servo in enumerate(ids):
            param += [servo] + data[4 * k:4 * k + 4]
        add(f"sync write goal position to {ids}", "sync_write", {"address": 116, "length": 4, "ids": ids, "data": data},
            lambda: ph.syncWriteTxOnly(port, 116, 4, param, len(param)))
    reads = [[11, 132, 4], [12, 146, 1], [13, 144, 2], [14, 126, 10]]
    param = []
    for servo, address, length in reads:
        param += [servo] + le(address, 2) + le(length, 2)
    add("bulk read of 4 servos", "bulk_read", {"reads": reads}, lambda: ph.bulkReadTx(port, param, len(param), False))
    writes = [[11, 116, le(2048, 4)], [12, 64, [1]], [13, 84, [0xFF, 0xFF]], [14, 102, [0xFD, 0xFF]]]
    param = []
    for servo, address, data in writes:
        param += [servo] + le(address, 2) + le(len(data), 2) + data
    add("bulk write of 4 servos", "bulk_write", {"writes": writes}, lambda: ph.bulkWriteTxOnly(port, param, len(param)))
    return cases


def feetech_cases(rng):
    port, ph = CapturePort(), scs.PacketHandler(0)
    cases = []

    def add(name, kind, args, call):
        call()
        cases.append({"protocol": "feetech", "name": name, "instruction": kind, "args": args, "bytes": port.take()})

    add("ping id 1", "ping", {"id": 1}, lambda: ph.ping(port, 1))
    add("read present block of 3", "read", {"id": 3, "address": 56, "length": 8}, lambda: ph.readTx(port, 3, 56, 8))
    for goal in [0, 2048, 4095]:
        data = le(goal, 2)
        add(f"write goal position {goal} to 2", "write", {"id": 2, "address": 42, "data": data},
            lambda: ph.writeTxOnly(port, 2, 42, 2, data))
    for ids in [[1, 2], [1, 2, 3, 4, 5, 6]]:
        add(f"sync read 56×8 of {ids}", "sync_read", {"address": 56, "length": 8, "ids": ids},
            lambda: ph.syncReadTx(port, 56, 8, ids, len(ids)))
        data, param = [], []
        for servo in ids:
            value = le(rng.randrange(0, 4096), 2)
            data += value
            param += [servo] + value
        add(f"sync write goal position to {ids}", "sync_write", {"address": 42, "length": 2, "ids": ids, "data": data},
            lambda: ph.syncWriteTxOnly(port, 42, 2, param, len(param)))
    return cases


def main():
    rng = random.Random(6)
    fixture = {
        "generated_by": "tools/hardware/make_sdk_fixtures.py",
        "sdks": {name: importlib.metadata.version(name) for name in ["dynamixel-sdk", "feetech-servo-sdk"]},
        "packets": dynamixel_cases(rng) + feetech_cases(rng),
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")
    print(f"wrote {len(fixture['packets'])} packets to {os.path.relpath(OUT)}")


if __name__ == "__main__":
    main()
