#!/usr/bin/env python3
"""Checks the servo-chain emulator against the official servo SDKs.

Starts `embody emulate` for the SO-101 (Feetech STS3215, through `feetech-servo-sdk`, module
`scservo_sdk`) and for the OpenMANIPULATOR-X (Dynamixel XM430-W350, through ROBOTIS's
`dynamixel-sdk`), then pings, reads, writes, sync-reads and sync-writes them (plus bulk read and
write, broadcast ping and an EEPROM write under torque on the Dynamixel side) and checks every
answer. Prints one line per check and a closing `N passed, N failed`; exits 1 on any failure.

    pip install dynamixel-sdk feetech-servo-sdk
    swift build && python3 tools/hardware/sdk_interop.py [--embody .build/debug/embody] [--robot so101|open_manipulator_x]
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
results = []


# Position tolerance of the motion checks, ticks (4096 per turn): the simulated servos are finite
# springs (robot.toml kp), so a gravity-loaded joint settles a few degrees short of its goal.
TOLERANCE = 60


def check(name, condition, detail=""):
    results.append(bool(condition))
    print(("ok    " if condition else "FAIL  ") + name + (f"  ({detail})" if detail else ""), flush=True)


class Emulator:
    """`embody emulate` in the background, linked at a temporary path."""

    def __init__(self, embody, robot, seed=7):
        self.link = os.path.join(tempfile.mkdtemp(prefix="embody-interop-"), robot)
        self.process = subprocess.Popen(
            [embody, "emulate", "--robot", os.path.join(ROOT, "robots", robot), "--link", self.link, "--seed", str(seed),
             "--torque-on"],  # hold the arm from power-up, so gravity does not fold it before the checks
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        banner = self.process.stdout.readline()
        if not os.path.islink(self.link):
            raise SystemExit(f"embody emulate did not start: {banner.strip()}")

    def __enter__(self):
        return self

    def __exit__(self, *_):
        self.process.terminate()
        self.process.wait(timeout=10)


def feetech(embody):
    import scservo_sdk as scs
    ids = [1, 2, 3, 4, 5, 6]
    with Emulator(embody, "so101") as emulator:
        port = scs.PortHandler(emulator.link)
        check("feetech: open the emulated port at 1 Mbit/s", port.openPort() and port.setBaudRate(1_000_000))
        packet = scs.PacketHandler(0)
        for servo in ids:
            model, result, error = packet.ping(port, servo)
            check(f"feetech: ping ID {servo} → model 777 (STS3215)", result == scs.COMM_SUCCESS and model == 777 and error == 0,
                  f"result {result}, model {model}, error {error}")
        _, result, _ = packet.ping(port, 20)
        check("feetech: ping ID 20 (absent) times out", result == scs.COMM_RX_TIMEOUT, f"result {result}")

        position, result, error = packet.read2ByteTxRx(port, 1, 56)
        check("feetech: read Present_Position (56) of ID 1", result == scs.COMM_SUCCESS and 0 <= position <= 4095, f"{position}")
        voltage, result, _ = packet.read1ByteTxRx(port, 1, 62)
        check("feetech: read Present_Voltage (62) = 12.0 V", result == scs.COMM_SUCCESS and voltage == 120, f"{voltage}")

        result, error = packet.write1ByteTxRx(port, 1, 40, 1)
        torque, result2, _ = packet.read1ByteTxRx(port, 1, 40)
        check("feetech: write Torque_Enable (40) = 1, read it back", result == scs.COMM_SUCCESS and result2 == scs.COMM_SUCCESS and torque == 1)
        goal = position + 200
        result, error = packet.write2ByteTxRx(port, 1, 42, goal)
        check("feetech: write Goal_Position (42)", result == scs.COMM_SUCCESS and error == 0, f"result {result}, error {error}")
        time.sleep(1.0)
        moved, result, _ = packet.read2ByteTxRx(port, 1, 56)
        check("feetech: ID 1 moved to the goal", result == scs.COMM_SUCCESS and abs(moved - goal) <= TOLERANCE, f"goal {goal}, present {moved}")

        reader = scs.GroupSyncRead(port, packet, 56, 8)
        for servo in ids:
            reader.addParam(servo)
        result = reader.txRxPacket()
        check("feetech: sync read 56×8 of IDs 1-6", result == scs.COMM_SUCCESS, packet.getTxRxResult(result))
        positions = {servo: reader.getData(servo, 56, 2) for servo in ids}
        check("feetech: sync read data available for every ID", all(reader.isAvailable(s, 56, 8) for s in ids), f"{positions}")
        check("feetech: sync read agrees with the single read of ID 1", abs(positions[1] - moved) <= 3, f"{positions[1]} vs {moved}")

        writer = scs.GroupSyncWrite(port, packet, 40, 1)
        for servo in ids:
            writer.addParam(servo, [1])
        check("feetech: sync write Torque_Enable = 1 to IDs 1-6", writer.txPacket() == scs.COMM_SUCCESS)
        goals = {servo: positions[servo] + (100 if servo % 2 else -100) for servo in ids}
        writer = scs.GroupSyncWrite(port, packet, 42, 2)
        for servo in ids:
            writer.addParam(servo, [goals[servo] & 0xFF, goals[servo] >> 8])
        check("feetech: sync write Goal_Position to IDs 1-6", writer.txPacket() == scs.COMM_SUCCESS)
        time.sleep(1.0)
        result = reader.txRxPacket()
        reached = {servo: reader.getData(servo, 56, 2) for servo in ids}
        errors = {servo: abs(reached[servo] - goals[servo]) for servo in ids}
        check("feetech: every servo reached its sync-written goal", result == scs.COMM_SUCCESS and max(errors.values()) <= TOLERANCE,
              f"errors {errors}")
        port.closePort()


def dynamixel(embody):
    import dynamixel_sdk as dxl
    ids = [11, 12, 13, 14, 15]
    with Emulator(embody, "open_manipulator_x") as emulator:
        port = dxl.PortHandler(emulator.link)
        check("dynamixel: open the emulated port at 1 Mbit/s", port.openPort() and port.setBaudRate(1_000_000))
        packet = dxl.PacketHandler(2.0)
        for servo in ids:
            model, result, error = packet.ping(port, servo)
            check(f"dynamixel: ping ID {servo} → model 1020 (XM430-W350)", result == dxl.COMM_SUCCESS and model == 1020 and error == 0,
                  f"result {result}, model {model}, error {error}")
        found, result = packet.broadcastPing(port)
        check("dynamixel: broadcast ping finds IDs 11-15", result == dxl.COMM_SUCCESS and sorted(found) == ids, f"{found}")

        position, result, error = packet.read4ByteTxRx(port, 11, 132)
        check("dynamixel: read Present_Position (132) of ID 11", result == dxl.COMM_SUCCESS and error == 0, f"{position}")
        result, error = packet.write1ByteTxRx(port, 11, 64, 1)
        check("dynamixel: write Torque_Enable (64) = 1", result == dxl.COMM_SUCCESS and error == 0, f"error {error}")
        result, error = packet.write4ByteTxRx(port, 11, 20, 100)
        check("dynamixel: EEPROM write (Homing_Offset) with the torque on → access error",
              result == dxl.COMM_SUCCESS and error == 7, f"result {result}, error {error}")
        goal = (position + 300) & 0xFFFFFFFF
        result, error = packet.write4ByteTxRx(port, 11, 116, goal)
        check("dynamixel: write Goal_Position (116)", result == dxl.COMM_SUCCESS and error == 0)
        time.sleep(1.0)
        moved, result, _ = packet.read4ByteTxRx(port, 11, 132)
        check("dynamixel: ID 11 moved to the goal", result == dxl.COMM_SUCCESS and abs(moved - goal) <= TOLERANCE, f"goal {goal}, present {moved}")

        reader = dxl.GroupSyncRead(port, packet, 126, 10)
        for servo in ids:
            reader.addParam(servo)
        result = reader.txRxPacket()
        check("dynamixel: sync read 126×10 (current, velocity, position) of IDs 11-15", result == dxl.COMM_SUCCESS,
              packet.getTxRxResult(result))
        positions = {servo: reader.getData(servo, 132, 4) for servo in ids}
        check("dynamixel: sync read agrees with the single read of ID 11", abs(positions[11] - moved) <= 3, f"{positions}")

        writer = dxl.GroupSyncWrite(port, packet, 64, 1)
        for servo in ids:
            writer.addParam(servo, [1])
        check("dynamixel: sync write Torque_Enable = 1", writer.txPacket() == dxl.COMM_SUCCESS)
        goals = {servo: positions[servo] + (150 if servo % 2 else -150) for servo in ids}
        writer = dxl.GroupSyncWrite(port, packet, 116, 4)
        for servo in ids:
            writer.addParam(servo, list(goals[servo].to_bytes(4, "little", signed=False)))
        check("dynamixel: sync write Goal_Position to IDs 11-15", writer.txPacket() == dxl.COMM_SUCCESS)
        time.sleep(1.0)
        result = reader.txRxPacket()
        errors = {servo: abs(reader.getData(servo, 132, 4) - goals[servo]) for servo in ids}
        # The gripper (15) is left out: the simulator quantises the prismatic finger to 2π/4096 m
        # = 1.5 mm (about 100 servo ticks), so its simulated position loop has that deadband.
        check("dynamixel: every arm servo (11-14) reached its sync-written goal",
              result == dxl.COMM_SUCCESS and max(errors[s] for s in ids[:4]) <= TOLERANCE, f"errors {errors}")

        bulk = dxl.GroupBulkRead(port, packet)
        bulk.addParam(11, 132, 4)
        bulk.addParam(12, 146, 1)
        bulk.addParam(13, 144, 2)
        result = bulk.txRxPacket()
        check("dynamixel: bulk read (position of 11, temperature of 12, voltage of 13)",
              result == dxl.COMM_SUCCESS and abs(bulk.getData(11, 132, 4) - goals[11]) <= TOLERANCE
              and bulk.getData(12, 146, 1) == 30 and bulk.getData(13, 144, 2) == 120,
              f"{bulk.getData(11, 132, 4)}, {bulk.getData(12, 146, 1)}, {bulk.getData(13, 144, 2)}")
        bulkw = dxl.GroupBulkWrite(port, packet)
        bulkw.addParam(14, 65, 1, [1])           # LED on
        bulkw.addParam(15, 84, 2, [0x40, 0x01])  # Position P gain 320
        result = bulkw.txPacket()
        led, _, _ = packet.read1ByteTxRx(port, 14, 65)
        gain, _, _ = packet.read2ByteTxRx(port, 15, 84)
        check("dynamixel: bulk write (LED of 14, P gain of 15) then read back", result == dxl.COMM_SUCCESS and led == 1 and gain == 320,
              f"LED {led}, gain {gain}")
        result, error = packet.reboot(port, 12)
        torque, _, _ = packet.read1ByteTxRx(port, 12, 64)
        check("dynamixel: reboot ID 12 → torque off", result == dxl.COMM_SUCCESS and torque == 0, f"torque {torque}")
        port.closePort()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--embody", default=os.path.join(ROOT, ".build", "debug", "embody"))
    parser.add_argument("--robot", choices=["so101", "open_manipulator_x", "both"], default="both")
    args = parser.parse_args()
    start = time.time()
    if args.robot in ("so101", "both"):
        feetech(args.embody)
    if args.robot in ("open_manipulator_x", "both"):
        dynamixel(args.embody)
    passed = sum(results)
    print(f"sdk interop: {time.time() - start:.1f} s")
    print(f"{passed} passed, {len(results) - passed} failed")
    sys.exit(0 if passed == len(results) else 1)


if __name__ == "__main__":
    main()
