import Foundation
import Physics
import Spatial
import XCTest

final class SceneDescriptionTests: XCTestCase {
    // MARK: Shipped scenes

    func testEveryShippedSceneLoads() throws {
        let scenes = PhysicsTestPaths.files(in: "sim/scenes", suffix: ".toml")
        XCTAssertGreaterThanOrEqual(scenes.count, 3, "sim/scenes should hold empty, so101 and open_manipulator_x scenes")
        for path in scenes {
            XCTAssertNoThrow(try SceneDescription.load(contentsOf: path), path)
        }
        for path in PhysicsTestPaths.files(in: "Tests/PhysicsTests/Fixtures/scenes", suffix: ".toml") {
            XCTAssertNoThrow(try SceneDescription.load(contentsOf: path), path)
        }
    }

    func testEmptySceneIsAGroundPlane() throws {
        let scene = try SceneDescription.load(contentsOf: PhysicsTestPaths.path("sim/scenes/empty.toml"))
        XCTAssertNil(scene.robot)
        XCTAssertEqual(scene.bodies.map(\.name), ["ground"])
        XCTAssertEqual(scene.bodies[0].shape, .plane)
        XCTAssertTrue(scene.bodies[0].isStatic)
        XCTAssertEqual(scene.cameras, [])
    }

    func testSO101PickPlace() throws {
        try checkPickPlace("sim/scenes/so101_pick_place.toml", robot: "robots/so101/robot.urdf",
                           basePosition: .zero, wristLink: "gripper_link")
    }

    func testOpenManipulatorXPickPlace() throws {
        try checkPickPlace("sim/scenes/open_manipulator_x_pick_place.toml", robot: "robots/open_manipulator_x/robot.urdf",
                           basePosition: Vec3(0, 0, 0.017), wristLink: "link5")
    }

    /// Both pick-and-place scenes: the robot on a table top at z = 0, three 3 cm cubes of
    /// distinct colours resting on it within reach, a flat static pad, a front and a wrist camera.
    func checkPickPlace(_ file: String, robot urdf: String, basePosition: Vec3, wristLink: String,
                        line: UInt = #line) throws {
        let scene = try SceneDescription.load(contentsOf: PhysicsTestPaths.path(file))
        let robot = try XCTUnwrap(scene.robot, line: line)
        XCTAssertEqual(resolved(robot.urdf), resolved(PhysicsTestPaths.path(urdf)), line: line)
        XCTAssertEqual(robot.pose.translation, basePosition, line: line)
        XCTAssertEqual(scene.timestep, 0.001, line: line)

        let tableTop = 0.0
        let table = try XCTUnwrap(scene.body(named: "table"), line: line)
        XCTAssertTrue(table.isStatic, line: line)
        guard case .box(let tableHalf) = table.shape else { return XCTFail("table is not a box", line: line) }
        XCTAssertEqual(table.pose.translation.z + tableHalf.z, tableTop, accuracy: 1e-12, line: line)
        let floor = try XCTUnwrap(scene.body(named: "floor"), line: line)
        XCTAssertEqual(floor.shape, .plane, line: line)
        XCTAssertEqual(floor.pose.translation.z, table.pose.translation.z - tableHalf.z, accuracy: 1e-12,
                       "the table stands on the floor", line: line)

        let cubes = scene.bodies.filter { $0.name.hasSuffix("_cube") }
        XCTAssertEqual(cubes.map(\.name), ["red_cube", "yellow_cube", "blue_cube"], line: line)
        XCTAssertEqual(Set(cubes.map(\.color)).count, 3, "cubes have distinct colours", line: line)
        for cube in cubes {
            XCTAssertEqual(cube.shape, .box(halfExtents: Vec3(0.015, 0.015, 0.015)), cube.name, line: line)
            XCTAssertFalse(cube.isStatic, line: line)
            XCTAssertTrue((0.02...0.05).contains(cube.mass), cube.name, line: line)
            XCTAssertEqual(cube.pose.translation.z - 0.015, tableTop, accuracy: 1e-12, "\(cube.name) rests on the table", line: line)
            let reach = (cube.pose.translation.x * cube.pose.translation.x + cube.pose.translation.y * cube.pose.translation.y).squareRoot()
            XCTAssertTrue((0.15...0.25).contains(reach), "\(cube.name) at \(reach) m from the base", line: line)
            XCTAssertGreaterThan(cube.pose.translation.x, 0.1, "\(cube.name) in front of the arm", line: line)
        }
        let pad = try XCTUnwrap(scene.body(named: "green_pad"), line: line)
        XCTAssertTrue(pad.isStatic, line: line)
        guard case .box(let padHalf) = pad.shape else { return XCTFail("pad is not a box", line: line) }
        XCTAssertEqual(pad.pose.translation.z - padHalf.z, tableTop, accuracy: 1e-12, line: line)
        XCTAssertFalse(cubes.contains { $0.color == pad.color }, line: line)
        // No part of the robot renders in a cube's colour: the cameras must tell the arm from what
        // it handles (the SO-101's URDF yellow was the yellow cube's, and the VLA confused them).
        for geom in try Scene(scene).model.geoms {
            guard case .robot = geom.owner else { continue }
            for cube in cubes {
                XCTAssertGreaterThan((geom.color - cube.color).norm, 0.3, "\(geom.name) renders like \(cube.name)", line: line)
            }
        }

        let front = try XCTUnwrap(scene.camera(named: "front"), line: line)
        guard case .fixed(let pose) = front.mount else { return XCTFail("front camera is not fixed", line: line) }
        // The optical axis (camera z) points down towards the cubes.
        let towardsCubes = (cubes[0].pose.translation - pose.translation).normalized!
        XCTAssertGreaterThan(pose.rotation.c2.dot(towardsCubes), 0.9, line: line)
        let wrist = try XCTUnwrap(scene.camera(named: "wrist"), line: line)
        guard case .link(let link, _) = wrist.mount else { return XCTFail("wrist camera is not on a link", line: line) }
        XCTAssertEqual(link, wristLink, line: line)
    }

