/// One machine-checkable claim about a joint's filter, as an SMT-LIB 2 script whose `check-sat`
/// answers `unsat` exactly when the claim holds (the script asserts the claim's negation).
public struct ProofObligation: Sendable {
    /// Short identifier, e.g. "invariance".
    public var name: String
    /// The claim in words, for the report.
    public var statement: String
    public var smt: String
}

/// Generates the proof obligations of ``filterJoint`` and ``stopJoint`` for one joint's numbers.
///
/// The scripts restate the Swift filter term by term in real arithmetic (`filterDefinitions`),
/// with the joint's constants as exact rationals (every double is one). Floating point enters as
/// bounded perturbations: each braking speed and each next position may be off by up to
/// ``JointEnvelope/roundingBound`` in either direction (rounding is monotone, so a step that does not
/// move forward cannot move forward after rounding either); min, max and the final clamps are exact
/// in IEEE arithmetic and are modelled exactly. The envelope's ``JointEnvelope/roundingMargin``
/// must absorb the perturbations; the obligations check that it does, for these numbers.
///
/// Z3 runs its `smt` tactic first (about 2 s per obligation here) and falls back to the complete
/// nonlinear procedure `qfnra-nlsat` only if that gives up; the default strategy spends ~15 s.
public enum ProofObligations {
    /// Acceleration and jerk results are compared with this slack (m/s² or rad/s², and per s):
    /// a perturbed braking speed changes the acceleration by roundingBound/dt ≈ 1e-9.
    public static let accelerationSlack = 1e-6
    public static let jerkSlack = 1e-6

    public static func obligations(for e: JointEnvelope, period dt: Double) -> [ProofObligation] {
        let header = constants(e, period: dt) + stateDeclarations
        return [
            ProofObligation(
                name: "invariance",
                statement: "from every state in the safe set (limits, speed, able to stop at b), for every command, the filtered next state is in the safe set and never past a limit",
                smt: header + filterDefinitions(e.terms) + """
                (assert (not (and (safe q2 v2) (<= L qraw U) (<= (absr a2) (+ A ta)))))
                (check-sat-using (or-else smt qfnra-nlsat))
                (get-model)

                """),
            ProofObligation(
                name: "stop",
                statement: "the stop controller keeps every safe state safe, never past a limit, slowing by b·dt per tick: at rest within |v|/b + one period",
                smt: header + stopDefinitions + """
                (assert (not (and (safe sq sv) (<= L sqraw U)
                                  (<= (absr sv) (maxr 0.0 (- (absr v) (* b dt))))
                                  (<= (absr (- sv v)) (* b dt)))))
                (check-sat-using (or-else smt qfnra-nlsat))
                (get-model)

                """),
            ProofObligation(
                name: "bounds",
                statement: "filtered commands respect |v| ≤ V and |a| ≤ A always, and |jerk| ≤ J whenever the jerk box applies (it fits inside the speed box and no Cartesian zone is slowing the tool) and the envelope binds neither on this tick nor the one before",
                smt: header + filterDefinitions(e.terms) + """
                (assert (not (and (<= (absr v2) V) (<= (absr a2) (+ A ta))
                                  (=> (and compatible (= v2 v1)) (<= (absr (- a2 a)) (+ (* J dt) (* tj dt)))))))
                (check-sat-using (or-else smt qfnra-nlsat))
                (get-model)

                """),
        ]
    }

    /// The joint's numbers, as exact rationals.
    static func constants(_ e: JointEnvelope, period dt: Double) -> String {
        let values: [(String, Double)] = [
            ("dt", dt), ("L", e.lower), ("U", e.upper), ("V", e.velocity), ("A", e.acceleration), ("J", e.jerk),
            ("b", e.braking), ("m", JointEnvelope.roundingMargin), ("eps", JointEnvelope.roundingBound),
            ("ta", accelerationSlack), ("tj", jerkSlack),
        ]
        var text = "(set-option :produce-models true)\n(set-logic QF_NRA)\n"
        for (name, value) in values { text += "(define-fun \(name) () Real \(exactRational(value)))\n" }
        return text + """
        (define-fun absr ((x Real)) Real (ite (>= x 0.0) x (- x)))
        (define-fun maxr ((x Real) (y Real)) Real (ite (>= x y) x y))
        (define-fun minr ((x Real) (y Real)) Real (ite (<= x y) x y))
        (define-fun safe ((p Real) (w Real)) Bool
          (and (<= L p U) (<= (- V) w V)
               (=> (> w 0.0) (<= (+ p (/ (* w w) (* 2.0 b))) U))
               (=> (< w 0.0) (>= (- p (/ (* w w) (* 2.0 b))) L))))

        """
    }

    /// Any state in the safe set with any previous acceleration within bounds, and any command.
    static let stateDeclarations = """
    (declare-const q Real)
    (declare-const v Real)
    (declare-const a Real)
    (declare-const desired Real)
    (assert (safe q v))
    (assert (<= (absr a) (+ A ta)))

    """

