/* Small helpers shared by the C test programs of styrkort. */
#ifndef STYRKORT_TEST_CHECK_H
#define STYRKORT_TEST_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "styrkort.h"

static int check_failures = 0;

#define CHECK(cond)                                                        \
  do {                                                                     \
    if (!(cond)) {                                                         \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__,    \
              #cond);                                                      \
      check_failures++;                                                    \
    }                                                                      \
  } while (0)

/* Checks that a call returned `want`; on an unexpected failure prints the
 * error message. Does not free `err`. */
#define CHECK_STATUS(got, want, err)                                       \
  do {                                                                     \
    styrkort_status got_ = (got);                                          \
    if (got_ != (want)) {                                                  \
      fprintf(stderr, "%s:%d: status %d, want %d (%s): %s\n", __FILE__,    \
              __LINE__, (int)got_, (int)(want), #want,                     \
              styrkort_error_message(err));                                \
      check_failures++;                                                    \
    }                                                                      \
  } while (0)

#define CHECK_STR(got, want)                                               \
  do {                                                                     \
    const char *g_ = (got);                                                \
    const char *w_ = (want);                                               \
    if (g_ == NULL || strcmp(g_, w_) != 0) {                               \
      fprintf(stderr, "%s:%d: got \"%s\", want \"%s\"\n", __FILE__,        \
              __LINE__, g_ ? g_ : "(NULL)", w_);                           \
      check_failures++;                                                    \
    }                                                                      \
  } while (0)

/* Checks that `hay` (a NUL-terminated string, or NULL) contains `needle`. */
#define CHECK_CONTAINS(hay, needle)                                        \
  do {                                                                     \
    const char *h_ = (hay);                                                \
    const char *n_ = (needle);                                             \
    if (h_ == NULL || strstr(h_, n_) == NULL) {                            \
      fprintf(stderr, "%s:%d: \"%s\" not found in:\n%s\n", __FILE__,       \
              __LINE__, n_, h_ ? h_ : "(NULL)");                           \
      check_failures++;                                                    \
    }                                                                      \
  } while (0)

/* Checks that two texts are byte-identical (lengths given; either may be
 * NULL); on a difference prints where. Returns 1 when they are. */
static inline int check_same(const char *what, const char *got, size_t got_len,
                             const char *want, size_t want_len) {
  if (got != NULL && want != NULL && got_len == want_len &&
      memcmp(got, want, got_len) == 0) {
    return 1;
  }
  size_t i = 0, line = 1;
  while (got && want && i < got_len && i < want_len && got[i] == want[i]) {
    if (got[i] == '\n') line++;
    i++;
  }
  fprintf(stderr, "%s differs at byte %zu (line %zu; got %zu bytes, want %zu)\n", what, i, line,
          got_len, want_len);
  if (got && want) {
    size_t from = i > 60 ? i - 60 : 0;
    fprintf(stderr, "  got:  ...%.*s...\n", (int)(got_len - from < 160 ? got_len - from : 160),
            got + from);
    fprintf(stderr, "  want: ...%.*s...\n", (int)(want_len - from < 160 ? want_len - from : 160),
            want + from);
  }
  check_failures++;
  return 0;
}

/* Reads a whole file; returns NULL if it cannot. The caller frees. */
static inline char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) return NULL;
  size_t cap = 4096, n = 0;
  char *buf = malloc(cap + 1);
  if (buf == NULL) {
    fclose(f);
    return NULL;
  }
  size_t got;
  while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
    n += got;
    if (n == cap) {
      cap *= 2;
      char *bigger = realloc(buf, cap + 1);
      if (bigger == NULL) {
        free(buf);
        fclose(f);
        return NULL;
      }
      buf = bigger;
    }
  }
  fclose(f);
  buf[n] = '\0';
  if (len != NULL) *len = n;
  return buf;
}

/* Removes trailing spaces, tabs, CR and LF in place. */
static inline size_t trim_end(char *s, size_t n) {
  while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' ' ||
                   s[n - 1] == '\t')) {
    s[--n] = '\0';
  }
  return n;
}

static inline int check_done(const char *name) {
  if (check_failures) {
    fprintf(stderr, "%s: %d check(s) failed\n", name, check_failures);
    return 1;
  }
  printf("%s: ok\n", name);
  return 0;
}

#endif
