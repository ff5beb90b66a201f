import Spatial

/// Stage 2 of a step: bounding boxes, broad phase, narrow phase. Contacts land in `data.contacts`
/// in a deterministic order (broad-phase pair order, then the narrow phase's order).
func detectContacts(_ data: WorldData) {
    let model = data.model
    let margin = model.contact.margin
    data.contacts.removeAll()
    model.geoms.withUnsafeBufferPointer { geoms in
        for g in 0..<geoms.count {
            data.aabbs[g] = boundingBox(geoms[g].shape, data.geomPoses[g], margin: margin)
        }
        let count = data.broadphase.findPairs(UnsafeBufferPointer(data.aabbs)) { i, j in
            shouldCollide(geoms[i], geoms[j])
        }
        let pairs = data.broadphase.pairs
        for p in 0..<count {
            let i = Int(pairs[p].a), j = Int(pairs[p].b)
            _ = collide(geoms[i].shape, data.geomPoses[i], geoms[j].shape, data.geomPoses[j],
                        ids: (Int32(i), Int32(j)), margin: margin, into: data.contacts)
        }
    }
}

/// Which geom pairs can touch: never two static geoms or two geoms of one free body; robot parts
/// do not collide with each other (self-collision is the supervisor's job at the command level),
/// nor the fixed robot base with static geometry it stands on.
@inline(__always)
func shouldCollide(_ a: Geom, _ b: Geom) -> Bool {
    switch (a.owner, b.owner) {
    case (.world, .world): return false
    case (.body(let i), .body(let j)): return i != j
    case (.robot, .robot): return false
    case (.robot(0), .world), (.world, .robot(0)): return false
    default: return true
    }
}