    /// ``filterJoint``, term by term.
    static func filterDefinitions(_ terms: BrakingTerms) -> String {
        """
        ; velocity and acceleration box, then the jerk box where compatible
        (define-fun low0 () Real (maxr (- V) (- v (* A dt))))
        (define-fun high0 () Real (minr V (+ v (* A dt))))
        (define-fun jerkLow () Real (+ v (* (- a (* J dt)) dt)))
        (define-fun jerkHigh () Real (+ v (* (+ a (* J dt)) dt)))
        (declare-const jerkLimited Bool)
        (define-fun compatible () Bool (and jerkLimited (<= (maxr low0 jerkLow) (minr high0 jerkHigh))))
        (define-fun low () Real (ite compatible (maxr low0 jerkLow) low0))
        (define-fun high () Real (ite compatible (minr high0 jerkHigh) high0))
        (define-fun v1 () Real (minr (maxr desired low) high))
        ; braking envelope: speed toward each limit that still stops short of it, plus rounding
        (define-fun upRoom () Real (- (- U m) q))
        (define-fun downRoom () Real (- q (+ L m)))
        \(brakingSpeed("up", room: "upRoom", terms: terms))
        \(brakingSpeed("down", room: "downRoom", terms: terms))
        (define-fun v2 () Real (minr (maxr v1 (- downSpeed)) upSpeed))
        ; next position: rounded (monotone), then clamped exactly
        (declare-const qraw Real)
        (assert (<= (absr (- qraw (+ q (* v2 dt)))) eps))
        (assert (=> (<= v2 0.0) (<= qraw q)))
        (assert (=> (>= v2 0.0) (>= qraw q)))
        (define-fun q2 () Real (minr (maxr qraw L) U))
        (define-fun a2 () Real (/ (- v2 v) dt))

        """
    }

    /// `brakingSpeed(distance:braking:period:terms:)`: a square root as a witness `s ≥ 0, s² = x`.
    static func brakingSpeed(_ side: String, room: String, terms: BrakingTerms) -> String {
        let radicand = terms.contains(.reactionTravel) ? "(+ (* dt dt) (/ (* 2.0 \(room)) b))" : "(* 2.0 \(room) b)"
        let exact = terms.contains(.reactionTravel) ? "(* b (- \(side)Root dt))" : "\(side)Root"
        return """
        (declare-const \(side)Root Real)
        (declare-const \(side)Error Real)
        (assert (=> (> \(room) 0.0) (and (>= \(side)Root 0.0) (= (* \(side)Root \(side)Root) \(radicand)))))
        (assert (<= (absr \(side)Error) eps))
        (define-fun \(side)Speed () Real (ite (> \(room) 0.0) (+ \(exact) \(side)Error) 0.0))
        """
    }

    /// ``stopJoint``, term by term.
    static let stopDefinitions = """
    (define-fun sv () Real (ite (> v 0.0) (maxr (- v (* b dt)) 0.0) (minr (+ v (* b dt)) 0.0)))
    (declare-const sqraw Real)
    (assert (<= (absr (- sqraw (+ q (* sv dt)))) eps))
    (assert (=> (<= sv 0.0) (<= sqraw q)))
    (assert (=> (>= sv 0.0) (>= sqraw q)))
    (define-fun sq () Real (minr (maxr sqraw L) U))

    """
}

/// A double as the exact SMT-LIB rational it is: `(/ M 2^k)` with integers written out.
func exactRational(_ x: Double) -> String {
    precondition(x.isFinite, "SMT constants must be finite")
    if x == 0 { return "0.0" }
    var mantissa = abs(x)
    var shift = 0
    while mantissa != mantissa.rounded(.towardZero) {
        mantissa *= 2
        shift += 1
    }
    var integer = decimalDigits(of: mantissa)
    if shift == 0 { integer += ".0" } else { integer = "(/ \(integer).0 \(powerOfTwo(shift)).0)" }
    return x < 0 ? "(- \(integer))" : integer
}

/// Decimal digits of a non-negative integral double (exact, any size): its binary digits fed
/// through ``doubling(_:plus:)``.
private func decimalDigits(of integral: Double) -> String {
    var value = integral
    var bits: [Bool] = []
    while value >= 1 {
        let half = (value / 2).rounded(.towardZero)
        bits.append(value - 2 * half == 1)
        value = half
    }
    var digits: [UInt8] = [0]
    for bit in bits.reversed() { doubling(&digits, plus: bit ? 1 : 0) }
    return String(digits.reversed().map { Character(String($0)) })
}

private func powerOfTwo(_ k: Int) -> String {
    var digits: [UInt8] = [1]
    for _ in 0..<k { doubling(&digits, plus: 0) }
    return String(digits.reversed().map { Character(String($0)) })
}

/// `digits` (little-endian base 10) ← 2·digits + carry.
private func doubling(_ digits: inout [UInt8], plus carry: UInt8) {
    var carry = carry
    for i in digits.indices {
        let d = digits[i] * 2 + carry
        digits[i] = d % 10
        carry = d / 10
    }
    if carry > 0 { digits.append(carry) }
}
