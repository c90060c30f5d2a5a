/* Deep and long input through the C ABI on a host-sized thread stack
 * (issue 11): a 100,000-deep org chain evaluates to the right value, and a
 * 100,000-org parent cycle is refused with one clear error, both on a
 * thread with a 256 KiB stack. Before the fix the chain's consolidation
 * recursed once per org level and a depth of 1,000 killed such a thread
 * with SIGSEGV (which no status code can report).
 * Usage: deep [N]   (default 100000) */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>

#include "check.h"

#define STACK_KIB 256

/* A growing text buffer. */
struct buf {
  char *p;
  size_t len, cap;
};

static void put(struct buf *b, const char *s) {
  size_t n = strlen(s);
  if (b->len + n + 1 > b->cap) {
    b->cap = (b->len + n + 1) * 2;
    b->p = realloc(b->p, b->cap);
    if (b->p == NULL) {
      perror("realloc");
      exit(2);
    }
  }
  memcpy(b->p + b->len, s, n + 1);
  b->len += n;
}

/* The chain of issue 11: council kf, board o0, units o1..o(n-1) each the
 * parent of the next; one sum indicator owned by kf with a 2025 target of
 * 10 and one measurement (7) at the deepest unit; a council goal on it, so
 * the sum is consolidated up the whole chain: 7 at kf, not fulfilled. */
static char *chain(long n, size_t *len) {
  struct buf b = {0};
  char line[160];
  put(&b, "{\"format\": \"styrkort/1\", \"organisation\": ["
          "{\"id\": \"kf\", \"name\": \"KF\", \"kind\": \"council\"},"
          "{\"id\": \"o0\", \"name\": \"o0\", \"kind\": \"board\", \"parent\": \"kf\"}");
  for (long i = 1; i < n; i++) {
    snprintf(line, sizeof line,
             ",{\"id\": \"o%ld\", \"name\": \"o%ld\", \"kind\": \"unit\", \"parent\": \"o%ld\"}",
             i, i, i - 1);
    put(&b, line);
  }
  put(&b, "], \"indicators\": [{\"id\": \"ind\", \"name\": \"Summa\", \"owner\": \"kf\","
          " \"consolidation\": \"sum\", \"targets\": [{\"period\": \"2025\", \"value\": \"10\"}],"
          " \"measurements\": [{\"period\": \"2025\", \"value\": \"7\", \"org\": \"o");
  snprintf(line, sizeof line, "%ld", n - 1);
  put(&b, line);
  put(&b, "\"}]}], \"goals\": [{\"id\": \"kf-1\", \"title\": \"Summan\", \"level\": \"council\","
          " \"perspective\": \"economy\", \"owner\": \"kf\","
          " \"indicators\": [{\"indicator\": \"ind\"}]}]}");
  *len = b.len;
  return b.p;
}

/* Units o0 -> o1 -> ... -> o(n-1) -> o0: one parent cycle of n orgs. */
static char *cycle(long n, size_t *len) {
  struct buf b = {0};
  char line[160];
  put(&b, "{\"format\": \"styrkort/1\", \"organisation\": [");
  for (long i = 0; i < n; i++) {
    snprintf(line, sizeof line,
             "%s{\"id\": \"o%ld\", \"name\": \"o%ld\", \"kind\": \"unit\", \"parent\": \"o%ld\"}",
             i ? "," : "", i, i, (i + 1) % n);
    put(&b, line);
  }
  put(&b, "]}");
  *len = b.len;
  return b.p;
}

struct job {
  long n;
  int failures;
};

static void *work(void *arg) {
  struct job *job = arg;
  int before = check_failures;
  size_t len = 0;

  /* The chain: a result. */
  char *json = chain(job->n, &len);
  styrkort_model *m = NULL;
  styrkort_evaluation *e = NULL;
  styrkort_error *err = NULL;
  CHECK_STATUS(styrkort_model_from_json(json, len, &m, &err), STYRKORT_OK, err);
  free(json);
  if (m != NULL) {
    CHECK_STATUS(styrkort_model_evaluate(m, "2025", 4, &e, &err), STYRKORT_OK, err);
  }
  if (e != NULL) {
    char *value = NULL;
    size_t value_len = 0;
    CHECK_STATUS(styrkort_evaluation_indicator_value(e, "ind", 3, "kf", 2, &value, &value_len,
                                                     &err),
                 STYRKORT_OK, err);
    CHECK_STR(value, "7");
    styrkort_string_free(value);
    enum styrkort_fulfilment status = STYRKORT_FULFILMENT_FULFILLED;
    CHECK_STATUS(styrkort_evaluation_goal_status(e, "kf-1", 4, &status, &err), STYRKORT_OK, err);
    CHECK(status == STYRKORT_FULFILMENT_NOT_FULFILLED);
    char *out = NULL;
    size_t out_len = 0;
    CHECK_STATUS(styrkort_evaluation_to_json(e, &out, &out_len, &err), STYRKORT_OK, err);
    CHECK_CONTAINS(out, "\"consolidated\": true");
    styrkort_string_free(out);
  }
  styrkort_evaluation_free(e);
  styrkort_model_free(m);

  /* The cycle: one clear error, no crash. */
  json = cycle(job->n, &len);
  m = NULL;
  e = NULL;
  CHECK_STATUS(styrkort_model_from_json(json, len, &m, &err), STYRKORT_OK, err);
  free(json);
  if (m != NULL) {
    styrkort_status s = styrkort_model_evaluate(m, "2025", 4, &e, &err);
    CHECK(s == STYRKORT_INVALID_MODEL);
    CHECK(e == NULL);
    CHECK(err != NULL);
    if (err != NULL) {
      CHECK_CONTAINS(styrkort_error_message(err), "org_cycle");
      styrkort_error_free(err);
      err = NULL;
    }
  }
  styrkort_model_free(m);
  job->failures = check_failures - before;
  return NULL;
}

int main(int argc, char **argv) {
  struct job job = {argc > 1 ? atol(argv[1]) : 100000, 0};
  if (job.n < 2) {
    fprintf(stderr, "usage: deep [N >= 2]\n");
    return 2;
  }
  pthread_attr_t attr;
  pthread_t thread;
  if (pthread_attr_init(&attr) != 0 ||
      pthread_attr_setstacksize(&attr, (size_t)STACK_KIB * 1024) != 0 ||
      pthread_create(&thread, &attr, work, &job) != 0) {
    perror("pthread");
    return 2;
  }
  pthread_join(thread, NULL);
  pthread_attr_destroy(&attr);
  if (job.failures != 0 || check_failures != 0) {
    fprintf(stderr, "deep: %d check(s) failed\n", check_failures);
    return 1;
  }
  printf("deep: ok (chain and cycle of %ld orgs on a %d KiB stack)\n", job.n, STACK_KIB);
  return 0;
}