    // MARK: Conversions

    func testEveryKeyRoundTrips() throws {
        let file = PhysicsTestPaths.fixtures.appendingPathComponent("scenes/every_key.toml").path
        let scene = try SceneDescription.load(contentsOf: file)
        XCTAssertEqual(scene.file, file)
        XCTAssertEqual(scene.gravity, Vec3(0, 0, -9.8))
        XCTAssertEqual(scene.timestep, 0.002)

        // The URDF path is relative to the scene file, and comes back absolute and without "..".
        let robot = try XCTUnwrap(scene.robot)
        XCTAssertEqual(resolved(robot.urdf), resolved(PhysicsTestPaths.path("robots/so101/robot.urdf")))
        XCTAssertTrue(robot.urdf.hasPrefix("/"))
        XCTAssertFalse(robot.urdf.contains(".."))
        XCTAssertEqual(robot.pose.translation, Vec3(0.1, -0.2, 0.3))
        assertEqual(robot.pose.rotation, Mat3(0, -1, 0, 1, 0, 0, 0, 0, 1))
        XCTAssertEqual(robot.initial, ["shoulder_lift": 0.3, "gripper": 1.0])
        XCTAssertEqual(robot.colors, ["3d_printed": Vec3(0.9, 0.9, 0.9), "sts3215": Vec3(0, 0, 1)])

        XCTAssertEqual(scene.bodies.map(\.name), ["ground", "crate", "ball", "pill", "can"])
        let ground = scene.bodies[0]
        XCTAssertEqual(ground.shape, .plane)
        XCTAssertTrue(ground.isStatic)
        XCTAssertEqual(ground.mass, 0, "planes are static, their mass is ignored")
        XCTAssertEqual(ground.material, Material(friction: 1.2, restitution: 0))

        let crate = scene.bodies[1]
        XCTAssertEqual(crate.shape, .box(halfExtents: Vec3(0.2, 0.1, 0.05)))
        XCTAssertEqual(crate.mass, 2)
        XCTAssertFalse(crate.isStatic)
        XCTAssertEqual(crate.pose, Transform(rotation: .rpy(0.1, 0.2, 0.3), translation: Vec3(1, 2, 3)))
        XCTAssertEqual(crate.pose.rotation.rpy.x, 0.1, accuracy: 1e-12)
        XCTAssertEqual(crate.pose.rotation.rpy.y, 0.2, accuracy: 1e-12)
        XCTAssertEqual(crate.pose.rotation.rpy.z, 0.3, accuracy: 1e-12)
        XCTAssertEqual(crate.linearVelocity, Vec3(0.5, 0, 0))
        XCTAssertEqual(crate.angularVelocity, Vec3(0, 0, 2))
        XCTAssertEqual(crate.material, Material(friction: 0.5, restitution: 0.25))
        XCTAssertEqual(crate.color, Vec3(0.9, 0.1, 0.1))

        // Defaults: not static, at rest, friction 0.8, restitution 0, grey, identity rotation.
        let ball = scene.bodies[2]
        XCTAssertEqual(ball.shape, .sphere(radius: 0.05))
        XCTAssertFalse(ball.isStatic)
        XCTAssertEqual(ball.pose, Transform(rotation: .identity, translation: Vec3(0, 0, 1)))
        XCTAssertEqual(ball.linearVelocity, .zero)
        XCTAssertEqual(ball.angularVelocity, .zero)
        XCTAssertEqual(ball.material, Material(friction: 0.8, restitution: 0))
        XCTAssertEqual(ball.color, BodyDescription.defaultColor)
        XCTAssertEqual(ball.color, Vec3(0.5, 0.5, 0.5))

        XCTAssertEqual(scene.bodies[3].shape, .capsule(radius: 0.02, halfLength: 0.05))
        let can = scene.bodies[4]
        XCTAssertEqual(can.shape, .cylinder(radius: 0.03, halfLength: 0.06))
        XCTAssertTrue(can.isStatic)
        XCTAssertEqual(can.mass, 0, "a static body's mass is ignored")

        XCTAssertEqual(scene.cameras.map(\.name), ["front", "side", "posed", "wrist"])
        let front = scene.cameras[0]
        XCTAssertEqual(front.width, 320)
        XCTAssertEqual(front.height, 240)
        XCTAssertEqual(front.fovYDegrees, 45)
        // At +x looking at the origin with z up: camera z (forward) is world −x, camera x (right) is
        // forward × up = +y, camera y (down) is −z; the rotation's columns are those axes.
        guard case .fixed(let frontPose) = front.mount else { return XCTFail("front is not fixed") }
        XCTAssertEqual(frontPose.translation, Vec3(1, 0, 0))
        assertEqual(frontPose.rotation, Mat3(rows: Vec3(0, 0, -1), Vec3(1, 0, 0), Vec3(0, -1, 0)))

        // Defaults 128 x 128, 60°; looking straight down with up = +x: the image's up is +x.
        let side = scene.cameras[1]
        XCTAssertEqual(side.width, 128)
        XCTAssertEqual(side.height, 128)
        XCTAssertEqual(side.fovYDegrees, 60)
        guard case .fixed(let sidePose) = side.mount else { return XCTFail("side is not fixed") }
        XCTAssertEqual(sidePose.rotation.c2.z, -1, accuracy: 1e-12, "optical axis points down")
        XCTAssertEqual(sidePose.rotation.c1.x, -1, accuracy: 1e-12, "image down is world −x")

        // rpy cameras: rpy = (π, 0, 0) at height 1 looks straight down (camera z = world −z).
        guard case .fixed(let posed) = scene.cameras[2].mount else { return XCTFail("posed is not fixed") }
        XCTAssertEqual(posed.translation, Vec3(0, 0, 1))
        XCTAssertEqual(posed.rotation.c2.z, -1, accuracy: 1e-12)

        guard case .link(let link, let linkFromCamera) = scene.cameras[3].mount else { return XCTFail("wrist is not on a link") }
        XCTAssertEqual(link, "gripper_link")
        XCTAssertEqual(linkFromCamera, Transform(rotation: .rpy(0, 0.5, 0), translation: Vec3(0.01, 0.02, 0.03)))
    }

