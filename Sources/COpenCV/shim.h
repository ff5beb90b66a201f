// OpenCV is C++; this system-library target carries its pkg-config flags to NativeKit.
