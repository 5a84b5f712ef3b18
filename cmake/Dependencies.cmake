# Every dependency is a Debian package (see cmake/install-deps.sh); imported targets only.
find_package(Boost 1.74 REQUIRED COMPONENTS program_options)
find_package(Eigen3 3.3 REQUIRED NO_MODULE)
find_package(HDF5 REQUIRED COMPONENTS C)
find_package(TBB REQUIRED)
find_package(tomlplusplus 3 REQUIRED)

# Random123 is header-only and ships no CMake package: find its header and wrap it in a target.
find_path(RANDOM123_INCLUDE_DIR Random123/philox.h REQUIRED)
add_library(Random123::Random123 INTERFACE IMPORTED)
set_target_properties(Random123::Random123 PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${RANDOM123_INCLUDE_DIR}")

include(${CMAKE_CURRENT_LIST_DIR}/Hdf5Target.cmake)
