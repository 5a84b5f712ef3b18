# Installation as a CMake package: `cmake --install build --prefix P`, then in a consumer
# `find_package(rehabsim)` with CMAKE_PREFIX_PATH=P and link rehabsim::models (and rehabsim::kernel).
# Headers go under include/rehabsim/, so the sources' "sim/..." and "models/..." includes work as
# installed.
include(CMakePackageConfigHelpers)
set(REHABSIM_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/rehabsim)

install(TARGETS rehabsim_kernel rehabsim_models rehabsim_app EXPORT rehabsimTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/rehabsim)
install(TARGETS rehabsim RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
foreach(dir sim models app)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/${dir}/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/rehabsim/${dir}
          FILES_MATCHING PATTERN "*.hpp" PATTERN "toml_source.hpp" EXCLUDE)
endforeach()

install(EXPORT rehabsimTargets NAMESPACE rehabsim:: DESTINATION ${REHABSIM_CMAKE_DIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/rehabsimConfig.cmake.in ${PROJECT_BINARY_DIR}/rehabsimConfig.cmake
                              INSTALL_DESTINATION ${REHABSIM_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/rehabsimConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/rehabsimConfig.cmake ${PROJECT_BINARY_DIR}/rehabsimConfigVersion.cmake
              ${PROJECT_SOURCE_DIR}/cmake/Hdf5Target.cmake
        DESTINATION ${REHABSIM_CMAKE_DIR})
