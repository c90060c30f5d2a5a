/* One model and one evaluation read from several threads at once: every
 * thread must get the same bytes as the main thread. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>

#include "check.h"

#define THREADS 4
#define ROUNDS 5

static const styrkort_model *model;
static const styrkort_evaluation *evaluation;
static const char *reference;

static void *work(void *arg) {
  (void)arg;
  long bad = 0;
  for (int i = 0; i < ROUNDS; i++) {
    char *out = NULL;
    size_t len = 0;
    if (styrkort_model_evaluate_json(model, "2025", 4, &out, &len, NULL) != STYRKORT_OK ||
        strcmp(out, reference) != 0) {
      bad++;
    }
    styrkort_string_free(out);
    styrkort_fulfilment st;
    if (styrkort_evaluation_goal_status(evaluation, "kf-1", 4, &st, NULL) != STYRKORT_OK ||
        st != STYRKORT_FULFILMENT_PARTLY_FULFILLED) {
      bad++;
    }
  }
  return (void *)bad;
}

int main(int argc, char **argv) {
  if (argc != 2) return 2;
  size_t len = 0;
  char *json = read_file(argv[1], &len);
  styrkort_model *m = NULL;
  styrkort_evaluation *e = NULL;
  char *ref = NULL;
  styrkort_error *err = NULL;
  CHECK_STATUS(styrkort_model_from_json(json, len, &m, &err), STYRKORT_OK, err);
  CHECK_STATUS(styrkort_model_evaluate(m, "2025", 4, &e, &err), STYRKORT_OK, err);
  CHECK_STATUS(styrkort_evaluation_to_json(e, &ref, NULL, &err), STYRKORT_OK, err);
  free(json);
  if (ref == NULL) return check_done("threads");
  model = m;
  evaluation = e;
  reference = ref;
  pthread_t t[THREADS];
  for (int i = 0; i < THREADS; i++) CHECK(pthread_create(&t[i], NULL, work, NULL) == 0);
  for (int i = 0; i < THREADS; i++) {
    void *bad = NULL;
    CHECK(pthread_join(t[i], &bad) == 0);
    CHECK(bad == NULL);
  }
  styrkort_string_free(ref);
  styrkort_evaluation_free(e);
  styrkort_model_free(m);
  return check_done("threads");
}