    /// `colors` reaches the built world: every robot part renders in a replacement colour, none in the URDF's.
    func testRobotColorsReplaceTheURDFMaterialsInTheWorld() throws {
        let world = try Scene.load(contentsOf: PhysicsTestPaths.fixtures.appendingPathComponent("scenes/every_key.toml").path)
        let robotColors = world.model.geoms.compactMap { geom -> Vec3? in
            if case .robot = geom.owner { geom.color } else { nil }
        }
        XCTAssertFalse(robotColors.isEmpty)
        XCTAssertEqual(Set(robotColors), [Vec3(0.9, 0.9, 0.9), Vec3(0, 0, 1)])
    }

    func testAnEmptyDocumentTakesEveryDefault() throws {
        let scene = try SceneDescription.parse("", file: "nothing.toml")
        XCTAssertEqual(scene, SceneDescription(file: "nothing.toml", gravity: Vec3(0, 0, -9.81), timestep: 0.001,
                                               robot: nil, bodies: [], cameras: []))
    }

    func testAbsoluteURDFPathIsKept() throws {
        let urdf = PhysicsTestPaths.path("robots/pendulum/robot.urdf")
        let scene = try SceneDescription.parse("[robot]\nurdf = \"\(urdf)\"\n", file: "/elsewhere/scene.toml")
        XCTAssertEqual(scene.robot?.urdf, urdf)
        XCTAssertEqual(scene.robot?.pose, .identity)
        XCTAssertEqual(scene.robot?.initial, [:])
    }

