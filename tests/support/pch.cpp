// The one source of each precompiled-header target in tests/CMakeLists.txt: the headers are the
// product, this file only gives the compiler something to build them for.
