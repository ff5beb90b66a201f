// Eigen is header-only C++; this system-library target only carries its pkg-config include path to NativeKit.
