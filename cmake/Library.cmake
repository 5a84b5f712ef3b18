# rehabsim_library(TARGET NAME SOURCES...): a static library rehabsim_NAME with the ALIAS
# rehabsim::NAME (also its exported name); sources include "sim/...", "models/..." and "app/..."
# from the repository root, and the installed headers sit under include/rehabsim.
function(rehabsim_library name)
  add_library(rehabsim_${name} ${ARGN})
  add_library(rehabsim::${name} ALIAS rehabsim_${name})
  set_target_properties(rehabsim_${name} PROPERTIES EXPORT_NAME ${name})
  target_include_directories(rehabsim_${name} PUBLIC $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}>
                                                     $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}/rehabsim>)
  target_compile_features(rehabsim_${name} PUBLIC cxx_std_20)
endfunction()
