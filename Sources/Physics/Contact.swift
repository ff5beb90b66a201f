import Spatial

/// One contact point between two geoms, as the narrow phase reports it.
@frozen
public struct Contact: Sendable, Equatable {
    /// Point in world coordinates, midway between the two surfaces.
    public var position: Vec3
    /// Unit normal in world coordinates, pointing from geom `a` towards geom `b`.
    public var normal: Vec3
    /// Penetration depth (> 0 when the surfaces overlap, ≤ 0 for a gap within the margin).
    public var depth: Double
    public var a: Int32
    public var b: Int32

    @inlinable
    public init(position: Vec3, normal: Vec3, depth: Double, a: Int32, b: Int32) {
        self.position = position
        self.normal = normal
        self.depth = depth
        self.a = a
        self.b = b
    }
}

/// Fixed-capacity storage for the contacts of one step, allocated once so that the 1 kHz step
/// never touches the heap. Contacts beyond the capacity are dropped and counted.
public final class ContactBuffer {
    public let capacity: Int
    public private(set) var count = 0
    /// Contacts that did not fit this step (a scene that needs more should raise the capacity).
    public private(set) var dropped = 0
    private let storage: UnsafeMutablePointer<Contact>

    public init(capacity: Int) {
        precondition(capacity > 0)
        self.capacity = capacity
        storage = .allocate(capacity: capacity)
    }

    deinit { storage.deallocate() }

    @inline(__always)
    public func removeAll() {
        count = 0
        dropped = 0
    }

    @inline(__always)
    public func append(_ contact: Contact) {
        if count < capacity {
            storage[count] = contact
            count += 1
        } else {
            dropped += 1
        }
    }

    @inline(__always)
    public subscript(index: Int) -> Contact {
        get { storage[index] }
        set { storage[index] = newValue }
    }

    public var contacts: UnsafeBufferPointer<Contact> { UnsafeBufferPointer(start: storage, count: count) }
}