    func testIntegersAreAcceptedForNumbers() throws {
        let text = """
            [[body]]
            name = "brick"
            shape = "box"
            size = [1, 1, 2]
            mass = 3
            position = [0, 0, 1]
            """
        let brick = try SceneDescription.parse(text, file: "bricks.toml").bodies[0]
        XCTAssertEqual(brick.shape, .box(halfExtents: Vec3(0.5, 0.5, 1)))
        XCTAssertEqual(brick.mass, 3)
    }

    // MARK: Errors

    /// Each fixture in `broken_scenes/` holds one mistake and, on its second line,
    /// `# expect: :<line>: <key>: <start of message>`, what follows the path in the error.
    func testEachBrokenSceneFailsWithOneLineNamingFileLineAndKey() throws {
        let files = PhysicsTestPaths.files(in: "Tests/PhysicsTests/Fixtures/broken_scenes", suffix: ".toml")
        XCTAssertGreaterThanOrEqual(files.count, 40)
        for path in files {
            let name = (path as NSString).lastPathComponent
            let text = try String(contentsOfFile: path, encoding: .utf8)
            guard let expect = text.split(separator: "\n").first(where: { $0.hasPrefix("# expect: ") }) else {
                XCTFail("\(name): no '# expect: ' line"); continue
            }
            let expected = path + expect.dropFirst("# expect: ".count)
            do {
                let scene = try SceneDescription.load(contentsOf: path)
                XCTFail("\(name) loaded (\(scene.bodies.count) bodies) but should fail with \(expected)")
            } catch {
                let message = error.description
                XCTAssertTrue(message.hasPrefix(expected), "\(name):\n  got      \(message)\n  expected \(expected)…")
                XCTAssertFalse(message.contains("\n"), "\(name): not one line: \(message)")
                XCTAssertEqual(error.file, path)
                XCTAssertNotNil(error.line, name)
                if !message.contains("TOML syntax error") {
                    XCTAssertNotNil(error.key, name)
                }
            }
        }
    }

    func testMissingSceneFile() {
        XCTAssertThrowsError(try SceneDescription.load(contentsOf: "/no/such/scene.toml")) { error in
            XCTAssertEqual((error as? SceneError)?.description, "/no/such/scene.toml: no such file")
        }
    }

    func testLookAtAcceptsAnUpThatIsNotVertical() throws {
        let text = """
            [[camera]]
            name = "top"
            position = [0.0, 0.0, 1.0]
            look_at = [0.0, 0.0, 0.0]
            up = [0.0, 1.0, 0.0]
            """
        let camera = try SceneDescription.parse(text, file: "top.toml").cameras[0]
        guard case .fixed(let pose) = camera.mount else { return XCTFail("not fixed") }
        XCTAssertEqual(pose.rotation.c1.y, -1, accuracy: 1e-12, "image down is world −y when up is +y")
        XCTAssertEqual(pose.rotation.determinant, 1, accuracy: 1e-12)
    }

    /// The path with symbolic links resolved (the loader may resolve them while removing "..").
    func resolved(_ path: String) -> String {
        URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    }

    func assertEqual(_ a: Mat3, _ b: Mat3, accuracy: Double = 1e-12, line: UInt = #line) {
        for row in 0..<3 {
            for column in 0..<3 {
                XCTAssertEqual(a[row, column], b[row, column], accuracy: accuracy, "(\(row), \(column))", line: line)
            }
        }
    }
}
