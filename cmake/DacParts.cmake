# The parts of dac (docs/architecture.md) as static libraries, each of which
# sees only the headers of the parts it links.
#
# Every part's public headers live in include/dac/<part>/. A target does not
# get include/ as a whole (which would show every part to everyone): each part
# gets its own root, build/parts/<part>/, holding one link dac/<part> →
# include/dac/<part>, and publishes that root to the targets that link it. So
# `#include "dac/store/store.hpp"` in the core is "No such file": an arrow the
# architecture forbids does not build (scripts/check-layers.sh proves it).
function(dac_part_headers target part)
  set(root ${PROJECT_BINARY_DIR}/parts/${part})
  file(MAKE_DIRECTORY ${root}/dac)
  if(NOT EXISTS ${root}/dac/${part})
    file(CREATE_LINK ${PROJECT_SOURCE_DIR}/include/dac/${part} ${root}/dac/${part} SYMBOLIC)
  endif()
  target_include_directories(${target} PUBLIC ${root})
endfunction()
