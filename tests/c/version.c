/* The version macros of the header and styrkort_version() agree:
 * STYRKORT_VERSION is "MAJOR.MINOR.PATCH" of the three number macros, the
 * numbers work in #if, and the library reports the same string, so a
 * program can check at run time that it loaded the library its header
 * came from. */
#include <stdio.h>

#include "check.h"

#if !defined(STYRKORT_VERSION_MAJOR) || !defined(STYRKORT_VERSION_MINOR) || \
    !defined(STYRKORT_VERSION_PATCH)
#error "the header lacks a version number macro"
#endif
#if STYRKORT_VERSION_MAJOR < 0 || STYRKORT_VERSION_MINOR < 0 || STYRKORT_VERSION_PATCH < 0
#error "version numbers are not non-negative integers usable in #if"
#endif

int main(void) {
  char built[64];
  snprintf(built, sizeof built, "%d.%d.%d", STYRKORT_VERSION_MAJOR, STYRKORT_VERSION_MINOR,
           STYRKORT_VERSION_PATCH);
  CHECK_STR(STYRKORT_VERSION, built);
  CHECK_STR(styrkort_version(), STYRKORT_VERSION);
  CHECK_STR(styrkort_version(), built);
  /* Static: the same pointer every time, never freed. */
  CHECK(styrkort_version() == styrkort_version());
  return check_done("version");
}
