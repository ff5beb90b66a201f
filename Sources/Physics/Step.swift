/// Advances the world by one timestep. The pipeline, one file per stage as in MuJoCo's engine:
/// 1. `Kinematics`: robot forward kinematics and geom poses;
/// 2. `CollisionDetection`: broad and narrow phase → contacts;
/// 3. `SmoothDynamics`: actuators, bias forces, mass matrix → unconstrained velocities;
/// 4. `Constraints`: contact, limit and joint-friction rows;
/// 5. `ContactSolver`: projected Gauss–Seidel for the impulses;
/// 6. `Integrate`: semi-implicit Euler;
/// 7. `Divergence`: stop on non-finite or exploding states.
/// Deterministic (same model and state → same result) and allocation-free.
public func step(_ data: WorldData) throws(SimulationError) {
    updateGeomPoses(data)
    detectContacts(data)
    smoothDynamics(data)
    assembleConstraints(data)
    solveConstraints(data)
    integratePositions(data)
    data.steps += 1
    try checkDivergence(data)
}
